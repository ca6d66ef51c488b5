"""The verdict: which findings fail the build."""

from __future__ import annotations

import pytest

from cxlint.findings.gate import judge
from cxlint.model import Finding, Outcome, Severity


def f(sev: str, cat: str = "accessibility", *, review: bool = False, known: bool = False) -> Finding:
    return Finding(rule="r", name="n", severity=Severity(sev), category=cat, message="",
                   outcome=Outcome.NEEDS_REVIEW if review else Outcome.VIOLATION, baselined=known)


@pytest.mark.parametrize(
    ("findings", "fail_on", "limits", "passed"),
    [
        ([], "error", {}, True),
        ([f("warning")], "error", {}, True),
        ([f("warning")], "warning", {}, False),
        ([f("error")], "error", {}, False),
        ([f("error", review=True)], "error", {}, True),  # needs review never fails
        ([f("error", known=True)], "error", {}, True),  # accepted by the baseline
        ([f("error")], "never", {}, True),
        ([f("info")], "info", {}, False),
        ([f("error")] * 3, "error", {"error": 3}, True),
        ([f("error")] * 4, "error", {"error": 3}, False),
        ([f("error")] * 10, "error", {"accessibility": 10}, True),
        ([f("error")] * 10 + [f("error", "federal")], "error", {"accessibility": 10}, False),  # unlisted: none allowed
        ([f("warning", "plain-language")] * 5, "warning", {"warning": 5, "plain-language": 4}, False),
        ([f("warning", "plain-language")] * 4, "warning", {"warning": 5, "plain-language": 4}, True),
    ],
)
def test_verdict(findings, fail_on, limits, passed):
    assert judge(findings, fail_on=fail_on, max_findings=limits).passed is passed


def test_reasons_and_exit_codes():
    v = judge([f("error"), f("error", "federal")], fail_on="error", baseline=True)
    assert v.reasons == ["2 new errors at or above --fail-on error"]
    assert v.exit_code == 1 and v.counted == {"accessibility": 1, "error": 2, "federal": 1}
    assert judge([f("error")], exit_zero=True).exit_code == 0
    assert judge([f("error")] * 4, max_findings={"error": 3}).reasons == ["4 error findings (at most 3 allowed)"]
