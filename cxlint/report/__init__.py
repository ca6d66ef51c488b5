"""One reporter per format, all rendered from the same RunResult.

A reporter is a function ``render(result, context) -> str``; the CLI decides
where the text goes. Adding a format means adding a module and one line in
``REPORTERS``; nothing else in cxlint changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cxlint.model import RunResult
from cxlint.report import html, json_report
from cxlint.report.context import ReportContext


@dataclass(frozen=True)
class Reporter:
    name: str
    extension: str
    render: Callable[[RunResult, ReportContext], str]


REPORTERS: dict[str, Reporter] = {
    "json": Reporter("json", "json", json_report.render),
    "html": Reporter("html", "html", html.render),
}
"""File formats. ``console`` is not a file: the CLI prints it with rich."""

FORMATS = ("console", *REPORTERS)
