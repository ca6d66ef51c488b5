"""The HTML site report: one self-contained file, rendered by jinja2 from ``reports/``.

It is fed page by page (``begin``, ``page``, ``site``, ``end``) so a crawl of
thousands of pages is reported from the store without holding it in memory:
per rule it keeps counts and a capped list of distinct occurrences, per page
one small row. Identical elements on many pages (a site-wide header) become
one occurrence listing its pages, so a site-wide problem costs one entry.

Everything that came from a scanned page (titles, snippets, quoted text,
URLs) is hostile input: the environment autoescapes every value, links are
only ever ``http(s)``, and a Content-Security-Policy allows no request and no
script but the report's own filter script (by hash), so even a slip in
escaping could not run anything or reach the network.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from cxlint.crawl.urls import is_loopback
from cxlint.model import Finding, Image, Outcome, PageResult, PageStatus, RunMeta, RunResult, thumb_key
from cxlint.paths import REPORTS_DIR
from cxlint.registry import in_profile, load_registry
from cxlint.report.base import RunInfo, Tally
from cxlint.report.context import (
    COUNT_KEYS,
    SEVERITY_ORDER,
    ReportContext,
    TrendPoint,
    count_key,
    median,
    scan_identity,
)
from cxlint.report.wcag import criterion

OCCURRENCES_PER_RULE = 25
"""Distinct occurrences listed per rule; the rest are counted (all are in results.json)."""
PAGES_PER_OCCURRENCE = 12
"""Pages listed for one occurrence (the same element on many pages)."""
SHOTS_PER_RULE = 5
PAGE_CHUNK = 100
"""Pages per collapsed group in "By page": a browser lays out only the open group, so 1,000 pages open fast."""
THUMBNAILS = 60
"""Pages shown with a thumbnail in "By page" (those with the most errors first)."""
URLS_PER_REASON = 200
DOCUMENTS = 300
SNIPPET_CHARS = 1200
TOP_PROBLEMS = 10

CATEGORIES = [
    ("accessibility", "Accessibility (WCAG / Section 508)"),
    ("plain-language", "Plain language"),
    ("federal", "Federal website standards"),
    ("scan", "Scan integrity"),
]
STANDARDS = ("accessibility", "plain-language", "federal")
STANDARD_LABELS = {"wcag20aa": "WCAG 2.0 AA (Section 508)", "wcag21aa": "WCAG 2.1 AA", "wcag22aa": "WCAG 2.2 AA"}


# -- small helpers the templates use ----------------------------------------------------------------


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 page``, ``2 pages``: the count and the noun agree."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def display_url(url: str) -> str:
    """How a URL is shown: a loopback scan's pages as site paths, others without the scheme."""
    if not url:
        return ""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if is_loopback(url):
        return path
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.netloc}{path}"
    return url


