"""Run a real crawl (Chromium + the real scanner, engines off for speed) in-process or as a subprocess.

In process (``crawl_in``) the crawl runs on the test session's browser: a crawl that is
not about launching a browser need not pay for Playwright and a Chromium of its own.
As a subprocess (``python -m tests.support.crawl_run --db D --url U``) it owns its
browser and is the process the resume test SIGKILLs; ``unfinished`` then finds the scan it
left and the configuration it was started with, for ``crawl_in`` to resume.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from playwright.async_api import Browser, Playwright, async_playwright

from cxlint.browser import launch
from cxlint.crawl.crawler import CrawlConfig, CrawlEvent, CrawlResult, crawl, load_config
from cxlint.crawl.fetch import playwright_fetch
from cxlint.crawl.session import BrowserSession
from cxlint.scanner import PageScanner, ScanOptions, scan_page
from cxlint.store import Store
from tests.support.browser import BrowserThread

PAGE_TIMEOUT = 3.0


def scan_options() -> PageScanner:
    """Engines off for speed; built (rules loaded) before the crawl starts, never on its event loop.

    Tabs are kept from URL to URL as a real run keeps them (``runner.run``): a new context and
    renderer per URL cost more than loading these pages. They go with the crawl's own browser, or
    are closed by ``crawl_in`` on the session's browser, which the crawl only borrows.
    """
    return PageScanner(ScanOptions(engines=frozenset(), timeout_s=PAGE_TIMEOUT, network_quiet_s=0.6), reuse_tabs=True)


async def _crawl(
    pw: Playwright,
    session: BrowserSession[PageScanner],
    config: CrawlConfig,
    db: Path,
    *,
    resume: str | None,
    on_event: object,
    stop: asyncio.Event | None,
) -> CrawlResult:
    await session.start()
    request = await pw.request.new_context(user_agent="cxlint-test")
    try:
        with Store(db) as store:
            return await crawl(
                config,
                scan=session.scan,
                recover=session.recover,
                store=store,
                fetch=playwright_fetch(request, timeout=5),
                on_event=on_event,  # type: ignore[arg-type]
                stop=stop,
                resume=resume,
            )
    finally:
        await request.dispose()


async def run_crawl(
    config: CrawlConfig,
    db: Path,
    *,
    resume: str | None = None,
    on_event: object = None,
    stop: asyncio.Event | None = None,
) -> CrawlResult:
    """The crawl in a Playwright and a browser of its own, as a run has them (closed at the end)."""
    async with async_playwright() as pw:
        session = BrowserSession(lambda: launch(pw), scan_page, scan_options())
        try:
            return await _crawl(pw, session, config, db, resume=resume, on_event=on_event, stop=stop)
        finally:
            await session.close()


def crawl_in(chromium: BrowserThread, config: CrawlConfig, db: Path, *, resume: str | None = None) -> CrawlResult:
    """The crawl on the session's browser, which it must leave open: only the tabs it kept are closed.

    A browser that died is not replaced behind the session's back: the crawl's ``recover`` fails,
    and with it the crawl, as a run whose relaunch fails.
    """
    assert chromium.browser is not None and chromium.playwright is not None
    browser, pw = chromium.browser, chromium.playwright

    async def shared() -> Browser:
        if not browser.is_connected():
            raise RuntimeError("the test session's browser is gone")
        return browser

    scanner = scan_options()

    async def go() -> CrawlResult:
        session = BrowserSession(shared, scan_page, scanner)
        try:
            return await _crawl(pw, session, config, db, resume=resume, on_event=None, stop=None)
        finally:
            await scanner.tabs.close()

    return chromium.run(go())


def unfinished(db: Path) -> tuple[str, CrawlConfig]:
    """The newest unfinished scan in the store and the configuration it was started with."""
    with Store(db) as store:
        info = store.latest_scan(unfinished=True)
        assert info is not None, "nothing to resume"
        return info.id, load_config(store, info.id)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--url", required=True)
    ap.add_argument("--max-depth", type=int)
    ap.add_argument("--concurrency", type=int, default=2)
    args = ap.parse_args(argv)
    config = CrawlConfig([args.url], max_depth=args.max_depth, concurrency=args.concurrency)

    def log(e: CrawlEvent) -> None:
        if e.kind == "page-done":
            print(e.kind, e.state, e.url, flush=True)

    result = asyncio.run(run_crawl(config, args.db, on_event=log))
    print("counts", result.counts(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
