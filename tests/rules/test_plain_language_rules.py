"""Every plain-language rule's documentation and examples, executed (docs cannot rot).

A fail example must produce at least one finding of its rule; a pass example none of it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cxlint.registry import RULES_DIR, Rule, load_registry
from cxlint.text import lists
from cxlint.text.context import SCOPES
from cxlint.text.engine import check_html
from cxlint.text.examples import example_html
from cxlint.text.kinds import KINDS

PL_DIR = RULES_DIR / "plain-language"
REGISTRY = load_registry([PL_DIR])
RULES = REGISTRY.by_category("plain-language")
REQUIRED = {
    "PL101": "reading-grade", "PL102": "long-sentence", "PL103": "sentence-average", "PL104": "long-paragraph",
    "PL105": "passive-voice", "PL106": "simple-words", "PL107": "legalese", "PL108": "shall",
    "PL109": "undefined-abbreviation", "PL110": "too-many-abbreviations", "PL111": "all-caps",
    "PL112": "long-words", "PL113": "wall-of-text", "PL114": "vague-link-text", "PL115": "double-negative",
    "PL116": "hidden-verb", "PL117": "address-the-reader", "PL118": "paragraph-hard-limit", "PL119": "dirty-dozen",
}  # fmt: skip


def _examples(kind: str) -> list[tuple[str, int, Any]]:
    out = []
    for rule in RULES:
        exs = rule.spec.examples.failing if kind == "fail" else rule.spec.examples.passing
        out += [(rule.code, i, ex) for i, ex in enumerate(exs)]
    return out


def _codes_for(example: Any) -> list[tuple[str, str]]:
    result = check_html(example_html(example), "https://www.example.gov/example", RULES)
    assert result.metrics["checked"], result.metrics["reason"]
    return [(f.rule, f.location.text) for f in result.findings]


@pytest.mark.parametrize(("code", "i", "example"), _examples("fail"), ids=lambda v: str(v)[:30])
def test_fail_example_is_found(code: str, i: int, example: Any) -> None:
    found = _codes_for(example)
    assert any(r == code for r, _ in found), f"{code} fail example {i} produced no {code} finding: {found}"


@pytest.mark.parametrize(("code", "i", "example"), _examples("pass"), ids=lambda v: str(v)[:30])
def test_pass_example_is_clean(code: str, i: int, example: Any) -> None:
    found = [f for f in _codes_for(example) if f[0] == code]
    assert not found, f"{code} pass example {i} produced {found}"


def test_rule_pack_loads_without_errors() -> None:
    assert [str(e) for e in REGISTRY.errors] == []
    assert {c: r.spec.name for c, r in REGISTRY.rules.items() if c in REQUIRED} == REQUIRED


def test_every_kind_is_used_by_a_rule() -> None:
    assert {r.spec.kind for r in RULES} == set(KINDS)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    spec = rule.spec
    assert spec.category == "plain-language"
    assert rule.path.name.startswith(f"{spec.code}-{spec.name}.")
    assert spec.examples.failing and spec.examples.passing, "each rule needs pass and fail examples"
    assert re.search(r"FPLG|plainlanguage\.gov|HHS|GOV\.UK|18F|WCAG", spec.source), "cite the standard"
    assert spec.help_url.startswith("https://")
    assert set(spec.scope) <= SCOPES


def test_data_files_keep_their_source_header() -> None:
    for path in sorted((PL_DIR / "data").iterdir()):
        head = path.read_text(encoding="utf-8").splitlines()[:3]
        assert any(line.startswith("#") and re.search(r"source|copied|extracted from", line, re.I) for line in head), (
            path.name
        )


def test_simple_words_list_is_complete() -> None:
    rows = lists.load("simple_words.tsv")
    assert len(rows) == 237
    assert sum(r["flag"] == "dirty-dozen" for r in rows) == 12
    assert len(lists.words("fplg_lists.yml#legalese")) == 15


def test_unknown_option_is_rejected(tmp_path: Path) -> None:
    bad = (
        (PL_DIR / "PL108-shall.yaml")
        .read_text(encoding="utf-8")
        .replace("  inflect: false", "  inflect: false\n  swapp: {}")
    )
    (tmp_path / "PL108-shall.yaml").write_text(bad, encoding="utf-8")
    from cxlint.engines import load_rules

    reg = load_rules([tmp_path], bundled=False)
    assert not reg.rules
    assert "unknown key 'options.swapp' (did you mean 'swap'?)" in str(reg.errors[0])


def test_a_rule_in_another_folder_finds_its_word_list(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "agency_words.txt").write_text("# Source: test\nsynergy\n", encoding="utf-8")
    rule = (PL_DIR / "PL123-filler-phrases.yaml").read_text(encoding="utf-8")
    rule = rule.replace("code: PL123", "code: PL901").replace("name: filler-phrases", "name: agency-words")
    rule = rule.replace("fplg_lists.yml#filler_phrases", "agency_words.txt")
    (tmp_path / "PL901-agency-words.yaml").write_text(rule, encoding="utf-8")
    reg = load_registry([tmp_path])
    result = check_html(example_html("We create synergy."), "u", reg.by_category("plain-language"))
    assert [f.location.text for f in result.findings] == ["synergy"]
