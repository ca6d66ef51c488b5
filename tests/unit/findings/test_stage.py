"""The findings stage on its own (no browser): metadata, selection, per-URL ignores, severities,
inline suppression semantics, unused suppressions and baseline matching."""

from __future__ import annotations

import json

import pytest

from cxlint.findings.baseline import Baseline, BaselineError, entries_from, write
from cxlint.findings.stage import FindingsStage, StageSettings, url_matches
from cxlint.findings.suppress import Marker, PageMarkers
from cxlint.model import Finding, Location, Outcome, PageResult, Severity
from cxlint.registry import load_registry

REGISTRY = load_registry()
ALL = set(REGISTRY.rules)


def finding(rule: str, selector: str = "main > p", *, engine: str = "dom", severity: Severity = Severity.WARNING,
            outcome: Outcome = Outcome.VIOLATION, text: str = "") -> Finding:
    return Finding(rule=rule, name="", severity=severity, outcome=outcome, message=f"{rule} here",
                   category="", location=Location(selector=selector, snippet="<p>", text=text),
                   engine=engine)


def page(*findings: Finding, url: str = "http://127.0.0.1:8000/apply/step-1.html") -> PageResult:
    return PageResult(url=url, final_url=url, findings=list(findings))


def stage(**kw: object) -> FindingsStage:
    baseline = kw.pop("baseline", None)
    return FindingsStage(REGISTRY, StageSettings(**kw), baseline=baseline, running=ALL)  # type: ignore[arg-type]


def test_rule_metadata_comes_from_the_rule_files():
    p = page(finding("CX004", "html", engine="scanner", severity=Severity.ERROR))
    stage().process_page(p)
    f = p.findings[0]
    assert (f.name, f.category, f.severity) == ("not-html", "scan", Severity.WARNING)
    assert f.fingerprint.startswith("cx2-")


def test_axe_impact_is_capped_by_the_catalogue():
    best_practice = finding("axe/region", engine="axe", severity=Severity.ERROR)
    wcag = finding("axe/image-alt", engine="axe", severity=Severity.ERROR)
    minor = finding("axe/image-alt", "img.b", engine="axe", severity=Severity.INFO)
    p = page(best_practice, wcag, minor)
    stage().process_page(p)
    assert [f.severity for f in p.findings] == [Severity.WARNING, Severity.ERROR, Severity.INFO]


@pytest.mark.parametrize(
    ("settings", "kept"),
    [
        ({}, ["PL101", "PL112", "axe/region", "FED101"]),
        ({"ignore": ["PL"]}, ["axe/region", "FED101"]),
        ({"select": ["PL"], "ignore": ["PL112"]}, ["PL101"]),
        ({"ignore": ["best-practice"]}, ["PL101", "PL112", "FED101"]),
        ({"per_url_ignores": {"/apply/**": ["PL"]}}, ["axe/region", "FED101"]),
        ({"per_url_ignores": {"/news/*": ["PL"]}}, ["PL101", "PL112", "axe/region", "FED101"]),
        ({"per_url_ignores": {"re:step-\\d": ["federal"]}}, ["PL101", "PL112", "axe/region"]),
    ],
)
def test_selection_and_per_url_ignores(settings, kept):
    p = page(finding("PL101", "main"), finding("PL112"), finding("axe/region", engine="axe"), finding("FED101", "html"))
    stage(**settings).process_page(p)
    assert [f.rule for f in p.findings] == kept
    dropped = 4 - len(kept)
    assert sum((p.metrics.get("suppressed") or {}).values()) == dropped


def test_severity_overrides():
    p = page(finding("PL101", "main"), finding("PL112"), finding("FED101", "html"))
    stage(severity={"PL": "info", "PL112": "error"}).process_page(p)
    assert [f.severity.value for f in p.findings] == ["info", "error", "error"]


