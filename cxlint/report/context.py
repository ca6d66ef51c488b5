"""What reporters need besides the results: rule documentation, report fields, history and images.

The results say what was found; a report also needs what each rule means
(from the registry), who the report is for (``--title``, ``--agency``), how
earlier scans of the same site went (the store's history) and the element
screenshots taken during the scan (the store's images). All of that comes in
through one ``ReportContext`` so a reporter never opens files or databases of
its own choosing.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from cxlint.model import Finding, Outcome, PageResult, RunResult
from cxlint.registry import Registry, load_registry

if TYPE_CHECKING:
    from cxlint.store import Image, Store

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
COUNT_KEYS = ("error", "warning", "info", "needs-review")


@dataclass
class RuleGroup:
    """Every occurrence of one rule across the scan, with the rule's documentation."""

    code: str
    name: str
    category: str
    severity: str
    outcome: str
    summary: str
    help: str
    rationale: str
    source: str
    help_url: str
    wcag: list[str]
    occurrences: list[tuple[str, Finding]] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len({url for url, _ in self.occurrences})


@dataclass
class TrendPoint:
    """One earlier (or the current) scan of a site, as the summary's trend chart plots it."""

    scan_id: str
    started: str
    pages: int | None = None
    counts: dict[str, int] | None = None
    """Findings by severity (``error``, ``warning``, ``info``, ``needs-review``); None when not recorded."""
    plain_language_score: float | None = None
    scores: dict[str, float | None] | None = None


@dataclass
class ReportContext:
    registry: Registry
    title: str = ""
    """``--title``: what the report is called (default: the site's name)."""
    agency: str = ""
    """``--agency``: the agency or office the report is for."""
    store: Store | None = None
    """The results store, for the trend across earlier scans and the element screenshots."""
    history: list[TrendPoint] | None = None
    """Earlier scans given directly (a results file re-rendered without a store); overrides the store."""
    running: frozenset[str] | None = None
    """Codes of the rules the run checked (the findings stage's ``running``); by default the enabled
    rules of the checked standards under the WCAG profile."""

    @classmethod
    def default(cls, **fields: Any) -> ReportContext:
        return cls(load_registry(), **fields)

    def rule_doc(self, code: str) -> dict[str, Any]:
        rule = self.registry.get(code)
        if rule is None:
            return {"summary": "", "help": "", "rationale": "", "source": "", "help_url": "", "name": ""}
        s = rule.spec
        return {
            "summary": s.summary, "help": s.help, "rationale": s.rationale, "source": s.source,
            "help_url": s.help_url, "name": s.name,
        }

    def trend(self, site: str, scan_id: str = "") -> list[TrendPoint]:
        """Earlier scans of ``site``, oldest first (never including ``scan_id`` itself)."""
        if self.history is not None:
            points = self.history
        elif self.store is not None:
            points = trend_points(self.store, site)
        else:
            points = []
        # Only scans before this one: ids sort by start time, and a re-rendered old report must not show the future.
        return [p for p in points if p.scan_id != scan_id and (not scan_id or p.scan_id < scan_id)]

    def images(self, scan_id: str, keys: Collection[str]) -> dict[str, Image]:
        """The stored screenshots among ``keys`` (finding fingerprints, ``thumb:`` + page URL)."""
        if self.store is None or not scan_id or not keys:
            return {}
        return self.store.images(scan_id, keys)

    def groups(self, result: RunResult, outcome: Outcome) -> list[RuleGroup]:
        by_rule: dict[str, RuleGroup] = {}
        for url, f in result.all_findings():
            if f.outcome is not outcome:
                continue
            g = by_rule.get(f.rule)
            if g is None:
                doc = self.rule_doc(f.rule)
                g = by_rule[f.rule] = RuleGroup(
                    code=f.rule,
                    name=f.name,
                    category=f.category,
                    severity=f.severity.value,
                    outcome=f.outcome.value,
                    summary=doc["summary"] or f.message,
                    help=doc["help"],
                    rationale=doc["rationale"],
                    source=doc["source"],
                    help_url=f.help_url or doc["help_url"],
                    wcag=list(f.wcag),
                )
            elif SEVERITY_ORDER[f.severity.value] < SEVERITY_ORDER[g.severity]:
                g.severity = f.severity.value
            g.occurrences.append((url, f))
        return sorted(by_rule.values(), key=lambda g: (SEVERITY_ORDER[g.severity], -g.pages, g.code))


def site_key(url: str) -> str:
    """What makes two scans "the same site": host (without port: local scans change it) and start path."""
    parts = urlsplit(url)
    path = parts.path or "/"
    for index in ("index.html", "index.htm"):
        if path.endswith("/" + index):
            path = path[: -len(index)]
    return f"{(parts.hostname or '').lower()}{path.rstrip('/') or '/'}"


def scan_identity(start_urls: list[str], site_name: str = "") -> str:
    """The key trends group scans by: an audit's site name when there is one, else ``site_key`` of the start."""
    if site_name:
        return f"site:{site_name}"
    return site_key(start_urls[0]) if start_urls else ""


def _scan_site(config: dict[str, Any], meta: dict[str, Any]) -> str:
    if isinstance(config.get("site"), str) and config["site"]:
        return scan_identity([], config["site"])
    starts = meta.get("start_urls") or (config.get("crawl") or config).get("start_urls") or []
    return site_key(starts[0]) if starts else ""


def _finding_counts(raw: Any) -> dict[str, int] | None:
    """Findings by severity, if the scan recorded them (the crawler's ``counts`` of URL states are not)."""
    if not isinstance(raw, dict) or "error" not in raw:
        return None
    try:
        return {k: int(raw.get(k, 0)) for k in COUNT_KEYS}
    except (TypeError, ValueError):
        return None


def _number(raw: Any) -> float | None:
    return float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None


def trend_points(store: Store, site: str) -> list[TrendPoint]:
    """Earlier finished scans of ``site`` (a start URL or a ``site_key``), oldest first.

    Reads each scan's meta: ``counts`` (findings by severity) and
    ``plain_language_score`` are recorded at the end of a scan; scans from
    before that was recorded still appear, with those values missing.
    """
    key = site_key(site) if "://" in site and not site.startswith("site:") else site
    points: list[TrendPoint] = []
    for info in store.list_scans():
        if not info.finished or _scan_site(info.config, info.meta) != key:
            continue
        scores = info.meta.get("scores")
        points.append(
            TrendPoint(
                scan_id=info.id,
                started=info.started,
                pages=info.counts.get("scanned"),
                counts=_finding_counts(info.meta.get("counts")),
                plain_language_score=_number(info.meta.get("plain_language_score")),
                scores={k: _number(v) for k, v in scores.items()} if isinstance(scores, dict) else None,
            )
        )
    points.sort(key=lambda p: (p.started, p.scan_id))
    return points


def category_counts(result: RunResult) -> dict[str, Counter[str]]:
    """Findings by category and severity, for the summary table."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for _, f in result.all_findings():
        out[f.category][count_key(f)] += 1
    return dict(out)


def count_key(f: Finding) -> str:
    return "needs-review" if f.outcome is Outcome.NEEDS_REVIEW else f.severity.value


def page_summary(page: PageResult) -> dict[str, int]:
    c = Counter(count_key(f) for f in page.findings)
    return {k: c.get(k, 0) for k in COUNT_KEYS}


def median(values: Iterable[float]) -> float | None:
    vals = list(values)
    return round(statistics.median(vals), 1) if vals else None
