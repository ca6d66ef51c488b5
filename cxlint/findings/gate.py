"""The verdict: does this run fail the build, and why.

A finding counts against the build when it is a violation (never a needs-review
item), is not accepted by the baseline, and is at or above ``fail-on``. By default
no counted finding is allowed. ``max-findings`` allows some: keys are severities
(``error``, ``warning``, ``info``) or categories (``accessibility``,
``plain-language``, ``federal``, ``scan``); the build fails when any listed key's
count goes over its limit, or when a counted finding falls under no listed key.
So ``{accessibility = 10}`` tolerates ten accessibility problems but no federal one,
and a fix never hides a new regression, since only new findings count once a
baseline is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from cxlint.model import Finding, Outcome, Severity

SEVERITY_KEYS = ("error", "warning", "info")
CATEGORY_KEYS = ("accessibility", "plain-language", "federal", "scan")


@dataclass
class Verdict:
    passed: bool
    fail_on: str
    reasons: list[str] = field(default_factory=list)
    counted: dict[str, int] = field(default_factory=dict)
    """Counted findings by severity and by category."""
    limits: dict[str, int] = field(default_factory=dict)
    exit_zero: bool = False

    @property
    def exit_code(self) -> int:
        return 0 if self.passed or self.exit_zero else 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def judge(
    findings: Iterable[Finding], *, fail_on: str = "error", max_findings: Mapping[str, int] | None = None,
    exit_zero: bool = False, baseline: bool = False,
) -> Verdict:
    limits = dict(max_findings or {})
    if fail_on == "never":
        return Verdict(True, fail_on, ["--fail-on never: findings never fail the build"], {}, limits, exit_zero)
    threshold = Severity(fail_on)
    counted: Counter[str] = Counter()
    unlisted: Counter[str] = Counter()
    for f in findings:
        if f.outcome is not Outcome.VIOLATION or f.baselined or not f.severity.at_least(threshold):
            continue
        counted[f.severity.value] += 1
        counted[f.category] += 1
        if f.severity.value not in limits and f.category not in limits:
            unlisted[f"{f.severity.value}"] += 1
    reasons = []
    for key in (*SEVERITY_KEYS, *CATEGORY_KEYS):
        if key in limits and counted[key] > limits[key]:
            reasons.append(f"{_plural(counted[key], key + ' finding')} (at most {limits[key]} allowed)")
    for sev in SEVERITY_KEYS:
        if unlisted[sev]:
            what = "new " if baseline else ""
            reasons.append(f"{_plural(unlisted[sev], what + sev)} at or above --fail-on {fail_on}")
    passed = not reasons
    return Verdict(passed, fail_on, reasons, dict(sorted(counted.items())), limits, exit_zero)