@pytest.mark.parametrize(
    ("pattern", "url", "hit"),
    [
        ("/apply/*", "https://a.gov/apply/step-1.html", True),
        ("/apply/*", "https://a.gov/apply/x/step-1.html", False),
        ("/apply/**", "https://a.gov/apply/x/step-1.html", True),
        ("/", "https://a.gov/", True),
        ("/", "https://a.gov/news", False),
        ("re:\\?print=1", "https://a.gov/page?print=1", True),
        ("https://a.gov/*", "https://a.gov/x", True),
        ("re:[", "https://a.gov/x", False),
    ],
)
def test_url_patterns(pattern, url, hit):
    assert url_matches(pattern, url) is hit


def markers(*specs: tuple[str, str, tuple[str, ...]], covers: list[list[str]]) -> PageMarkers:
    return PageMarkers([Marker(id=i, kind=k, tokens=t, selector="#x") for i, k, t in specs], covers)


def test_inline_markers_suppress_what_they_name_and_cover():
    p = page(finding("PL112", "#a p"), finding("axe/image-alt", "#a img", engine="axe"), finding("PL112", "#b p"))
    m = markers(("a0", "attribute", ("pl112", "image-alt")), covers=[["a0"], ["a0"], []])
    stage().process_page(p, m)
    assert [(f.rule, f.location.selector) for f in p.findings] == [("PL112", "#b p")]
    assert p.metrics["suppressed"] == {"inline": 2}


def test_a_marker_that_names_another_rule_does_not_suppress():
    p = page(finding("PL112", "#a p"))
    stage().process_page(p, markers(("a0", "attribute", ("PL101",)), covers=[["a0"]]))
    rules = [f.rule for f in p.findings]
    assert "PL112" in rules


def test_unused_and_unknown_suppressions_are_reported():
    p = page(finding("axe/image-alt", "#a img", engine="axe"))
    m = markers(
        ("a0", "attribute", ("axe/image-alt",)),  # used
        ("a1", "attribute", ("FED101",)),  # covers nothing it names
        ("c0", "comment", ("FED9999",)),  # a typo
        ("a2", "attribute", ("PL101",)),  # plain language may have used it to leave text out of a measure
        covers=[["a0"]],
    )
    stage().process_page(p, m)
    unused = [f for f in p.findings if f.rule == "CX010"]
    assert [f.message for f in unused] == [
        'Unused data-cxlint-ignore "FED101": it suppressed nothing on this page',
        'Unused cxlint-disable comment "FED9999": it names no cxlint rule: FED9999',
    ]
    assert all(f.severity is Severity.WARNING and f.category == "scan" for f in unused)


def test_unused_is_not_judged_for_rules_that_did_not_run_here():
    p = page()
    p.metrics["not_applicable"] = {"FED101": "applies to the home page only"}
    FindingsStage(REGISTRY, running=ALL - {"FED102"}).process_page(
        p, markers(("a0", "attribute", ("FED101",)), ("a1", "attribute", ("FED102",)), covers=[])
    )
    assert p.findings == []


def test_unused_suppressions_can_themselves_be_ignored():
    p = page()
    stage(ignore=["CX010"]).process_page(p, markers(("a0", "attribute", ("FED101",)), covers=[]))
    assert p.findings == []


def test_baseline_counts_occurrences(tmp_path):
    twins = [finding("axe/image-alt", "li:nth-child(1) > img", engine="axe"),
             finding("axe/image-alt", "li:nth-child(2) > img", engine="axe")]
    p = page(*twins)
    stage().process_page(p)
    assert p.findings[0].fingerprint == p.findings[1].fingerprint  # identical elements share one
    path = tmp_path / "baseline.json"
    write(path, entries_from([(p.url, p.findings[:1])]), {})
    again = page(*[finding("axe/image-alt", f"li:nth-child({i}) > img", engine="axe") for i in (1, 2, 3)],
                 url="http://localhost:5000/apply/step-1.html")
    stage(baseline=Baseline.load(path)).process_page(again)
    assert [f.baselined for f in again.findings] == [True, False, False]


