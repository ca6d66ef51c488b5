"""When two addresses are one page on a real server: ``/dir/`` and ``/dir/index.html``.

Many federal sites answer both spellings with the same document and no redirect,
so a crawl that meets both would scan the page twice and count its findings
twice. The spellings cannot be merged by URL alone: on a real server they may be
different resources (a CMS route at ``/`` and a stale static ``/index.html``).
So they are merged only on evidence: the second of the two to be scanned is
recorded as the same page as the first when the server sent byte-for-byte the
same document for both. A page that differs in any byte (a dated banner, a
CSRF token) stays two pages: a missed merge costs a duplicate, a wrong merge
would hide a page. cxlint's own local server redirects ``/dir/index.html`` to
``/dir/`` instead (``cxlint.serve``), so there the question never arises.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Response

__all__ = ["INDEX_NAMES", "document_digest", "index_twins"]

INDEX_NAMES = ("index.html", "index.htm")


def index_twins(url: str) -> list[str]:
    """The other spellings of a folder page: ``/d/`` ↔ ``/d/index.html``, ``/d/index.htm`` (query kept)."""
    parts = urlsplit(url)
    folder, _, last = parts.path.rpartition("/")
    if last in INDEX_NAMES:
        paths = [f"{folder}/"]
    elif last == "":
        paths = [f"{folder}/{name}" for name in INDEX_NAMES]
    else:
        return []
    return [urlunsplit((parts.scheme, parts.netloc, p, parts.query, "")) for p in paths]


async def document_digest(url: str, response: Response | None) -> str:
    """SHA-256 of the document the server sent for a folder page's spelling; "" for any other page."""
    if response is None or not index_twins(url):
        return ""
    try:
        body = await response.body()
    except PlaywrightError:
        return ""
    return hashlib.sha256(body).hexdigest()
