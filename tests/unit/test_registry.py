"""Rule files: strict validation with precise errors, and one bad file never hides the others."""

from __future__ import annotations

from pathlib import Path

import yaml

from cxlint.registry import load_registry
from cxlint.resources import SEVERITY as RESOURCE_SEVERITY
from cxlint.scanner import FAILURE_SEVERITY

GOOD = {
    "code": "CX901",
    "name": "good-rule",
    "category": "scan",
    "kind": "scan",
    "severity": "error",
    "summary": "A good rule.",
    "rationale": "Because tests need one.",
    "help": "Nothing to fix.",
    "source": "tests",
}


def write(tmp: Path, name: str, data: object) -> None:
    (tmp / name).write_text(yaml.safe_dump(data))


def test_bundled_rules_load_without_errors():
    reg = load_registry()
    assert reg.errors == []
    assert "axe/image-alt" in reg.rules and "CX003" in reg.rules


def test_unknown_key_is_named(tmp_path):
    write(tmp_path, "bad.yaml", {**GOOD, "severty": "error"})
    reg = load_registry([tmp_path])
    assert reg.rules == {}
    assert "unknown key 'severty'" in str(reg.errors[0])
    assert "bad.yaml" in str(reg.errors[0])


def test_unknown_kind_suggests_the_closest(tmp_path):
    write(tmp_path, "bad.yaml", {**GOOD, "kind": "scna"})
    reg = load_registry([tmp_path])
    assert "unknown kind 'scna' (did you mean 'scan'?)" in str(reg.errors[0])


def test_bad_option_is_named(tmp_path):
    write(tmp_path, "bad.yaml", {**GOOD, "options": {"reasons": "not-a-list"}})
    reg = load_registry([tmp_path])
    assert "options: reasons" in str(reg.errors[0])


def test_one_broken_file_does_not_take_down_the_others(tmp_path):
    (tmp_path / "broken.yaml").write_text("code: [unclosed\n")
    write(tmp_path, "good.yaml", GOOD)
    reg = load_registry([tmp_path])
    assert list(reg.rules) == ["CX901"]
    assert len(reg.errors) == 1 and "broken.yaml" in str(reg.errors[0])


def test_duplicate_codes_are_reported(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", {**GOOD, "name": "other"})
    reg = load_registry([tmp_path])
    assert "duplicate rule code CX901" in str(reg.errors[0])


def test_every_rule_is_documented():
    for rule in load_registry().rules.values():
        s = rule.spec
        assert s.summary and s.rationale and s.help and s.source, s.code


def test_every_cxlint_rule_has_pass_and_fail_examples():
    for rule in load_registry().rules.values():
        if rule.spec.kind == "axe":
            continue  # axe-core's own test suite covers its rules
        assert rule.spec.examples.passing and rule.spec.examples.failing, rule.code


def test_scanner_severities_match_the_scan_rules():
    reg = load_registry()
    for rule in reg.by_category("scan"):
        if rule.code == "CX007":
            continue  # raised by the axe engine as needs-review, not by the scanner
        expected = RESOURCE_SEVERITY if rule.code == "CX008" else FAILURE_SEVERITY.get(rule.code)
        assert (expected.value if expected else "error") == rule.spec.severity.value, rule.code
