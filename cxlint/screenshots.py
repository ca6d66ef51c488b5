"""Element screenshots and page thumbnails, taken while the page is still loaded in the browser.

A selector tells a developer where a problem is; a picture of the element,
outlined, tells everyone else. Pictures can only be taken during the scan
(the page is gone afterwards), and they must not make a large crawl slow or
its report huge, so every limit here is hard: a few per rule per run, a time
budget per page, small JPEG crops, and elements without a box are skipped.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from collections import Counter
from dataclasses import dataclass, field

from playwright.async_api import CDPSession, ElementHandle, Page
from playwright.async_api import Error as PlaywrightError

from cxlint.model import Finding, Image, Outcome, PageResult, thumb_key

MARGIN_PX = 24
"""Context kept around the element, so the crop shows where it sits."""
MAX_CLIP = (960, 360)
"""Largest crop (CSS px): a huge element shows its top-left part, not the whole page."""
JPEG_QUALITY = 62
THUMB_SCALE = 0.25
"""A 1280 px wide viewport gives a 320 px wide thumbnail."""
OUTLINE = "3px solid #d83933"
ELEMENT_TIMEOUT_MS = 1000
CAPTURE_TIMEOUT_S = 5.0
"""Longest wait for one element's picture; the page's own budget (``ShotBudget.page_seconds``) caps them all."""
_WHOLE_PAGE = {"", "html", "body", ":root", "head", "title", "main"}


@dataclass
class ShotBudget:
    """Limits shared by every page of one run (one event loop, so a plain Counter is safe)."""

    per_rule: int = 5
    """Element screenshots per rule per run: the report shows this many per rule at most."""
    page_seconds: float = 2.5
    """Time one page may spend on screenshots, thumbnail included."""
    thumbnails: bool = True
    enabled: bool = True
    """False takes no screenshot at all (a bare page check, or a run that asked for none)."""
    taken: Counter[str] = field(default_factory=Counter)

    def claim(self, rule: str) -> bool:
        if self.taken[rule] >= self.per_rule:
            return False
        self.taken[rule] += 1
        return True

    def give_back(self, rule: str) -> None:
        self.taken[rule] -= 1


def _wanted(findings: list[Finding]) -> list[Finding]:
    """Findings whose element can be pictured: one per fingerprint, certain problems first."""
    seen: set[str] = set()
    out: list[Finding] = []
    ordered = sorted(findings, key=lambda f: (f.outcome is not Outcome.VIOLATION, -f.severity.rank))
    for f in ordered:
        sel = f.location.selector.strip()
        if sel.lower() in _WHOLE_PAGE or f.data.get("page_level") or not f.fingerprint or f.fingerprint in seen:
            continue
        seen.add(f.fingerprint)
        out.append(f)
    return out


async def _find(page: Page, f: Finding) -> ElementHandle | None:
    """The finding's element, through its chain of iframes, without waiting: it is there now or not at all."""
    frame = page.main_frame
    for selector in f.location.frames:
        host = await frame.query_selector(selector)
        child = await host.content_frame() if host else None
        if child is None:
            return None
        frame = child
    return await frame.query_selector(f.location.selector)


async def _thumbnail(page: Page, cdp: CDPSession) -> Image:
    size = page.viewport_size or {"width": 1280, "height": 900}
    await page.evaluate("() => window.scrollTo(0, 0)")
    shot = await cdp.send(
        "Page.captureScreenshot",
        {
            "format": "jpeg",
            "quality": 55,
            "optimizeForSpeed": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": THUMB_SCALE},
        },
    )
    return Image(mime="image/jpeg", data=base64.b64decode(shot["data"]), kind="thumbnail")


_MARK = """([x, y, w, h, outline]) => {
  // An overlay in the top document, not a change to the element: nothing of the page is altered,
  // and an element inside an iframe is outlined just the same.
  const o = document.createElement('div');
  o.setAttribute('data-cxlint-shot', '');
  for (const [k, v] of [['position', 'fixed'], ['left', x + 'px'], ['top', y + 'px'], ['width', w + 'px'],
      ['height', h + 'px'], ['outline', outline], ['outline-offset', '2px'], ['pointer-events', 'none'],
      ['z-index', '2147483647'], ['margin', '0'], ['padding', '0'], ['border', '0'], ['background', 'none']]) {
    o.style.setProperty(k, v, 'important');
  }
  (document.body || document.documentElement).appendChild(o);
  return [window.scrollX, window.scrollY];
}"""
_UNMARK = "() => { for (const o of document.querySelectorAll('[data-cxlint-shot]')) o.remove(); }"


