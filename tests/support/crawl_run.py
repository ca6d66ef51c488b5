"""Run a real crawl (Chromium + the real scanner, engines off for speed) in-process or as a subprocess.

As a subprocess (``python -m tests.support.crawl_run --db D --url U``) it is the
process the resume test SIGKILLs; ``--resume`` continues the newest unfinished
scan in the store with the configuration it was started with.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from playwright.async_api import async_playwright

from cxlint.browser import launch
from cxlint.crawl.crawler import CrawlConfig, CrawlEvent, CrawlResult, crawl, load_config
from cxlint.crawl.fetch import playwright_fetch
from cxlint.crawl.session import BrowserSession
from cxlint.scanner import PageScanner, ScanOptions, scan_page
from cxlint.store import Store

PAGE_TIMEOUT = 3.0


def scan_options() -> PageScanner:
    """Engines off for speed; built (rules loaded) before the crawl starts, never on its event loop.

    Tabs are kept from URL to URL as a real run keeps them (``runner.run``): the crawl owns its
    browser, and a new context and renderer per URL cost more than loading these pages.
    """
    return PageScanner(ScanOptions(engines=frozenset(), timeout_s=PAGE_TIMEOUT, network_quiet_s=0.6), reuse_tabs=True)


async def run_crawl(
    config: CrawlConfig,
    db: Path,
    *,
    resume: str | None = None,
    on_event: object = None,
    stop: asyncio.Event | None = None,
) -> CrawlResult:
    async with async_playwright() as pw:
        session = BrowserSession(lambda: launch(pw), scan_page, scan_options())
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
            await session.close()


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, type=Path)
    ap.add_argument("--url")
    ap.add_argument("--max-depth", type=int)
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--resume", action="store_true")
    args = ap.parse_args(argv)
    resume = None
    if args.resume:
        with Store(args.db) as store:
            info = store.latest_scan(unfinished=True)
            assert info is not None, "nothing to resume"
            resume = info.id
            config = load_config(store, resume)
    else:
        config = CrawlConfig([args.url], max_depth=args.max_depth, concurrency=args.concurrency)

    def log(e: CrawlEvent) -> None:
        if e.kind == "page-done":
            print(e.kind, e.state, e.url, flush=True)

    result = asyncio.run(run_crawl(config, args.db, resume=resume, on_event=log))
    print("counts", result.counts(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
