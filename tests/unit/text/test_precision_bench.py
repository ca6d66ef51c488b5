"""The plain-language precision bench samples deterministically, covers every rule and reads valid judgements."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "plain_language_precision.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("plain_language_precision", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_sample_is_deterministic_and_covers_every_rule_that_fires(bench: ModuleType) -> None:
    items = bench.findings()
    picked = bench.sample(items, 72)
    assert [i.key for i in picked] == [i.key for i in bench.sample(list(reversed(items)), 72)]
    assert len(picked) >= 60
    fired: dict[str, int] = {}
    for it in items:
        fired[it.rule] = fired.get(it.rule, 0) + 1
    chosen = {rule: sum(1 for it in picked if it.rule == rule) for rule in fired}
    assert all(chosen[rule] >= min(2, n) for rule, n in fired.items()), chosen


def test_judgements_are_well_formed_and_a_changed_wording_needs_a_new_one(bench: ModuleType) -> None:
    judged = bench.load_judgements()
    assert len(judged) >= 72
    item = bench.Item("PL108 | shall", "PL108", "doc", "'shall': Use 'must' instead of 'shall'.", "Use 'must'.")
    assert bench.verdict({item.key: [{"said": item.said, "verdict": "correct", "reason": "r"}]}, item)
    reworded = bench.Item(item.key, "PL108", "doc", "'shall': say 'must'.", "Use 'must'.")
    assert bench.verdict({item.key: [{"said": item.said, "verdict": "correct", "reason": "r"}]}, reworded) is None
    report = bench.report([item, reworded], {item.key: [{"said": item.said, "verdict": "wrong", "reason": "r"}]})
    assert report["total"]["wrong"] == 1 and report["unjudged"] == [reworded]


def test_agreement_discounts_chance_with_cohens_kappa(bench: ModuleType) -> None:
    pairs = [("correct", "correct"), ("correct", "correct"), ("correct", "wrong"), ("wrong", "wrong")]
    observed, chance, kappa = bench.agreement(pairs)
    # Chance agreement: first says correct 3/4, second 2/4 -> 3/8 + 1/8 = 1/2; kappa = (3/4 - 1/2) / (1 - 1/2).
    assert observed == 0.75 and chance == 0.5 and kappa == pytest.approx(0.5)
    assert bench.agreement([("correct", "correct")] * 5) == (1.0, 1.0, None)
    assert bench.agreement([("correct", "wrong"), ("wrong", "correct")])[2] == pytest.approx(-1.0)


def test_second_reviewer_judged_the_same_sample_independently_in_the_same_format(bench: ModuleType) -> None:
    second = bench.load_judgements(bench.SECOND)
    picked = bench.sample(bench.findings(), 72)
    judged = [it for it in picked if bench.verdict(second, it)]
    assert len(judged) == len(picked)
    assert bench.REVIEWERS == {"first": bench.JUDGEMENTS, "second": bench.SECOND}
