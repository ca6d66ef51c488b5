"""The command line: turn flags into a run plan, call the engine, write reports, choose the exit code.

Kept thin on purpose: what a run does is the plan (``cxlint.config``); every decision
about pages and findings lives in the engine, every format in ``cxlint.report``.
Exit codes: 0 the build passes; 1 findings fail it (``--fail-on``, ``--max-findings``,
new against ``--baseline``); 2 usage, configuration or browser error, or nothing at
all could be scanned. Every error is one line, never a traceback.
"""

from __future__ import annotations

import asyncio
import os
import sys
from contextlib import ExitStack
from enum import Enum
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import typer

from cxlint import __version__
from cxlint.audit import AuditError, AuditSite, SiteRun, check_audit, load_audit, run_audit
from cxlint.browser import BrowserNotFound, find_browser
from cxlint.config import (
    ConfigError,
    Plan,
    build_plan,
    find_config_file,
    load_config_file,
    plan_for_resume,
    resolve_env,
    starter_config,
    validate_rule_tokens,
)
from cxlint.console import ProgressReporter, make_console, print_audit_summary, print_findings, print_summary
from cxlint.crawl.crawler import CrawlEvent
from cxlint.crawl.states import CrawlConfigError
from cxlint.engines.axe import DEFAULT_STANDARD, axe_version
from cxlint.findings.baseline import BaselineError, entries_from
from cxlint.findings.baseline import write as write_baseline
from cxlint.model import PageStatus, RunResult
from cxlint.registry import Registry, did_you_mean, load_registry
from cxlint.report.github import annotations, step_summary
from cxlint.report.pipeline import OutputError, validate_out_dir
from cxlint.runner import RunOutcome, RunRequest, nothing_scanned, rules_for, run, write_plan_reports
from cxlint.store import Store, StoreError
from cxlint.targets import TargetError, plan_targets, resolve

app = typer.Typer(
    name="cxlint",
    help=(
        "Check federal service pages for accessibility (WCAG / Section 508, with axe-core), plain language "
        "and federal website standards, in a real Chromium.\n\n"
        "Start with 'cxlint demo' to see a report, then 'cxlint scan URL|FILE|FOLDER'. "
        "Settings can live in cxlint.toml or \\[tool.cxlint] in pyproject.toml ('cxlint init' writes one)."
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
def callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show cxlint's and axe-core's versions.")
    ] = False,
) -> None:
    """cxlint: checks that federal web teams run before they ship a page."""


