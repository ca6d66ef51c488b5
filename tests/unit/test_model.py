"""The result model: a lossless JSON round trip, and counts."""

from __future__ import annotations

from cxlint.model import Finding, Location, Outcome, PageResult, RunResult, Severity


def loc(**kw: object) -> Location:
    base = {"selector": "#main > img", "snippet": '<img src="a.png" class="x">'}
    base.update(kw)
    return Location(**base)  # type: ignore[arg-type]


def test_run_result_round_trips_through_dict():
    f = Finding(
        rule="PL102", name="long-sentence", severity=Severity.WARNING, outcome=Outcome.VIOLATION,
        message="m", category="plain-language", location=loc(text="quoted"), wcag=[], data={"words": 31},
    )
    f.fingerprint = "cx2-0123456789abcdef"
    f.baselined = True
    run = RunResult(pages=[PageResult(url="https://a.gov/", findings=[f], metrics={"reading_grade": 7.5})])
    again = RunResult.from_dict(run.to_dict())
    assert again.to_dict() == run.to_dict()
    assert again.counts() == {"error": 0, "warning": 1, "info": 0, "needs-review": 0}


def test_counts_separate_needs_review_from_severity():
    mk = lambda o, s: Finding(rule="r", name="n", severity=s, outcome=o, message="", category="scan")  # noqa: E731
    run = RunResult(pages=[PageResult(url="u", findings=[mk(Outcome.NEEDS_REVIEW, Severity.ERROR), mk(Outcome.VIOLATION, Severity.ERROR)])])
    assert run.counts() == {"error": 1, "warning": 0, "info": 0, "needs-review": 1}
