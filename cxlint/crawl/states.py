"""The per-URL states and skip reasons shared by the frontier, the store and the reports.

They live in a leaf module so that ``cxlint.store`` can persist them without
importing the crawl machinery. Reasons are fixed strings (not free text) so a
report can group URLs by them; specifics such as a redirect target go in
``detail``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class UrlState(StrEnum):
    QUEUED = "queued"
    IN_FLIGHT = "in-flight"
    SCANNED = "scanned"
    SKIPPED = "skipped"
    FAILED = "failed"

    @property
    def terminal(self) -> bool:
        return self in (UrlState.SCANNED, UrlState.SKIPPED, UrlState.FAILED)


class Reason:
    """Why a URL was skipped (or failed, for failures the crawler itself decides)."""

    OUT_OF_SCOPE = "out of scope"
    ROBOTS = "disallowed by robots.txt"
    EXCLUDED = "excluded"
    NOT_INCLUDED = "not included"
    MAX_DEPTH = "max depth"
    SAMPLED_OUT = "sampled out"
    NON_HTML = "non-HTML"
    LIMIT = "limit reached"
    REDIRECTED = "redirected"
    """The URL redirected to another in-scope URL (``detail``), which carries the page."""
    REDIRECT_OFF_SCOPE = "redirected off scope"
    SAME_PAGE = "same page"
    """``/dir/index.html`` and ``/dir/`` sent the same document: the one scanned first (``detail``) carries it."""
    INVALID_URL = "invalid URL"
    TRAP = "suspected crawler trap"
    """The URL's pattern (``detail``) kept producing near-identical pages (``cxlint.crawl.traps``)."""
    CRASH = "crash"
    TIMEOUT = "timeout"


class CrawlConfigError(ValueError):
    """Bad crawl input (URL, pattern, option): the CLI prints it on one line and exits 2."""


@dataclass(slots=True)
class UrlRecord:
    """One discovered URL and the single state it is in."""

    url: str
    state: UrlState = UrlState.QUEUED
    reason: str = ""
    detail: str = ""
    depth: int = 0
    discovered_from: str = ""
    admitted: bool = False
    """True once the URL took a slot of the ``max_pages`` budget (it was, or will be, loaded)."""
    seq: int = 0
    """Discovery order; keeps the crawl and its reports deterministic."""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["state"] = self.state.value
        return d