def test_needs_review_is_never_baselined_and_never_written(tmp_path):
    review = finding("A11Y101", outcome=Outcome.NEEDS_REVIEW)
    assert entries_from([("https://a.gov/", [review])]) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ("{", "not valid JSON (line 1"),
        ('{"format": "other"}', "not a cxlint baseline file"),
        ('{"format": "cxlint-baseline", "fingerprint_version": 1, "findings": []}', "made with fingerprint version 1"),
        ('{"format": "cxlint-baseline", "fingerprint_version": 2, "findings": [{"rule": "PL101"}]}',
         "findings[0] needs a fingerprint and a rule"),
        ('{"format": "cxlint-baseline", "fingerprint_version": 2, "findings": [{"rule": "PL101", '
         '"fingerprint": "abc"}]}', "findings[0] has a bad fingerprint or count"),
    ],
)
def test_bad_baseline_files_are_one_line(tmp_path, content, message):
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BaselineError) as e:
        Baseline.load(path)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_baseline_file_is_sorted_and_reviewable(tmp_path):
    p = page(finding("PL112", "#b"), finding("FED101", "html"), finding("PL112", "#a"))
    stage().process_page(p)
    path = tmp_path / "b.json"
    write(path, entries_from([(p.url, p.findings)]), {"tool_version": "x"})
    data = json.loads(path.read_text())
    assert [e["rule"] for e in data["findings"]] == ["FED101", "PL112", "PL112"]
    assert {e["page"] for e in data["findings"]} == {"/apply/step-1.html"}


def test_rule_files_decide_what_runs_axe_catalogue_included():
    """``enabled: false`` in a rule file (the axe catalogue too) switches a rule off unless it is named exactly."""
    from cxlint.config import build_plan
    from cxlint.engines import load_rules
    from cxlint.scanner import PageScanner, running_rules

    registry = load_rules()
    registry.rules["axe/region"].spec.enabled = False
    plan = build_plan({"ignore": ["PL112"]})
    settings = StageSettings(ignore=["PL112"])
    running = running_rules(registry, plan, settings)
    assert "axe/region" not in running and "PL112" not in running and "axe/image-alt" in running
    scanner = PageScanner.from_plan(plan, registry, ["http://127.0.0.1:1/"])
    assert "region" in scanner.opts.disabled_axe_rules and "image-alt" not in scanner.opts.disabled_axe_rules
    named = PageScanner.from_plan(build_plan({"select": ["axe/region"]}), registry, ["http://127.0.0.1:1/"])
    assert "region" not in named.opts.disabled_axe_rules
    assert "image-alt" in named.opts.disabled_axe_rules  # select replaces the default


def test_wcag_profile_and_checks_decide_what_runs():
    from cxlint.config import build_plan
    from cxlint.engines import load_rules
    from cxlint.scanner import running_rules

    registry = load_rules()
    wcag20 = running_rules(registry, build_plan({"standard": "wcag20aa", "checks": ["accessibility"]}), StageSettings())
    wcag22 = running_rules(registry, build_plan({"standard": "wcag22aa", "checks": ["accessibility"]}), StageSettings())
    assert "A11Y203" not in wcag20 and "A11Y203" in wcag22  # target size is WCAG 2.2
    assert not any(c.startswith(("PL", "FED")) for c in wcag22)
    assert "CX001" in wcag22  # scan integrity always runs


def test_axe_is_not_injected_when_no_axe_rule_runs():
    """Selecting only cxlint's own rules leaves axe out of the page flow (it would run nothing)."""
    from cxlint.config import build_plan
    from cxlint.engines import load_rules
    from cxlint.scanner import PageScanner

    registry = load_rules()
    start = ["http://127.0.0.1:1/"]
    assert "axe" not in PageScanner.from_plan(build_plan({"select": ["A11Y507"]}), registry, start).opts.engines
    assert "axe" in PageScanner.from_plan(build_plan({"select": ["A11Y507", "axe/region"]}), registry, start).opts.engines
    assert "axe" in PageScanner.from_plan(build_plan({}), registry, start).opts.engines
    assert "axe" not in PageScanner.from_plan(build_plan({"checks": ["federal"]}), registry, start).opts.engines
