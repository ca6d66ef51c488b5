"""Rule files: strict validation with precise errors, and one bad file never hides the others."""

from __future__ import annotations

from pathlib import Path

import yaml

from cxlint.registry import load_registry

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
    assert "unknown key 'severty' (did you mean 'severity'?)" in str(reg.errors[0])
    assert "bad.yaml" in str(reg.errors[0])


def test_unknown_kind_suggests_the_closest(tmp_path):
    write(tmp_path, "bad.yaml", {**GOOD, "kind": "scna"})
    reg = load_registry([tmp_path])
    assert "unknown kind 'scna' (did you mean 'scan'?)" in str(reg.errors[0])


def test_bad_option_is_named(tmp_path):
    from cxlint.engines import load_rules

    write(tmp_path, "bad.yaml", {**GOOD, "options": {"reasons": "not-a-list"}})
    reg = load_rules([tmp_path], bundled=False)
    assert "options.reasons: Input should be a valid list (got 'not-a-list')" in str(reg.errors[0])


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


def test_every_failure_reason_is_claimed_by_exactly_one_scan_rule():
    """The scan rules' YAML is authoritative: each reason key the scanner emits names one rule."""
    from cxlint import scanner

    keys = {r.key for _, r in scanner._NET_ERRORS} | {scanner.TIMED_OUT.key, scanner.CRASHED.key}
    keys |= {"http-status", "content-type", "network"}
    claimed: dict[str, list[str]] = {}
    for rule in load_registry().by_category("scan"):
        for key in rule.spec.options.get("reasons", []):
            claimed.setdefault(key, []).append(rule.code)
    for key in keys:
        assert len(claimed.get(key, [])) == 1, key
    # and the finding takes code, name and severity from that file
    page = scanner.failed_page("https://a.gov/x.pdf", scanner.FailureReason("content-type", "a PDF"))
    spec = load_registry().rules[page.findings[0].rule].spec
    assert (page.findings[0].name, page.findings[0].severity) == (spec.name, spec.severity)
    assert spec.code == "CX004" and spec.severity.value == "warning"


def test_errors_name_the_line_of_the_key(tmp_path):
    (tmp_path / "rules.yaml").write_text(
        "rules:\n"
        "  - code: CX901\n    name: good-rule\n    category: scan\n    kind: scan\n    severity: error\n"
        "    summary: A good rule.\n    rationale: Because tests need one.\n    help: Nothing to fix.\n"
        "    source: tests\n"
        "  - code: CX902\n    name: bad-rule\n    category: scan\n    kind: scan\n    severity: fatal\n"
        "    summary: A bad rule.\n    rationale: Because tests need one.\n    help: Nothing to fix.\n"
        "    source: tests\n"
    )
    reg = load_registry([tmp_path])
    assert list(reg.rules) == ["CX901"]
    assert str(reg.errors[0]).startswith(f"{tmp_path / 'rules.yaml'}:15: rule CX902: severity:")


def test_yaml_syntax_errors_name_the_line(tmp_path):
    (tmp_path / "broken.yaml").write_text("code: CX901\nname: [unclosed\nkind: scan\n")
    reg = load_registry([tmp_path])
    assert ":3:" in str(reg.errors[0]) or ":2:" in str(reg.errors[0])


def test_unknown_option_key_suggests_the_closest(tmp_path):
    import cxlint.engines  # noqa: F401  (the DOM kinds' option models)

    rule = {**GOOD, "code": "FED901", "category": "federal", "kind": "dom-query",
            "options": {"selector": "a", "mesage": "x"}}
    write(tmp_path, "bad.yaml", rule)
    reg = load_registry([tmp_path])
    assert "unknown key 'options.mesage' (did you mean 'message'?)" in str(reg.errors[0])


def test_rule_data_loads_without_importing_engines_or_playwright():
    import subprocess
    import sys

    code = (
        "import sys; from cxlint.registry import load_registry; from cxlint.config import build_plan\n"
        "reg = load_registry(); build_plan({})\n"
        "assert not reg.errors, reg.errors\n"
        "bad = [m for m in sys.modules if m.startswith(('playwright', 'cxlint.engines', 'cxlint.dom', 'cxlint.text'))]\n"
        "assert not bad, bad\n"
        "assert len(reg.rules) > 150 and not reg.rules['PL101'].bound\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_the_static_kind_list_matches_what_engines_register():
    from cxlint.engines import load_rules
    from cxlint.registry import KIND_NAMES, kinds

    assert set(kinds()) == set(KIND_NAMES)
    assert all(r.bound for r in load_rules().rules.values())


def test_a_user_rule_folder_with_a_broken_file_leaves_the_others_working(tmp_path):
    from cxlint.engines import load_rules

    write(tmp_path, "good.yaml", GOOD)
    write(tmp_path, "bad.yaml", {**GOOD, "code": "CX902", "kind": "scna"})
    reg = load_rules([tmp_path])
    assert "CX901" in reg.rules and "PL101" in reg.rules
    assert len(reg.errors) == 1
    assert "bad.yaml:4: rule CX902: unknown kind 'scna' (did you mean 'scan'?)" in str(reg.errors[0])
