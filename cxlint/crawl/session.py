"""One browser for a crawl: relaunched after a crash, recycled to keep memory flat.

Chromium's memory grows over thousands of pages (the complaint behind
Unlighthouse's OOMs), so after ``recycle_after`` pages the browser is replaced:
new pages wait while the old one finishes the pages it already has, it is
closed, and only then is a fresh one launched. Launching first would have two
browsers alive at once, and the run's peak memory would be theirs together
(measured: 2.5 GB at 2,000 pages against 1.6 GB at 200). A browser that died
is replaced at once (``recover``). ``scan`` and ``recover`` are the two
callables ``cxlint.crawl.crawler.crawl`` takes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from cxlint.model import PageResult

if TYPE_CHECKING:
    from playwright.async_api import Browser

__all__ = ["BrowserSession"]

OptsT = TypeVar("OptsT")
"""The scanner's options type, opaque here."""

CLOSE_TIMEOUT = 15.0
DRAIN_TIMEOUT = 600.0
"""Longest new pages wait for the old browser's pages to finish (each page has its own deadline)."""


class BrowserSession(Generic[OptsT]):
    def __init__(
        self,
        launch: Callable[[], Awaitable[Browser]],
        scan_page: Callable[[Browser, str, OptsT], Awaitable[PageResult]],
        opts: OptsT,
        *,
        recycle_after: int = 250,
    ) -> None:
        self._launch = launch
        self._scan_page = scan_page
        self._opts = opts
        self.recycle_after = recycle_after
        self._browser: Browser | None = None
        self._uses = 0
        self._active: dict[int, int] = {}
        self._retired: list[Browser] = []
        self._drained: dict[int, asyncio.Event] = {}
        """Set when the last page of a browser being recycled is done."""
        self._lock = asyncio.Lock()
        self.launches = 0

    async def start(self) -> None:
        async with self._lock:
            if self._browser is None:
                await self._replace()

    async def _replace(self) -> None:
        old = self._browser
        self._browser = await self._launch()
        self.launches += 1
        self._uses = 0
        if old is not None:
            self._retired.append(old)
            await self._close_idle()

    async def _retire_and_drain(self, browser: Browser) -> None:
        """Take ``browser`` out of service, wait for its pages in flight, close it (the lock is held)."""
        self._browser = None
        self._retired.append(browser)
        if self._active.get(id(browser), 0):
            done = self._drained[id(browser)] = asyncio.Event()
            try:
                await asyncio.wait_for(done.wait(), DRAIN_TIMEOUT)
            except TimeoutError:
                pass  # left to close when its last page ends, as after a crash
            finally:
                self._drained.pop(id(browser), None)
        await self._close_idle()

    async def _close_idle(self) -> None:
        for browser in list(self._retired):
            if self._active.get(id(browser), 0) == 0:
                self._retired.remove(browser)
                self._active.pop(id(browser), None)
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(browser.close(), CLOSE_TIMEOUT)

    async def scan(self, url: str) -> PageResult:
        return await self.scan_with(url, self._opts)

    async def scan_with(self, url: str, opts: OptsT) -> PageResult:
        """Scan with other options on the same browser: a Dask worker keeps one browser for every plan it serves."""
        async with self._lock:
            if self._browser is not None and self.recycle_after and self._uses >= self.recycle_after:
                await self._retire_and_drain(self._browser)
            if self._browser is None:
                await self._replace()
            browser = self._browser
            assert browser is not None
            self._uses += 1
            self._active[id(browser)] = self._active.get(id(browser), 0) + 1
        try:
            return await self._scan_page(browser, url, opts)
        finally:
            self._active[id(browser)] -= 1
            if self._active[id(browser)] == 0 and id(browser) in self._drained:
                self._drained[id(browser)].set()
            if browser in self._retired:
                async with self._lock:
                    await self._close_idle()

    @property
    def browser_version(self) -> str:
        """The running browser's version, for the run's metadata."""
        return self._browser.version if self._browser is not None else ""

    async def recover(self) -> None:
        """Replace a dead browser; raises if a new one cannot be launched (the crawl then stops)."""
        async with self._lock:
            await self._replace()

    async def close(self) -> None:
        async with self._lock:
            if self._browser is not None:
                self._retired.append(self._browser)
                self._browser = None
            for browser in self._retired:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(browser.close(), CLOSE_TIMEOUT)
            self._retired.clear()
            self._active.clear()
