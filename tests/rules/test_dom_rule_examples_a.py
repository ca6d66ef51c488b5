"""DOM rule examples, share 1 of the ``PARTS`` in tests/rules/dom_examples.py (one file per share, so
the parallel test workers split them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cxlint.registry import Rule
from tests.rules.dom_examples import PARTS, all_example_ids, check_example, example_ids

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("code", "which", "index"), example_ids(0))
def test_rule_example(
    code: str, which: str, index: int, dom_rules: dict[str, Rule], chromium: Any, route_server: Any
) -> None:
    check_example(code, which, index, dom_rules, chromium, route_server)


def test_the_parts_take_every_example_once() -> None:
    files = sorted(Path(__file__).parent.glob("test_dom_rule_examples_*.py"))
    assert len(files) == PARTS, files
    shared = [ex for part in range(PARTS) for ex in example_ids(part)]
    assert sorted(shared) == sorted(all_example_ids()) and len(set(shared)) == len(shared)