def main() -> None:
    """The ``cxlint`` command: a usage error becomes one line (the README promises it), exit 2.

    The click exceptions typer raises are recognised by what they carry (``format_message``,
    ``exit_code``, ``ctx``), not by import, since typer has vendored click.
    """
    try:
        code = app(prog_name="cxlint", standalone_mode=False)
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.Abort:
        make_console(stderr=True).print("cxlint: interrupted", markup=False)
        code = 130
    except Exception as exc:
        if not hasattr(exc, "format_message") or not hasattr(exc, "exit_code"):
            raise
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError":
            code = 0  # typer has printed the help already
        else:
            where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            message = " ".join(str(exc.format_message()).split())
            make_console(stderr=True).print(f"cxlint: error: {message}{where}", markup=False, highlight=False)
            code = 2 if exc.exit_code in (1, 2) and ctx is not None else int(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def fail(message: str) -> typer.Exit:
    """One clear line on stderr and exit 2: for usage, config and environment problems."""
    make_console(stderr=True).print(f"cxlint: error: {message}", markup=False, highlight=False)
    return typer.Exit(2)


def warn(message: str) -> None:
    make_console(stderr=True).print(f"cxlint: warning: {message}", markup=False, highlight=False)


# -- flags → plan ---------------------------------------------------------------------------------


def split_list(values: list[str] | None) -> list[str] | None:
    """Repeated and comma-separated values as one list; None when the flag was not given."""
    if not values:
        return None
    return [item.strip() for v in values for item in v.split(",") if item.strip()]


def parse_headers(values: list[str]) -> dict[str, str] | None:
    """``Name: value``; a value ``$VAR`` or ``${VAR}`` is read from the environment when the scan starts.

    Reading secrets from the environment keeps them out of shell history, CI logs and stored plans.
    """
    if not values:
        return None
    headers: dict[str, str] = {}
    for raw in values:
        name, sep, value = raw.partition(":")
        if not sep or not name.strip():
            raise fail(f"--header '{name.strip() or raw}' must look like 'Name: value'")
        headers[name.strip()] = value.strip()
    return headers


def parse_limits(values: list[str]) -> dict[str, int] | None:
    if not values:
        return None
    out: dict[str, int] = {}
    for raw in split_list(values) or []:
        key, sep, number = raw.partition("=")
        if not sep or not number.strip().isdigit():
            raise fail(f"--max-findings '{raw}' must look like KEY=N, e.g. error=0 or accessibility=10")
        out[key.strip()] = int(number)
    return out


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        if isinstance(v, dict) and k in ("crawl", "page"):
            inner = _drop_none(v)
            if inner:
                out[k] = inner
        elif v is not None:
            out[k] = v
    return out


def load_file_settings(config: Path | None, no_config: bool) -> tuple[dict[str, Any], str]:
    """The configuration file's settings and its name (for messages): ``--config``, else the nearest one."""
    if no_config:
        return {}, "configuration"
    path = config if config is not None else find_config_file()
    if path is None:
        return {}, "configuration"
    try:
        return load_config_file(path), str(path)
    except ConfigError as exc:
        raise fail(str(exc)) from None


def make_plan(overrides: dict[str, Any], config: Path | None, no_config: bool) -> tuple[Plan, str]:
    data, source = load_file_settings(config, no_config)
    try:
        return build_plan(data, _drop_none(overrides), source=source), source
    except ConfigError as exc:
        raise fail(str(exc)) from None


def load_rules_checked(plan: Plan, source: str) -> Registry:
    """The plan's rules; a broken rule file is named (file:line) and the other rules keep working."""
    for folder in plan.rules:
        if not Path(folder).is_dir():
            raise fail(f"--rules '{folder}': no such folder")
    registry = rules_for(plan)
    for e in registry.errors:
        warn(f"rule file {e} (this rule is skipped)")
    try:
        validate_rule_tokens(plan, registry, source)
        for name, value in plan.page.headers.items():
            resolve_env(value, f"--header {name}")
    except ConfigError as exc:
        raise fail(str(exc)) from None
    return registry


def check_out_dir(out: Path, formats: list[str]) -> None:
    """Fail before the scan, not after it, when reports could not be written."""
    if not any(f not in ("console", "github") for f in formats):
        return
    try:
        validate_out_dir(out)
    except OutputError as exc:
        raise fail(str(exc)) from None


# -- running --------------------------------------------------------------------------------------


def write_reports(result: RunResult, plan: Plan) -> list[str]:
    """Every file format in one pass over the pages (console and annotations are printed, not written)."""
    try:
        return [str(p) for p in write_plan_reports(result, plan)]
    except OutputError as exc:
        raise fail(str(exc)) from None


def execute(request: RunRequest, *, write: bool = True) -> tuple[RunOutcome, list[str]]:
    """Run the scan with progress on stderr, write the reports, print what the plan asks for."""
    plan = request.plan
    err = make_console(stderr=True)
    try:
        if plan.cluster is None:  # on a cluster, the workers launch their own
            find_browser(plan.page.browser)
    except BrowserNotFound as exc:
        raise fail(str(exc)) from None
    with ProgressReporter(err, verbose=plan.verbose, quiet=plan.quiet) as progress:
        try:
            outcome = asyncio.run(run(request, on_event=progress))
        except KeyboardInterrupt:
            raise fail("interrupted; scanned pages are kept: run again with --resume") from None
        except (CrawlConfigError, StoreError, BrowserNotFound, BaselineError, ConfigError) as exc:
            raise fail(str(exc)) from None
    result = outcome.result
    written = write_reports(result, plan) if write else []
    if outcome.crawl.error:
        raise fail(f"{outcome.crawl.error}; pages not yet scanned stay queued: run again with --resume")
    problem = nothing_scanned(result)
    if problem:
        raise fail(problem)
    out_console = make_console()
    if "github" in plan.format:
        for line in annotations(result):
            print(line)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path and write:
        try:
            with open(summary_path, "a", encoding="utf-8") as fh:
                fh.write(step_summary(result))
        except OSError as exc:
            warn(f"cannot write the job summary to $GITHUB_STEP_SUMMARY: {exc.strerror}")
    if not plan.quiet:
        if "console" in plan.format:
            print_findings(out_console, result, verbose=plan.verbose)
        print_summary(out_console, result, written)
    if outcome.crawl.interrupted:
        err.print(f"interrupted: continue with 'cxlint scan --resume --store {plan.store}'", markup=False)
    return outcome, written


def _resume(store_path: Path, overrides: dict[str, Any]) -> tuple[str, Plan, list[str]]:
    """The newest unfinished scan in the store, its plan with the changeable flags applied, its start URLs."""
    if not store_path.is_file():
        raise fail(f"nothing to resume: no store at {store_path}")
    try:
        with Store(store_path) as store:
            info = store.latest_scan(unfinished=True)
    except StoreError as exc:
        raise fail(str(exc)) from None
    if info is None:
        raise fail(f"nothing to resume: every scan in {store_path} has finished")
    stored = info.meta.get("plan") or info.config.get("plan")
    if not isinstance(stored, dict):
        raise fail(f"scan {info.id} was made by an older cxlint without a stored plan; start a new scan")
    try:
        plan = plan_for_resume(stored, _drop_none({**overrides, "store": str(store_path)}))
    except ConfigError as exc:
        raise fail(str(exc)) from None
    start_urls = list(info.config.get("crawl", {}).get("start_urls", []))
    return info.id, plan, start_urls


# -- options shared by scan and baseline ----------------------------------------------------------

PLAN = "Configuration"
CHECKS = "What is checked"
GATE = "Failing the build"
OUTPUT = "Output"
CRAWL = "Crawl"
PAGE = "Page"

ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Settings file (default: the nearest cxlint.toml or [tool.cxlint] in "
                 "pyproject.toml, from this folder upwards).", rich_help_panel=PLAN),
]
RootOpt = Annotated[
    Path | None,
    typer.Option("--root", help="Folder to serve as the web root for local files and folders (default: the site "
                 "root above them, the nearest folders with an index.html).", rich_help_panel=CRAWL),
]
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Ignore any settings file.", rich_help_panel=PLAN)]
FormatOpt = Annotated[
    list[str] | None,
    typer.Option("--format", "-f", help="Outputs, comma-separated or repeated: console, html, json, github "
                 "(workflow annotations) and the other report formats.", rich_help_panel=OUTPUT),
]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Folder for report files \\[default: cxlint-report].",
                                             rich_help_panel=OUTPUT)]
