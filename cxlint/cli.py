"""The command line: parse options, call the engine, write reports, choose the exit code.

Kept thin on purpose: every decision about pages and findings lives in the
engine, every format in ``cxlint.report``. Exit codes: 0 nothing at or above
``--fail-on``; 1 findings at or above it; 2 usage, configuration or browser
error, or nothing at all could be scanned.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer

from cxlint import __version__
from cxlint.browser import BrowserNotFound, find_browser
from cxlint.console import ProgressReporter, make_console, print_findings, print_summary
from cxlint.crawl.crawler import CrawlConfig
from cxlint.crawl.states import CrawlConfigError
from cxlint.engines.axe import DEFAULT_STANDARD, axe_version
from cxlint.engines.pipeline import CATEGORIES, Selection
from cxlint.model import Outcome, PageStatus, RunResult, Severity
from cxlint.registry import load_registry
from cxlint.report import FORMATS, REPORTERS
from cxlint.report.context import ReportContext
from cxlint.runner import RunRequest, run
from cxlint.scanner import ScanOptions
from cxlint.store import Store, StoreError
from cxlint.targets import TargetError, resolve

app = typer.Typer(
    name="cxlint",
    help=(
        "Check federal service pages for accessibility (WCAG / Section 508, with axe-core), plain language "
        "and federal website standards, in a real Chromium.\n\n"
        "Start with 'cxlint demo' to see a report, then 'cxlint scan URL|FILE|FOLDER'."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


class Standard(str, Enum):
    wcag20aa = "wcag20aa"
    wcag21aa = "wcag21aa"
    wcag22aa = "wcag22aa"


DEFAULT_STD = Standard(DEFAULT_STANDARD)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cxlint {__version__} (axe-core {axe_version()})")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show cxlint's and axe-core's versions.")
    ] = False,
) -> None:
    """cxlint: checks that federal web teams run before they ship a page."""


def fail(message: str) -> typer.Exit:
    """One clear line on stderr and exit 2: for usage, config and environment problems."""
    make_console(stderr=True).print(f"cxlint: error: {message}", markup=False, highlight=False)
    return typer.Exit(2)


def parse_formats(values: list[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        for item in v.split(","):
            item = item.strip().lower()
            if not item:
                continue
            if item not in FORMATS:
                raise fail(f"unknown format '{item}' (choose from {', '.join(FORMATS)})")
            if item not in out:
                out.append(item)
    return out


def parse_headers(values: list[str]) -> dict[str, str]:
    """``Name: value``; a value ``$VAR`` or ``${VAR}`` is read from the environment.

    Reading secrets from the environment keeps them out of shell history and CI logs.
    """
    headers: dict[str, str] = {}
    for raw in values:
        name, sep, value = raw.partition(":")
        if not sep or not name.strip():
            raise fail(f"--header '{name.strip() or raw}' must look like 'Name: value'")
        value = value.strip()
        if value.startswith("$"):
            var = value[1:].strip("{}")
            if var not in os.environ:
                raise fail(f"--header {name.strip()}: environment variable {var} is not set")
            value = os.environ[var]
        headers[name.strip()] = value
    return headers


def parse_checks(value: str) -> frozenset[str]:
    chosen = {c.strip().lower() for c in value.split(",") if c.strip()}
    unknown = chosen - set(CATEGORIES)
    if unknown or not chosen:
        raise fail(f"--checks: unknown '{', '.join(sorted(unknown)) or value}' (choose from {', '.join(CATEGORIES)})")
    return frozenset(chosen)


def _production(url: str | None) -> str | None:
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail(f"--production-url '{url}' must be an http(s) URL such as https://www.agency.gov/")
    return url


def exit_code(result: RunResult, fail_on: FailOn) -> int:
    if fail_on is FailOn.never:
        return 0
    threshold = Severity(fail_on.value)
    for _, f in result.all_findings():
        if f.outcome is Outcome.VIOLATION and f.severity.at_least(threshold):
            return 1
    return 0


def write_reports(result: RunResult, formats: list[str], out: Path) -> list[str]:
    written: list[str] = []
    file_formats = [f for f in formats if f in REPORTERS]
    if not file_formats:
        return written
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(f"cannot create output folder '{out}': {exc.strerror}") from None
    context = ReportContext.default()
    for name in file_formats:
        reporter = REPORTERS[name]
        path = out / f"{'report' if name == 'html' else 'results'}.{reporter.extension}"
        path.write_text(reporter.render(result, context), encoding="utf-8")
        written.append(str(path))
    return written


def run_and_report(
    request: RunRequest, *, formats: list[str], out: Path, verbose: bool = False
) -> tuple[RunResult, list[str]]:
    """Run the scan with progress on stderr, write the reports, print the summary."""
    err = make_console(stderr=True)
    try:
        request.browser = find_browser(request.browser)
    except BrowserNotFound as exc:
        raise fail(str(exc)) from None
    with ProgressReporter(err, verbose=verbose) as progress:
        try:
            outcome = asyncio.run(run(request, on_event=progress))
        except KeyboardInterrupt:
            raise fail("interrupted; scanned pages are kept: run again with --resume") from None
        except (CrawlConfigError, StoreError, BrowserNotFound) as exc:
            raise fail(str(exc)) from None
    result = outcome.result
    written = write_reports(result, formats, out)
    if outcome.crawl.error:
        raise fail(f"{outcome.crawl.error}; pages not yet scanned stay queued: run again with --resume")
    problem = _nothing_scanned(result)
    if problem:
        raise fail(problem)
    out_console = make_console()
    if "console" in formats:
        print_findings(out_console, result, verbose=verbose)
    print_summary(out_console, result, written)
    if outcome.crawl.interrupted:
        err.print(f"interrupted: continue with 'cxlint scan --resume --store {request.store_path}'", markup=False)
    return result, written


def _nothing_scanned(result: RunResult) -> str | None:
    if any(p.status is PageStatus.SCANNED for p in result.pages):
        return None
    first = result.pages[0] if result.pages else None
    where = f" ({first.url}: {first.reason})" if first else ""
    return f"nothing could be scanned{where}"


FormatOpt = Annotated[
    list[str],
    typer.Option("--format", "-f", help=f"Output formats, comma-separated or repeated: {', '.join(FORMATS)}."),
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Folder for report files.")]
BrowserOpt = Annotated[
    str | None,
    typer.Option("--browser", envvar="CXLINT_BROWSER", help="Chromium/Chrome executable (default: find one)."),
]
ChecksOpt = Annotated[
    str,
    typer.Option(
        "--checks",
        help="Which standards to check, comma-separated: accessibility, plain-language, federal.",
    ),
]
ProductionOpt = Annotated[
    str | None,
    typer.Option(
        "--production-url",
        help="The production address of a local or staging site: production-only federal rules "
        "(HTTPS, HSTS, .gov, analytics) are judged against it instead of reported as not applicable.",
    ),
]
StandardOpt = Annotated[
    Standard,
    typer.Option(
        "--standard",
        help="Accessibility standard: wcag20aa (Section 508's legal baseline), wcag21aa (default), wcag22aa.",
    ),
]


@app.command()
def scan(
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="URLs, local .html files, or folders of a built site (served on 127.0.0.1)."),
    ] = None,
    out: OutOpt = Path("cxlint-report"),
    format: FormatOpt = ["console", "html", "json"],  # noqa: B006 - typer needs a literal default
    standard: StandardOpt = DEFAULT_STD,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1 (or 'never').")
    ] = FailOn.error,
    checks: ChecksOpt = "accessibility,plain-language,federal",
    production_url: ProductionOpt = None,
    # -- what to crawl
    sitemap: Annotated[list[str], typer.Option("--sitemap", help="Also scan the URLs of this sitemap.", rich_help_panel="Crawl")] = [],  # noqa: B006,E501
    follow: Annotated[bool, typer.Option("--follow/--no-follow", help="Follow links (default) or scan only the given and sitemap URLs.", rich_help_panel="Crawl")] = True,  # noqa: E501
    scope: Annotated[list[str], typer.Option("--scope", help="URL prefix that pages must start with (default: the start URLs' origins).", rich_help_panel="Crawl")] = [],  # noqa: B006,E501
    include: Annotated[list[str], typer.Option("--include", help="Only URLs matching this glob ('re:' for a regex).", rich_help_panel="Crawl")] = [],  # noqa: B006,E501
    exclude: Annotated[list[str], typer.Option("--exclude", help="Skip URLs matching this glob ('re:' for a regex).", rich_help_panel="Crawl")] = [],  # noqa: B006,E501
    max_pages: Annotated[int, typer.Option("--max-pages", min=1, help="Stop after this many pages.", rich_help_panel="Crawl")] = 500,  # noqa: E501
    max_depth: Annotated[int | None, typer.Option("--max-depth", min=0, help="Links deep from a start URL.", rich_help_panel="Crawl")] = None,  # noqa: E501
    sample: Annotated[int | None, typer.Option("--sample", min=1, help="At most N pages per URL pattern (e.g. /forms/{id}).", rich_help_panel="Crawl")] = None,  # noqa: E501
    ignore_robots: Annotated[bool, typer.Option("--ignore-robots", help="Load pages robots.txt disallows.", rich_help_panel="Crawl")] = False,  # noqa: E501
    delay: Annotated[float, typer.Option("--delay", min=0, help="Seconds between page loads on one host.", rich_help_panel="Crawl")] = 0.0,  # noqa: E501
    concurrency: Annotated[int | None, typer.Option("--concurrency", "-j", min=1, max=32, help="Pages in flight (default: from cores).", rich_help_panel="Crawl")] = None,  # noqa: E501
    resume: Annotated[bool, typer.Option("--resume", help="Continue the newest unfinished scan in the store.", rich_help_panel="Crawl")] = False,  # noqa: E501
    store: Annotated[Path, typer.Option("--store", help="SQLite file that keeps every page as it finishes.", rich_help_panel="Crawl")] = Path(".cxlint/cxlint.db"),  # noqa: E501
    # -- how to load a page
    browser: BrowserOpt = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds to load one page.", rich_help_panel="Page")] = 30.0,  # noqa: E501
    wait_for: Annotated[str | None, typer.Option("--wait-for", help="CSS selector to wait for before checking (SPAs).", rich_help_panel="Page")] = None,  # noqa: E501
    header: Annotated[list[str], typer.Option("--header", "-H", help="Extra request header 'Name: value' ($VAR reads the env).", rich_help_panel="Page")] = [],  # noqa: B006,E501
    storage_state: Annotated[Path | None, typer.Option("--storage-state", help="Playwright storage state (cookies) from 'cxlint login'.", rich_help_panel="Page")] = None,  # noqa: E501
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every element in console output.")] = False,
) -> None:
    """Crawl and scan pages in headless Chromium, then write reports.

    Examples:

      cxlint scan https://www.example.gov/                 (crawls the site, 500 pages at most)

      cxlint scan ./build --format html,json --out reports/

      cxlint scan page.html --standard wcag22aa --fail-on warning

      cxlint scan https://www.example.gov/ --no-follow --sitemap https://www.example.gov/sitemap.xml
    """
    formats = parse_formats(format)
    headers = parse_headers(header)
    if storage_state is not None and not storage_state.is_file():
        raise fail(f"--storage-state '{storage_state}': no such file")
    if not targets and not resume and not sitemap:
        raise fail("give a URL, a file or a folder to scan (or --resume)")
    resume_id = _resume_id(store) if resume else None
    with ExitStack() as stack:
        try:
            resolved = resolve(targets or [], stack) if not resume_id else None
        except TargetError as exc:
            raise fail(str(exc)) from None
        start_urls = resolved.urls if resolved else []
        opts = ScanOptions(
            standard=standard.value, timeout_s=timeout, wait_for=wait_for, headers=headers,
            storage_state=str(storage_state) if storage_state else None,
        )
        # A single local file means "check this page", not "crawl the folder it sits in".
        follow = follow and not (resolved is not None and resolved.files_only)
        crawl_cfg = CrawlConfig(
            start_urls=start_urls, sitemaps=list(sitemap), follow=follow, auto_sitemaps=follow, scope=list(scope),
            include=list(include), exclude=list(exclude), max_pages=max_pages, max_depth=max_depth, sample=sample,
            respect_robots=not ignore_robots, delay=delay, page_deadline=timeout * 3 + 60,
        )
        if concurrency:
            crawl_cfg.concurrency = concurrency
        request = RunRequest(
            crawl=crawl_cfg, scan=opts, browser=browser, store_path=store, resume=resume_id,
            config_record=_config_record(standard.value, timeout, wait_for, headers, storage_state),
            selection=Selection(categories=parse_checks(checks), production_url=_production(production_url)),
        )
        result, _ = run_and_report(request, formats=formats, out=out, verbose=verbose)
    raise typer.Exit(exit_code(result, fail_on))


def _resume_id(store_path: Path) -> str:
    if not store_path.is_file():
        raise fail(f"nothing to resume: no store at {store_path}")
    try:
        with Store(store_path) as store:
            info = store.latest_scan(unfinished=True)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if info is None:
        raise fail(f"nothing to resume: every scan in {store_path} has finished")
    return info.id


def _config_record(
    standard: str, timeout: float, wait_for: str | None, headers: dict[str, str], storage_state: Path | None
) -> dict[str, object]:
    """Options worth keeping with the results; header values and the state file's content never are."""
    return {
        "standard": standard,
        "timeout": timeout,
        "wait_for": wait_for,
        "headers": sorted(headers),
        "storage_state": bool(storage_state),
    }


