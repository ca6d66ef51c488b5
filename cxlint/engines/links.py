"""Links from the rendered DOM, sorted into pages, documents and other schemes.

The crawler follows ``pages``; ``documents`` (PDF, Office files…) are recorded
because federal audits count them, but never loaded as pages.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urldefrag, urlsplit

from playwright.async_api import Page

_DOCUMENT_EXTENSIONS_TEXT = """
.pdf .doc .docx .xls .xlsx .ppt .pptx .csv .zip .rtf .odt .ods .odp .txt .xml .json
.png .jpg .jpeg .gif .svg .webp .ico .mp3 .mp4 .wav .webm .mov .avi .epub
"""
DOCUMENT_EXTENSIONS = frozenset(_DOCUMENT_EXTENSIONS_TEXT.split())

_COLLECT_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('a[href], area[href]')) out.push(el.href);
  for (const el of document.querySelectorAll('iframe[src], frame[src]')) out.push(el.src);
  return out;
}"""


def classify(url: str) -> str:
    """``pages``, ``documents`` or ``other`` (mailto:, tel:, javascript:…)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "other"
    ext = PurePosixPath(parts.path).suffix.lower()
    return "documents" if ext in DOCUMENT_EXTENSIONS else "pages"


async def extract_links(page: Page) -> dict[str, list[str]]:
    """Absolute link targets found in the page after its scripts ran (top frame)."""
    # No fallback to "no links": an error here must fail the page visibly, never silently
    # cut the crawl short below it.
    hrefs: list[str] = await page.evaluate(_COLLECT_JS)
    out: dict[str, list[str]] = {"pages": [], "documents": [], "other": []}
    seen: set[str] = set()
    for href in hrefs:
        if not isinstance(href, str) or not href:
            continue
        target = urldefrag(href)[0] if href.startswith("http") else href
        if target in seen:
            continue
        seen.add(target)
        out[classify(target)].append(target)
    return out