BrowserOpt = Annotated[
    str | None,
    typer.Option("--browser", envvar="CXLINT_BROWSER", help="Chromium/Chrome executable (default: find one).",
                 rich_help_panel=PAGE),
]
StandardOpt = Annotated[
    Standard | None,
    typer.Option("--standard", help="wcag20aa (Section 508's legal baseline), wcag21aa (default), wcag22aa.",
                 rich_help_panel=CHECKS),
]
ChecksOpt = Annotated[
    str | None,
    typer.Option("--checks", help="Standards to check, comma-separated: accessibility, plain-language, federal.",
                 rich_help_panel=CHECKS),
]
ProductionOpt = Annotated[
    str | None,
    typer.Option("--production-url", help="Production address of a local or staging site: production-only federal "
                 "rules (HTTPS, HSTS, .gov, analytics) are judged against it.", rich_help_panel=CHECKS),
]
SelectOpt = Annotated[
    list[str] | None,
    typer.Option("--select", help="Only these rules: codes (PL101), prefixes (PL, A11Y2), names, axe ids or tags "
                 "(wcag2aa), categories. Repeatable.", rich_help_panel=CHECKS),
]
IgnoreOpt = Annotated[
    list[str] | None,
    typer.Option("--ignore", help="Leave these rules out (same forms as --select; the most specific wins).",
                 rich_help_panel=CHECKS),
]
RulesOpt = Annotated[
    list[Path] | None, typer.Option("--rules", help="A folder of your own rules (YAML). Repeatable.",
                                    rich_help_panel=CHECKS),
]
SubmitOpt = Annotated[
    bool | None,
    typer.Option("--submit-forms/--no-submit-forms", help="Submit forms with empty and bad values to check their "
                 "error handling on a non-loopback site too (always on 127.0.0.1).", rich_help_panel=CHECKS),
]


def _overrides(**kw: Any) -> dict[str, Any]:
    """Flags given on the command line as plan keys (None: not given, the file or default decides)."""
    std = kw.get("standard")
    fail_on = kw.get("fail_on")
    return {
        "targets": kw.get("targets") or None,
        "root": str(kw["root"]) if kw.get("root") else None,
        "standard": std.value if std else None,
        "checks": split_list([kw["checks"]]) if kw.get("checks") is not None else None,
        "production-url": kw.get("production_url"),
        "submit-forms": kw.get("submit_forms"),
        "rules": [str(p) for p in kw["rules"]] if kw.get("rules") else None,
        "select": split_list(kw.get("select")),
        "ignore": split_list(kw.get("ignore")),
        "fail-on": fail_on.value if fail_on else None,
        "max-findings": parse_limits(kw.get("max_findings") or []),
        "exit-zero": kw.get("exit_zero") or None,
        "baseline": str(kw["baseline"]) if kw.get("baseline") else None,
        "out": str(kw["out"]) if kw.get("out") else None,
        "format": split_list(kw.get("format")),
        "quiet": kw.get("quiet") or None,
        "verbose": kw.get("verbose") or None,
        "title": kw.get("title"),
        "agency": kw.get("agency"),
        "store": str(kw["store"]) if kw.get("store") else None,
        "cache": kw.get("cache"),
        "cluster": kw.get("cluster"),
        "crawl": {
            "follow": kw.get("follow"),
            "sitemaps": kw.get("sitemap") or None,
            "scope": kw.get("scope") or None,
            "include": kw.get("include") or None,
            "exclude": kw.get("exclude") or None,
            "max-pages": kw.get("max_pages"),
            "max-depth": kw.get("max_depth"),
            "sample": kw.get("sample"),
            "respect-robots": False if kw.get("ignore_robots") else None,
            "delay": kw.get("delay"),
            "concurrency": kw.get("concurrency"),
        },
        "page": {
            "timeout": kw.get("timeout"),
            "wait-for": kw.get("wait_for"),
            "headers": parse_headers(kw.get("header") or []),
            "storage-state": str(kw["storage_state"]) if kw.get("storage_state") else None,
            "browser": kw.get("browser"),
        },
    }


def _start(plan: Plan, stack: ExitStack, resumed: list[str] | None = None) -> tuple[list[str], dict[str, str]]:
    """The plan's targets as URLs; local files and folders are served on 127.0.0.1 until ``stack`` closes.

    ``resumed``: the start URLs of the scan being resumed, whose local folders are served again at
    the same addresses (their queued pages name them).
    """
    try:
        return plan_targets(plan, stack, resumed)
    except TargetError as exc:
        raise fail(str(exc)) from None


