"""Links from the rendered DOM, sorted into pages, documents and other schemes.

The crawler follows ``pages``; ``documents`` (PDF, Office files…) are recorded
because federal audits count them, but never loaded as pages. Sorting and
normalising is the crawler's (``cxlint.crawl.urls``), so one rule decides what a
page is everywhere.

A document shown in an ``<iframe>`` is part of its parent page (axe checks it
there, in its frame), so frame sources are recorded under ``frames`` and never
followed: scanned again on its own, its findings would count twice. Links
*inside* a same-origin frame are the parent page's links and are followed, so
nothing reachable only through the frame is lost; a page that something links
to with ``<a href>`` is crawled as a page whether or not it is also framed.
Links inside cross-origin frames (video players, maps) belong to someone else's
site and are left out.
"""

from __future__ import annotations

import asyncio
import contextlib

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from cxlint.crawl.urls import InvalidURL, normalize_url, origin, partition_links

_COLLECT_JS = """() => {
  const links = [], frames = [];
  for (const el of document.querySelectorAll('a[href], area[href]')) links.push(el.href);
  for (const el of document.querySelectorAll('iframe[src], frame[src]')) frames.push(el.src);
  return {links, frames};
}"""

FRAME_TIMEOUT_S = 5.0
"""Cap on reading one child frame's links: a frame whose script is busy must not hold the page."""


def _same_origin(url: str, page_origin: str) -> bool:
    if url in ("about:srcdoc", "about:blank"):
        return True  # inherits the origin of the document that made it
    with contextlib.suppress(InvalidURL):
        return origin(normalize_url(url)) == page_origin
    return False


async def _frame_refs(frame: Frame) -> dict[str, list[str]]:
    """A child frame's references; a frame that detached or hangs simply has none.

    The frame gets a bounded wait for its load first: on a slow server the top page
    can be ready before its frames are, and the frame's links are only found here.
    """
    with contextlib.suppress(PlaywrightError, TimeoutError):
        await frame.wait_for_load_state("load", timeout=FRAME_TIMEOUT_S * 1000)
    with contextlib.suppress(PlaywrightError, TimeoutError):
        got = await asyncio.wait_for(frame.evaluate(_COLLECT_JS), FRAME_TIMEOUT_S)
        if isinstance(got, dict):
            return got
    return {"links": [], "frames": []}


async def extract_links(page: Page) -> dict[str, list[str]]:
    """Absolute link targets found in the page after its scripts ran, frames included.

    ``el.href`` is already resolved by the browser, ``<base href>`` included. No fallback
    to "no links" for the top frame: an error there must fail the page visibly, never
    silently cut the crawl short below it.
    """
    top = await page.evaluate(_COLLECT_JS)
    hrefs: list[str] = list(top["links"])
    frame_srcs: list[str] = list(top["frames"])
    try:
        page_origin = origin(normalize_url(page.url))
    except InvalidURL:
        page_origin = ""
    for frame in page.frames:
        if frame is page.main_frame or not _same_origin(frame.url, page_origin):
            continue
        refs = await _frame_refs(frame)
        hrefs += refs.get("links", [])
        frame_srcs += refs.get("frames", [])
    out = partition_links([h for h in hrefs if isinstance(h, str)], page.url)
    framed = partition_links([s for s in frame_srcs if isinstance(s, str)], page.url)
    # A framed PDF is still a document of the page; framed pages are recorded, not crawled.
    out["documents"] += [d for d in framed["documents"] if d not in out["documents"]]
    out["frames"] = framed["pages"]
    return out
