"""Links from the rendered DOM, sorted into pages, documents and other schemes.

The crawler follows ``pages``; ``documents`` (PDF, Office files…) are recorded
because federal audits count them, but never loaded as pages. Sorting and
normalising is the crawler's (``cxlint.crawl.urls``), so one rule decides what a
page is everywhere.
"""

from __future__ import annotations

from playwright.async_api import Page

from cxlint.crawl.urls import partition_links

_COLLECT_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('a[href], area[href]')) out.push(el.href);
  for (const el of document.querySelectorAll('iframe[src], frame[src]')) out.push(el.src);
  return out;
}"""


async def extract_links(page: Page) -> dict[str, list[str]]:
    """Absolute link targets found in the page after its scripts ran (top frame).

    ``el.href`` is already resolved by the browser, ``<base href>`` included. No fallback
    to "no links": an error here must fail the page visibly, never silently cut the
    crawl short below it.
    """
    hrefs: list[str] = await page.evaluate(_COLLECT_JS)
    return partition_links([h for h in hrefs if isinstance(h, str)], page.url)
