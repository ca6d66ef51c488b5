"""Cases as data: cases.yaml holds text in and expected findings out (no browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.unit.text.helpers import check

CASES = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    example = case["text"] if "text" in case else {"html": case["html"]}
    result = check(example)
    assert result.metrics["checked"], result.metrics["reason"]
    found = [(f.rule, f.location.text) for f in result.findings]
    for exp in case.get("expect", []):
        matches = [t for r, t in found if r == exp["rule"]]
        assert matches, f"{exp['rule']} not found; got {found}"
        if "text" in exp:
            assert exp["text"] in matches, f"{exp['rule']} quoted {matches}, expected {exp['text']!r}"
    for code in case.get("absent", []):
        assert code not in {r for r, _ in found}, f"{code} found: {[f for f in found if f[0] == code]}"
