"""The HTML report: one self-contained file, rendered by jinja2 from ``reports/``.

Everything that came from a scanned page (titles, snippets, quoted text,
URLs) is hostile input, so the environment autoescapes every value; only the
report's own CSS is marked safe. No script is included at all, so nothing a
page smuggles in can run when an auditor opens the file.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from cxlint.model import Finding, Outcome, PageResult, PageStatus, RunResult
from cxlint.paths import REPORTS_DIR
from cxlint.registry import load_registry
from cxlint.report.base import RunInfo, Tally
from cxlint.report.context import ReportContext, category_counts, page_summary

OCCURRENCE_CAP = 50
"""Occurrences listed per rule; the rest are counted, so huge scans stay openable."""

CATEGORIES = [
    ("accessibility", "Accessibility (WCAG / Section 508)"),
    ("plain-language", "Plain language"),
    ("federal", "Federal website standards"),
    ("scan", "Pages that could not be checked"),
]

STANDARD_LABELS = {"wcag20aa": "WCAG 2.0 AA (Section 508)", "wcag21aa": "WCAG 2.1 AA", "wcag22aa": "WCAG 2.2 AA"}


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(REPORTS_DIR)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["path_of"] = _path_of
    return env


def _path_of(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _site_name(result: RunResult) -> str:
    urls = result.meta.start_urls or [p.url for p in result.pages]
    hosts = list(dict.fromkeys(urlsplit(u).netloc for u in urls if u))
    if not hosts:
        return "cxlint scan"
    return hosts[0] if len(hosts) == 1 else f"{hosts[0]} and {len(hosts) - 1} more"


def build_context(result: RunResult, context: ReportContext) -> dict[str, Any]:
    violation_groups = context.groups(result, Outcome.VIOLATION)
    review_groups = context.groups(result, Outcome.NEEDS_REVIEW)
    pages = []
    for p in result.pages:
        if p.status is PageStatus.SKIPPED:
            continue
        pages.append(
            {
                "url": p.url,
                "path": _path_of(p.url),
                "title": p.title,
                "status": p.status.value,
                "reason": p.reason,
                "counts": page_summary(p),
                "pl_score": p.metrics.get("plain_language_score"),
                "grade": p.metrics.get("reading_grade"),
            }
        )
    chart_rows = [{"code": g.code, "pages": g.pages, "severity": g.severity} for g in violation_groups[:10]]
    chart_rows.sort(key=lambda r: -r["pages"])
    counts = result.counts()
    return {
        "meta": result.meta,
        "site": _site_name(result),
        "standard_label": STANDARD_LABELS.get(result.meta.standard, result.meta.standard),
        "css": (REPORTS_DIR / "report.css").read_text(encoding="utf-8"),
        "counts": counts,
        "pages": pages,
        "pages_scanned": sum(1 for p in result.pages if p.status is PageStatus.SCANNED),
        "pages_failed": sum(1 for p in result.pages if p.status is PageStatus.FAILED),
        "pages_with_errors": sum(1 for p in pages if p["counts"]["error"]),
        "failed_pages": [p for p in result.pages if p.status is PageStatus.FAILED],
        "pages_skipped": sum(1 for p in result.pages if p.status is PageStatus.SKIPPED),
        "skipped_groups": _skipped_by_reason(result),
        "documents": _documents(result),
        "sampled": result.meta.config.get("sampled", []),
        "categories": CATEGORIES,
        "category_counts": category_counts(result),
        "violation_groups": violation_groups,
        "review_groups": review_groups,
        "chart_rows": chart_rows,
        "chart_max": max([r["pages"] for r in chart_rows] or [1]),
        "occurrence_cap": OCCURRENCE_CAP,
        "has_pl": any(p["pl_score"] is not None for p in pages),
    }


def _skipped_by_reason(result: RunResult) -> list[tuple[str, list[str]]]:
    """Skipped URLs grouped by why (out of scope, robots, limit reached…), largest group first."""
    groups: dict[str, list[str]] = defaultdict(list)
    for p in result.pages:
        if p.status is PageStatus.SKIPPED:
            groups[p.reason.split(" (")[0] or "skipped"].append(p.url)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _documents(result: RunResult) -> list[tuple[str, list[str]]]:
    """Files the pages link to (PDF, Office…), with the pages that link to each: audits count them."""
    linked: dict[str, list[str]] = defaultdict(list)
    for p in result.pages:
        for doc in p.links.get("documents", []):
            linked[doc].append(_path_of(p.url) or p.url)
    return sorted(linked.items())


def render(result: RunResult, context: ReportContext) -> str:
    return _env().get_template("site.html.j2").render(**build_context(result, context))


class HtmlReporter:
    """The streaming protocol's adapter for the HTML report: it gathers the run, then renders it at the end.

    Unlike the machine formats this keeps every page in memory until ``end``;
    the HTML report's own rework (per-page views, screenshots) replaces it.
    """

    name = "html"
    filename = "report.html"

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / self.filename
        self.result = RunResult()

    def begin(self, run: RunInfo) -> None:
        self.result.meta = run.meta
        self.context = ReportContext(run.catalog.registry or load_registry())

    def page(self, page: PageResult) -> None:
        self.result.pages.append(page)

    def site(self, findings: list[Finding]) -> None:
        self.result.site_findings = list(findings)

    def end(self, tally: Tally) -> list[Path]:
        self.path.write_text(render(self.result, self.context), encoding="utf-8")
        return [self.path]
