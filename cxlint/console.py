"""Terminal output: progress while scanning, and findings grouped by page then rule.

Kept out of the engine on purpose. In CI (``CI=true``) or when stderr is not a
terminal, progress is plain log lines and there is no colour, so logs stay
readable and deterministic.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from cxlint.crawl.crawler import CrawlEvent
from cxlint.model import RunResult
from cxlint.report.console import in_ci, terminal_console


def make_console(stderr: bool = False) -> Console:
    """Colour only on a terminal, never under CI=true or with NO_COLOR set (see ``cxlint.report.console``)."""
    return terminal_console(sys.stderr if stderr else sys.stdout)


class ProgressReporter:
    """Turns runner events into a rich progress bar, or into log lines in CI."""

    def __init__(self, console: Console, *, verbose: bool = False, quiet: bool = False) -> None:
        self.console = console
        self.verbose = verbose
        self.quiet = quiet
        self.interactive = console.is_terminal and not in_ci() and not quiet
        self.done = 0
        self.failed = 0
        self.total = 0
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> ProgressReporter:
        if self.interactive:
            self._progress = Progress(
                TextColumn("[bold]Scanning"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[failed]} failed"),
                TimeElapsedColumn(),
                TextColumn("{task.fields[url]}", style="dim"),
                console=self.console,
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("scan", total=None, failed=0, url="")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)

    def __call__(self, event: CrawlEvent) -> None:
        if self.quiet:
            return
        total = event.counts.get("admitted", 0) if event.counts else 0
        if total and total != self.total:
            self.total = total
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, total=total)
        if event.kind == "page-done":
            self.done += 1
            if event.state == "failed":
                self.failed += 1
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, advance=1, failed=self.failed, url=_short(event.url))
            elif self.total != 1:
                state = event.state + (f" ({event.reason})" if event.reason else "")
                of = f"/{self.total}" if self.total else ""
                self.console.print(f"[{self.done}{of}] {event.url}: {state}", markup=False, highlight=False)
        elif event.kind in ("retry", "browser-relaunched", "stopping", "trap") or (
            self.verbose and event.kind in ("sitemap-error", "robots")
        ):
            text = " ".join(x for x in (event.kind, event.url, event.reason, event.detail) if x)
            self.console.print(text, markup=False, highlight=False)


def _short(url: str, width: int = 60) -> str:
    return url if len(url) <= width else "…" + url[-(width - 1) :]


def print_findings(console: Console, result: RunResult, *, verbose: bool = False) -> None:
    """Findings grouped by page in a linter's style (``cxlint.report.console``); the summary is printed apart.

    Findings the baseline accepts are left out (and counted in the summary): a build that fails
    on new problems should show the new problems.
    """
    from cxlint.report.base import ReportOptions
    from cxlint.report.console import ConsoleReporter
    from cxlint.report.pipeline import RunInfo, feed
    from cxlint.report.sitepath import SitePaths
    from cxlint.report.source import ResultSource

    source = ResultSource(result)
    options = ReportOptions(verbose=verbose)
    run = RunInfo(source.meta, source.scope(), source.catalog(), options, SitePaths())
    feed(source, [ConsoleReporter(console, summary=False)], run)


def print_summary(console: Console, result: RunResult, outputs: list[str]) -> None:
    c = result.counts()
    pages = result.page_counts()
    host = urlsplit(result.meta.start_urls[0]).netloc if result.meta.start_urls else ""
    console.print(
        f"\n[bold]cxlint[/bold] {host}: {pages['scanned']} pages scanned, {pages['failed']} failed"
        + (f", {pages['skipped']} skipped" if pages["skipped"] else "")
    )
    console.print(
        f"  [bold red]{c['error']} errors[/bold red], [yellow]{c['warning']} warnings[/yellow], "
        f"[cyan]{c['info']} suggestions[/cyan], [magenta]{c['needs-review']} need review[/magenta]"
    )
    scores: list[float] = []
    grades: list[float] = []
    for page in result.pages:  # one pass, keeping two numbers a page: the pages are read from the store
        if page.metrics.get("plain_language_score") is not None:
            scores.append(page.metrics["plain_language_score"])
        if page.metrics.get("reading_grade") is not None:
            grades.append(page.metrics["reading_grade"])
    if scores:
        console.print(
            f"  plain language: median score {statistics.median(scores):.0f}/100"
            + (f", median reading grade {statistics.median(grades):.1f}" if grades else "")
            + f" over {len(scores)} pages",
            highlight=False,
        )
    b = result.meta.baseline
    if b:
        console.print(
            f"  baseline {b.get('file', '')}: {b.get('new', 0)} new, {b.get('known', 0)} known (not shown), "
            f"{b.get('fixed', 0)} fixed" + (f", {b['not_rechecked']} not rechecked" if b.get("not_rechecked") else ""),
            markup=False, highlight=False,
        )
        for fixed in b.get("fixed_findings", [])[:20]:
            console.print(f"    fixed: {fixed['page']}  {fixed['selector']}  {fixed['rule']}", markup=False)
    v = result.meta.verdict
    if v:
        console.print("  verdict: " + ("passed" if v.get("passed") else "failed: " + "; ".join(v.get("reasons", []))),
                      markup=False, highlight=False)
    for path in outputs:
        console.print(f"  report: {path}", markup=False, highlight=False)


def print_audit_summary(console: Console, runs: list[Any], agency_report: Path | None) -> None:
    """One line per site of an audit (pages, errors, warnings, verdict), then where the roll-up is."""
    table = Table(title="cxlint audit", title_justify="left", box=None, pad_edge=False)
    for name, justify in (("site", "left"), ("pages", "right"), ("errors", "right"), ("warnings", "right"),
                          ("review", "right"), ("verdict", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in runs:
        s = r.summary
        if s is None:
            table.add_row(r.site.name, "-", "-", "-", "-", Text(f"not scanned: {r.error}", style="bold red"))
            continue
        passed = bool(r.outcome is None or r.outcome.verdict.passed)
        verdict = Text("passed", style="green") if passed else Text("failed", style="bold red")
        if r.interrupted:
            verdict = Text("interrupted: only the pages checked so far", style="bold yellow")
        table.add_row(r.site.name, str(s.pages["scanned"]), str(s.counts["error"]), str(s.counts["warning"]),
                      str(s.counts["needs-review"]), verdict)
    console.print(table)
    if agency_report is not None:
        console.print(f"\nOpen the agency report: {agency_report.resolve().as_uri()}", markup=False, highlight=False)
