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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.async_api import async_playwright

from cxlint import __version__
from cxlint.browser import find_browser, launch
from cxlint.crawl.crawler import CrawlConfig, CrawlEvent, CrawlResult, crawl, load_config
from cxlint.crawl.fetch import http_fetch
from cxlint.crawl.scope import redirect_guard
from cxlint.crawl.session import BrowserSession
from cxlint.crawl.states import Reason, UrlState
from cxlint.crawl.urls import InvalidURL, normalize_url, origin
from cxlint.engines.axe import axe_version
from cxlint.engines.pipeline import Selection, page_engines, site_findings
from cxlint.login import validate_storage_state
from cxlint.model import PageResult, PageStatus, RunMeta, RunResult
from cxlint.registry import load_registry
from cxlint.scanner import FailureReason, ScanOptions, failed_page, scan_page, validate_timeout
from cxlint.secrets import Credentials, Redactor, split_credentials
from cxlint.store import Store

USER_AGENT = f"Mozilla/5.0 (compatible; cxlint/{__version__}; +accessibility and plain-language checks)"

EventSink = Callable[[CrawlEvent], None]


@dataclass
class RunRequest:
    crawl: CrawlConfig
    scan: ScanOptions
    browser: str | None = None
    store_path: Path = Path(".cxlint/cxlint.db")
    resume: str | None = None
    """A stored scan id to continue; its crawl configuration is reused."""
    config_record: dict[str, Any] = field(default_factory=dict)
    """Effective options (no secrets) stored with the scan and shown in results."""
    selection: Selection | None = field(default_factory=Selection)
    """Which checks run besides axe; None runs axe alone."""


@dataclass
class RunOutcome:
    result: RunResult
    crawl: CrawlResult


def _page_for(
    record_url: str, state: UrlState, reason: str, detail: str, stored: dict[str, PageResult]
) -> PageResult:
    page = stored.get(record_url)
    if page is not None:
        return page
    text = f"{reason} ({detail})" if detail else reason
    if state is UrlState.FAILED:
        if "crash" in reason:
            return failed_page(record_url, FailureReason("CX006", "page-crashed", text))
        return failed_page(record_url, FailureReason("CX001", "page-unreachable", text))
    if state is UrlState.SKIPPED:
        return PageResult(url=record_url, status=PageStatus.SKIPPED, reason=text)
    return PageResult(url=record_url, status=PageStatus.SKIPPED, reason="not scanned: the scan was interrupted")


def collect(store: Store, outcome: CrawlResult, meta: RunMeta) -> RunResult:
    """Rebuild the run from the store: every discovered URL appears once, in discovery order."""
    stored = {p.url: p for p in store.iter_pages(outcome.scan_id)}
    pages: list[PageResult] = []
    seen: set[str] = set()
    for rec in outcome.records:
        if rec.url in seen:
            continue
        seen.add(rec.url)
        page = _page_for(rec.url, rec.state, rec.reason, rec.detail, stored)
        page.depth = rec.depth
        pages.append(page)
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
    return RunResult(meta=meta, pages=pages)


