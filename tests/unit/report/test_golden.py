"""Golden files: every format of a fixed run, byte for byte.

After a deliberate change to a format, regenerate with
``CXLINT_UPDATE_GOLDEN=1 pytest tests/unit/report/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
MACHINE = ("results.json", "results.sarif", "results.junit.xml", "results.csv", "results.md", "console.txt")


@pytest.mark.parametrize("name", MACHINE)
def test_format_matches_its_golden_file(rendered, name):
    path = GOLDEN / name
    if os.environ.get("CXLINT_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered[name], encoding="utf-8")
    assert rendered[name] == path.read_text(encoding="utf-8")


def test_rendering_is_deterministic(rendered, tmp_path, registry):
    from cxlint.report import ResultSource
    from tests.support.report_run import golden_run
    from tests.unit.report.conftest import render_all

    again = render_all(ResultSource(golden_run(), registry), tmp_path / "again")
    assert again == rendered
