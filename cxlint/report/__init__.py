"""One reporter per format, all fed from the same stream of pages (see ``cxlint.report.base``).

Adding a format means adding a module with a reporter class and one line in
``REPORTERS``; ``FORMATS`` is the list the CLI's ``--format`` validates
against. ``render(result, context)`` remains for callers that hold a whole
RunResult in memory (the scan command today, tests): it streams that result
through the same reporter, so both paths give the same bytes.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from cxlint.model import RunResult
from cxlint.report import console as console_report
from cxlint.report import csv_report, html, json_report, junit, markdown, sarif
from cxlint.report.base import Reporter, ReportOptions
from cxlint.report.context import ReportContext
from cxlint.report.pipeline import OutputError, validate_out_dir, write_reports
from cxlint.report.source import ReportError, ReportSource, ResultSource, open_source


@dataclass(frozen=True)
class Format:
    name: str
    filename: str
    """File written into the output folder; empty for the console."""
    factory: Callable[[Path, Console | None], Reporter]

    @property
    def extension(self) -> str:
        return self.filename.split(".", 1)[1] if self.filename else ""

    def make(self, out_dir: Path, console: Console | None) -> Reporter:
        return self.factory(out_dir, console)

    def render(
        self, result: RunResult, context: ReportContext | None = None, options: ReportOptions | None = None
    ) -> str:
        """The whole file as text, from a RunResult in memory."""
        registry = context.registry if context is not None else None
        with tempfile.TemporaryDirectory(prefix="cxlint-render-") as tmp:
            written = write_reports(ResultSource(result, registry), [self.name], Path(tmp), options=options)
            return written[0].read_bytes().decode("utf-8")


def _console(out_dir: Path, console: Console | None) -> Reporter:
    return console_report.ConsoleReporter(console or console_report.terminal_console(sys.stdout))


STREAMED: dict[str, Format] = {
    "console": Format("console", "", _console),
    "html": Format("html", html.HtmlReporter.filename, lambda out, c: html.HtmlReporter(out)),
    "json": Format("json", json_report.JsonReporter.filename, lambda out, c: json_report.JsonReporter(out)),
    "sarif": Format("sarif", sarif.SarifReporter.filename, lambda out, c: sarif.SarifReporter(out)),
    "junit": Format("junit", junit.JunitReporter.filename, lambda out, c: junit.JunitReporter(out)),
    "csv": Format("csv", csv_report.CsvReporter.filename, lambda out, c: csv_report.CsvReporter(out)),
    "markdown": Format("markdown", markdown.MarkdownReporter.filename, lambda out, c: markdown.MarkdownReporter(out)),
}
"""Every format, by the name ``--format`` takes."""

REPORTERS: dict[str, Format] = {k: v for k, v in STREAMED.items() if v.filename}
"""The formats that write a file (all but the console)."""

FORMATS: tuple[str, ...] = tuple(STREAMED)

__all__ = [
    "FORMATS", "REPORTERS", "STREAMED", "Format", "OutputError", "ReportError", "ReportOptions", "ReportSource",
    "ResultSource", "open_source", "validate_out_dir", "write_reports",
]  # fmt: skip