def safe_href(url: str) -> str | None:
    """A link target only for real web addresses: never ``javascript:``, never a dead loopback port."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc or is_loopback(url):
        return None
    return url


def _anchor(code: str) -> str:
    return "rule-" + "".join(c if c.isalnum() else "-" for c in code)


def _data_uri(image: Image) -> str:
    return f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit:,} more characters in results.json)"


# -- the accumulators -------------------------------------------------------------------------------


@dataclass
class Occurrence:
    """One element (or quoted text) with a problem, and the pages it is on."""

    selector: str
    frames: list[str]
    snippet: str
    text: str
    message: str
    suggestion: str
    fingerprint: str
    page_ids: list[int] = field(default_factory=list)
    page_count: int = 0
    image: str = ""


@dataclass
class RuleAgg:
    code: str
    name: str
    category: str
    severity: str
    outcome: str
    wcag: list[str]
    help_url: str
    count: int = 0
    pages: int = 0
    site_wide: int = 0
    occurrences: dict[tuple[Any, ...], Occurrence] = field(default_factory=dict)
    doc: dict[str, Any] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        return _anchor(self.code) + ("-review" if self.outcome == "needs-review" else "")

    @property
    def listed(self) -> int:
        return sum(o.page_count for o in self.occurrences.values())


@dataclass
class PageRow:
    id: int
    url: str
    title: str
    status: str
    reason: str
    counts: dict[str, int]
    pl_score: float | None
    grade: float | None
    pl_checked: bool
    rules: list[tuple[str, str, int]]
    """(code, anchor, count) of every rule with a finding on this page."""
    errors_by_category: dict[str, int]
    thumb: str = ""


class HtmlReport:
    """A reporter fed one page at a time; ``end`` returns the HTML.

    Memory is bounded per rule (counts plus at most ``OCCURRENCES_PER_RULE``
    occurrences of ``PAGES_PER_OCCURRENCE`` pages each) and one small row per
    page, whatever the number of findings.
    """

    def __init__(self, context: ReportContext) -> None:
        self.context = context
        self.meta = RunMeta()
        self.rules: dict[tuple[str, str], RuleAgg] = {}
        self.rows: list[PageRow] = []
        self.counts: Counter[str] = Counter()
        self.category_counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.page_status: Counter[str] = Counter()
        self.pages_with_errors: Counter[str] = Counter()
        """Scanned pages with at least one error, per standard."""
        self.pl_scores: list[float] = []
        self.grades: list[float] = []
        self.not_applicable: dict[str, Counter[str]] = defaultdict(Counter)
        self.skipped: dict[str, list[str]] = defaultdict(list)
        self.skipped_count: Counter[str] = Counter()
        self.documents: dict[str, list[int]] = {}
        self.document_links: Counter[str] = Counter()
        self.documents_dropped = 0
        self.not_checked_pl: Counter[str] = Counter()

    # -- the protocol ------------------------------------------------------------------------------

    def begin(self, meta: RunMeta) -> None:
        self.meta = meta

    def page(self, page: PageResult) -> None:
        self.page_status[page.status.value] += 1
        if page.status is PageStatus.SKIPPED:
            reason = page.reason.split(" (")[0] or "skipped"
            self.skipped_count[reason] += 1
            if len(self.skipped[reason]) < URLS_PER_REASON:
                self.skipped[reason].append(page.url)
            return
        row_id = len(self.rows)
        per_rule: Counter[tuple[str, str]] = Counter()
        errors: Counter[str] = Counter()
        for f in page.findings:
            key = self._add(f, page.url, row_id, per_rule)
            per_rule[key] += 1
            if f.outcome is Outcome.VIOLATION and f.severity.value == "error":
                errors[f.category] += 1
        for key in per_rule:
            self.rules[key].pages += 1
        if page.status is PageStatus.SCANNED:
            for cat in STANDARDS:
                if errors[cat]:
                    self.pages_with_errors[cat] += 1
        for code, reason in (page.metrics.get("not_applicable") or {}).items():
            self.not_applicable[code][str(reason)] += 1
        score = page.metrics.get("plain_language_score")
        grade = page.metrics.get("reading_grade")
        checked = page.metrics.get("checked", score is not None)
        if page.status is PageStatus.SCANNED and not checked and page.metrics.get("reason"):
            self.not_checked_pl[str(page.metrics["reason"])] += 1
        if isinstance(score, int | float):
            self.pl_scores.append(float(score))
        if isinstance(grade, int | float):
            self.grades.append(float(grade))
        for doc in page.links.get("documents", []):
            self.document_links[doc] += 1
            if doc in self.documents:
                if len(self.documents[doc]) < 5:
                    self.documents[doc].append(row_id)
            elif len(self.documents) < DOCUMENTS:
                self.documents[doc] = [row_id]
            else:
                self.documents_dropped += 1
        self.rows.append(
            PageRow(
                id=row_id,
                url=page.url,
                title=page.title,
                status=page.status.value,
                reason=page.reason,
                counts={k: sum(1 for f in page.findings if count_key(f) == k) for k in COUNT_KEYS},
                pl_score=score if isinstance(score, int | float) else None,
                grade=grade if isinstance(grade, int | float) else None,
                pl_checked=bool(checked),
                rules=sorted(
                    ((code, self.rules[(code, outcome)].anchor, n) for (code, outcome), n in per_rule.items()),
                    key=lambda r: (-r[2], r[0]),
                ),
                errors_by_category=dict(errors),
            )
        )

    def site(self, findings: Iterable[Finding]) -> None:
        """Findings about the whole site (duplicate titles, robots.txt…), after the last page."""
        for f in findings:
            key = self._add(f, "", None, Counter())
            self.rules[key].site_wide += 1

    def end(self, meta: RunMeta | None = None) -> str:
        """The report. ``meta`` replaces the one from ``begin`` (it gains finish time and site notes)."""
        if meta is not None:
            self.meta = meta
        return environment().get_template("site.html.j2").render(**self._template_data())

    # -- accumulation --------------------------------------------------------------------------------

    def _add(self, f: Finding, url: str, row_id: int | None, per_rule: Counter[tuple[str, str]]) -> tuple[str, str]:
        ck = count_key(f)
        self.counts[ck] += 1
        self.category_counts[f.category][ck] += 1
        key = (f.rule, f.outcome.value)
        agg = self.rules.get(key)
        if agg is None:
            doc = self.context.rule_doc(f.rule)
            agg = self.rules[key] = RuleAgg(
                code=f.rule, name=f.name, category=f.category, severity=f.severity.value,
                outcome=f.outcome.value, wcag=list(f.wcag), help_url=f.help_url or doc["help_url"], doc=doc,
            )
        elif SEVERITY_ORDER[f.severity.value] < SEVERITY_ORDER[agg.severity]:
            agg.severity = f.severity.value
        agg.count += 1
        loc = f.location
        # The same element (selector, markup, text) with the same message is one occurrence on many pages.
        okey = (loc.selector, tuple(loc.frames), loc.snippet, loc.text, f.message, f.suggestion)
        occ = agg.occurrences.get(okey)
        if occ is None and len(agg.occurrences) < OCCURRENCES_PER_RULE:
            occ = agg.occurrences[okey] = Occurrence(
                selector=loc.selector, frames=list(loc.frames), snippet=_clip(loc.snippet, SNIPPET_CHARS),
                text=_clip(loc.text, SNIPPET_CHARS), message=f.message, suggestion=f.suggestion,
                fingerprint=f.fingerprint,
            )
        if occ is not None:
            occ.page_count += 1
            if row_id is not None and len(occ.page_ids) < PAGES_PER_OCCURRENCE and row_id not in occ.page_ids:
                occ.page_ids.append(row_id)
        return key

    # -- what the template gets ----------------------------------------------------------------------

    def scores(self) -> dict[str, float | None]:
        """Scores per standard, 0–100 (the formulas are printed in the report):

        accessibility and federal: the share of scanned pages with no error of that standard;
        plain language: the median of the pages' plain-language scores.
        None when the standard was not checked (or no page was scanned).
        """
        scanned = self.page_status["scanned"]
        ran = self._standards_run()
        out: dict[str, float | None] = {}
        for cat in ("accessibility", "federal"):
            out[cat] = (
                round(100 * (scanned - self.pages_with_errors[cat]) / scanned) if scanned and cat in ran else None
            )
        out["plain-language"] = median(self.pl_scores) if "plain-language" in ran else None
        return out

    def meta_summary(self) -> dict[str, Any]:
        """What the store should record for this scan, so the next report can draw the trend."""
        scores = self.scores()
        return {
            "counts": {k: self.counts.get(k, 0) for k in COUNT_KEYS},
            "plain_language_score": scores["plain-language"],
            "scores": scores,
        }

    def _standards_run(self) -> list[str]:
        raw = (self.meta.plan or {}).get("checks") or self.meta.config.get("checks")
        if isinstance(raw, str):
            raw = [c.strip() for c in raw.split(",")]
        if isinstance(raw, list | tuple) and raw:
            return [c for c in STANDARDS if c in raw]
        return list(STANDARDS)

    def _site_name(self) -> str:
        urls = [u for u in (self.meta.start_urls or [r.url for r in self.rows]) if u]
        hosts = list(dict.fromkeys(urlsplit(u).netloc for u in urls if not is_loopback(u)))
        if not urls:
            return "cxlint scan"
        if not hosts:
            return "local site"
        return hosts[0] if len(hosts) == 1 else f"{hosts[0]} and {len(hosts) - 1} more"

    def _site_line(self) -> str:
        urls = [u for u in self.meta.start_urls if u]
        if not urls:
            return ""
        shown = ", ".join(display_url(u) for u in urls[:3]) + (f" and {len(urls) - 3} more" if len(urls) > 3 else "")
        if all(is_loopback(u) for u in urls):
            return f"Local scan on this computer (127.0.0.1), started from {shown}"
        return f"Started from {shown}"

    def _attach_images(self, groups: list[RuleAgg], rows: list[PageRow]) -> None:
        wanted: list[str] = []
        for g in groups:
            wanted += [o.fingerprint for o in list(g.occurrences.values())[:SHOTS_PER_RULE] if o.fingerprint]
        thumbs = {thumb_key(r.url): r for r in rows[:THUMBNAILS]}
        images = self.context.images(self.meta.scan_id, [*wanted, *thumbs])
        for g in groups:
            shown = 0
            for o in g.occurrences.values():
                img = images.get(o.fingerprint)
                if img is not None and shown < SHOTS_PER_RULE:
                    o.image = _data_uri(img)
                    shown += 1
        for key, row in thumbs.items():
            if key in images:
                row.thumb = _data_uri(images[key])

    def trend(self, scores: dict[str, float | None]) -> list[TrendPoint]:
        starts = self.meta.start_urls or [r.url for r in self.rows[:1]]
        name = self.meta.config.get("site") if isinstance(self.meta.config, dict) else None
        key = scan_identity(starts, name if isinstance(name, str) else "")
        earlier = self.context.trend(key, self.meta.scan_id) if key else []
        current = TrendPoint(
            scan_id=self.meta.scan_id or "this scan", started=self.meta.started, pages=self.page_status["scanned"],
            counts={k: self.counts.get(k, 0) for k in COUNT_KEYS},
            plain_language_score=scores["plain-language"], scores=scores,
        )
        return [*earlier[-11:], current]

    def _template_data(self) -> dict[str, Any]:
        groups = sorted(
            self.rules.values(),
            key=lambda g: (SEVERITY_ORDER[g.severity], -(g.pages + g.site_wide), g.code),
        )
        violations = [g for g in groups if g.outcome == "violation"]
        reviews = [g for g in groups if g.outcome == "needs-review"]
        rows = sorted(
            self.rows,
            key=lambda r: (-r.counts["error"], -r.counts["warning"], -r.counts["needs-review"], display_url(r.url)),
        )
        self._attach_images(groups, rows)
        scores = self.scores()
        top = sorted(violations, key=lambda g: (-g.pages, SEVERITY_ORDER[g.severity], g.code))[:TOP_PROBLEMS]
        trend = self.trend(scores)
        config = self.meta.config or {}
        site_na = config.get("not_applicable") or {}
        ran = self._standards_run()
        na: list[tuple[str, list[tuple[str, int | None]]]] = [
            (code, list(reasons.items())) for code, reasons in self.not_applicable.items()
        ]
        na += [(code, [(str(reason), None)]) for code, reason in site_na.items() if code not in self.not_applicable]
        not_applicable = [(code, self.context.rule_doc(code)["summary"], reasons) for code, reasons in sorted(na)]
        scanned = self.page_status["scanned"]
        data = {
            "meta": self.meta,
            "title": self.context.title or f"Compliance report: {self._site_name()}",
            "agency": self.context.agency,
            "site": self._site_name(),
            "site_line": self._site_line(),
            "standard_label": STANDARD_LABELS.get(self.meta.standard, self.meta.standard),
            # The scan's own end, not the clock: the same results render to the same bytes.
            "generated": self.meta.finished or self.meta.started,
            "counts": {k: self.counts.get(k, 0) for k in COUNT_KEYS},
            "page_status": {k: self.page_status.get(k, 0) for k in ("scanned", "failed", "skipped")},
            "pages_reported": len(self.rows),
            "scores": scores,
            "pages_with_errors": dict(self.pages_with_errors),
            "pages_any_error": sum(1 for r in self.rows if r.counts["error"]),
            "median_grade": median(self.grades),
            "pl_pages": len(self.pl_scores),
            "standards_run": ran,
            "categories": CATEGORIES,
            "category_counts": self.category_counts,
            "violations": violations,
            "reviews": reviews,
            "review_items": self.counts.get("needs-review", 0),
            "top": top,
            "top_max": max([g.pages for g in top] or [1]) or 1,
            "trend": trend,
            "trend_has_counts": sum(1 for p in trend if p.counts) >= 2,
            "trend_has_pl": sum(1 for p in trend if p.plain_language_score is not None) >= 2,
            "rows": rows,
            "row_by_id": {r.id: r for r in self.rows},
            "thumbnails": THUMBNAILS,
            "page_chunk": PAGE_CHUNK,
            "failed": [r for r in rows if r.status == "failed"],
            "skipped": sorted(self.skipped.items(), key=lambda kv: (-self.skipped_count[kv[0]], kv[0])),
            "skipped_count": self.skipped_count,
            "documents": sorted(self.documents.items()),
            "document_links": self.document_links,
            "documents_dropped": self.documents_dropped,
            "sampled": config.get("sampled", []),
            "robots": config.get("robots", []),
            "sitemap_errors": config.get("sitemap_errors", []),
            "not_applicable": not_applicable,
            "not_checked_pl": sorted(self.not_checked_pl.items()),
            "rules_run": _rules_run(self.context, ran, self.meta.standard),
            "caps": {"occurrences": OCCURRENCES_PER_RULE, "pages": PAGES_PER_OCCURRENCE, "urls": URLS_PER_REASON,
                     "shots": SHOTS_PER_RULE},
            "scanned": scanned,
        }
        return data


def _rules_run(context: ReportContext, categories: list[str], standard: str) -> list[dict[str, Any]]:
    """The enabled rules of each checked standard under the chosen WCAG profile, for the scope table."""
    out = []
    for cat, label in CATEGORIES:
        if cat not in categories:
            continue
        if context.running is not None:
            rules = [r for r in context.registry.rules.values() if r.spec.category == cat and r.code in context.running]
        else:
            rules = [r for r in context.registry.by_category(cat) if in_profile(r, standard or "wcag21aa")]
        out.append({"category": cat, "label": label, "rules": sorted(rules, key=lambda r: r.code)})
    return out


# -- the environment and the entry point ------------------------------------------------------------

_SCRIPT_CACHE: dict[str, str] = {}


def _asset(name: str) -> str:
    if name not in _SCRIPT_CACHE:
        _SCRIPT_CACHE[name] = (REPORTS_DIR / name).read_text(encoding="utf-8")
    return _SCRIPT_CACHE[name]


def csp(script: str) -> str:
    """No request of any kind; images only as data: URIs; the one inline script allowed by its hash."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(REPORTS_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    script = _asset("report.js")
    env.globals.update(
        plural=plural,
        display_url=display_url,
        safe_href=safe_href,
        criterion=criterion,
        anchor=_anchor,
        css=Markup(_asset("report.css")),
        script=Markup(script),
        csp=csp(script),
    )
    env.filters["fmt"] = _fmt
    env.filters["pct"] = lambda v: "not checked" if v is None else f"{v:.0f}"
    return env