@app.command()
def demo(
    out: OutOpt = Path("cxlint-demo-report"),
    format: FormatOpt = ["html", "json"],  # noqa: B006
    browser: BrowserOpt = None,
    standard: StandardOpt = DEFAULT_STD,
) -> None:
    """Serve the bundled sample federal service site on 127.0.0.1, scan it, and write a report.

    The site is a fictional agency's permit-renewal service with planted accessibility,
    plain-language and federal-standards problems beside pages that are clean.
    """
    from cxlint.demo import SITE_DIR

    formats = parse_formats(format)
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="cxlint-demo-") as tmp:
        site = resolve([str(SITE_DIR)], stack).sites[0]
        home = site.origin + "/"
        opts = ScanOptions(standard=standard.value)
        request = RunRequest(
            crawl=CrawlConfig(start_urls=[home]), scan=opts, browser=browser, store_path=Path(tmp) / "demo.db",
            config_record=_config_record(standard.value, opts.timeout_s, None, {}, None),
        )
        _, written = run_and_report(request, formats=formats, out=out)
    html = [w for w in written if w.endswith(".html")]
    if html:
        make_console().print(f"\nOpen the report: {Path(html[0]).resolve().as_uri()}", markup=False, highlight=False)


@app.command()
def login(
    url: Annotated[str, typer.Argument(help="The sign-in page of the site to scan.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to save the browser state.")] = Path(
        ".cxlint/login-state.json"
    ),
    fill: Annotated[
        list[str], typer.Option("--fill", help="SELECTOR=VALUE to type into a field ($VAR reads the env); repeatable.")
    ] = [],  # noqa: B006
    click: Annotated[str | None, typer.Option("--click", help="Selector of the button that submits the form.")] = None,
    wait_for: Annotated[
        str | None, typer.Option("--wait-for", help="Selector that appears once signed in.")
    ] = None,
    headed: Annotated[
        bool, typer.Option("--headed", help="Open a visible browser and sign in by hand (needs a display).")
    ] = False,
    browser: BrowserOpt = None,
    timeout: Annotated[float, typer.Option("--timeout", min=1, help="Seconds for the whole sign-in.")] = 60.0,
) -> None:
    """Sign in to a staging site once and save the state for 'cxlint scan --storage-state'.

    Examples:

      cxlint login https://staging.example.gov/signin --headed

      cxlint login https://staging.example.gov/signin --fill '#email=$STAGING_USER'
      --fill '#password=$STAGING_PASSWORD' --click 'button[type=submit]' --wait-for '#account'
    """
    from cxlint.login import LoginError, LoginPlan, save_login_state

    if urlsplit(url).scheme not in ("http", "https"):
        raise fail(f"'{url}': only http:// and https:// URLs can be signed in to")
    if headed and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        raise fail("--headed needs a display; on a server, use --fill/--click instead")
    if not headed and not (fill or click):
        raise fail("give --fill and --click to sign in headless, or --headed to sign in by hand")
    fills: list[tuple[str, str]] = []
    for item in fill:
        selector, sep, value = item.partition("=")
        if not sep or not selector.strip():
            raise fail(f"--fill '{selector.strip() or item}' must look like SELECTOR=VALUE")
        if value.startswith("$"):
            var = value[1:].strip("{}")
            if var not in os.environ:
                raise fail(f"--fill {selector.strip()}: environment variable {var} is not set")
            value = os.environ[var]
        fills.append((selector.strip(), value))
    try:
        path = find_browser(browser)
    except BrowserNotFound as exc:
        raise fail(str(exc)) from None
    plan = LoginPlan(url=url, out=out, fills=fills, click=click, wait_for=wait_for, headed=headed, timeout_s=timeout)
    try:
        cookies = asyncio.run(save_login_state(plan, path))
    except LoginError as exc:
        raise fail(str(exc)) from None
    make_console().print(
        f"saved the signed-in state ({cookies} cookies) to {out}; scan with --storage-state {out}",
        markup=False, highlight=False,
    )


