"""URL normalisation, resolution and link classification.

One page must be scanned once, so every URL the crawler sees goes through
``normalize_url`` before it is compared, stored or reported. The rules are
conservative: they only merge spellings that a web server cannot tell apart
(case of scheme and host, default port, percent-encoding of unreserved
characters, dot segments, fragment) plus two deliberate choices a crawler of
federal sites needs: query parameters are sorted and tracking parameters
(``utm_*``, ``fbclid``…) are dropped. Query *values* and the path's case are
kept, because servers do distinguish those.

Credentials in a URL (``user:pass@``) are dropped: results, reports and logs
must never carry secrets. Use ``--header`` or ``--storage-state`` for auth.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from enum import StrEnum
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

__all__ = [
    "DOCUMENT_EXTENSIONS",
    "TRACKING_PARAMS",
    "InvalidURL",
    "LinkKind",
    "classify",
    "is_home_url",
    "normalize_url",
    "origin",
    "partition_links",
    "resolve",
]

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "igshid",
        "mkt_tok",
        "yclid",
        "twclid",
        "ttclid",
        "li_fat_id",
        "srsltid",
        "_openstat",
        "vero_id",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "s_cid",
        "wickedid",
    }
)
"""Query parameters that identify a visit, not a page. Compared case-insensitively."""

TRACKING_PREFIXES = ("utm_", "hsa_", "pk_", "mtm_")

DOCUMENT_EXTENSIONS = frozenset(
    {
        # office and text documents
        "pdf", "doc", "docx", "dot", "dotx", "xls", "xlsx", "xlsm", "ppt", "pptx", "pps", "ppsx",
        "odt", "ods", "odp", "rtf", "txt", "csv", "tsv", "epub", "xml", "json", "rss", "atom",
        "ics", "kml", "kmz", "wpd",
        # archives and binaries
        "zip", "gz", "tgz", "tar", "7z", "rar", "bz2", "xz", "exe", "msi", "dmg", "iso", "apk", "bin",
        # images
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "avif", "heic",
        # audio
        "mp3", "wav", "ogg", "oga", "m4a", "aac", "flac", "wma",
        # video
        "mp4", "m4v", "webm", "mov", "avi", "mkv", "wmv", "mpg", "mpeg", "ogv", "3gp",
    }
)  # fmt: skip
"""Extensions of links that are recorded as documents instead of being loaded as pages."""

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_SUB_DELIMS = "!$&'()*+,;="
_PATH_SAFE = frozenset(_UNRESERVED | set(_SUB_DELIMS) | set(":@/"))
# In a query key or value, & = and + carry meaning, so they are never decoded into or out of escapes.
_QUERY_SAFE = frozenset(_UNRESERVED | set("!$'()*,;:@/?+=&"))
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")


class InvalidURL(ValueError):
    """A string that cannot be a crawlable http(s) URL."""


class LinkKind(StrEnum):
    PAGE = "page"
    DOCUMENT = "document"
    OTHER = "other"
    """Any non-http(s) scheme: mailto:, tel:, javascript:, data:, ftp:…"""


def _normalise_escapes(text: str, safe: frozenset[str]) -> str:
    """Decode escapes of unreserved characters, upper-case the rest, escape what must be escaped."""
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "%" and _PCT.match(text, i):
            code = int(text[i + 1 : i + 3], 16)
            decoded = chr(code)
            out.append(decoded if decoded in _UNRESERVED else f"%{code:02X}")
            i += 3
            continue
        if ch in safe:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        i += 1
    return "".join(out)


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, so ``/a/./b/../c`` and ``/a/c`` are one page."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for i, seg in enumerate(segments):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                output.append("")
            continue
        if seg == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
            continue
        output.append(seg)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _is_tracking(key: str) -> bool:
    k = key.lower()
    return k in TRACKING_PARAMS or k.startswith(TRACKING_PREFIXES)


def _normalise_query(query: str) -> str:
    pairs: list[tuple[str, str]] = []
    for part in query.split("&"):
        if not part:
            continue
        key, sep, value = part.partition("=")
        key_n = _normalise_escapes(key, _QUERY_SAFE - {"&", "="})
        if _is_tracking(_PCT.sub(lambda m: chr(int(m.group(1), 16)), key_n)):
            continue
        value_n = _normalise_escapes(value, _QUERY_SAFE - {"&"})
        pairs.append((key_n, f"{key_n}{sep}{value_n}"))
    # Sort by key only: the order of repeated keys (a=1&a=2) can matter to a server.
    pairs.sort(key=lambda p: p[0])
    return "&".join(p[1] for p in pairs)


def _host(parts: SplitResult) -> str:
    host = parts.hostname  # already lower-cased, brackets stripped
    if not host:
        raise InvalidURL("URL has no host")
    host = host.rstrip(".")
    if not host:
        raise InvalidURL("URL has no host")
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        if not host.isascii():
            raise InvalidURL(f"invalid host name {host!r}") from None
    if any(c in host for c in " /\\%@"):
        raise InvalidURL(f"invalid host name {host!r}")
    return host


def normalize_url(url: str) -> str:
    """The one spelling of ``url`` used for dedupe, storage and reports.

    Raises ``InvalidURL`` for anything that is not an absolute http(s) URL.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
    except ValueError as exc:
        raise InvalidURL(f"invalid URL {raw!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise InvalidURL(f"not an http(s) URL: {raw!r}")
    host = _host(parts)
    try:
        port = parts.port
    except ValueError:
        raise InvalidURL(f"invalid port in {raw!r}") from None
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = _remove_dot_segments(_normalise_escapes(parts.path, _PATH_SAFE)) or "/"
    query = _normalise_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a normalised URL: the unit of scope, robots.txt and politeness."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


HOME_PATHS = frozenset({"", "/", "/index.html", "/index.htm"})
"""Paths of a site's home page: its root, and the root's index file spelled out."""


def is_home_url(url: str) -> bool:
    """Is ``url`` the home page of its site, the page home-page-only rules judge?

    The home page is the site root, whatever the scan started from: a start URL
    deep in the site (``/forms/renew.html``) is where the crawl begins, not the
    agency's home page, and a folder scan starts at every file. ``/index.html``
    counts because on a static server it is the root page spelled out.
    """
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return False
    return path in HOME_PATHS


def resolve(href: str, page_url: str, base_href: str | None = None) -> str:
    """Resolve a link as a browser would: against ``<base href>`` if the page has one, else the page.

    The scanner reads ``a.href`` from the rendered DOM, which the browser has
    already resolved; this is for links taken from raw HTML (and for tests).
    """
    base = urljoin(page_url, base_href.strip()) if base_href and base_href.strip() else page_url
    return urljoin(base, href.strip())


def _extension(path: str) -> str:
    last = path.rsplit("/", 1)[-1]
    if "." not in last:
        return ""
    return last.rsplit(".", 1)[-1].lower()


def classify(url: str) -> LinkKind:
    """Page, document (by extension) or other scheme. ``url`` should be absolute."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return LinkKind.OTHER
    if parts.scheme.lower() not in _DEFAULT_PORTS:
        return LinkKind.OTHER
    if _extension(parts.path) in DOCUMENT_EXTENSIONS:
        return LinkKind.DOCUMENT
    return LinkKind.PAGE


def partition_links(hrefs: Iterable[str], page_url: str, base_href: str | None = None) -> dict[str, list[str]]:
    """Resolve, normalise and dedupe links into ``pages``, ``documents`` and ``other`` (the PageResult shape).

    Links that cannot be normalised (``http://``, ``https://[bad``) go to ``other``
    unchanged, so nothing a page links to disappears from its record.
    """
    out: dict[str, list[str]] = {"pages": [], "documents": [], "other": []}
    seen: set[str] = set()
    for href in hrefs:
        if not href or not href.strip():
            continue
        try:
            absolute = resolve(href, page_url, base_href)
        except ValueError:
            absolute = href.strip()
        kind = classify(absolute)
        if kind is LinkKind.OTHER:
            key, bucket = absolute, "other"
        else:
            try:
                key = normalize_url(absolute)
            except InvalidURL:
                key, bucket = absolute, "other"
            else:
                bucket = "pages" if kind is LinkKind.PAGE else "documents"
        if key not in seen:
            seen.add(key)
            out[bucket].append(key)
    return out


LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def is_loopback(url: str) -> bool:
    """127.0.0.0/8, ::1, 0.0.0.0, localhost and *.localhost: a developer's machine, never production.

    The one definition for the federal rules (production-only rules do not apply there), the
    reports (loopback URLs of a local scan are shown as site paths) and the annotations.
    """
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    if not host:
        return False
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified
