"""An agency audit: a hand-written list of sites, each scanned under its own plan, one roll-up.

Auditors answer for many services at once. The audit file names each site (who
owns it, which service, where to start) and may tune its plan; everything else
is the run ``cxlint scan`` does (the same plan, store and reports), so a site's
numbers in the roll-up are exactly those of its own report. Sites run one after
another in this process; a site that cannot be scanned is recorded with its
reason and the audit goes on, because one broken service must not hide twenty
others from the people responsible for them.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxlint.cluster import Backend, open_backend
from cxlint.config import ConfigError, Plan, build_plan, merge_settings, relative_paths, validate_rule_tokens
from cxlint.crawl.crawler import CrawlEvent
from cxlint.crawl.states import CrawlConfigError
from cxlint.findings.baseline import BaselineError
from cxlint.registry import Registry, did_you_mean
from cxlint.report.agency import SiteResults, SiteSummary, Unscanned, agency_data, render_summaries, summarise
from cxlint.report.context import ReportContext
from cxlint.report.html import stream
from cxlint.report.pipeline import OutputError, validate_out_dir
from cxlint.report.source import StoreSource
from cxlint.runner import RunOutcome, RunRequest, nothing_scanned, rules_for, run, write_plan_reports
from cxlint.store import Store, StoreError
from cxlint.targets import TargetError, plan_targets

FILE_KEYS = ("title", "agency", "out", "store", "format", "cluster", "defaults", "sites")
SITE_KEYS = ("name", "agency", "service", "start")
AUDIT_LEVEL = ("store", "out", "format", "cluster", "targets", "quiet", "verbose", "title")
"""Plan keys the audit sets for every site (one store, one output folder, one set of formats, one cluster)."""
FILE_FORMATS = ("html", "json", "sarif", "junit", "csv", "markdown")
DEFAULT_FORMATS = ("html", "json")
DEFAULT_OUT = "cxlint-audit"
AGENCY_FILE = "agency.html"
DATA_FILE = "audit.json"


class AuditError(ValueError):
    """The audit file cannot be used: one line naming the file, the site and the key."""


@dataclass
class AuditSite:
    name: str
    slug: str
    """The site's folder under the output folder: its name, lower-case, letters and digits."""
    plan: Plan
    agency: str = ""
    service: str = ""


@dataclass
class Audit:
    source: str
    out: Path
    store: Path
    formats: list[str]
    sites: list[AuditSite]
    title: str = ""
    agency: str = ""
    cluster: str | None = None
    """Where pages are scanned: None in this process, else a Dask cluster every site's pages share."""


@dataclass
class SiteRun:
    """What became of one site: its run, the reports written, or why it could not be scanned."""

    site: AuditSite
    outcome: RunOutcome | None = None
    written: list[str] = field(default_factory=list)
    error: str = ""
    summary: SiteSummary | None = None

    @property
    def scanned(self) -> bool:
        return self.summary is not None

    @property
    def interrupted(self) -> bool:
        """Cut off by Ctrl-C: its numbers cover only the pages checked before it."""
        return self.outcome is not None and self.outcome.crawl.interrupted


@dataclass
class AuditResult:
    runs: list[SiteRun]
    agency_report: Path | None
    data_file: Path | None
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        """2: a site could not be scanned (the audit is incomplete); 1: a site's findings fail its gate."""
        if any(not r.scanned for r in self.runs) or self.interrupted:
            return 2
        return 1 if any(r.outcome is not None and not r.outcome.verdict.passed for r in self.runs) else 0


# -- the audit file -------------------------------------------------------------------------------


def slugify(name: str, taken: set[str]) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60] or "site"
    base, n = slug, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise AuditError(f"{where}: give a URL, a file or a folder, or a list of them")
    return [v.strip() for v in value]


