"""DOM rule examples, share 3 of the ``PARTS`` in tests/rules/dom_examples.py (one file per share, so
the parallel test workers split them)."""

from __future__ import annotations

from typing import Any

import pytest

from cxlint.registry import Rule
from tests.rules.dom_examples import check_example, example_ids

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("code", "which", "index"), example_ids(2))
def test_rule_example(
    code: str, which: str, index: int, dom_rules: dict[str, Rule], chromium: Any, route_server: Any
) -> None:
    check_example(code, which, index, dom_rules, chromium, route_server)
