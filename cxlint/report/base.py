"""The reporter protocol and what every reporter is told about the run.

A reporter is fed one run as a stream: ``begin`` once, ``page`` for every URL
in discovery order (scanned, failed and not-followed alike; each reporter
decides what a skipped link means to it), ``site`` once with the cross-page
findings, ``end`` once with the tally of the whole run. Nothing hands a
reporter the list of pages, so no reporter can make memory grow with them:
whatever a format needs in its header is either known before the pages
(meta, scope, rules) or written at ``end`` from a spool file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cxlint.model import Finding, Outcome, PageResult, PageStatus, RunMeta, Severity
from cxlint.report.catalog import RuleCatalog
from cxlint.report.sitepath import SitePaths

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
CATEGORIES = ("accessibility", "plain-language", "federal")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass
class ReportOptions:
    """How the reports are rendered; the CLI fills it from ``--fail-on``, ``-v`` and friends."""

    fail_on: str | None = None
    """Lowest severity that fails (JUnit failures, the Markdown verdict line); None: the run plan's own."""
    verbose: bool = False
    """Console: every element of every finding, with the fix and the help URL."""
    site_roots: dict[str, str] = field(default_factory=dict)
    """Origin of a local scan's server → the folder it served, as the user named it (``build``)."""
    title: str = ""
    """``--title`` of the HTML report."""
    agency: str = ""
    """``--agency`` named in the HTML report."""
    store_path: str | None = None
    """The results store, for the HTML report's screenshots and trend (none: neither is shown)."""

    def fails(self, f: Finding) -> bool:
        """At or above fail-on, a violation, and new: a finding the baseline accepts never fails."""
        if self.fail_on in (None, "never") or f.outcome is not Outcome.VIOLATION or f.baselined:
            return False
        return f.severity.at_least(Severity(self.fail_on or "error"))


@dataclass
class Scope:
    """What the run checked, and what it did not and why."""

    standard: str
    categories: list[str]
    rules_run: list[str]
    """Codes of every rule that ran on the pages or the site (axe, DOM, text, site and origin rules)."""
    site_not_applicable: dict[str, str] = field(default_factory=dict)
    """Site-level rules that did not apply (production-only rules on a loopback host), with why."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RunInfo:
    """Everything known before the first page: what ``begin`` gets."""

    meta: RunMeta
    scope: Scope
    catalog: RuleCatalog
    options: ReportOptions
    paths: SitePaths

    @property
    def verdict(self) -> dict[str, Any] | None:
        v = getattr(self.meta, "verdict", None)
        return v if isinstance(v, dict) and v else None


def finding_key(f: Finding) -> str:
    """Violations by severity; needs-review apart, whatever its severity."""
    return "needs-review" if f.outcome is Outcome.NEEDS_REVIEW else f.severity.value


@dataclass
class RuleTally:
    violations: int = 0
    needs_review: int = 0
    pages: int = 0
    worst: str = "info"


class Tally:
    """Counts over the whole run, built one page at a time (bounded by the number of rules, not pages)."""

    def __init__(self) -> None:
        self.findings: Counter[str] = Counter({"error": 0, "warning": 0, "info": 0, "needs-review": 0})
        self.pages: Counter[str] = Counter({s.value: 0 for s in PageStatus})
        self.by_category: dict[str, Counter[str]] = {}
        self.rules: dict[str, RuleTally] = {}
        self.not_applicable: dict[str, Counter[str]] = {}
        """Rule → reason → pages on which the rule did not apply."""
        self.skipped: Counter[str] = Counter()
        """Why links were not followed → how many."""
        self.pl_scores: list[float] = []
        self.pl_grades: list[float] = []
        self.failing = 0
        """Findings at or above fail-on."""

    def add_page(self, page: PageResult, options: ReportOptions) -> None:
        self.pages[page.status.value] += 1
        if page.status is PageStatus.SKIPPED:
            self.skipped[skip_reason(page.reason)] += 1
            return
        na = page.metrics.get("not_applicable") if isinstance(page.metrics, dict) else None
        for code, why in (na or {}).items():
            self.not_applicable.setdefault(code, Counter())[str(why)] += 1
        score, grade = page.metrics.get("plain_language_score"), page.metrics.get("reading_grade")
        if isinstance(score, int | float):
            self.pl_scores.append(float(score))
        if isinstance(grade, int | float):
            self.pl_grades.append(float(grade))
        self._add_findings(page.findings, options, per_page=True)

    def add_site(self, findings: list[Finding], options: ReportOptions) -> None:
        self._add_findings(findings, options, per_page=False)

    def _add_findings(self, findings: list[Finding], options: ReportOptions, *, per_page: bool) -> None:
        seen: set[str] = set()
        for f in findings:
            key = finding_key(f)
            self.findings[key] += 1
            self.by_category.setdefault(f.category or "scan", Counter(dict.fromkeys(self.findings, 0)))[key] += 1
            rt = self.rules.setdefault(f.rule, RuleTally())
            if f.outcome is Outcome.NEEDS_REVIEW:
                rt.needs_review += 1
            else:
                rt.violations += 1
                if SEVERITY_ORDER[f.severity.value] < SEVERITY_ORDER[rt.worst]:
                    rt.worst = f.severity.value
            if options.fails(f):
                self.failing += 1
            if per_page and f.rule not in seen:
                seen.add(f.rule)
                rt.pages += 1
            elif not per_page:
                rt.pages += len(f.data.get("urls") or []) if isinstance(f.data.get("urls"), list) else 0

    def summary(self) -> dict[str, Any]:
        return {"findings": dict(self.findings), "pages": dict(self.pages)}


def skip_reason(reason: str) -> str:
    """'out of scope (https://other.gov/)' → 'out of scope': the kind of reason, not its detail."""
    return reason.split(" (")[0].strip() or "skipped"


class Reporter(Protocol):
    """One output format, fed the run page by page."""

    name: str

    def begin(self, run: RunInfo) -> None: ...

    def page(self, page: PageResult) -> None: ...

    def site(self, findings: list[Finding]) -> None: ...

    def end(self, tally: Tally) -> list[Path]:
        """Finish the output; return the files written (none for the console)."""
        ...
