"""Running a scan: a crawl over one browser, every page persisted, one RunResult at the end.

The runner wires the pieces together and nothing more: the crawler decides
what to load, ``scan_page`` checks one page, the engines chosen here add
their findings, the store keeps each page as it finishes, and the result is
read back from the store, so a crash or Ctrl-C never loses scanned pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright

from cxlint import __version__
from cxlint.cache import PageRecorder, ScanCache, plan_key
from cxlint.cluster import Backend, open_backend
from cxlint.cluster.backend import PageService, default_browser
from cxlint.cluster.job import ScanJob
from cxlint.config import Plan
from cxlint.crawl.crawler import CrawlConfig, CrawlEvent, CrawlResult, crawl
from cxlint.crawl.fetch import Fetch, http_fetch
from cxlint.crawl.states import Reason, UrlState
from cxlint.engines import load_rules
from cxlint.engines.axe import axe_version
from cxlint.engines.pipeline import EngineSelection, site_findings
from cxlint.findings.baseline import Baseline
from cxlint.findings.fingerprint import page_key
from cxlint.findings.gate import Verdict, judge
from cxlint.findings.stage import FindingsStage
from cxlint.login import validate_storage_state
from cxlint.model import Outcome, PageResult, PageStatus, RunMeta, RunResult
from cxlint.registry import Registry
from cxlint.report.base import ReportOptions
from cxlint.report.pipeline import write_reports as render_reports
from cxlint.report.source import ResultSource
from cxlint.scanner import FailureReason, PageScanner, failed_page
from cxlint.secrets import Credentials, Redactor, split_credentials
from cxlint.store import Store, StoredPages, redact

USER_AGENT = f"Mozilla/5.0 (compatible; cxlint/{__version__}; +accessibility and plain-language checks)"

EventSink = Callable[[CrawlEvent], None]


@dataclass
class RunRequest:
    plan: Plan
    start_urls: list[str]
    """The targets as URLs (local files and folders already served on 127.0.0.1)."""
    resume: str | None = None
    """A stored scan id to continue (its plan is ``plan``, from ``config.plan_for_resume``)."""
    registry: Registry | None = None
    """The rules (default: bundled plus the plan's rule folders, every option validated)."""
    local_sites: dict[str, str] = field(default_factory=dict)
    """Origin of a local folder served on 127.0.0.1 → the folder as the user named it (for report paths)."""
    site_name: str = ""
    """The site's name in an audit: what ties this scan to earlier audits of the same site (trends), since
    local folders all start at 127.0.0.1/ and a site may change its start URL between audits."""


@dataclass
class RunOutcome:
    result: RunResult
    crawl: CrawlResult
    verdict: Verdict


def crawl_config(plan: Plan, start_urls: list[str], slots: int | None = None, attempts: int = 1) -> CrawlConfig:
    """The crawler's view of the plan (``--no-follow`` also means: read no sitemap unless given).

    ``slots``: pages the backend scans at once (a cluster's worker threads), the concurrency unless the plan sets one.
    ``attempts``: how often the backend may start one page (on a cluster, again after its worker died): the hard
    deadline covers them all, since each attempt is bounded by the scanner's own ceiling where it runs.
    """
    c = plan.crawl
    cfg = CrawlConfig(
        start_urls=list(start_urls), sitemaps=list(c.sitemaps), follow=c.follow,
        auto_sitemaps=c.follow and c.auto_sitemaps, scope=list(c.scope), include=list(c.include),
        exclude=list(c.exclude), max_pages=c.max_pages, max_depth=c.max_depth, sample=c.sample,
        respect_robots=c.respect_robots, delay=c.delay, page_deadline=(plan.page.ceiling + 30) * attempts,
    )
    if c.concurrency:
        cfg.concurrency = c.concurrency
    elif slots:
        cfg.concurrency = slots
    return cfg


def _page_for(record_url: str, state: UrlState, reason: str, detail: str) -> PageResult:
    """The result of a URL the scanner never saved: skipped, or failed before it was checked."""
    text = f"{reason} ({detail})" if detail else reason
    if state is UrlState.FAILED:
        if "crash" in reason:
            return failed_page(record_url, FailureReason("crash", text))
        return failed_page(record_url, FailureReason("network", text))
    if state is UrlState.SKIPPED:
        return PageResult(url=record_url, status=PageStatus.SKIPPED, reason=text)
    return PageResult(url=record_url, status=PageStatus.SKIPPED, reason="not scanned: the scan was interrupted")


def collect(store: Store, outcome: CrawlResult, meta: RunMeta, stage: FindingsStage | None = None) -> RunResult:
    """Rebuild the run from the store: every discovered URL appears once, in discovery order.

    Stored pages stay in the store (``StoredPages`` reads each back while it is used), so the
    run's memory does not grow with its pages; only the small unstored ones are built here.
    """
    stored = set(store.page_urls(outcome.scan_id))
    entries: list[PageResult | tuple[str, int]] = []
    seen: set[str] = set()
    for rec in outcome.records:
        if rec.url in seen:
            continue
        seen.add(rec.url)
        if rec.url in stored:
            entries.append((rec.url, rec.depth))
            continue
        page = _page_for(rec.url, rec.state, rec.reason, rec.detail)
        if stage is not None and page.findings:
            stage.process_page(page)  # failures the crawler recorded itself (crash, deadline)
        page.depth = rec.depth
        entries.append(store.redactor.obj(page))
    meta.scan_id = outcome.scan_id
    meta.finished = datetime.now(UTC).isoformat(timespec="seconds")
    if outcome.sitemap_errors:
        meta.config["sitemap_errors"] = [f"{url}: {why}" for url, why in outcome.sitemap_errors]
    notes = [f"{r.origin}: {r.note}" for r in outcome.robots if r.note]
    if notes:
        meta.config["robots"] = notes
    if outcome.sampled:
        meta.config["sampled"] = [
            {"pattern": g.key, "scanned": g.admitted, "sampled_out": g.sampled_out} for g in outcome.sampled
        ]
    if outcome.traps:
        meta.config["traps"] = [
            {"pattern": g.key, "reason": Reason.TRAP, "scanned": len(g.scanned), "not_loaded": len(g.skipped),
             "examples": g.scanned[:3]}
            for g in outcome.traps
        ]  # fmt: skip
    # Depth, then URL: the same pages give the same order however the concurrent loads finished.
    entries.sort(key=lambda e: (e.depth, e.url) if isinstance(e, PageResult) else (e[1], e[0]))
    return RunResult(meta=meta, pages=StoredPages(store.path, outcome.scan_id, entries))


def nothing_scanned(result: RunResult) -> str | None:
    """Why a run checked no page at all (the first page's reason), or None: a run like that must not pass."""
    if any(p.status is PageStatus.SCANNED for p in result.pages):
        return None
    first = result.pages[0] if result.pages else None
    where = f" ({first.url}: {first.reason})" if first else ""
    return f"nothing could be scanned{where}"


def write_plan_reports(result: RunResult, plan: Plan) -> list[Path]:
    """The plan's report files (console and annotations are printed by the CLI, not written) in one pass.
    Raises OutputError when the folder cannot take them."""
    file_formats = [f for f in plan.format if f not in ("console", "github")]
    if not file_formats:
        return []
    options = ReportOptions(
        fail_on=plan.fail_on, verbose=plan.verbose, title=plan.title or "", agency=plan.agency or "",
        store_path=plan.store,
    )
    return render_reports(ResultSource(result), file_formats, Path(plan.out), options=options)


def rules_for(plan: Plan) -> Registry:
    return load_rules(plan.rules)


async def run(request: RunRequest, on_event: EventSink = lambda e: None, backend: Backend | None = None) -> RunOutcome:
    """Crawl and scan as the plan says. Raises BrowserNotFound, CrawlConfigError, BaselineError or ConfigError
    (ClusterError) before loading.

    Pages are scanned by ``backend`` (see ``cxlint.cluster``), which may serve several runs at once; without
    one, the plan's ``cluster`` decides: in this process, or on a Dask cluster opened for this run alone.
    """
    if backend is None:
        async with open_backend(request.plan.cluster) as opened:
            return await _run(request, on_event, opened)
    return await _run(request, on_event, backend)


async def _run(request: RunRequest, on_event: EventSink, backend: Backend) -> RunOutcome:
    plan = request.plan
    browser_path = default_browser(backend, plan.page.browser)
    if plan.page.storage_state:
        validate_storage_state(plan.page.storage_state)
    credentials = strip_credentials(request)
    registry = request.registry or rules_for(plan)
    baseline = Baseline.load(plan.baseline) if plan.baseline else None
    scanner = PageScanner.from_plan(
        plan, registry, request.start_urls, baseline=baseline, credentials=credentials, reuse_tabs=True
    )
    redactor = Redactor([*scanner.opts.headers.values(), *(credentials.secrets() if credentials else [])])
    store_path = Path(plan.store)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    meta = RunMeta(
        tool_version=__version__,
        axe_version=axe_version(),
        browser=browser_path or f"on the workers of {backend.name}",
        standard=plan.standard,
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        start_urls=list(request.start_urls),
        plan=plan.public(),
        config={"local_sites": dict(request.local_sites)} if request.local_sites else {},
    )
    if request.site_name:
        meta.config["site"] = request.site_name
    sel = EngineSelection(
        categories=frozenset(plan.checks), standard=plan.standard, production_url=plan.production_url,
        start_urls=tuple(request.start_urls), submit_forms=plan.submit_forms,
    )
    site_registry = Registry(rules={c: r for c, r in registry.rules.items() if c in scanner.stage.running})
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError):
        loop.add_signal_handler(signal.SIGINT, _first_interrupt(loop, stop))
    job = ScanJob.for_run(
        plan, registry, request.start_urls, scanner=scanner, baseline=baseline, credentials=credentials
    )
    slots = await backend.slots()
    async with async_playwright() as pw:
        session = backend.service(job, scanner, pw, browser_path)
        await session.start()
        request_ctx = await pw.request.new_context(
            user_agent=USER_AGENT, extra_http_headers=scanner.opts.headers or None,
            storage_state=plan.page.storage_state, http_credentials=scanner.opts.http_credentials,
        )
        fetch = http_fetch(
            user_agent=USER_AGENT, headers=scanner.opts.headers, origins=scanner.opts.header_origins,
            credentials=scanner.opts.http_credentials, storage_state=plan.page.storage_state,
        )
        try:
            with Store(store_path, redactor=redactor) as store:
                if request.resume:
                    store.update_meta(request.resume, plan=plan.public())
                cache = rescan_cache(plan, request, registry, scanner, session, store, fetch)
                outcome = await crawl(
                    crawl_config(plan, request.start_urls, slots, backend.attempts),
                    scan=cache.scan if cache else session.scan,
                    recover=session.recover,
                    store=store,
                    fetch=fetch,
                    on_event=on_event,
                    stop=stop,
                    resume=request.resume,
                    extra_config={"plan": plan.public(), **({"site": request.site_name} if request.site_name else {})},
                )
                browser_version = session.browser_version
                result = collect(store, outcome, meta, scanner.stage)
                if cache is not None:
                    result.meta.config["cache"] = cache.stats.to_dict()
                stored = set(store.page_urls(outcome.scan_id))
                if not outcome.interrupted:
                    await site_findings(result, site_registry, sel, request_ctx)
                    result.site_findings = scanner.stage.process_site(result.site_findings)
                    store.save_site_findings(outcome.scan_id, result.site_findings)  # history and diff read them
        finally:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(signal.SIGINT)
            await request_ctx.dispose()
            await session.close()
    if browser_version:
        result.meta.browser = f"{browser_path or result.meta.browser} ({browser_version})"
    if baseline is not None:
        result.meta.baseline = baseline_summary(baseline, result)
    verdict = judge(
        (f for _, f in result.all_findings()), fail_on=plan.fail_on, max_findings=plan.max_findings,
        exit_zero=plan.exit_zero, baseline=baseline is not None,
    )
    result.meta.verdict = verdict.to_dict()
    result.meta.config["rules_run"] = sorted(scanner.stage.running)
    result = redactor.obj(result)
    with Store(store_path, redactor=redactor) as store:
        save_report_record(store, result, stored)
    return RunOutcome(result=result, crawl=outcome, verdict=verdict)


def rescan_cache(
    plan: Plan, request: RunRequest, registry: Registry, scanner: PageScanner, session: PageService,
    store: Store, fetch: Fetch,
) -> ScanCache | None:
    """The re-scan cache over ``session.scan`` (None with ``--no-cache``); the scanner records for it.

    Local runs only: on a Dask cluster pages are checked on the workers, which this process's
    recorder cannot watch, so no entry could be written and none is read.
    """
    if not plan.cache or plan.cluster is not None:
        return None
    # The recorder must see every response a page takes: a reused tab's memory cache is emptied
    # before each page (Chromium reports HTTP-cache hits with their bodies).
    scanner.tabs.forget_memory_cache = True
    scanner.recorder = recorder = PageRecorder()
    key = plan_key(plan, registry, request.start_urls, session.browser_version)
    return ScanCache(store, key, session.scan, recorder, fetch, scanner.stage, scanner.screenshots)


def strip_credentials(request: RunRequest) -> Credentials | None:
    """Take ``user:password@`` out of the start URLs, before anything records them; return the first set.

    Only clean URLs reach the store, the progress lines and the reports; the
    credentials go to the browser as HTTP credentials for their own origin.
    Playwright takes one set per context: the first start URL that has some.
    """
    found: list[Credentials] = []
    clean: list[str] = []
    for url in request.start_urls:
        url, creds = split_credentials(url)
        clean.append(url)
        if creds is not None:
            found.append(creds)
    request.start_urls = clean
    return found[0] if found else None


def save_report_record(store: Store, result: RunResult, stored: set[str]) -> None:
    """Keep what ``cxlint report SCAN_ID`` needs beyond the stored pages: the run's meta (plan, verdict,
    baseline, the rules that ran), the site findings, and the failed pages the crawler never stored
    (they went through the findings stage here, so they are kept as processed)."""
    # Redacted in memory too, so a report written now and one rendered from the store later agree.
    for key, value in redact(asdict(result.meta)).items():
        setattr(result.meta, key, value)
    unstored = [p.to_dict() for p in result.pages if p.status is PageStatus.FAILED and p.url not in stored]
    store.save_report_record(
        result.meta.scan_id, asdict(result.meta), [f.to_dict() for f in result.site_findings], unstored
    )


def baseline_summary(baseline: Baseline, result: RunResult) -> dict[str, Any]:
    """New, known and fixed findings against the baseline. Entries of pages not scanned this time are
    "not rechecked", never "fixed": a page the crawl did not reach has not been fixed."""
    checked: dict[str, Counter[str]] = {}
    new = known = 0
    for page in result.pages:
        if page.status is not PageStatus.SKIPPED:
            seen = checked.setdefault(page_key(page.final_url or page.url), Counter())
            for f in page.findings:
                if f.baselined:
                    seen[f.fingerprint] += 1
    site = checked.setdefault("", Counter())
    for url, f in result.all_findings():
        if f.outcome is Outcome.VIOLATION:
            known += f.baselined
            new += not f.baselined
        if not url and f.baselined:
            site[f.fingerprint] += 1
    fixed: list[dict[str, Any]] = []
    unchecked = 0
    for e in baseline.entries:
        if e.page not in checked:
            unchecked += e.count
            continue
        left = e.count - checked[e.page][e.fingerprint]
        checked[e.page][e.fingerprint] = max(0, -left)
        if left > 0:
            fixed.append({"fingerprint": e.fingerprint, "rule": e.rule, "page": e.page, "selector": e.selector,
                          "message": e.message, "count": left})
    return {
        "file": baseline.path, "entries": baseline.total, "new": new, "known": known,
        "fixed": sum(x["count"] for x in fixed), "fixed_findings": fixed, "not_rechecked": unchecked,
    }


def _first_interrupt(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> Callable[[], None]:
    """First Ctrl-C: stop cleanly and still report. Second: give up at once."""

    def handler() -> None:
        stop.set()
        # Removing our handler restores Python's default: a second Ctrl-C raises KeyboardInterrupt.
        loop.remove_signal_handler(signal.SIGINT)

    return handler


async def run_urls(
    urls: list[str], plan: Plan | None = None, *, store: Path | None = None, registry: Registry | None = None,
) -> RunResult:
    """Scan exactly these URLs, following no links (a throwaway store unless given): for tests and quick checks."""
    plan = plan or Plan()
    with tempfile.TemporaryDirectory(prefix="cxlint-") as tmp:
        crawl_plan = plan.crawl.model_copy(update={"follow": False, "respect_robots": False, "max_pages": None})
        run_plan = plan.model_copy(update={"crawl": crawl_plan, "store": str(store or Path(tmp) / "scan.db")})
        outcome = await run(RunRequest(plan=run_plan, start_urls=list(urls), registry=registry))
        result = outcome.result
        if isinstance(result.pages, StoredPages):
            result.pages = result.pages.materialize()  # the throwaway store goes with the folder
    return result
