"""The result model: fingerprints that survive irrelevant change, and a lossless JSON round trip."""

from __future__ import annotations

from cxlint.model import Finding, Location, Outcome, PageResult, RunResult, Severity, fingerprint


def loc(**kw: object) -> Location:
    base = {"selector": "#main > img", "snippet": '<img src="a.png" class="x">'}
    base.update(kw)
    return Location(**base)  # type: ignore[arg-type]


def test_fingerprint_ignores_query_fragment_and_port():
    a = fingerprint("axe/image-alt", "http://127.0.0.1:8000/p.html?x=1#top", loc())
    b = fingerprint("axe/image-alt", "http://127.0.0.1:9999/p.html", loc())
    assert a == b


def test_fingerprint_ignores_attribute_order_and_whitespace():
    a = fingerprint("axe/image-alt", "https://a.gov/", loc(snippet='<img src="a.png" class="x">'))
    b = fingerprint("axe/image-alt", "https://a.gov/", loc(snippet='<img   class="x" src="a.png" >'))
    assert a == b


def test_fingerprint_changes_with_rule_element_and_page():
    base = fingerprint("axe/image-alt", "https://a.gov/", loc())
    assert fingerprint("axe/label", "https://a.gov/", loc()) != base
    assert fingerprint("axe/image-alt", "https://a.gov/other", loc()) != base
    assert fingerprint("axe/image-alt", "https://a.gov/", loc(selector="#other")) != base
    assert fingerprint("axe/image-alt", "https://a.gov/", loc(frames=["#calc"])) != base


def test_run_result_round_trips_through_dict():
    f = Finding(
        rule="PL102", name="long-sentence", severity=Severity.WARNING, outcome=Outcome.VIOLATION,
        message="m", category="plain-language", location=loc(text="quoted"), wcag=[], data={"words": 31},
    )
    f.compute_fingerprint("https://a.gov/")
    run = RunResult(pages=[PageResult(url="https://a.gov/", findings=[f], metrics={"reading_grade": 7.5})])
    again = RunResult.from_dict(run.to_dict())
    assert again.to_dict() == run.to_dict()
    assert again.counts() == {"error": 0, "warning": 1, "info": 0, "needs-review": 0}


def test_counts_separate_needs_review_from_severity():
    mk = lambda o, s: Finding(rule="r", name="n", severity=s, outcome=o, message="", category="scan")  # noqa: E731
    run = RunResult(pages=[PageResult(url="u", findings=[mk(Outcome.NEEDS_REVIEW, Severity.ERROR), mk(Outcome.VIOLATION, Severity.ERROR)])])
    assert run.counts() == {"error": 1, "warning": 0, "info": 0, "needs-review": 1}
