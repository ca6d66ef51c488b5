"""Mapping axe-core results onto findings, without a browser (a unit in isolation)."""

from __future__ import annotations

from cxlint.engines.axe import findings_from_results, run_options, wcag_from_tags
from cxlint.model import Outcome, Severity

RESULTS = {
    "violations": [
        {
            "id": "image-alt",
            "impact": "critical",
            "tags": ["cat.text-alternatives", "wcag2a", "wcag111", "section508"],
            "help": "Images must have alternative text",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.12/image-alt",
            "nodes": [{"target": ["#a"], "html": "<img id=a>", "impact": "critical", "failureSummary": "Fix any of the following: add alt"}],
        },
        {
            "id": "region",
            "impact": "moderate",
            "tags": ["cat.keyboard", "best-practice"],
            "help": "All page content should be contained by landmarks",
            "helpUrl": "u",
            "nodes": [{"target": [["#host", "#inner"]], "html": "<p>", "impact": "moderate"}],
        },
        {
            "id": "heading-order",
            "impact": "serious",
            "tags": ["best-practice"],
            "help": "Heading levels should only increase by one",
            "helpUrl": "u",
            "nodes": [{"target": ["h4"], "html": "<h4>", "impact": "serious"}],
        },
    ],
    "incomplete": [
        {
            "id": "color-contrast",
            "impact": "serious",
            "tags": ["wcag2aa", "wcag143"],
            "help": "Contrast",
            "helpUrl": "u",
            "nodes": [{"target": ["#p"], "html": "<p id=p>", "impact": "serious"}],
        }
    ],
}


def test_violations_and_incomplete_become_findings():
    fs = findings_from_results(RESULTS, ["#frame"])
    assert [(f.rule, f.outcome, f.severity) for f in fs] == [
        ("axe/image-alt", Outcome.VIOLATION, Severity.ERROR),
        ("axe/region", Outcome.VIOLATION, Severity.WARNING),
        ("axe/heading-order", Outcome.VIOLATION, Severity.WARNING),  # best practice capped at warning
        ("axe/color-contrast", Outcome.NEEDS_REVIEW, Severity.ERROR),
    ]
    assert fs[0].wcag == ["1.1.1"] and fs[0].location.frames == ["#frame"]
    assert fs[1].location.selector == "#host >>> #inner"
    assert fs[3].wcag == ["1.4.3"]


def test_wcag_tags_with_two_digit_criteria():
    assert wcag_from_tags(["wcag1410", "wcag2aa", "wcag258", "best-practice"]) == ["1.4.10", "2.5.8"]


def test_standards_select_the_right_tags():
    assert "wcag21aa" not in run_options("wcag20aa")["runOnly"]["values"]
    assert "wcag22aa" in run_options("wcag22aa")["runOnly"]["values"]
    child = run_options("wcag21aa", child_frame=True)
    assert child["rules"]["page-has-heading-one"] == {"enabled": False}
    assert "page-has-heading-one" not in run_options("wcag21aa")["rules"]


def _one(impact: str, tags: list[str], rule_id: str = "x") -> Severity:
    rule = {"id": rule_id, "impact": impact, "tags": tags, "help": "h", "helpUrl": "u",
            "nodes": [{"target": ["#a"], "html": "<a id=a>", "impact": impact}]}  # fmt: skip
    return findings_from_results({"violations": [rule]}, [])[0].severity


def test_a_wcag_violation_is_never_below_warning():
    assert _one("minor", ["cat.name-role-value", "wcag2a", "wcag131"]) is Severity.WARNING
    assert _one("minor", ["cat.text-alternatives", "wcag2a", "wcag111"]) is Severity.WARNING
    assert _one("moderate", ["wcag2aa", "wcag1412"]) is Severity.WARNING
    assert _one("critical", ["wcag2a", "wcag111"]) is Severity.ERROR
    # A best practice stays advice: minor is info, critical is capped at warning.
    assert _one("minor", ["cat.semantics", "best-practice"]) is Severity.INFO
    assert _one("critical", ["best-practice"]) is Severity.WARNING


def test_best_practice_results_that_fail_a_criterion_are_warnings():
    # axe 4.12 tags these best-practice and minor, yet each result fails a success criterion.
    for rule in ("empty-heading", "empty-table-header", "presentation-role-conflict"):
        assert _one("minor", ["cat.name-role-value", "best-practice"], rule) is Severity.WARNING
    # Alt text repeating the link text is verbose, not a failure: it stays a suggestion.
    assert _one("minor", ["cat.text-alternatives", "best-practice"], "image-redundant-alt") is Severity.INFO


def test_the_catalog_header_documents_the_mapping():
    from cxlint.axe_catalog import CATALOG_PATH, render

    header = render([]).split("rules:")[0]
    assert CATALOG_PATH.read_text(encoding="utf-8").startswith(header)
    assert "never below warning" in header
    from cxlint.engines.axe import FAILS_A_CRITERION

    assert all(rule in header for rule in FAILS_A_CRITERION)
