"""``cxlint report``: render any format again from the store or from a results.json file.

The CLI command only parses options; this module opens the source, checks
the output folder before reading a page, and runs the one-pass pipeline.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from cxlint.report.base import FAIL_ON, ReportOptions
from cxlint.report.pipeline import OutputError, validate_out_dir, write_reports
from cxlint.report.source import ReportError, open_source


def parse_site_roots(values: list[str]) -> dict[str, str]:
    """``http://127.0.0.1:8000=build`` → {origin: folder}: where a local scan's files live in the repository."""
    roots: dict[str, str] = {}
    for raw in values:
        origin, sep, folder = raw.partition("=")
        if not sep or "://" not in origin:
            raise ReportError(f"--site-root '{raw}' must look like ORIGIN=FOLDER (http://127.0.0.1:8000=build)")
        roots[origin.strip()] = folder.strip()
    return roots


def render_again(
    target: str,
    formats: list[str],
    out: Path,
    *,
    store: Path,
    fail_on: str | None = None,
    verbose: bool = False,
    site_roots: dict[str, str] | None = None,
    console: Console | None = None,
) -> list[Path]:
    """Raises ReportError or OutputError with a one-line message; returns the files written."""
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ReportError(f"--fail-on '{fail_on}': choose from {', '.join(FAIL_ON)}")
    if any(f != "console" for f in formats):
        validate_out_dir(out)
    # The store holds the scan's screenshots and its trend: the HTML report uses them when it is there.
    options = ReportOptions(
        fail_on=fail_on, verbose=verbose, site_roots=dict(site_roots or {}),
        store_path=str(store) if store and Path(store).is_file() else None,
    )
    with open_source(target, store) as source:
        try:
            return write_reports(source, formats, out, options=options, console=console)
        except (OSError, ValueError) as exc:
            if isinstance(exc, OutputError):
                raise
            raise ReportError(f"cannot render {target}: {str(exc).splitlines()[0][:200]}") from None
