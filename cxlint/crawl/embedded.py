"""Which local HTML files are parts of another page rather than pages of their own.

A file that the site shows only inside an ``<iframe>`` (a calculator, a map, a
form step) is checked where people meet it: inside its parent page, where axe
runs in every frame. Scanned again as a page of its own, its problems would be
counted twice and it would be judged on page chrome it was never meant to
have. Any ``<a href>`` (or ``<area href>``) to it makes it a page again:
then people can land on it directly.

Only for local folders, where every file can be read before the crawl; on a
live site the crawler gets the same result by never following frame sources
(``cxlint.engines.links``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import lxml.etree
import lxml.html

from cxlint.crawl.urls import InvalidURL, normalize_url, resolve

log = logging.getLogger(__name__)

__all__ = ["embedded_only", "references"]


def _normalised(hrefs: list[str], page_url: str, base: str | None) -> set[str]:
    out: set[str] = set()
    for href in hrefs:
        try:
            out.add(normalize_url(resolve(href, page_url, base)))
        except (InvalidURL, ValueError):
            continue
    return out


def references(html: bytes, page_url: str) -> tuple[set[str], set[str]]:
    """(link targets, frame sources) of one HTML document, resolved and normalised."""
    try:
        doc = lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return set(), set()
    bases = doc.xpath("//base/@href")
    base = str(bases[0]) if bases else None
    links = [str(h) for h in doc.xpath("//a/@href | //area/@href")]
    frames = [str(s) for s in doc.xpath("//iframe/@src | //frame/@src")]
    return _normalised(links, page_url, base), _normalised(frames, page_url, base)


def embedded_only(files: Mapping[Path, str]) -> set[Path]:
    """The files (keys of ``files``, each mapped to its served URL) that are framed somewhere and linked nowhere."""
    linked: set[str] = set()
    framed: set[str] = set()
    for path, url in files.items():
        try:
            data = path.read_bytes()
        except OSError as exc:
            log.debug("cannot read %s: %s", path, exc)
            continue
        page_links, page_frames = references(data, url)
        linked |= page_links
        framed |= page_frames
    hidden: set[Path] = set()
    for path, url in files.items():
        # A folder's index file is reached as /dir/ and as /dir/index.html: both spellings are this file.
        spellings = [url, url + path.name] if url.endswith("/") else [url]
        keys = _normalised(spellings, url, None)
        if keys & framed and not keys & linked:
            hidden.add(path)
    return hidden