async def run(request: RunRequest, on_event: EventSink = lambda e: None) -> RunOutcome:
    """Crawl and scan as ``request`` says. Raises BrowserNotFound or CrawlConfigError before loading anything."""
    browser_path = find_browser(request.browser)
    validate_timeout(request.scan.timeout_s)
    if request.scan.storage_state:
        validate_storage_state(request.scan.storage_state)
    request.store_path.parent.mkdir(parents=True, exist_ok=True)
    redactor = protect_secrets(request)
    meta = RunMeta(
        tool_version=__version__,
        axe_version=axe_version(),
        browser=browser_path,
        standard=request.scan.standard,
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        start_urls=list(request.crawl.start_urls),
        config=dict(request.config_record),
    )
    registry = load_registry()
    sel = request.selection
    if sel is not None:
        sel.standard = request.scan.standard
        sel.start_urls = tuple(request.crawl.start_urls)
        request.scan.extra_engines = [*page_engines(registry, sel), *request.scan.extra_engines]
        if "accessibility" not in sel.categories:
            request.scan.engines = request.scan.engines - {"axe"}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError, RuntimeError):
        loop.add_signal_handler(signal.SIGINT, _first_interrupt(loop, stop))
    async with async_playwright() as pw:
        session = BrowserSession(lambda: launch(pw, browser_path), scan_page, request.scan)
        await session.start()
        request_ctx = await pw.request.new_context(
            user_agent=USER_AGENT, extra_http_headers=request.scan.headers or None,
            storage_state=request.scan.storage_state, http_credentials=request.scan.http_credentials,
        )
        try:
            with Store(request.store_path, redactor=redactor) as store:
                config = request.crawl
                if request.resume:
                    config = load_config(store, request.resume)
                    meta.start_urls = list(config.start_urls)
                request.scan.redirect_allowed = redirect_guard(config.start_urls, config.sitemaps, config.scope)
                request.scan.header_origins = tuple(site_origins([*config.start_urls, *config.sitemaps]))
                fetch = http_fetch(
                    user_agent=USER_AGENT, headers=request.scan.headers, origins=request.scan.header_origins,
                    credentials=request.scan.http_credentials, storage_state=request.scan.storage_state,
                )
                outcome = await crawl(
                    config,
                    scan=session.scan,
                    recover=session.recover,
                    store=store,
                    fetch=fetch,
                    on_event=on_event,
                    stop=stop,
                    resume=request.resume,
                    extra_config={"scan": request.config_record},
                )
                browser_version = session.browser_version
                result = collect(store, outcome, meta)
                if sel is not None and not outcome.interrupted:
                    await site_findings(result, registry, sel, request_ctx)
        finally:
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(signal.SIGINT)
            await request_ctx.dispose()
            await session.close()
    if browser_version:
        result.meta.browser = f"{browser_path} ({browser_version})"
    return RunOutcome(result=redactor.obj(result), crawl=outcome)


def protect_secrets(request: RunRequest) -> Redactor:
    """Take credentials out of the start URLs (into HTTP credentials) and build the redactor for all output.

    Runs before anything is recorded, so only clean URLs reach the store, the
    progress lines and the reports. Playwright takes one set of credentials per
    context: the first start URL that carries some.
    """
    creds: list[Credentials] = []
    for attr in ("start_urls", "sitemaps"):
        clean: list[str] = []
        for url in getattr(request.crawl, attr):
            url, found = split_credentials(url)
            clean.append(url)
            if found is not None:
                creds.append(found)
        setattr(request.crawl, attr, clean)
    if creds and request.scan.http_credentials is None:
        request.scan.http_credentials = creds[0].playwright()
    return Redactor([*request.scan.headers.values(), *(s for c in creds for s in c.secrets())])


def site_origins(urls: list[str]) -> list[str]:
    """The origins of the scan's own URLs: the only ones that receive ``--header`` values."""
    out: dict[str, None] = {}
    for url in urls:
        with contextlib.suppress(InvalidURL):
            out[origin(normalize_url(url))] = None
    return list(out)


def _first_interrupt(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> Callable[[], None]:
    """First Ctrl-C: stop cleanly and still report. Second: give up at once."""

    def handler() -> None:
        stop.set()
        # Removing our handler restores Python's default: a second Ctrl-C raises KeyboardInterrupt.
        loop.remove_signal_handler(signal.SIGINT)

    return handler


async def run_urls(
    urls: list[str],
    opts: ScanOptions,
    *,
    browser: str | None = None,
    concurrency: int = 2,
    selection: Selection | None = None,
) -> RunResult:
    """Scan exactly these URLs, following no links (a throwaway store): for tests and quick checks."""
    with tempfile.TemporaryDirectory(prefix="cxlint-") as tmp:
        cfg = CrawlConfig(
            start_urls=list(urls), follow=False, auto_sitemaps=False, respect_robots=False,
            max_pages=None, concurrency=concurrency,
        )
        outcome = await run(
            RunRequest(crawl=cfg, scan=opts, browser=browser, store_path=Path(tmp) / "scan.db", selection=selection)
        )
    return outcome.result
