"""Sitemaps: ``urlset``, ``sitemapindex`` (recursively), gzip, and plain-text lists.

Sitemaps are input from the site, so they are treated as hostile: lxml never
resolves entities or touches the network, gzip is recognised by its magic
bytes (servers mislabel it both ways) and inflated with a size cap, and the
number of files, URLs and levels is bounded. A broken sitemap is a recorded
error, never an exception: the rest of the crawl goes on.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from lxml import etree

from cxlint.crawl.fetch import DEFAULT_MAX_BYTES, Fetch

__all__ = ["SitemapError", "SitemapResult", "gunzip_if_needed", "parse_sitemap", "read_sitemaps"]

GZIP_MAGIC = b"\x1f\x8b"
MAX_FILES = 1000


class SitemapError(ValueError):
    """One sitemap file that could not be used; the message is one line."""


@dataclass
class SitemapResult:
    urls: list[str] = field(default_factory=list)
    """Page URLs in document order, deduplicated, as written in the sitemaps (not normalised)."""
    sitemaps: list[str] = field(default_factory=list)
    """Every sitemap file that was read successfully."""
    errors: list[tuple[str, str]] = field(default_factory=list)
    """``(sitemap URL, reason)`` for each file that failed."""
    truncated: bool = False
    """True when a cap (URLs, files, depth) stopped the reading early."""


def gunzip_if_needed(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Inflate gzip data (detected by magic bytes), refusing more than ``max_bytes`` of output."""
    if not data.startswith(GZIP_MAGIC):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise SitemapError(f"bad gzip data: {exc}") from None
    if len(out) > max_bytes:
        raise SitemapError(f"larger than {max_bytes} bytes uncompressed")
    return out


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]


def parse_sitemap(data: bytes) -> tuple[str, list[str]]:
    """``("urlset" | "sitemapindex" | "text", locations)`` of one (already inflated) sitemap file."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise SitemapError("empty sitemap")
    if not head.startswith(b"<"):
        text = head.decode("utf-8", errors="replace")
        urls = [ln.strip() for ln in text.splitlines() if ln.strip().startswith(("http://", "https://"))]
        if not urls:
            raise SitemapError("neither XML nor a list of URLs")
        return "text", urls
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(head, parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"malformed XML: {exc}") from None
    if root is None:
        raise SitemapError("malformed XML: no root element")
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"not a sitemap (root element <{kind}>)")
    child = "url" if kind == "urlset" else "sitemap"
    locs: list[str] = []
    for item in root:
        if _local(item.tag) != child:
            continue
        for el in item:
            if _local(el.tag) == "loc" and el.text and el.text.strip():
                locs.append(el.text.strip())
                break
    return kind, locs


async def read_sitemaps(
    fetch: Fetch,
    roots: Sequence[str],
    *,
    max_urls: int = 50_000,
    max_depth: int = 5,
    max_bytes: int = DEFAULT_MAX_BYTES,
    optional: Collection[str] = (),
) -> SitemapResult:
    """Read sitemaps from ``roots`` breadth first, following indexes up to ``max_depth`` levels.

    A root listed in ``optional`` (the guessed ``/sitemap.xml``) that is missing
    (HTTP 404/410, or an HTML "soft 404" page) is not an error: most sites
    simply have none there.
    """
    result = SitemapResult()
    seen_files: set[str] = set()
    seen_urls: set[str] = set()
    level: list[str] = list(dict.fromkeys(roots))
    depth = 0
    while level:
        next_level: list[str] = []
        for sm_url in level:
            if sm_url in seen_files:
                continue
            if len(seen_files) >= MAX_FILES:
                result.truncated = True
                return result
            seen_files.add(sm_url)
            fetched = await fetch(sm_url, max_bytes=max_bytes)
            if fetched.error:
                result.errors.append((sm_url, fetched.error))
                continue
            if not 200 <= fetched.status < 300:
                if not (sm_url in optional and fetched.status in (404, 410)):
                    result.errors.append((sm_url, f"HTTP {fetched.status}"))
                continue
            if fetched.truncated:
                result.errors.append((sm_url, f"larger than {max_bytes} bytes"))
                continue
            try:
                kind, locs = parse_sitemap(gunzip_if_needed(fetched.body, max_bytes))
            except SitemapError as exc:
                soft_404 = "html" in fetched.headers.get("content-type", "") or str(exc).startswith("not a sitemap")
                if not (sm_url in optional and soft_404):
                    result.errors.append((sm_url, str(exc)))
                continue
            result.sitemaps.append(sm_url)
            if kind == "sitemapindex":
                if depth + 1 > max_depth:
                    result.truncated = True
                    result.errors.append((sm_url, f"sitemap index nested deeper than {max_depth} levels"))
                    continue
                next_level.extend(locs)
                continue
            for loc in locs:
                if loc in seen_urls:
                    continue
                if len(result.urls) >= max_urls:
                    result.truncated = True
                    return result
                seen_urls.add(loc)
                result.urls.append(loc)
        level = next_level
        depth += 1
    return result
