"""Running a scan: one browser, N pages in flight, a result per URL, never a lost page.

The runner owns the browser's life: it launches Chromium, hands pages to
``scan_page`` through a semaphore, relaunches the browser if it dies (a page
that kills it twice is recorded as failed), and reports progress through a
callback, because the engine never prints.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from playwright.async_api import Browser, async_playwright

from cxlint import __version__
from cxlint.browser import find_browser, launch
from cxlint.engines.axe import axe_version
from cxlint.model import PageResult, RunMeta, RunResult
from cxlint.scanner import BrowserCrashed, FailureReason, ScanOptions, failed_page, scan_page


@dataclass
class Event:
    kind: str
    """``start`` (total known), ``page`` (one finished), ``crash`` (browser relaunched)."""
    url: str = ""
    page: PageResult | None = None
    total: int = 0
    message: str = ""


EventSink = Callable[[Event], None]


def default_concurrency() -> int:
    """Pages in flight: one per core, at least 2, at most 8 — axe is CPU-bound in the renderer."""
    return max(2, min(8, os.cpu_count() or 2))


class BrowserPool:
    """One shared browser, relaunched on crash; callers see only ``get()``."""

    def __init__(self, pw, executable: str | None) -> None:  # type: ignore[no-untyped-def]
        self._pw = pw
        self._exe = executable
        self._browser: Browser | None = None
        self._lock = asyncio.Lock()
        self.version = ""

    async def get(self) -> Browser:
        async with self._lock:
            if self._browser is None or not self._browser.is_connected():
                self._browser = await launch(self._pw, self._exe)
                self.version = self._browser.version
            return self._browser

    async def close(self) -> None:
        if self._browser is not None and self._browser.is_connected():
            await self._browser.close()


async def scan_with_retry(pool: BrowserPool, url: str, opts: ScanOptions, on_event: EventSink) -> PageResult:
    """Scan a page; if the browser dies, relaunch and try once more, then record the failure."""
    for attempt in (1, 2):
        browser = await pool.get()
        try:
            return await scan_page(browser, url, opts)
        except BrowserCrashed as exc:
            on_event(Event("crash", url=url, message=str(exc)))
            with contextlib.suppress(Exception):
                await browser.close()
            if attempt == 2:
                break
    return failed_page(url, FailureReason("CX006", "page-crashed", "the browser crashed twice on this page"))


def new_meta(opts: ScanOptions, urls: list[str], browser_path: str) -> RunMeta:
    return RunMeta(
        tool_version=__version__,
        axe_version=axe_version(),
        browser=browser_path,
        standard=opts.standard,
        started=datetime.now(UTC).isoformat(timespec="seconds"),
        start_urls=list(urls),
    )


async def run_urls(
    urls: list[str],
    opts: ScanOptions,
    *,
    browser: str | None = None,
    concurrency: int | None = None,
    on_event: EventSink = lambda e: None,
) -> RunResult:
    """Scan exactly these URLs (no link following) and return one RunResult."""
    browser_path = find_browser(browser)
    result = RunResult(meta=new_meta(opts, urls, browser_path))
    sem = asyncio.Semaphore(concurrency or default_concurrency())
    pages: dict[str, PageResult] = {}
    on_event(Event("start", total=len(urls)))
    async with async_playwright() as pw:
        pool = BrowserPool(pw, browser_path)
        await pool.get()

        async def one(url: str) -> None:
            async with sem:
                page = await scan_with_retry(pool, url, opts, on_event)
            pages[url] = page
            on_event(Event("page", url=url, page=page))

        try:
            await asyncio.gather(*(one(u) for u in urls))
        finally:
            result.meta.browser = f"{browser_path} ({pool.version})" if pool.version else browser_path
            await pool.close()
    result.pages = [pages[u] for u in urls if u in pages]
    result.meta.finished = datetime.now(UTC).isoformat(timespec="seconds")
    return result