async def _element(page: Page, cdp: CDPSession, f: Finding) -> Image | None:
    handle = await _find(page, f)
    if handle is None:
        return None
    try:
        with contextlib.suppress(PlaywrightError):
            await handle.scroll_into_view_if_needed(timeout=ELEMENT_TIMEOUT_MS)
        box = await handle.bounding_box()
        size = page.viewport_size or {"width": 1280, "height": 900}
        if not box or box["width"] < 1 or box["height"] < 1:
            return None
        x0 = max(0.0, box["x"] - MARGIN_PX)
        y0 = max(0.0, box["y"] - MARGIN_PX)
        x1 = min(float(size["width"]), box["x"] + box["width"] + MARGIN_PX, x0 + MAX_CLIP[0])
        y1 = min(float(size["height"]), box["y"] + box["height"] + MARGIN_PX, y0 + MAX_CLIP[1])
        if x1 - x0 < 2 or y1 - y0 < 2:
            return None  # entirely off screen (or hidden behind the viewport's edge)
        # The overlay goes in, and the scroll offset comes back, in one call.
        sx, sy = await page.evaluate(_MARK, [box["x"], box["y"], box["width"], box["height"], OUTLINE])
        try:
            # DevTools' own capture, not page.screenshot(): that one also hides the caret with a style
            # sheet put in and taken out of every frame, two restyles of the whole page per picture.
            # Its clip is in page coordinates, hence the scroll offset.
            shot = await asyncio.wait_for(
                cdp.send(
                    "Page.captureScreenshot",
                    {
                        "format": "jpeg",
                        "quality": JPEG_QUALITY,
                        "optimizeForSpeed": True,
                        "clip": {"x": x0 + sx, "y": y0 + sy, "width": x1 - x0, "height": y1 - y0, "scale": 1},
                    },
                ),
                CAPTURE_TIMEOUT_S,
            )
            data = base64.b64decode(shot["data"])
        finally:
            with contextlib.suppress(PlaywrightError):
                await page.evaluate(_UNMARK)
        return Image(mime="image/jpeg", data=data, kind="element")
    finally:
        with contextlib.suppress(PlaywrightError):
            await handle.dispose()


async def capture(page: Page, result: PageResult, budget: ShotBudget) -> dict[str, Image]:
    """Screenshots of the loaded page: its thumbnail and its findings' elements, by fingerprint.

    Call it after the engines ran and the findings have fingerprints, before the
    page closes. Never raises for a page problem: what could not be pictured is
    simply absent, and whatever was taken before the time budget ran out is kept.
    """
    shots: dict[str, Image] = {}

    async def take() -> None:
        # Claimed before any picture is taken, so whatever is not taken (a failure, the time budget
        # running out, a page gone) is given back for the next page.
        pending = [f for f in _wanted(result.findings) if budget.claim(f.rule)]
        cdp = None
        try:
            if not pending and not budget.thumbnails:
                return
            cdp = await page.context.new_cdp_session(page)
            if budget.thumbnails:
                with contextlib.suppress(PlaywrightError):
                    shots[thumb_key(result.url)] = await _thumbnail(page, cdp)
            while pending:
                f = pending[0]
                image = None
                with contextlib.suppress(PlaywrightError, TimeoutError):
                    image = await _element(page, cdp, f)
                pending.pop(0)
                if image is None:
                    budget.give_back(f.rule)
                else:
                    shots[f.fingerprint] = image
            with contextlib.suppress(PlaywrightError):
                await page.evaluate("() => window.scrollTo(0, 0)")
        finally:
            for f in pending:
                budget.give_back(f.rule)
            if cdp is not None:
                with contextlib.suppress(PlaywrightError):
                    await cdp.detach()

    with contextlib.suppress(TimeoutError, PlaywrightError):
        await asyncio.wait_for(take(), budget.page_seconds)
    with contextlib.suppress(PlaywrightError):
        await page.evaluate(_UNMARK)  # an overlay left by a screenshot the time budget cut short
    return shots