@app.command()
def scan(
    targets: Annotated[
        list[str] | None,
        typer.Argument(help="URLs, local .html files, or folders of a built site (served on 127.0.0.1)."),
    ] = None,
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    root: RootOpt = None,
    out: OutOpt = None,
    format: FormatOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors; the exit code tells.", rich_help_panel=OUTPUT)] = False,  # noqa: E501
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every element in console output.", rich_help_panel=OUTPUT)] = False,  # noqa: E501
    title: Annotated[str | None, typer.Option("--title", help="Title of the HTML report.", rich_help_panel=OUTPUT)] = None,  # noqa: E501
    agency: Annotated[str | None, typer.Option("--agency", help="Agency named in the HTML report.", rich_help_panel=OUTPUT)] = None,  # noqa: E501
    standard: StandardOpt = None,
    checks: ChecksOpt = None,
    production_url: ProductionOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    rules: RulesOpt = None,
    submit_forms: SubmitOpt = None,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", help="Lowest severity that fails the build (or 'never') \\[default: error].", rich_help_panel=GATE)] = None,  # noqa: E501
    max_findings: Annotated[list[str] | None, typer.Option("--max-findings", help="Allow up to N findings: KEY=N where KEY is a severity or a category (error=0, accessibility=10). Repeatable.", rich_help_panel=GATE)] = None,  # noqa: E501
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when findings fail the build (the verdict is still reported).", rich_help_panel=GATE)] = False,  # noqa: E501
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Fail only on findings not in this baseline ('cxlint baseline' writes one).", rich_help_panel=GATE)] = None,  # noqa: E501
    # -- what to crawl
    sitemap: Annotated[list[str] | None, typer.Option("--sitemap", help="Also scan the URLs of this sitemap.", rich_help_panel=CRAWL)] = None,  # noqa: E501
    follow: Annotated[bool | None, typer.Option("--follow/--no-follow", help="Follow links (default) or scan only the given and sitemap URLs.", rich_help_panel=CRAWL)] = None,  # noqa: E501
    scope: Annotated[list[str] | None, typer.Option("--scope", help="URL prefix that pages must start with (default: the start URLs' origins).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    include: Annotated[list[str] | None, typer.Option("--include", help="Only URLs matching this glob ('re:' for a regex).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    exclude: Annotated[list[str] | None, typer.Option("--exclude", help="Skip URLs matching this glob ('re:' for a regex).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    max_pages: Annotated[int | None, typer.Option("--max-pages", help="Stop after this many pages \\[default: 500].", rich_help_panel=CRAWL)] = None,  # noqa: E501
    max_depth: Annotated[int | None, typer.Option("--max-depth", help="Links deep from a start URL.", rich_help_panel=CRAWL)] = None,  # noqa: E501
    sample: Annotated[int | None, typer.Option("--sample", help="At most N pages per URL pattern (e.g. /forms/{id}).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    ignore_robots: Annotated[bool, typer.Option("--ignore-robots", help="Load pages robots.txt disallows.", rich_help_panel=CRAWL)] = False,  # noqa: E501
    delay: Annotated[float | None, typer.Option("--delay", help="Seconds between page loads on one host.", rich_help_panel=CRAWL)] = None,  # noqa: E501
    concurrency: Annotated[int | None, typer.Option("--concurrency", "-j", help="Pages in flight (default: from cores).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    resume: Annotated[bool, typer.Option("--resume", help="Continue the newest unfinished scan in the store (its settings; limits may be raised).", rich_help_panel=CRAWL)] = False,  # noqa: E501
    store: Annotated[Path | None, typer.Option("--store", help="SQLite file that keeps every page as it finishes \\[default: .cxlint/cxlint.db].", rich_help_panel=CRAWL)] = None,  # noqa: E501
    cache: Annotated[bool | None, typer.Option("--cache/--no-cache", help="Reuse stored results of unchanged pages (default) or check every page afresh.", rich_help_panel=CRAWL)] = None,  # noqa: E501
    cluster: Annotated[str | None, typer.Option("--cluster", help="Scan pages on Dask workers: local:N (N workers here) or tcp://host:port (a scheduler).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    # -- how to load a page
    browser: BrowserOpt = None,
    timeout: Annotated[float | None, typer.Option("--timeout", help="Seconds to load one page \\[default: 30].", rich_help_panel=PAGE)] = None,  # noqa: E501
    wait_for: Annotated[str | None, typer.Option("--wait-for", help="CSS selector to wait for before checking (SPAs).", rich_help_panel=PAGE)] = None,  # noqa: E501
    header: Annotated[list[str] | None, typer.Option("--header", "-H", help="Extra request header 'Name: value' ($VAR reads the env).", rich_help_panel=PAGE)] = None,  # noqa: E501
    storage_state: Annotated[Path | None, typer.Option("--storage-state", help="Cookies and storage from 'cxlint login'.", rich_help_panel=PAGE)] = None,  # noqa: E501
) -> None:
    """Crawl and scan pages in headless Chromium, write reports, and pass or fail the build.

    Examples:

      cxlint scan https://www.example.gov/                 (crawls the site, 500 pages at most)

      cxlint scan ./build --format html,json --out reports/

      cxlint scan ./build --baseline .cxlint/baseline.json --format github,sarif

      cxlint scan page.html --standard wcag22aa --fail-on warning --ignore PL112

    Settings come from cxlint.toml (or [tool.cxlint] in pyproject.toml); flags override them.
    """
    overrides = _overrides(**locals())
    with ExitStack() as stack:
        if resume:
            store_path = Path(store) if store else _stored_default(config, no_config)
            scan_id, plan, start_urls = _resume(store_path, overrides)
            source = "resume"
        else:
            scan_id = None
            plan, source = make_plan(overrides, config, no_config)
            check_out_dir(Path(plan.out), plan.format)
            start_urls = []
        registry = load_rules_checked(plan, source)
        sites: dict[str, str] = {}
        if scan_id is None:
            start_urls, sites = _start(plan, stack)
        else:
            _, sites = _start(plan, stack, resumed=start_urls)
            check_out_dir(Path(plan.out), plan.format)
        request = RunRequest(plan=plan, start_urls=start_urls, resume=scan_id, registry=registry, local_sites=sites)
        outcome, _ = execute(request)
    verdict = outcome.verdict
    if not verdict.passed and not plan.quiet:
        for reason in verdict.reasons:
            make_console(stderr=True).print(f"cxlint: failed: {reason}", markup=False, highlight=False)
    raise typer.Exit(verdict.exit_code)


def _stored_default(config: Path | None, no_config: bool) -> Path:
    data, _ = load_file_settings(config, no_config)
    return Path(str(data.get("store", ".cxlint/cxlint.db")))


@app.command(epilog=(
    "The audit file (TOML) has optional title, agency, out, store and format keys, a \\[defaults] table of "
    "cxlint.toml settings for every site, and one \\[\\[sites]] table per site: name, start (URLs, files or "
    "folders), agency, service, and any cxlint.toml setting of its own. See 'Agency audits' in the README."
))
def audit(
    file: Annotated[Path, typer.Argument(help="The audit file (TOML): the sites, who owns them, where to start.")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder for the agency report and each site's reports \\[default: the file's 'out', else cxlint-audit].", rich_help_panel=OUTPUT)] = None,  # noqa: E501
    format: Annotated[str | None, typer.Option("--format", "-f", help="Each site's report files: html,json,sarif,junit,csv,markdown \\[default: html,json].", rich_help_panel=OUTPUT)] = None,  # noqa: E501
    title: Annotated[str | None, typer.Option("--title", help="Title of the agency report.", rich_help_panel=OUTPUT)] = None,  # noqa: E501
    agency: Annotated[str | None, typer.Option("--agency", help="Agency named in the reports (a site's own 'agency' wins).", rich_help_panel=OUTPUT)] = None,  # noqa: E501
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors; the exit code tells.", rich_help_panel=OUTPUT)] = False,  # noqa: E501
    site: Annotated[list[str] | None, typer.Option("--site", help="Audit only the site of this name (repeatable).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    max_pages: Annotated[int | None, typer.Option("--max-pages", help="At most this many pages per site (overrides the file).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    concurrency: Annotated[int | None, typer.Option("--concurrency", "-j", help="Pages in flight per site.", rich_help_panel=CRAWL)] = None,  # noqa: E501
    store: Annotated[Path | None, typer.Option("--store", help="SQLite results store shared by the sites (trends across audits read it).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    browser: BrowserOpt = None,
    cluster: Annotated[str | None, typer.Option("--cluster", help="Scan pages on Dask workers: local:N (N workers here) or tcp://host:port (a scheduler).", rich_help_panel=CRAWL)] = None,  # noqa: E501
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", help="Lowest severity that fails a site (or 'never').", rich_help_panel=GATE)] = None,  # noqa: E501
    exit_zero: Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when a site's findings fail it.", rich_help_panel=GATE)] = False,  # noqa: E501
) -> None:
    """Audit many sites in one run: each site's own reports, plus an agency report across them.

    Each site is scanned as 'cxlint scan' would scan it, under \\[defaults] and its own settings, into
    one results store, so the agency report shows trends against earlier audits. A site that cannot
    be scanned is listed as such and the audit goes on.

    Exit codes: 0 every site passes; 1 a site's findings fail it; 2 a site could not be scanned, or
    the audit file is wrong (one line names the site and the key).

    Example: cxlint audit agency.toml --out audit-report
    """
    overrides = _drop_none({
        "out": str(out) if out else None,
        "store": str(store) if store else None,
        "format": split_list([format]) if format else None,
        "title": title,
        "agency": agency,
        "cluster": cluster,
        "fail-on": fail_on.value if fail_on else None,
        "exit-zero": exit_zero or None,
        "crawl": {"max-pages": max_pages, "concurrency": concurrency},
        "page": {"browser": browser},
    })
    try:
        plan = load_audit(file, overrides)
        if site:
            known = [s.name for s in plan.sites]
            for name in site:
                if name not in known:
                    raise AuditError(f"--site '{name}': no such site in {file}{did_you_mean(name, known)}")
            plan.sites = [s for s in plan.sites if s.name in site]
        registries = check_audit(plan)
        if plan.cluster is None:  # on a cluster, the workers launch their own
            find_browser(plan.sites[0].plan.page.browser)
    except AuditError as exc:
        raise fail(str(exc)) from None
    except BrowserNotFound as exc:
        raise fail(str(exc)) from None
    err = make_console(stderr=True)
    progress: list[ProgressReporter] = []

    def on_site(i: int, s: AuditSite) -> None:
        if progress:
            progress.pop().__exit__(None, None, None)
        if not quiet:
            err.print(f"[{i}/{len(plan.sites)}] {s.name}: {', '.join(s.plan.targets)}", markup=False, highlight=False)
        progress.append(ProgressReporter(err, quiet=quiet).__enter__())

    def on_event(event: CrawlEvent) -> None:
        if progress:
            progress[-1](event)

    def on_done(r: SiteRun) -> None:
        if progress:
            progress.pop().__exit__(None, None, None)
        if r.error:
            err.print(f"cxlint: {r.site.name}: not scanned: {r.error}", markup=False, highlight=False)

    try:
        result = asyncio.run(run_audit(plan, registries, on_site=on_site, on_event=on_event, on_done=on_done))
    except KeyboardInterrupt:
        raise fail("interrupted; scanned pages are kept in the store") from None
    except (OutputError, ConfigError, BrowserNotFound) as exc:  # ClusterError is a ConfigError
        raise fail(str(exc)) from None
    finally:
        while progress:
            progress.pop().__exit__(None, None, None)
    if not quiet:
        print_audit_summary(make_console(), result.runs, result.agency_report)
    if result.interrupted:
        err.print(f"interrupted: the pages checked so far are kept in {plan.store}; run the audit again to finish it "
                  "(unchanged pages are not checked twice)", markup=False, highlight=False)
    code = result.exit_code
    if code == 1 and any(r.site.plan.exit_zero for r in result.runs):
        code = 0
    raise typer.Exit(code)


@app.command("baseline")
def baseline_cmd(
    targets: Annotated[list[str] | None, typer.Argument(help="What to scan, as for 'cxlint scan'.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to write.")] = Path(
        ".cxlint/baseline.json"
    ),
    config: ConfigOpt = None,
    no_config: NoConfigOpt = False,
    root: RootOpt = None,
    standard: StandardOpt = None,
    checks: ChecksOpt = None,
    production_url: ProductionOpt = None,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    rules: RulesOpt = None,
    max_pages: Annotated[int | None, typer.Option("--max-pages", help="Stop after this many pages.")] = None,
    follow: Annotated[bool | None, typer.Option("--follow/--no-follow", help="Follow links.")] = None,
    browser: BrowserOpt = None,
    store: Annotated[Path | None, typer.Option("--store", help="SQLite results store.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the file written.")] = False,
) -> None:
    """Scan and record today's findings, so later scans with --baseline fail only on new ones.

    Commit the file. Each finding is kept by fingerprint (rule, page path, element), which does not
    depend on the host or port, so a baseline made on a local build matches staging and CI.

      cxlint baseline ./build --output .cxlint/baseline.json

      cxlint scan ./build --baseline .cxlint/baseline.json
    """
    overrides = _overrides(**{**locals(), "format": ["console"], "baseline": None})
    plan, source = make_plan(overrides, config, no_config)
    plan = plan.model_copy(update={"baseline": None, "format": [], "quiet": True})
    registry = load_rules_checked(plan, source)
    with ExitStack() as stack:
        urls, sites = _start(plan, stack)
        request = RunRequest(plan=plan, start_urls=urls, registry=registry, local_sites=sites)
        outcome, _ = execute(request, write=False)
    result = outcome.result
    pages = [(p.final_url or p.url, p.findings) for p in result.pages if p.status is not PageStatus.SKIPPED]
    entries = entries_from([*pages, ("", result.site_findings)])
    try:
        write_baseline(output, entries, {"tool_version": __version__, "standard": plan.standard,
                                         "start_urls": list(plan.targets)})
    except OSError as exc:
        raise fail(f"cannot write baseline '{output}': {exc.strerror}") from None
    n = sum(e.count for e in entries)
    make_console().print(
        f"baseline: {n} finding{'s' * (n != 1)} ({len(entries)} fingerprints) from "
        f"{sum(1 for p in result.pages if p.status is PageStatus.SCANNED)} pages written to {output}",
        markup=False, highlight=False,
    )


@app.command()
def init(
    pyproject: Annotated[bool, typer.Option("--pyproject", help="Add a [tool.cxlint] table to pyproject.toml "
                                            "instead of writing cxlint.toml.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing cxlint.toml.")] = False,
) -> None:
    """Write a commented starter configuration (cxlint.toml) in this folder."""
    if pyproject:
        path = Path("pyproject.toml")
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if "[tool.cxlint]" in text:
            raise fail("pyproject.toml already has a [tool.cxlint] table")
        path.write_text(text + ("\n" if text and not text.endswith("\n") else "") + "\n" + starter_config(True),
                        encoding="utf-8")
    else:
        path = Path("cxlint.toml")
        if path.exists() and not force:
            raise fail("cxlint.toml already exists (use --force to overwrite it)")
        path.write_text(starter_config(False).lstrip(), encoding="utf-8")
    make_console().print(f"wrote {path}: edit it, then run 'cxlint scan'", markup=False, highlight=False)


@app.command()
def demo(
    out: OutOpt = None,
    format: FormatOpt = None,
    browser: BrowserOpt = None,
    standard: StandardOpt = None,
) -> None:
    """Serve the bundled sample federal service site on 127.0.0.1, scan it, and write a report.

    The site is a fictional agency's permit-renewal service with planted accessibility,
    plain-language and federal-standards problems beside pages that are clean.
    """
    import tempfile

    from cxlint.demo import SITE_DIR

    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="cxlint-demo-") as tmp:
        site = resolve([str(SITE_DIR)], stack).sites[0]
        overrides = {
            "standard": standard.value if standard else None,
            "format": split_list(format) or ["html", "json"],
            "out": str(out or "cxlint-demo-report"),
            "store": str(Path(tmp) / "demo.db"),
            "page": {"browser": browser},
        }
        try:
            plan = build_plan({}, _drop_none(overrides), source="demo")
        except ConfigError as exc:
            raise fail(str(exc)) from None
        check_out_dir(Path(plan.out), plan.format)
        request = RunRequest(plan=plan, start_urls=[site.origin + "/"], registry=load_rules_checked(plan, "demo"))
        _, written = execute(request)
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
    extra: Annotated[
        list[Path] | None, typer.Option("--rules", help="Also list the rules in this folder of your own (YAML).")
    ] = None,
) -> None:
    """List every rule (code, severity, standard, summary), or explain one."""
    from rich.table import Table

    from cxlint.registry import RULES_DIR

    for folder in extra or []:
        if not folder.is_dir():
            raise fail(f"--rules '{folder}': no such folder")
    registry = load_registry([RULES_DIR, *(extra or [])])
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


# -- history and diff ---------------------------------------------------------------------------

import sqlite3  # noqa: E402 - kept with the commands it serves

from typer.core import TyperGroup  # noqa: E402


class _HistoryGroup(TyperGroup):
    """``cxlint history [SITE]`` lists; ``cxlint history prune`` prunes.

    A group's positional argument would swallow the subcommand's name, so SITE is not parsed
    when a subcommand is named; when none is, options may follow SITE as in any command.
    """

    def parse_args(self, ctx, args):  # type: ignore[no-untyped-def]
        if not any(a in self.commands for a in args):
            ctx.allow_interspersed_args = True
            return super().parse_args(ctx, args)
        saved = self.params
        self.params = [p for p in saved if p.param_type_name != "argument"]
        try:
            return super().parse_args(ctx, args)
        finally:
            self.params = saved


class HistoryFormat(str, Enum):
    table = "table"
    json = "json"


class DiffFormat(str, Enum):
    console = "console"
    json = "json"
    markdown = "markdown"


history_app = typer.Typer(
    cls=_HistoryGroup,
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(history_app, name="history")

DEFAULT_STORE = Path(".cxlint/cxlint.db")
StoreOpt = Annotated[Path, typer.Option("--store", help="The results store (SQLite file) of earlier scans.")]


def _open_store(path: Path) -> Store:
    if not path.is_file():
        raise fail(f"no results store at {path} (scans are kept there; see --store)")
    try:
        return Store(path)
    except StoreError as exc:
        raise fail(str(exc)) from None


def _when(iso: str | None) -> str:
    return (iso or "").replace("T", " ")[:16]


@history_app.callback()
def history(
    ctx: typer.Context,
    site: Annotated[
        str | None,
        typer.Argument(
            metavar="SITE",
            help="Only scans of this site: a host, port and path prefix such as www.agency.gov/forms "
            "(scheme optional), or a local folder.",
        ),
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=1, help="Show at most N scans.")] = None,
    format: Annotated[HistoryFormat, typer.Option("--format", "-f", help="table or json.")] = HistoryFormat.table,
) -> None:
    """List the scans in the results store, newest first, with their counts and score (or prune old ones).

    Each scan shows its pages, errors, warnings, info, needs-review items and median plain-language score.

    Examples:

      cxlint history

      cxlint history www.example.gov/forms --limit 5

      cxlint history prune --keep 10
    """
    import json as _json

    from rich.table import Table
    from rich.text import Text

    from cxlint.history import list_history

    ctx.obj = {"store": store}
    if ctx.invoked_subcommand is not None:
        return
    with _open_store(store) as db:
        rows = list_history(db, site, limit)
    if format is HistoryFormat.json:
        typer.echo(_json.dumps([r.to_dict() for r in rows], indent=2))
        return
    console = make_console()
    if not rows:
        console.print("no scans" + (f" of {site}" if site else "") + f" in {store}", markup=False)
        return
    if not console.is_terminal:
        console.width = max(console.width, 160)  # a log or a file: one line per scan beats wrapping
    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column("Scan", no_wrap=True)
    table.add_column("Started (UTC)", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Site", overflow="fold")
    for col in ("Pages", "Errors", "Warnings", "Info", "Review", "Score"):
        table.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        failed = r.pages.get("failed", 0)
        pages = f"{r.pages.get('scanned', 0)}" + (f" ({failed} failed)" if failed else "")
        score = "-" if r.plain_language_score is None else f"{r.plain_language_score:g}"
        cells = [r.id, _when(r.started), r.status, r.site, pages, str(r.findings["error"]),
                 str(r.findings["warning"]), str(r.findings["info"]), str(r.findings["needs-review"]), score]
        table.add_row(*(Text(c) for c in cells))  # Text: a site or path is never read as markup
    console.print(table)


@history_app.command("prune")
def history_prune(
    ctx: typer.Context,
    keep: Annotated[int, typer.Option("--keep", min=0, help="How many of the newest scans to keep.")],
    site: Annotated[str | None, typer.Option("--site", help="Prune only this site's scans (see 'history').")] = None,
    store: Annotated[Path | None, typer.Option("--store", help="The results store (SQLite file).")] = None,
) -> None:
    """Delete all but the newest N scans (of one site with --site); running scans are never deleted."""
    from cxlint.history import prune

    path = store or (ctx.obj or {}).get("store") or DEFAULT_STORE  # 'history --store X prune' works too
    with _open_store(path) as db:
        try:
            report = prune(db, keep, site)
        except sqlite3.DatabaseError as exc:  # e.g. locked by a scan writing for longer than the busy timeout
            raise fail(f"cannot prune {path}: {exc}") from None
    console = make_console()
    for r in report.deleted:
        console.print(f"deleted {r.id} ({_when(r.started)}, {r.status}, {r.site})", markup=False, highlight=False)
    for r in report.running:
        console.print(f"kept {r.id}: still running", markup=False, highlight=False)
    console.print(
        f"{len(report.deleted)} scan(s) deleted, {len(report.kept) + len(report.running)} kept in {path}",
        markup=False, highlight=False,
    )


@app.command("diff")
def diff_command(
    old: Annotated[str, typer.Argument(help="The earlier scan: a results.json file, a report folder or a scan id.")],
    new: Annotated[str, typer.Argument(help="The later scan: a results.json file, a report folder or a scan id.")],
    store: StoreOpt = DEFAULT_STORE,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="console, json or markdown.")] = (
        DiffFormat.console
    ),
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 if a NEW finding is at or above this severity (or 'never').")
    ] = FailOn.error,
) -> None:
    """Compare two scans: new, fixed and unchanged findings, by rule and page.

    Findings match on their fingerprint, whatever host or port the pages were served on.

    Examples:

      cxlint diff main-report/results.json cxlint-report/results.json --fail-on error

      cxlint diff 20250101T120000Z-1a2b3c 20250108T120000Z-4d5e6f --format markdown
    """
    import json as _json

    from cxlint.diff import DiffInputError, diff, failing, load_side, render_console, render_markdown, to_json

    try:
        result = diff(load_side(old, store), load_side(new, store))
    except DiffInputError as exc:
        raise fail(str(exc)) from None
    if format is DiffFormat.json:
        typer.echo(_json.dumps(to_json(result, fail_on.value), indent=2))
    elif format is DiffFormat.markdown:
        typer.echo(render_markdown(result, fail_on.value), nl=False)
    else:
        typer.echo(render_console(result, fail_on.value), nl=False)
    raise typer.Exit(1 if failing(result, fail_on.value) else 0)


@app.command("report")
def report_command(
    target: Annotated[
        str, typer.Argument(help="A scan id in the store ('latest' for the newest), or a results.json file.")
    ],
    format: Annotated[
        list[str] | None,
        typer.Option("--format", "-f", help="Formats, comma-separated or repeated (default: console, html, json)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for report files.")] = Path("cxlint-report"),
    store: Annotated[Path, typer.Option("--store", help="SQLite results store of the scan.")] = Path(
        ".cxlint/cxlint.db"
    ),
    fail_on: Annotated[
        FailOn | None,
        typer.Option("--fail-on", help="Lowest severity a JUnit failure counts (default: the scan's own)."),
    ] = None,
    site_root: Annotated[
        list[str] | None,
        typer.Option("--site-root", help="ORIGIN=FOLDER: the folder a local scan served, for SARIF file paths."),
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Console: every element, the fix and the help URL.")
    ] = False,
) -> None:
    """Render reports again, in any format, from the results store or a results.json file.

    Examples:

      cxlint report latest --format sarif,junit --out reports/

      cxlint report cxlint-report/results.json --format markdown,csv --out reports/
    """
    from cxlint.report import FORMATS
    from cxlint.report.command import parse_site_roots, render_again
    from cxlint.report.pipeline import OutputError
    from cxlint.report.source import ReportError

    formats = [f.strip().lower() for v in (format or ["console,html,json"]) for f in v.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise fail(f"unknown format '{unknown[0]}' (choose from {', '.join(FORMATS)})")
    try:
        written = render_again(
            target, list(dict.fromkeys(formats)), out, store=store, fail_on=fail_on.value if fail_on else None,
            verbose=verbose, site_roots=parse_site_roots(site_root or []), console=make_console(),
        )
    except (ReportError, OutputError) as exc:
        raise fail(str(exc)) from None
    console = make_console()
    for path in written:
        console.print(f"  report: {path}", markup=False, highlight=False)


if __name__ == "__main__":
    main()
