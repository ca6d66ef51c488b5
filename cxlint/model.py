"""The one result model every engine fills and every reporter reads.

Nothing here imports from the rest of cxlint, so engines, the store and the
reporters can all depend on it without cycles. Dataclasses (not pydantic) keep
construction cheap on hot paths; JSON round-trips go through ``to_dict`` /
``from_dict`` so the JSON schema stays the single contract.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

SCHEMA_VERSION = "1.0"


class Severity(str, Enum):
    """How much a finding matters; ordered so thresholds can compare."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


class Outcome(str, Enum):
    """Whether a check is certain (violation) or needs a person's judgement."""

    VIOLATION = "violation"
    NEEDS_REVIEW = "needs-review"


class PageStatus(str, Enum):
    SCANNED = "scanned"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class Location:
    """Where on a page a finding sits.

    ``frames`` is the chain of iframe selectors from the top document down to
    the document holding the element (empty for the top document).
    """

    selector: str = ""
    snippet: str = ""
    frames: list[str] = field(default_factory=list)
    text: str = ""


@dataclass
class Finding:
    rule: str
    """Rule code, e.g. ``axe/image-alt``, ``PL101``, ``CX001``."""
    name: str
    severity: Severity
    outcome: Outcome
    message: str
    category: str
    """accessibility | plain-language | federal | scan"""
    location: Location = field(default_factory=Location)
    wcag: list[str] = field(default_factory=list)
    """WCAG success criteria, e.g. ``["1.1.1"]``."""
    help_url: str = ""
    suggestion: str = ""
    engine: str = ""
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""
    """Set by the findings stage (``cxlint.findings.fingerprint``), the one place fingerprints are made."""
    baselined: bool = False
    """Accepted by the run's baseline: reported, never fails the build."""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = self.severity.value
        d["outcome"] = self.outcome.value
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        d = dict(d)
        d["severity"] = Severity(d["severity"])
        d["outcome"] = Outcome(d["outcome"])
        d["location"] = Location(**d.get("location", {}))
        return cls(**d)


@dataclass(frozen=True)
class Image:
    """A screenshot taken during the scan: an element crop (``element``) or a page ``thumbnail``."""

    mime: str
    data: bytes = field(repr=False)
    kind: str = "element"


def thumb_key(url: str) -> str:
    """The key of a page's thumbnail among its images (element crops are keyed by finding fingerprint)."""
    return "thumb:" + url


@dataclass
class PageResult:
    url: str
    """The URL as requested (normalised)."""
    status: PageStatus = PageStatus.SCANNED
    final_url: str = ""
    http_status: int | None = None
    title: str = ""
    lang: str = ""
    reason: str = ""
    """Why a page failed or was skipped (empty when scanned)."""
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    """Page-level numbers: plain-language score, reading grade, load ms…"""
    links: dict[str, list[str]] = field(default_factory=dict)
    """Discovered links by kind (``pages``, ``documents``, ``other``; ``frames``: iframe documents, not crawled)."""
    depth: int = 0
    started: str = ""
    duration_ms: float = 0.0
    images: dict[str, Image] = field(default_factory=dict, repr=False, compare=False)
    """Screenshots by key (finding fingerprint, ``thumb:`` + URL): stored beside the page, never in its JSON."""

    def to_dict(self) -> dict[str, Any]:
        images, self.images = self.images, {}
        try:
            d = asdict(self)
        finally:
            self.images = images
        del d["images"]
        d["status"] = self.status.value
        d["findings"] = [f.to_dict() for f in self.findings]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PageResult:
        d = dict(d)
        d.pop("images", None)
        d["status"] = PageStatus(d["status"])
        d["findings"] = [Finding.from_dict(f) for f in d.get("findings", [])]
        return cls(**d)


@dataclass
class RunMeta:
    tool_version: str = ""
    axe_version: str = ""
    browser: str = ""
    standard: str = ""
    started: str = ""
    finished: str = ""
    start_urls: list[str] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)
    """What the crawl noted (robots, sitemap errors, sampling, rules not applicable)."""
    scan_id: str = ""
    plan: dict[str, Any] = field(default_factory=dict)
    """The run plan as validated (``cxlint.config``), secrets left out."""
    verdict: dict[str, Any] = field(default_factory=dict)
    """Passed or failed, and why (``cxlint.findings.gate``)."""
    baseline: dict[str, Any] = field(default_factory=dict)
    """With ``--baseline``: the file, and the findings new, known and fixed against it."""


@dataclass
class RunResult:
    meta: RunMeta = field(default_factory=RunMeta)
    pages: Sequence[PageResult] = field(default_factory=list)
    """A list, or after a run the store-backed ``cxlint.store.StoredPages``: iterate it, do not hold it."""
    site_findings: list[Finding] = field(default_factory=list)
    """Findings about the whole site rather than one page (duplicate titles…)."""

    def all_findings(self) -> Iterator[tuple[str, Finding]]:
        """(page URL, finding) for every page, then ("", finding) for the site: streamed, page by page."""
        for p in self.pages:
            for f in p.findings:
                yield p.url, f
        for f in self.site_findings:
            yield "", f

    def counts(self) -> dict[str, int]:
        c = {"error": 0, "warning": 0, "info": 0, "needs-review": 0}
        for _, f in self.all_findings():
            if f.outcome is Outcome.NEEDS_REVIEW:
                c["needs-review"] += 1
            else:
                c[f.severity.value] += 1
        return c

    def page_counts(self) -> dict[str, int]:
        c = {s.value: 0 for s in PageStatus}
        for p in self.pages:
            c[p.status.value] += 1
        return c

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "meta": asdict(self.meta),
            "summary": {"findings": self.counts(), "pages": self.page_counts()},
            "pages": [p.to_dict() for p in self.pages],
            "site_findings": [f.to_dict() for f in self.site_findings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunResult:
        return cls(
            meta=RunMeta(**d["meta"]),
            pages=[PageResult.from_dict(p) for p in d.get("pages", [])],
            site_findings=[Finding.from_dict(f) for f in d.get("site_findings", [])],
        )
