"""One pass over a run's pages, feeding every requested reporter: the reporting step.

The source yields pages one at a time; each goes to every reporter and to the
tally, then is dropped. Site findings come once after the pages. So the memory
of this step is one page plus what each format keeps by design (spool files
are on disk; Markdown keeps a bounded digest per rule).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from cxlint.report.base import Reporter, ReportOptions, RunInfo, Tally
from cxlint.report.sitepath import SitePaths
from cxlint.report.source import ReportSource


class OutputError(RuntimeError):
    """The output folder cannot take the reports: a one-line message for the CLI."""


def validate_out_dir(path: Path) -> None:
    """Fail before a scan starts, not after it: the folder must exist or be creatable, and be writable.

    Creates the folder and writes then removes a probe file, because permission bits do
    not tell the whole story (read-only mounts, ACLs); folders it created are removed
    again, so a run that then fails on other input leaves nothing behind.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"--out '{path}' is a file, not a folder")
    created = [p for p in (path, *path.parents) if not p.exists()]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder '{path}': {exc.strerror or exc}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=".cxlint-probe-", dir=path)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write to output folder '{path}': {exc.strerror or exc}") from None
    finally:
        for folder in created:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()


ReporterFactory = Callable[[Path, Console | None], Reporter]


def make_reporters(formats: list[str], out_dir: Path, console: Console | None) -> list[Reporter]:
    from cxlint.report import STREAMED

    unknown = [f for f in formats if f not in STREAMED]
    if unknown:
        raise OutputError(f"unknown format '{unknown[0]}' (choose from {', '.join(STREAMED)})")
    return [STREAMED[f].make(out_dir, console) for f in formats]


def write_reports(
    source: ReportSource,
    formats: list[str],
    out_dir: Path,
    *,
    options: ReportOptions | None = None,
    console: Console | None = None,
) -> list[Path]:
    """Render ``formats`` of ``source`` into ``out_dir`` in one pass; returns the files written."""
    options = replace(options or ReportOptions())
    if options.fail_on is None:
        plan = getattr(source.meta, "plan", None)
        options.fail_on = str((plan or {}).get("fail_on") or "error") if isinstance(plan, dict) else "error"
    reporters = make_reporters(formats, out_dir, console)
    if any(getattr(r, "filename", None) for r in reporters):
        validate_out_dir(out_dir)
        Path(out_dir).mkdir(parents=True, exist_ok=True)
    run = RunInfo(
        meta=source.meta,
        scope=source.scope(),
        catalog=source.catalog(),
        options=options,
        paths=SitePaths(options.site_roots or _site_roots(source)),
    )
    return feed(source, reporters, run)


def _site_roots(source: ReportSource) -> dict[str, str]:
    roots = source.meta.config.get("local_sites") if isinstance(source.meta.config, dict) else None
    return {str(k): str(v) for k, v in roots.items()} if isinstance(roots, dict) else {}


def feed(source: ReportSource, reporters: list[Reporter], run: RunInfo) -> list[Path]:
    tally = Tally()
    for r in reporters:
        r.begin(run)
    for page in source.iter_pages():
        tally.add_page(page, run.options)
        for r in reporters:
            r.page(page)
    site = source.site_findings()
    tally.add_site(site, run.options)
    for r in reporters:
        r.site(site)
    written: list[Path] = []
    for r in reporters:
        written += r.end(tally)
    return written
