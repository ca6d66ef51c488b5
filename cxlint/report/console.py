"""Findings on the terminal, grouped by page in a linter's style: ``selector  severity  CODE  message``.

Without ``-v`` each rule prints once per page, with its first element and how
many more there are; with ``-v`` every element prints, then the fix and the
help URL. Colour only on a terminal, never under ``CI=true`` or ``NO_COLOR``
(the console passed in decides). Loopback URLs of local scans print as site
paths, since the server's port is gone when the scan ends.
"""

from __future__ import annotations

import os
import statistics
from collections import defaultdict
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from cxlint.model import Finding, Outcome, PageResult, PageStatus
from cxlint.report.base import SEVERITY_ORDER, RunInfo, Tally, finding_key


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def no_color() -> bool:
    """https://no-color.org: a NO_COLOR that is set and not empty turns colour off, even on a terminal."""
    return bool(os.environ.get("NO_COLOR"))


def terminal_console(stream: TextIO) -> Console:
    interactive = stream.isatty() and not in_ci()
    return Console(file=stream, no_color=not interactive or no_color(), highlight=False, soft_wrap=True)


SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan", "needs-review": "magenta"}
LABEL = {"error": "error", "warning": "warning", "info": "info", "needs-review": "review"}


def _where(f: Finding) -> str:
    return " >>> ".join(x for x in [*f.location.frames, f.location.selector] if x) or "-"


class ConsoleReporter:
    name = "console"

    def __init__(self, console: Console, *, summary: bool = True) -> None:
        self.console = console
        self.show_summary = summary

    def begin(self, run: RunInfo) -> None:
        self.run = run

    def _print_group(self, findings: list[Finding]) -> None:
        verbose = self.run.options.verbose
        findings = [f for f in findings if not getattr(f, "baselined", False)]
        groups: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            groups[f.rule].append(f)

        def order(item: tuple[str, list[Finding]]) -> tuple[int, int, str]:
            f = item[1][0]
            return (f.outcome is Outcome.NEEDS_REVIEW, SEVERITY_ORDER[f.severity.value], item[0])

        width = min(max((len(_where(f)) for f in findings), default=0), 48)
        code_width = max((len(code) for code in groups), default=0)
        lines: list[Text] = []
        for code, items in sorted(groups.items(), key=order):
            shown = items if verbose else items[:1]
            for f in shown:
                key = finding_key(f)
                more = f"  (+{len(items) - 1} more)" if not verbose and len(items) > 1 else ""
                lines.append(
                    Text.assemble(
                        f"  {_where(f):<{width}}  ", (f"{LABEL[key]:<7}", SEVERITY_STYLE[key]), " ",
                        (f"{code:<{code_width}}", "bold"), f"  {f.message}", (more, "dim"),
                    )
                )
                if verbose and f.location.text:
                    lines.append(Text.assemble(("      text: ", "dim"), f.location.text))
            if verbose:
                meta = self.run.catalog.get(code, items[0])
                fix = items[0].suggestion or meta.help
                if fix:
                    lines.append(Text.assemble(("      fix: ", "dim"), " ".join(fix.split())))
                if meta.help_url:
                    lines.append(Text.assemble(("      help: ", "dim"), meta.help_url))
        # One print per page: rich's per-call cost dominates on scans with thousands of findings.
        self.console.print(Text("\n").join(lines), highlight=False, soft_wrap=True)

    def page(self, page: PageResult) -> None:
        name = escape(self.run.paths.display(page.final_url or page.url))
        if page.status is PageStatus.FAILED:
            self.console.print(f"\n[bold]{name}[/bold]  [red]not scanned:[/red] {escape(page.reason)}", highlight=False)
        elif page.status is PageStatus.SCANNED and any(not getattr(f, "baselined", False) for f in page.findings):
            self.console.print(f"\n[bold underline]{name}[/bold underline]{_plain_language(page)}", highlight=False)
            self._print_group(page.findings)

    def site(self, findings: list[Finding]) -> None:
        if any(not getattr(f, "baselined", False) for f in findings):
            self.console.print("\n[bold underline]Whole site[/bold underline]", highlight=False)
            self._print_group(findings)

    def end(self, tally: Tally) -> list[Path]:
        if self.show_summary:
            print_tally(self.console, self.run, tally)
        return []


def _plain_language(page: PageResult) -> str:
    score, grade = page.metrics.get("plain_language_score"), page.metrics.get("reading_grade")
    if not isinstance(score, int | float):
        return ""
    text = f"plain language {score:.0f}/100" + (f", grade {grade:.1f}" if isinstance(grade, int | float) else "")
    return f"  [dim]({text})[/dim]"


def print_tally(console: Console, run: RunInfo, tally: Tally) -> None:
    c, p = tally.findings, tally.pages
    sites = ", ".join(dict.fromkeys(run.paths.site_label(u) for u in run.meta.start_urls[:3]))
    console.print(
        f"\n[bold]cxlint[/bold] {escape(sites)}: {p['scanned']} {'page' if p['scanned'] == 1 else 'pages'} scanned, "
        f"{p['failed']} failed"
        + (f", {p['skipped']} {'link' if p['skipped'] == 1 else 'links'} not followed" if p["skipped"] else ""),
        highlight=False,
    )
    console.print(
        f"  [bold red]{c['error']} errors[/bold red], [yellow]{c['warning']} warnings[/yellow], "
        f"[cyan]{c['info']} suggestions[/cyan], [magenta]{c['needs-review']} need review[/magenta]",
        highlight=False,
    )
    if tally.pl_scores:
        grade = f", median reading grade {statistics.median(tally.pl_grades):.1f}" if tally.pl_grades else ""
        console.print(
            f"  plain language: median score {statistics.median(tally.pl_scores):.0f}/100{grade} "
            f"over {len(tally.pl_scores)} pages",
            highlight=False,
        )