def _fmt(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.{digits}f}"


def stream(result: RunResult, context: ReportContext) -> HtmlReport:
    """A report fed from an in-memory result (what ``render`` does; the pipeline feeds from the store)."""
    report = HtmlReport(context)
    report.begin(result.meta)
    for page in result.pages:
        report.page(page)
    report.site(result.site_findings)
    return report


def render(result: RunResult, context: ReportContext) -> str:
    return stream(result, context).end()


class HtmlReporter:
    """The report pipeline's adapter: pages stream into :class:`HtmlReport`, which keeps only bounded
    aggregates, and the file is rendered at the end. The results store (for screenshots and the trend)
    is opened for the run when the options name it."""

    name = "html"
    filename = "report.html"

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / self.filename
        self._store: Any = None

    def begin(self, run: RunInfo) -> None:
        opts = run.options
        store = None
        if opts.store_path and Path(opts.store_path).is_file():
            from cxlint.store import Store, StoreError

            try:
                store = self._store = Store(opts.store_path)
            except StoreError:
                store = None
        rules_run = run.meta.config.get("rules_run") if isinstance(run.meta.config, dict) else None
        context = ReportContext(
            run.catalog.registry or load_registry(), title=opts.title, agency=opts.agency, store=store,
            running=frozenset(rules_run) if rules_run else None,
        )
        self.report = HtmlReport(context)
        self.report.begin(run.meta)

    def page(self, page: PageResult) -> None:
        self.report.page(page)

    def site(self, findings: list[Finding]) -> None:
        self.report.site(findings)

    def end(self, tally: Tally) -> list[Path]:
        try:
            self.path.write_text(self.report.end(), encoding="utf-8")
            scan_id = getattr(self.report.meta, "scan_id", "")
            if self._store is not None and scan_id and self._store.get_scan(scan_id) is not None:
                # What the next report's trend reads: findings by severity and the scores of this scan.
                self._store.update_meta(scan_id, **self.report.meta_summary())
        finally:
            if self._store is not None:
                self._store.close()
        return [self.path]
