"""The agency roll-up: many sites' scans in one report for the people who run them all.

A leader responsible for twenty services asks three questions: which sites
are worst, which problems are everywhere (fix once, in a shared component or
a contract), and are things getting better. Each site's results are streamed
through the same accumulator as the site report, so the scores mean exactly
the same thing in both, and only a summary per site is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from cxlint.model import Finding, PageResult, RunMeta
from cxlint.report.context import COUNT_KEYS, SEVERITY_ORDER, ReportContext, TrendPoint, site_key
from cxlint.report.html import STANDARD_LABELS, HtmlReport, RuleAgg, display_url, environment

TOP_PER_SITE = 5
COMMON_RULES = 25


@dataclass
class SiteResults:
    """One site of an audit: who owns it, and its results as a stream (pages are read once)."""

    name: str
    meta: RunMeta
    pages: Iterable[PageResult]
    site_findings: Sequence[Finding] = ()
    agency: str = ""
    service: str = ""
    report: str = ""
    """The site's own report, relative to the agency report (its link), if one was written."""


@dataclass
class Unscanned:
    """A site of the audit that could not be scanned at all, and why: a roll-up must not drop it silently."""

    name: str
    reason: str
    agency: str = ""
    service: str = ""
    start: str = ""


@dataclass
class SiteSummary:
    name: str
    agency: str
    service: str
    start: str
    started: str
    standard: str
    counts: dict[str, int]
    pages: dict[str, int]
    scores: dict[str, float | None]
    top: list[RuleAgg]
    rules: dict[str, RuleAgg]
    trend: list[TrendPoint] = field(default_factory=list)
    report: str = ""
    scan_id: str = ""
    verdict: dict[str, Any] = field(default_factory=dict)

    @property
    def previous(self) -> TrendPoint | None:
        earlier = [p for p in self.trend[:-1] if p.counts]
        return earlier[-1] if earlier else None

    @property
    def error_change(self) -> int | None:
        prev = self.previous
        return None if prev is None or prev.counts is None else self.counts["error"] - prev.counts["error"]


def summarise(site: SiteResults, context: ReportContext) -> SiteSummary:
    """Stream one site's results through the site report's accumulator and keep its summary."""
    report = HtmlReport(context)
    report.begin(site.meta)
    for page in site.pages:
        report.page(page)
    report.site(site.site_findings)
    scores = report.scores()
    rules = {g.code: g for g in report.rules.values() if g.outcome == "violation"}
    top = sorted(rules.values(), key=lambda g: (-g.pages, SEVERITY_ORDER[g.severity], g.code))[:TOP_PER_SITE]
    start = site.meta.start_urls[0] if site.meta.start_urls else ""
    shown = display_url(start)
    local = site.meta.config.get("local_sites") if isinstance(site.meta.config, dict) else None
    folder = local.get(f"{urlsplit(start).scheme}://{urlsplit(start).netloc}") if isinstance(local, dict) else None
    if folder:  # a local folder is shown as the user named it, not as a dead 127.0.0.1 port
        shown = f"{folder.rstrip('/')}{shown}" if shown != "/" else f"{folder.rstrip('/')}/"
    trend = report.trend(scores)
    return SiteSummary(
        name=site.name, agency=site.agency, service=site.service, start=shown,
        started=site.meta.started, standard=STANDARD_LABELS.get(site.meta.standard, site.meta.standard),
        counts={k: report.counts.get(k, 0) for k in COUNT_KEYS},
        pages={k: report.page_status.get(k, 0) for k in ("scanned", "failed", "skipped")},
        scores=scores, top=top, rules=rules, trend=trend if start else [], report=site.report,
        scan_id=site.meta.scan_id, verdict=dict(site.meta.verdict or {}),
    )


def common_problems(summaries: list[SiteSummary]) -> list[dict[str, Any]]:
    """Rules violated on two or more sites, most widespread first: candidates for a shared fix."""
    codes: dict[str, list[SiteSummary]] = {}
    for s in summaries:
        for code in s.rules:
            codes.setdefault(code, []).append(s)
    out = []
    for code, sites in codes.items():
        if len(sites) < 2:
            continue
        first = sites[0].rules[code]
        out.append({
            "code": code, "summary": first.doc.get("summary") or first.name, "severity": first.severity,
            "wcag": first.wcag, "sites": [(s.name, s.rules[code].pages, s.rules[code].count) for s in sites],
            "pages": sum(s.rules[code].pages for s in sites), "findings": sum(s.rules[code].count for s in sites),
        })
    out.sort(key=lambda c: (-len(c["sites"]), SEVERITY_ORDER[c["severity"]], -c["pages"], c["code"]))
    return out[:COMMON_RULES]


def render_agency(sites: Iterable[SiteResults], context: ReportContext, unscanned: Sequence[Unscanned] = ()) -> str:
    """The agency report (``reports/agency.html.j2``): scorecards, comparison, common problems, trends."""
    return render_summaries([summarise(s, context) for s in sites], context, unscanned)


def render_summaries(summaries: list[SiteSummary], context: ReportContext, unscanned: Sequence[Unscanned] = ()) -> str:
    named = [*(s.agency for s in summaries), *(u.agency for u in unscanned)]
    agencies = list(dict.fromkeys(a for a in named if a))
    agency = context.agency or ", ".join(agencies)
    worst = max([s.counts["error"] for s in summaries] or [1]) or 1
    return environment().get_template("agency.html.j2").render(
        title=context.title or (f"Accessibility and plain-language audit: {agency}" if agency else "Agency audit"),
        agency=agency,
        sites=summaries,
        unscanned=list(unscanned),
        common=common_problems(summaries),
        worst=worst,
        totals={k: sum(s.counts[k] for s in summaries) for k in COUNT_KEYS},
        pages_total=sum(s.pages["scanned"] for s in summaries),
        generated=datetime.now(UTC).isoformat(timespec="seconds"),
        site_key=site_key,
    )


def agency_data(summaries: list[SiteSummary], unscanned: Sequence[Unscanned] = ()) -> dict[str, Any]:
    """The roll-up for machines (``audit.json``): the same numbers as the HTML scorecards, per site."""
    return {
        "sites": [
            {
                "name": s.name, "agency": s.agency, "service": s.service, "start": s.start, "scan_id": s.scan_id,
                "started": s.started, "standard": s.standard, "pages": s.pages, "counts": s.counts,
                "scores": s.scores, "error_change": s.error_change, "verdict": s.verdict, "report": s.report,
                "top": [{"code": g.code, "pages": g.pages, "findings": g.count} for g in s.top],
            }
            for s in summaries
        ],
        "unscanned": [
            {"name": u.name, "agency": u.agency, "service": u.service, "start": u.start, "reason": u.reason}
            for u in unscanned
        ],
        "common": [
            {"code": c["code"], "severity": c["severity"], "sites": [n for n, _, _ in c["sites"]],
             "pages": c["pages"], "findings": c["findings"]}
            for c in common_problems(summaries)
        ],
    }
