"""JUnit XML as Jenkins and GitLab read it, CSV safe in a spreadsheet, Markdown that fits a PR comment."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from cxlint.model import Finding, Location, Outcome, PageResult, Severity
from cxlint.report import ReportOptions, ResultSource, write_reports
from cxlint.report.csv_report import neutralise
from cxlint.report.markdown import MAX_CHARS, md
from tests.support.report_run import golden_run
from tests.unit.report.conftest import render_all


def _suites(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))


def test_junit_has_a_suite_per_page_and_a_case_per_rule(rendered):
    root = _suites(rendered["results.junit.xml"])
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["/", "/apply/step-1.html", "/missing.html", "whole site"]
    for s in suites:
        cases = s.findall("testcase")
        assert int(s.get("tests")) == len(cases)
        assert int(s.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(s.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
        for c in cases:  # what GitLab's parser reads
            assert c.get("classname") and c.get("name") and c.get("time") is not None
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)
    home = {c.get("name").split()[0]: c for c in suites[0].findall("testcase")}
    assert home["axe/image-alt"].find("failure").get("message").startswith("2 × ")
    assert home["FED103"].find("skipped").get("message") == "not applicable: loopback host: production-only rule"
    assert home["PL102"].find("failure") is None and "below --fail-on" in home["PL102"].find("system-out").text
    assert home["axe/color-contrast"].find("failure") is None  # needs review never fails a build
    assert home["FED201"].find("failure") is None and len(list(home["FED201"])) == 0  # passed
    assert {c.get("file") for c in suites[1]} == {"build/apply/step-1.html"}


def test_junit_follows_fail_on(tmp_path, registry):
    text = render_all(ResultSource(golden_run(), registry), tmp_path, ReportOptions(fail_on="warning"))
    home = {c.get("name").split()[0]: c for c in _suites(text["results.junit.xml"]).find("testsuite")}
    assert home["PL102"].find("failure") is not None
    assert home["PL106"].find("failure") is None


def test_junit_survives_control_characters(tmp_path, registry):
    run = golden_run()
    run.pages[0].findings[0].message = "bad \x00\x08 text ]]> <tag>"
    _suites(render_all(ResultSource(run, registry), tmp_path)["results.junit.xml"])


def test_csv_has_a_row_per_finding_and_defuses_formulas(rendered):
    text = rendered["results.csv"].lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 9
    cells = [v for row in rows for v in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    texts = {row["rule"]: row["text"] for row in rows}
    assert texts["PL106"] == "'=HYPERLINK(\"http://evil.example\",\"utilize\")"
    assert texts["PL102"] == "'+1 more sentence that goes on | and on"
    assert texts["A11Y304"] == "'@you"


def test_neutralise():
    assert [neutralise(x) for x in ("=1+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "a=b")] == [
        "'=1+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", "a=b"]


def test_markdown_escapes_page_text():
    assert md("[click](javascript:alert(1)) <img src=x>") == (
        "\\[click\\]\\(javascript:alert\\(1\\)\\) &lt;img src=x&gt;")


def test_markdown_summary_and_rules(rendered):
    text = rendered["results.md"]
    assert text.startswith("## cxlint: ❌ failed")
    assert "| 4 | 3 | 1 | 1 |" in text
    assert "**FED310**" in text and "2 pages" in text.split("**FED310**")[1].split("\n")[0]
    assert "<script" not in text


def _huge_run(rules: int, pages: int):
    run = golden_run()
    run.pages = []
    for i in range(pages):
        url = f"http://127.0.0.1:8123/forms/{i}.html"
        findings = [
            Finding(rule=f"X{n:03d}", name=f"rule-{n}", severity=Severity.ERROR, outcome=Outcome.VIOLATION,
                    message="A long message " * 20, category="accessibility",
                    location=Location(selector=f"#el-{n}", text="quoted text " * 30))
            for n in range(rules)
        ]
        run.pages.append(PageResult(url=url, final_url=url, findings=findings))
    return run


def _markdown(tmp_path, registry, run) -> str:
    [path] = write_reports(ResultSource(run, registry), ["markdown"], tmp_path)
    return path.read_text(encoding="utf-8")


def test_markdown_fits_a_github_comment(tmp_path, registry):
    small = _markdown(tmp_path / "small", registry, _huge_run(5, 3))
    assert "<details>" in small and "left out" not in small
    fewer_details = _markdown(tmp_path / "mid", registry, _huge_run(120, 30))
    assert len(fewer_details) <= MAX_CHARS and "<details>" not in fewer_details
    assert fewer_details.count("**X") == 120
    cut = _markdown(tmp_path / "big", registry, _huge_run(700, 2))
    assert len(cut) <= MAX_CHARS
    assert "more rules left out to fit a comment; see results.json" in cut


def test_findings_the_baseline_accepts_never_fail_and_are_not_listed_as_new(tmp_path, registry):
    import json

    run = golden_run()
    run.meta.baseline = {"file": ".cxlint/baseline.json", "new": 6, "known": 2}
    for f in run.pages[0].findings[:2]:  # both axe/image-alt
        f.baselined = True
    text = render_all(ResultSource(run, registry), tmp_path)
    home = {c.get("name").split()[0]: c for c in _suites(text["results.junit.xml"]).find("testsuite")}
    assert home["axe/image-alt"].find("failure") is None
    states = {(r["ruleId"], r["baselineState"]) for r in json.loads(text["results.sarif"])["runs"][0]["results"]}
    assert ("axe/image-alt", "unchanged") in states and ("A11Y304", "new") in states
    assert "**axe/image\\-alt**" not in text["results.md"] and "2 known findings accepted" in text["results.md"]
    assert "img.logo" not in text["console.txt"] and "#email" in text["console.txt"]
    rows = list(csv.DictReader(io.StringIO(text["results.csv"].lstrip("\ufeff"))))
    assert [r["baselined"] for r in rows if r["rule"] == "axe/image-alt"] == ["yes", "yes"]
