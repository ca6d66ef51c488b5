"""The page's own resources that failed to load (CX008), watched while the page loads.

Which resources count: those the page's own site serves (same origin as the
page) and that shape what people get and what cxlint checks: stylesheets,
scripts, images, fonts, audio/video and the documents of frames. A missing
stylesheet changes contrast, reflow and focus styles; a missing script leaves
widgets dead; a missing frame leaves a hole. Every result for such a page
describes a page nobody meant to publish, so the failure is reported instead
of being silently absorbed.

Left out, on purpose:
- other origins (analytics, CDNs, embeds): the site does not serve them, and a
  scan from a closed network or a CI runner cannot reach most of them, so
  reporting them would be noise about the scan's network, not the site;
- ``fetch``/XHR, beacons, manifests and other requests: an application's API
  calls fail by design (a session probe answering 401), and they are not part
  of what is rendered;
- requests the page itself cancelled (``net::ERR_ABORTED``: lazy images,
  frames removed by script) and the page's own document (CX001–CX006 cover it).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page, Request, Response

from cxlint.crawl.urls import InvalidURL, normalize_url, origin
from cxlint.engines.axe import CSS_PATH_JS, frame_chain
from cxlint.model import Finding, Location, Outcome
from cxlint.registry import RULES_DIR, RuleSpec, load_registry

REASON = "resource"
"""The failure reason key; the scan rule that claims it (CX008) gives the finding its code, name and severity."""

OWN_RESOURCE_TYPES = frozenset({"stylesheet", "script", "image", "font", "media", "document"})
"""Playwright resource types that count (``document`` only for frames: the page's own is CX001–CX006)."""

IGNORED_ERRORS = ("net::ERR_ABORTED", "net::ERR_BLOCKED_BY_CLIENT")
"""Requests cancelled by the page or by cxlint itself, not failures of the site."""

MAX_FINDINGS = 20
"""One finding per failed resource up to this many; the rest are counted in one more finding."""
MAX_LISTED = 100
"""Addresses of the uncounted rest kept in that finding's data, so a hostile page cannot bloat the results."""
LOCATE_TIMEOUT_S = 5.0
"""Cap on finding the element that asked for a resource: a frame whose script is busy must not hold the page."""

KIND_WORDS = {
    "stylesheet": "stylesheet",
    "script": "script",
    "image": "image",
    "font": "font",
    "media": "audio or video file",
    "document": "framed document",
}

_LOCATE_JS = (
    "([url]) => {\n  const path = (\n" + CSS_PATH_JS + "\n  );\n"
    + """  const sel = 'link[href], script[src], img, picture source, video, audio, source, track, iframe, frame,'
    + ' input[type=image], object[data], embed[src]';
  const inSrcset = (el) => (el.getAttribute('srcset') || '').split(',').some((c) => {
    try { return new URL(c.trim().split(/\\s+/)[0], document.baseURI).href === url; } catch (e) { return false; }
  });
  for (const el of document.querySelectorAll(sel)) {
    const refs = [el.href, el.src, el.currentSrc, el.data, el.poster].filter((v) => typeof v === 'string');
    if (refs.includes(url) || inSrcset(el)) return {selector: path(el), snippet: el.outerHTML.slice(0, 300)};
  }
  return null;
}"""
)


@dataclass
class Failure:
    url: str
    resource_type: str
    reason: str
    """``HTTP 404`` or the network error (``net::ERR_CONNECTION_REFUSED``)."""
    frame: Frame | None
    """The frame that asked for it (a framed document: the frame it failed to fill)."""


class ResourceWatch:
    """Listens to a page's requests from before navigation; ``findings`` turns the failures into CX008."""

    def __init__(self, page: Page) -> None:
        self._page = page
        self.failures: dict[str, Failure] = {}
        page.on("response", self._on_response)
        page.on("requestfailed", self._on_failed)

    def stop(self) -> None:
        """Stop listening (the tab goes on to another page)."""
        self._page.remove_listener("response", self._on_response)
        self._page.remove_listener("requestfailed", self._on_failed)

    def _counts(self, request: Request) -> bool:
        if request.resource_type not in OWN_RESOURCE_TYPES:
            return False
        with contextlib.suppress(PlaywrightError):
            if request.resource_type == "document" and request.frame == self._page.main_frame:
                return False
        return True

    def _frame(self, request: Request) -> Frame | None:
        with contextlib.suppress(PlaywrightError):
            return request.frame
        return None

    def _on_response(self, response: Response) -> None:
        request = response.request
        if response.status >= 400 and self._counts(request):
            self._record(request, f"HTTP {response.status}")

    def _on_failed(self, request: Request) -> None:
        error = request.failure or "failed"
        if not any(error.startswith(e) for e in IGNORED_ERRORS) and self._counts(request):
            self._record(request, error)

    def _record(self, request: Request, reason: str) -> None:
        failure = Failure(request.url, request.resource_type, reason, self._frame(request))
        self.failures.setdefault(request.url, failure)

    def own_failures(self) -> list[Failure]:
        """Failures of resources served by the page's own origin (after redirects), in the order seen."""
        try:
            page_origin = origin(normalize_url(self._page.url))
        except InvalidURL:
            return []
        out = []
        for f in self.failures.values():
            with contextlib.suppress(InvalidURL):
                if origin(normalize_url(f.url)) == page_origin:
                    out.append(f)
        return out

    async def findings(self) -> list[Finding]:
        """One CX008 finding per failed own resource, at the element that asked for it where one does."""
        failed = self.own_failures()
        out = [await _finding(f) for f in failed[:MAX_FINDINGS]]
        if len(failed) > MAX_FINDINGS:
            rest = len(failed) - MAX_FINDINGS
            out.append(
                _make(
                    f"{rest} more of the page's own resources failed to load",
                    Location(selector="html", text=f"+{rest}"),
                    {"more": [f.url for f in failed[MAX_FINDINGS : MAX_FINDINGS + MAX_LISTED]]},
                )
            )
        return out


def watch_resources(page: Page) -> ResourceWatch:
    """Start watching ``page``; call before ``page.goto`` so nothing the page asks for is missed."""
    return ResourceWatch(page)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def _locate(f: Failure) -> Location:
    """Where the page asks for the resource: the element in its frame, else the frame's document."""
    frame = f.frame
    text = _path(f.url)
    if frame is None or frame.is_detached():
        return Location(selector="html", text=text)
    chain = await frame_chain(frame)
    if f.resource_type == "document" and chain:
        return Location(selector=chain[-1], frames=chain[:-1], text=text)
    found = None
    with contextlib.suppress(PlaywrightError, TimeoutError):
        found = await asyncio.wait_for(frame.evaluate(_LOCATE_JS, [f.url]), LOCATE_TIMEOUT_S)
    if isinstance(found, dict) and found.get("selector"):
        return Location(selector=str(found["selector"]), snippet=str(found.get("snippet", "")), frames=chain, text=text)
    # Asked for by a stylesheet or a script (a font, a background image, an @import): no element to point at.
    return Location(selector="html", frames=chain, text=text)


async def _finding(f: Failure) -> Finding:
    kind = KIND_WORDS.get(f.resource_type, f.resource_type)
    message = f"The page's own {kind} {_path(f.url)} failed to load ({f.reason})"
    data = {"url": f.url, "resource_type": f.resource_type, "reason": f.reason}
    return _make(message, await _locate(f), data)


@cache
def rule() -> RuleSpec:
    """The scan rule that reports failed resources, read from its rule file like every scan rule."""
    for found in load_registry([RULES_DIR / "scan"]).rules.values():
        if REASON in (found.spec.options.get("reasons") or []):
            return found.spec
    raise LookupError(f"no scan rule claims the reason {REASON!r}")


def _make(message: str, location: Location, data: dict[str, object]) -> Finding:
    spec = rule()
    return Finding(
        rule=spec.code,
        name=spec.name,
        severity=spec.severity,
        outcome=Outcome.VIOLATION,
        message=message,
        category="scan",
        location=location,
        suggestion=" ".join(spec.help.split()),
        engine="scanner",
        data=data,
    )
