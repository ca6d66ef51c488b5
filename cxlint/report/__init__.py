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


class FormatError(ValueError):
    """A ``--format`` value that names no known format (one line, exit 2)."""


def parse_formats(values: list[str]) -> list[str]:
    """``["json,html", "console"]`` → ``["json", "html", "console"]``; raises ``FormatError``.

    Empty items are dropped, but a value that names no format at all
    (``--format ,``) is an error: a scan that writes nothing is a wasted run.
    """
    out: list[str] = []
    for value in values:
        for item in value.split(","):
            name = item.strip().lower()
            if not name:
                continue
            if name not in FORMATS:
                raise FormatError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})")
            if name not in out:
                out.append(name)
    if not out:
        shown = ", ".join(repr(v) for v in values) or "nothing"
        raise FormatError(f"--format {shown} names no format (choose from {', '.join(FORMATS)})")
    return out
