"""Selection truth tables: one grammar for --select/--ignore, per-URL ignores, severities and inline markers."""

from __future__ import annotations

import pytest

from cxlint.findings.selectors import EXACT, RuleRef, Selection, severity_for, specificity, split_tokens

PL101 = RuleRef("PL101", "reading-grade", "plain-language", ("guidance",))
PL112 = RuleRef("PL112", "long-words", "plain-language")
IMAGE_ALT = RuleRef("axe/image-alt", "image-alt", "accessibility", ("wcag2a", "wcag111", "section508"))
REGION = RuleRef("axe/region", "region", "accessibility", ("best-practice",))
FED101 = RuleRef("FED101", "federal-banner", "federal", aliases=("FED001",))


@pytest.mark.parametrize(
    ("token", "rule", "named"),
    [
        ("PL101", PL101, True),
        ("pl101", PL101, True),  # case never matters
        ("reading-grade", PL101, True),
        ("PL", PL101, True),
        ("PL1", PL101, True),
        ("PL10", PL101, True),
        ("PL2", PL101, False),
        ("P", PL101, True),
        ("plain-language", PL101, True),
        ("accessibility", PL101, False),
        ("all", PL101, True),
        ("axe/image-alt", IMAGE_ALT, True),
        ("image-alt", IMAGE_ALT, True),
        ("axe/", IMAGE_ALT, True),
        ("wcag111", IMAGE_ALT, True),
        ("section508", IMAGE_ALT, True),
        ("best-practice", IMAGE_ALT, False),
        ("best-practice", REGION, True),
        ("FED001", FED101, True),  # an old code keeps working
        ("PL1O1", PL101, False),
        ("", PL101, False),
    ],
)
def test_what_a_token_names(token, rule, named):
    assert bool(specificity(token, rule)) is named


def test_specificity_orders_all_category_tag_prefix_code():
    order = ["all", "accessibility", "wcag2a", "axe/", "axe/image-alt"]
    levels = [specificity(t, IMAGE_ALT) for t in order]
    assert levels == sorted(levels) and len(set(levels)) == len(levels)
    assert specificity("PL", PL101) < specificity("PL1", PL101) < specificity("PL101", PL101) == EXACT


@pytest.mark.parametrize(
    ("select", "ignore", "rule", "kept"),
    [
        ([], [], PL101, True),  # default: every enabled rule
        ([], ["PL"], PL101, False),
        ([], ["PL"], IMAGE_ALT, True),
        (["PL"], [], IMAGE_ALT, False),  # select replaces the default
        (["PL"], ["PL101"], PL101, False),  # the more specific ignore wins
        (["PL101"], ["PL"], PL101, True),  # the more specific select wins
        (["PL1"], ["PL"], PL112, True),
        (["PL"], ["PL"], PL101, False),  # a tie: ignoring wins
        ([], ["wcag2a"], IMAGE_ALT, False),
        (["wcag2a"], ["axe/image-alt"], IMAGE_ALT, False),
        (["accessibility"], ["best-practice"], REGION, False),
        (["accessibility"], ["best-practice"], IMAGE_ALT, True),
        (["all"], ["plain-language"], PL101, False),
        ([], ["reading-grade"], PL101, False),
    ],
)
def test_select_and_ignore(select, ignore, rule, kept):
    assert Selection(select, ignore).keeps(rule) is kept


def test_a_rule_switched_off_in_its_file_runs_only_when_named_exactly():
    assert not Selection([], []).keeps(PL101, enabled=False)
    assert not Selection(["PL"], []).keeps(PL101, enabled=False)
    assert Selection(["PL101"], []).keeps(PL101, enabled=False)


def test_severity_overrides_take_the_most_specific_entry():
    table = {"PL": "info", "PL101": "error", "accessibility": "warning"}
    assert severity_for(table, PL101) == "error"
    assert severity_for(table, PL112) == "info"
    assert severity_for(table, IMAGE_ALT) == "warning"
    assert severity_for(table, FED101) is None


def test_tokens_split_on_commas_and_spaces():
    assert split_tokens(" PL101, PL102  axe/region ") == ["PL101", "PL102", "axe/region"]