@app.command("install-browser")
def install_browser(
    no_playwright: Annotated[
        bool, typer.Option("--no-playwright", help="Skip Playwright's download; go straight to the system package.")
    ] = False,
) -> None:
    """Make sure a Chromium exists: Playwright's own first, else Debian's 'chromium' package (as root)."""
    from cxlint.browser_setup import ensure_browser

    err = make_console(stderr=True)
    try:
        path = ensure_browser(
            lambda line: err.print(line, markup=False, highlight=False), try_playwright=not no_playwright
        )
    except BrowserNotFound as exc:
        raise fail(str(exc)) from None
    make_console().print(f"browser: {path}", markup=False, highlight=False)


@app.command()
def rules(
    code: Annotated[
        str | None, typer.Argument(help="A rule code or name to explain, e.g. PL102 or axe/image-alt.")
    ] = None,
    category: Annotated[
        str | None,
        typer.Option("--category", "-c", help="Only this category: accessibility, plain-language, federal, scan."),
    ] = None,
) -> None:
    """List every rule (code, severity, standard, summary), or explain one."""
    from rich.table import Table

    registry = load_registry()
    console = make_console()
    err = make_console(stderr=True)
    for e in registry.errors:
        err.print(f"cxlint: warning: rule file {e}", markup=False)
    if code:
        rule = registry.get(code)
        if rule is None:
            hint = registry.suggest(code)
            raise fail(f"no rule '{code}'" + (f" (did you mean {', '.join(hint)}?)" if hint else ""))
        s = rule.spec
        console.print(f"[bold]{s.code}[/bold] {s.name}  ({s.category}, {s.severity.value}, {s.status})")
        console.print(f"\n{s.summary}", markup=False)
        console.print("\n[bold]Why it matters[/bold]")
        console.print(s.rationale, markup=False)
        console.print("\n[bold]How to fix it[/bold]")
        console.print(s.help, markup=False)
        console.print("\n[bold]Source[/bold]")
        console.print(s.source, markup=False)
        if s.wcag:
            console.print(f"WCAG success criteria: {', '.join(s.wcag)}", markup=False)
        if s.options:
            console.print("\n[bold]Options[/bold]")
            for k, v in s.options.items():
                console.print(f"  {k}: {v}", markup=False)
        for label, items in (("Passes", s.examples.passing), ("Fails", s.examples.failing)):
            if items:
                console.print(f"\n[bold]{label}[/bold]")
                for ex in items[:4]:
                    console.print(f"  {ex}", markup=False)
        return
    table = Table(show_lines=False, header_style="bold")
    for col in ("Code", "Severity", "Standard", "Summary"):
        table.add_column(col, overflow="fold")
    shown = 0
    for rule in sorted(registry.rules.values(), key=lambda r: (r.spec.category, r.code)):
        s = rule.spec
        if category and s.category != category:
            continue
        std = ("WCAG " + ", ".join(s.wcag)) if s.wcag else s.category
        table.add_row(s.code, s.severity.value, std, s.summary)
        shown += 1
    console.print(table)
    console.print(f"{shown} rules. 'cxlint rules CODE' explains one.", markup=False)


