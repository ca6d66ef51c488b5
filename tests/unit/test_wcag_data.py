"""WCAG criteria data: complete for A/AA in 2.0, 2.1 and 2.2, and the Section 508 mapping exact."""

from __future__ import annotations

from collections import Counter

from cxlint.registry import load_registry
from cxlint.report.wcag import criteria, criterion


def test_every_a_and_aa_criterion_of_each_version_is_there():
    added = Counter(c.since for c in criteria().values() if c.level in ("A", "AA"))
    # WCAG 2.0 has 38 A/AA criteria (25 A, 13 AA); 2.1 adds 12 (5 A, 7 AA); 2.2 adds 6 (2 A, 4 AA).
    assert added == {"2.0": 38, "2.1": 12, "2.2": 6}
    levels = Counter((c.since, c.level) for c in criteria().values())
    assert levels[("2.0", "A")] == 25 and levels[("2.1", "A")] == 5 and levels[("2.2", "AA")] == 4
    assert len(criteria()) == 87  # every criterion of WCAG 2.2, plus 4.1.1 Parsing (removed in 2.2)


def test_every_criterion_a_rule_cites_is_named():
    cited = {sc for rule in load_registry().rules.values() for sc in rule.spec.wcag}
    assert cited and not [sc for sc in cited if not criterion(sc).name]


def test_section_508_incorporates_wcag_20_a_and_aa_only():
    assert criterion("1.4.3").section508.startswith("Section 508 E205.4")
    assert criterion("4.1.2").label == "4.1.2 Name, Role, Value (Level A)"
    assert "E207.2" in criterion("2.4.1").section508 and "except non-web software" in criterion("2.4.1").section508
    assert criterion("1.4.10").section508.startswith("Not a Section 508 requirement (added in WCAG 2.1")
    assert criterion("2.5.8").section508.startswith("Not a Section 508 requirement (added in WCAG 2.2")
    assert criterion("1.4.6").section508 == "Not a Section 508 requirement (Level AAA)"
    assert criterion("4.1.1").is_508 and criterion("4.1.1").removed == "2.2"
    assert criterion("9.9.9").label == "9.9.9"