def load_audit(path: Path, overrides: dict[str, Any] | None = None) -> Audit:
    """Read and check the whole audit file before anything is scanned: a typo in site 12 must not
    surface an hour into the audit. ``overrides`` are the command line's plan keys, for every site;
    ``out``, ``store`` and ``format`` among them replace the file's."""
    overrides = dict(overrides or {})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuditError(f"'{path}': no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise AuditError(f"{path}: cannot read it ({e})") from None
    except tomllib.TOMLDecodeError as e:
        raise AuditError(f"{path}: not valid TOML: {e}") from None
    base = path.resolve().parent
    for key in data:
        if key not in FILE_KEYS:
            raise AuditError(f"{path}: unknown key '{key}'{did_you_mean(key, FILE_KEYS)}")
    for key in ("title", "agency", "out", "store", "cluster"):
        if key in data and not isinstance(data[key], str):
            raise AuditError(f"{path}: '{key}' must be a string")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise AuditError(f"{path}: [defaults] must be a table of cxlint.toml settings")
    sites = data.get("sites")
    if not isinstance(sites, list) or not sites or not all(isinstance(s, dict) for s in sites):
        raise AuditError(f"{path}: list the sites as [[sites]] tables (name, start, and any cxlint.toml settings)")

    # Paths given on the command line are the user's (relative to where cxlint runs); the file's are the file's.
    paths = relative_paths({k: data[k] for k in ("out", "store") if k in data}, base)
    out = Path(overrides.pop("out", None) or paths.get("out") or DEFAULT_OUT)
    store = Path(overrides.pop("store", None) or paths.get("store") or Plan().store)
    formats = overrides.pop("format", None) or data.get("format") or list(DEFAULT_FORMATS)
    formats = [formats] if isinstance(formats, str) else formats
    formats = [f.strip() for item in formats for f in str(item).split(",") if f.strip()]
    for f in formats:
        if f not in FILE_FORMATS:
            choices = ", ".join(FILE_FORMATS)
            raise AuditError(f"{path}: format '{f}' is not a report file format (choose from {choices})")
    for key in AUDIT_LEVEL:
        if key in defaults:
            raise AuditError(f"{path}: defaults.{key} is set for the whole audit, not in [defaults]")
    audit_agency = str(overrides.pop("agency", None) or data.get("agency") or "")
    title = str(overrides.pop("title", None) or data.get("title") or "")
    cli_cluster = overrides.pop("cluster", None)
    cluster = cli_cluster or data.get("cluster")
    if cluster is not None:
        try:
            cluster = build_plan({}, {"cluster": cluster}, source=str(path)).cluster
        except ConfigError as e:
            message = str(e) if cli_cluster else str(e).replace("--cluster", f"{path}: cluster", 1)
            raise AuditError(message) from None
    defaults = relative_paths(json.loads(json.dumps(defaults)), base)

    taken: set[str] = set()
    names: set[str] = set()
    out_sites: list[AuditSite] = []
    for i, raw in enumerate(sites, start=1):
        name = raw.get("name")
        where = f"{path}: sites[{i}]"
        if not isinstance(name, str) or not name.strip():
            raise AuditError(f"{where}: every site needs a name")
        name = name.strip()
        where = f"{where} ('{name}')"
        if name in names:
            raise AuditError(f"{where}: two sites are called '{name}'; names tell sites apart in the report")
        names.add(name)
        for key in ("agency", "service"):
            if key in raw and not isinstance(raw[key], str):
                raise AuditError(f"{where}: '{key}' must be a string")
        if "start" not in raw:
            hint = " (use 'start', the site's start URLs)" if "targets" in raw or "url" in raw else ""
            raise AuditError(f"{where}: 'start' is missing{hint}")
        start = [s if "://" in s else str(base / Path(s).expanduser())
                 for s in _strings(raw["start"], f"{where}: start")]
        options = {k: v for k, v in raw.items() if k not in SITE_KEYS}
        for key in AUDIT_LEVEL:
            if key in options:
                raise AuditError(f"{where}: '{key}' is set for the whole audit, not per site")
        options = relative_paths(json.loads(json.dumps(options)), base)
        agency = str(raw.get("agency") or audit_agency)
        slug = slugify(name, taken)
        settings = merge_settings(merge_settings(defaults, options), {
            "targets": start, "store": str(store), "out": str(out / slug), "format": formats, "quiet": True,
            "title": name, "agency": agency,
        })
        try:
            plan = build_plan(settings, overrides, source=where)
        except ConfigError as e:
            raise AuditError(str(e)) from None
        service = str(raw.get("service") or "")
        out_sites.append(AuditSite(name=name, slug=slug, plan=plan, agency=agency, service=service))
    return Audit(source=str(path), out=out, store=store, formats=formats, sites=out_sites, title=title,
                 agency=audit_agency, cluster=cluster)


def check_audit(audit: Audit, registry_for: Callable[[Plan], Registry] = rules_for) -> dict[tuple[str, ...], Registry]:
    """Load each distinct rule set once and check every site's rule names, and the output folder,
    before the first page loads."""
    registries: dict[tuple[str, ...], Registry] = {}
    for site in audit.sites:
        key = tuple(site.plan.rules)
        for folder in key:
            if not Path(folder).is_dir():
                raise AuditError(f"{audit.source}: sites '{site.name}': rules folder '{folder}' does not exist")
        if key not in registries:
            registries[key] = registry_for(site.plan)
        try:
            validate_rule_tokens(site.plan, registries[key], f"{audit.source}: site '{site.name}'")
        except ConfigError as e:
            raise AuditError(str(e)) from None
    try:
        validate_out_dir(audit.out)
    except OutputError as e:
        raise AuditError(str(e)) from None
    return registries


# -- running --------------------------------------------------------------------------------------


SiteHook = Callable[[int, AuditSite], None]


async def run_audit(
    audit: Audit,
    registries: dict[tuple[str, ...], Registry],
    *,
    on_site: SiteHook = lambda i, s: None,
    on_event: Callable[[CrawlEvent], None] = lambda e: None,
    on_done: Callable[[SiteRun], None] = lambda r: None,
) -> AuditResult:
    """Scan every site in turn, write its reports, then the agency roll-up and its data file.

    Sites take turns; on a cluster each site's pages spread over all its workers (the crawl's concurrency
    follows the cluster's size) while this process keeps the site's frontier, politeness and store.
    Raises ``BrowserNotFound`` or ``ClusterError`` before the first site: without a browser or the
    cluster, no site could be scanned."""
    runs: list[SiteRun] = []
    interrupted = False
    async with open_backend(audit.cluster) as backend:
        for i, site in enumerate(audit.sites, start=1):
            on_site(i, site)
            done = await scan_site(site, registries[tuple(site.plan.rules)], on_event, backend)
            runs.append(done)
            on_done(done)
            if done.outcome is not None and done.outcome.crawl.interrupted:
                interrupted = True
                # The roll-up must not read as complete: the sites not reached are listed as such.
                runs += [SiteRun(site=s, error="the audit was interrupted before it") for s in audit.sites[i:]]
                break
    agency_report, data_file = write_rollup(audit, runs)
    return AuditResult(runs=runs, agency_report=agency_report, data_file=data_file, interrupted=interrupted)


async def scan_site(
    site: AuditSite, registry: Registry, on_event: Callable[[CrawlEvent], None], backend: Backend | None = None
) -> SiteRun:
    done = SiteRun(site=site)
    with ExitStack() as stack:
        try:
            urls, local = plan_targets(site.plan, stack)
            done.outcome = await run(
                RunRequest(plan=site.plan, start_urls=urls, registry=registry, local_sites=local, site_name=site.name),
                on_event=on_event, backend=backend,
            )
        except (TargetError, CrawlConfigError, BaselineError, ConfigError, StoreError) as e:
            done.error = str(e)
            return done
    result = done.outcome.result
    problem = done.outcome.crawl.error or nothing_scanned(result)
    if problem:
        done.error = problem
        return done
    done.written = [str(p) for p in write_plan_reports(result, site.plan)]
    with Store(Path(site.plan.store)) as store:
        if "html" not in site.plan.format:
            # The HTML reporter records the scan's scores for later trends; without it, record them here.
            store.update_meta(result.meta.scan_id, **stream(result, ReportContext.default()).meta_summary())
    done.summary = _summary(site, result.meta.scan_id, done.written)
    return done


def _summary(site: AuditSite, scan_id: str, written: list[str]) -> SiteSummary:
    """The site's scorecard, read back from the store page by page (memory does not grow with pages)."""
    out_root = Path(site.plan.out).parent
    html = next((Path(p) for p in written if p.endswith(".html")), None)
    link = html.relative_to(out_root).as_posix() if html is not None else ""
    with Store(Path(site.plan.store)) as store, StoreSource(Path(site.plan.store), scan_id) as source:
        results = SiteResults(
            name=site.name, agency=site.agency, service=site.service, meta=source.meta,
            pages=source.iter_pages(), site_findings=source.site_findings(), report=link,
        )
        return summarise(results, ReportContext.default(store=store))


def write_rollup(audit: Audit, runs: list[SiteRun]) -> tuple[Path | None, Path | None]:
    """The agency report and ``audit.json`` beside the sites' folders (not when nothing was scanned)."""
    summaries = [r.summary for r in runs if r.summary is not None]
    unscanned = [
        Unscanned(name=r.site.name, reason=r.error or "not scanned", agency=r.site.agency, service=r.site.service,
                  start=", ".join(r.site.plan.targets))
        for r in runs if r.summary is None
    ]
    audit.out.mkdir(parents=True, exist_ok=True)
    context = ReportContext.default(title=audit.title, agency=audit.agency)
    report = audit.out / AGENCY_FILE
    report.write_text(render_summaries(summaries, context, unscanned), encoding="utf-8")
    data = audit.out / DATA_FILE
    payload = {"title": audit.title, "agency": audit.agency, **agency_data(summaries, unscanned)}
    data.write_text(json.dumps(payload, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return report, data