if __name__ == "__main__":
    app()


@app.command("report")
def report_command(
    target: Annotated[
        str, typer.Argument(help="A scan id in the store ('latest' for the newest), or a results.json file.")
    ],
    format: FormatOpt = ["console", "html", "json"],  # noqa: B006 - typer needs a literal default
    out: OutOpt = Path("cxlint-report"),
    store: Annotated[Path, typer.Option("--store", help="SQLite results store of the scan.")] = Path(
        ".cxlint/cxlint.db"
    ),
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity a JUnit failure or the Markdown verdict counts.")
    ] = FailOn.error,
    site_root: Annotated[
        list[str],
        typer.Option("--site-root", help="ORIGIN=FOLDER: the folder a local scan served, for SARIF file paths."),
    ] = [],  # noqa: B006
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Console: every element, the fix and the help URL.")
    ] = False,
) -> None:
    """Render reports again, in any format, from the results store or a results.json file.

    Examples:

      cxlint report latest --format sarif,junit --out reports/

      cxlint report cxlint-report/results.json --format markdown,csv --out reports/
    """
    from cxlint.report.command import parse_site_roots, render_again
    from cxlint.report.pipeline import OutputError
    from cxlint.report.source import ReportError

    formats = parse_formats(format)
    try:
        written = render_again(
            target, formats, out, store=store, fail_on=fail_on.value, verbose=verbose,
            site_roots=parse_site_roots(site_root), console=make_console(),
        )
    except (ReportError, OutputError) as exc:
        raise fail(str(exc)) from None
    console = make_console()
    for path in written:
        console.print(f"  report: {path}", markup=False, highlight=False)
