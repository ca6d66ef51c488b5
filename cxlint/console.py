"""Terminal output: progress while scanning, and findings grouped by page then rule.

Kept out of the engine on purpose. In CI (``CI=true``) or when stderr is not a
terminal, progress is plain log lines and there is no colour, so logs stay
readable and deterministic.
"""

from __future__ import annotations

import os
import statistics
import sys
from collections import defaultdict
from urllib.parse import urlsplit

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cxlint.crawl.crawler import CrawlEvent
from cxlint.model import Finding, Outcome, PageStatus, RunResult

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "needs-review": "magenta"}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    interactive = stream.isatty() and not in_ci()
    return Console(file=stream, no_color=not interactive, highlight=False, soft_wrap=True)


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
    """Findings grouped by page then rule; one line per rule with its count. Skipped links are only counted.

    Findings the baseline accepts are left out (and counted in the summary): a build that fails
    on new problems should show the new problems.
    """
    for page in result.pages:
        shown = [f for f in page.findings if not f.baselined]
        if page.status is PageStatus.FAILED:
            console.print(f"\n[bold]{page.url}[/bold]  [red]not scanned:[/red] ", end="")
            console.print(page.reason, markup=False)
        elif page.status is PageStatus.SCANNED and shown:
            console.print(f"\n[bold]{page.url}[/bold]{_plain_language(page.metrics)}", highlight=False)
            _print_groups(console, shown, verbose)
    site = [f for f in result.site_findings if not f.baselined]
    if site:
        console.print("\n[bold]Whole site[/bold]")
        _print_groups(console, site, verbose)


def _print_groups(console: Console, findings: list[Finding], verbose: bool) -> None:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.rule].append(f)
    order = {"error": 0, "warning": 1, "info": 2}
    for rule, items in sorted(groups.items(), key=lambda kv: (order[kv[1][0].severity.value], kv[0])):
        f = items[0]
        label = "needs-review" if f.outcome is Outcome.NEEDS_REVIEW else f.severity.value
        style = SEVERITY_STYLE[label]
        count = f" ×{len(items)}" if len(items) > 1 else ""
        console.print(f"  [{style}]{label:<12}[/{style}] {rule:<28}", end="")
        console.print(f"{f.message}{count}", markup=False)
        if verbose:
            for item in items[:10]:
                where = " → ".join([*item.location.frames, item.location.selector])
                console.print(f"{'':16}{where}", markup=False, style="dim")


def _plain_language(metrics: dict[str, object]) -> str:
    score, grade = metrics.get("plain_language_score"), metrics.get("reading_grade")
    if score is None:
        return ""
    text = f"plain language {score:.0f}/100" + (f", grade {grade:.1f}" if grade is not None else "")
    return f"  [dim]({text})[/dim]"


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
    metrics = [p.metrics for p in result.pages]
    scores = [m["plain_language_score"] for m in metrics if m.get("plain_language_score") is not None]
    grades = [m["reading_grade"] for m in metrics if m.get("reading_grade") is not None]
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
