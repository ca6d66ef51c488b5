"""What reporters need besides the results: rule documentation and derived summaries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from cxlint.model import Finding, Outcome, PageResult, RunResult
from cxlint.registry import Registry, load_registry

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


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
class ReportContext:
    registry: Registry

    @classmethod
    def default(cls) -> ReportContext:
        return cls(load_registry())

    def rule_doc(self, code: str) -> dict[str, Any]:
        rule = self.registry.get(code)
        if rule is None:
            return {"summary": "", "help": "", "rationale": "", "source": "", "help_url": ""}
        s = rule.spec
        return {
            "summary": s.summary, "help": s.help, "rationale": s.rationale, "source": s.source, "help_url": s.help_url
        }

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


def category_counts(result: RunResult) -> dict[str, Counter[str]]:
    """Violations by category and severity, for the summary table."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for _, f in result.all_findings():
        key = "needs-review" if f.outcome is Outcome.NEEDS_REVIEW else f.severity.value
        out[f.category][key] += 1
    return dict(out)


def page_summary(page: PageResult) -> dict[str, int]:
    c = Counter("needs-review" if f.outcome is Outcome.NEEDS_REVIEW else f.severity.value for f in page.findings)
    return {k: c.get(k, 0) for k in ("error", "warning", "info", "needs-review")}
