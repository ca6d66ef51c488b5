"""results.json 2.0: valid against the shipped schema, rules once, typed metrics, links apart, lossless."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import cxlint
from cxlint.report import ResultSource
from cxlint.report.source import JsonFileSource, ReportError
from tests.support.report_run import golden_run
from tests.unit.report.conftest import render_all

SCHEMA = json.loads((Path(cxlint.__file__).parent / "schemas" / "results.schema.json").read_text())


@pytest.fixture
def data(rendered) -> dict:
    return json.loads(rendered["results.json"])


def test_validates_against_the_shipped_schema(data):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == "2.0"


def test_the_schema_rejects_what_2_0_took_out(data):
    leaked = json.loads(json.dumps(data))
    leaked["pages"][0]["metrics"]["facts"] = {"title": "x"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(leaked, SCHEMA)
    copied = json.loads(json.dumps(data))
    copied["pages"][0]["findings"][0]["help_url"] = "https://example.gov/"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(copied, SCHEMA)
    empty = json.loads(json.dumps(data))
    empty["rules"]["FED201"]["help_url"] = ""
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(empty, SCHEMA)


def test_counts_scope_and_separation(data):
    assert data["summary"]["findings"] == {"error": 4, "warning": 3, "info": 1, "needs-review": 1}
    assert data["summary"]["pages"] == {"scanned": 2, "failed": 1, "skipped": 1}
    assert [p["status"] for p in data["pages"]] == ["scanned", "scanned", "failed"]
    assert data["links_not_followed"] == [{"url": "https://www.usa.gov/", "state": "skipped", "reason": "out of scope", "depth": 1}]
    scope = data["scope"]
    assert scope["not_applicable"] == [{"rule": "FED103", "reason": "loopback host: production-only rule", "pages": 2}]
    assert scope["site_not_applicable"] == {"FED106": "loopback host: production-only rule"}
    assert scope["not_followed"] == {"out of scope": 1}
    assert "PL102" in scope["rules_run"] and "A11Y401" in scope["rules_run"]
    assert data["verdict"] is None


def test_rule_metadata_is_written_once_and_findings_keep_their_own(data):
    assert set(data["rules"]) == {"axe/image-alt", "axe/color-contrast", "PL106", "PL102", "A11Y304", "FED201", "CX003", "FED310"}
    finding = data["pages"][0]["findings"][0]
    assert set(finding) == {"rule", "severity", "outcome", "message", "suggestion", "location", "wcag", "data",
                            "fingerprint", "baselined"}
    assert data["rules"]["A11Y304"]["help_url"] == "https://www.w3.org/WAI/WCAG22/Understanding/labels-or-instructions.html"
    assert "facts" not in data["pages"][0]["metrics"]
    assert data["pages"][0]["metrics"]["plain_language_score"] == 71.5


def test_every_checked_rule_has_a_help_url(full_registry):
    missing = [
        code for code, rule in full_registry.rules.items()
        if rule.spec.category in ("accessibility", "federal", "plain-language")
        and not ResultSource(golden_run(), full_registry).catalog().get(code).help_url.startswith("https://")
    ]
    assert missing == []


def test_verdict_and_plan_pass_through(tmp_path, registry):
    run = golden_run()
    run.meta.verdict = {"passed": False, "reasons": ["4 errors at or above error"], "fail_on": "error"}
    run.meta.plan = {"checks": ["accessibility"], "standard": "wcag21aa"}
    data = json.loads(render_all(ResultSource(run, registry), tmp_path)["results.json"])
    jsonschema.validate(data, SCHEMA)
    assert data["verdict"]["passed"] is False and data["verdict"]["reasons"] == ["4 errors at or above error"]
    assert data["meta"]["plan"] == {"checks": ["accessibility"], "standard": "wcag21aa"}
    assert "verdict" not in data["meta"]
    assert data["scope"]["categories"] == ["accessibility"]


def test_results_file_renders_every_format_the_same(rendered, tmp_path, registry):
    path = tmp_path / "results.json"
    path.write_text(rendered["results.json"], encoding="utf-8")
    with JsonFileSource(path, registry) as source:
        again = render_all(source, tmp_path / "again")
    assert again == rendered


def test_a_1_0_results_file_still_renders(tmp_path, registry):
    run = golden_run()
    path = tmp_path / "old.json"
    path.write_text(json.dumps({**run.to_dict(), "schema_version": "1.0"}), encoding="utf-8")
    with JsonFileSource(path, registry) as source:
        again = render_all(source, tmp_path / "again")
    data = json.loads(again["results.json"])
    jsonschema.validate(data, SCHEMA)
    assert data["summary"]["findings"] == {"error": 4, "warning": 3, "info": 1, "needs-review": 1}


@pytest.mark.parametrize(
    "content, message",
    [("not json", "not a cxlint results file"), ('{"a": 1}', "not a cxlint results file"),
     ('{"schema_version": "9.0", "meta": {}}', "schema_version 9.0")],
)
def test_a_bad_results_file_is_one_line(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ReportError, match=message) as exc:
        JsonFileSource(path)
    assert "\n" not in str(exc.value)
