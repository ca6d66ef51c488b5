"""Reads a loaded page's inline suppression markers for the findings stage.

The meaning of a marker lives in ``cxlint.findings.suppress``; this module only
asks each document of the page (the top one and every frame) which markers it
holds and which of them cover the elements the findings point at. A marker on an
``<iframe>`` covers the findings inside that frame, so each finding is looked up in
every document along its frame chain.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page

from cxlint.engines.axe import frame_chain
from cxlint.findings.suppress import PageMarkers
from cxlint.model import Finding

SCRIPT = (Path(__file__).parent / "js" / "suppressions.js").read_text(encoding="utf-8")
TIMEOUT_S = 10.0


async def collect_markers(page: Page, findings: list[Finding]) -> PageMarkers:
    """Markers of every document in the page; ``covers`` is aligned with ``findings``."""
    out = PageMarkers(covers=[[] for _ in findings])
    for index, frame in enumerate(list(page.frames)):
        if frame.is_detached():
            continue
        try:
            chain = await frame_chain(frame) if frame is not page.main_frame else []
        except PlaywrightError:
            continue
        depth = len(chain)
        asks: list[tuple[int, str]] = []
        for i, f in enumerate(findings):
            frames = f.location.frames
            if len(frames) >= depth and frames[:depth] == chain:
                asks.append((i, frames[depth] if len(frames) > depth else f.location.selector))
        try:
            data = await asyncio.wait_for(frame.evaluate(SCRIPT, {"selectors": [s for _, s in asks]}), TIMEOUT_S)
        except (PlaywrightError, TimeoutError):
            continue
        found = PageMarkers.from_dict(data if isinstance(data, dict) else {})
        prefix = f"f{index}." if index else ""
        for m in found.markers:
            out.markers.append(
                type(m)(id=prefix + m.id, kind=m.kind, tokens=m.tokens, selector=m.selector, frames=tuple(chain),
                        snippet=m.snippet)
            )
        for (i, _), ids in zip(asks, found.covers, strict=False):
            out.covers[i].extend(prefix + x for x in ids)
    return out
