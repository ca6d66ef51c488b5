"""Report tests render a fixed run against a fixed slice of the rule registry, so goldens stay put."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from cxlint.registry import Registry, load_registry
from cxlint.report import STREAMED, ReportOptions, ResultSource, write_reports
from cxlint.report.source import ReportSource
from tests.support.report_run import golden_run

GOLDEN_RULES = (
    "axe/image-alt", "axe/color-contrast", "axe/html-has-lang", "A11Y304", "A11Y401", "PL102", "PL106",
    "FED103", "FED106", "FED201", "FED310", "CX003",
)  # fmt: skip
"""A slice of the real registry: page rules of each engine, a site rule, an origin rule, a scan rule."""


@pytest.fixture(scope="session")
def full_registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="session")
def registry(full_registry: Registry) -> Registry:
    return Registry(rules={code: full_registry.rules[code] for code in GOLDEN_RULES})


def render_all(source: ReportSource, out: Path, options: ReportOptions | None = None) -> dict[str, str]:
    """Every format of ``source`` as text, the console's included (plain, 200 columns)."""
    buf = io.StringIO()
    console = Console(file=buf, no_color=True, width=200, force_terminal=False)
    written = write_reports(source, list(STREAMED), out, options=options, console=console)
    texts = {p.name: p.read_text(encoding="utf-8") for p in written}
    texts["console.txt"] = buf.getvalue()
    return texts


@pytest.fixture
def rendered(tmp_path: Path, registry: Registry) -> dict[str, str]:
    return render_all(ResultSource(golden_run(), registry), tmp_path / "out")
