"""One Chromium for the whole test session, driven from synchronous tests.

Playwright's async API is bound to the event loop that started it, so the
browser lives on a private loop in a background thread and tests hand it
coroutines with ``BrowserThread.run``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from playwright.async_api import Browser, Playwright, async_playwright

from cxlint.browser import launch

T = TypeVar("T")


class BrowserThread:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="test-browser", daemon=True)
        self._thread.start()
        self._pw: Playwright | None = None
        self.browser: Browser | None = None

    def start(self) -> BrowserThread:
        async def boot() -> None:
            self._pw = await async_playwright().start()
            self.browser = await launch(self._pw)

        self.run(boot())
        return self

    @property
    def playwright(self) -> Playwright | None:
        """The Playwright the browser runs under (its API request contexts live on the same loop)."""
        return self._pw

    def run(self, coro: Awaitable[T], timeout: float = 240) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)  # type: ignore[arg-type]

    def call(self, fn: Callable[[Browser], Awaitable[T]], timeout: float = 240) -> T:
        assert self.browser is not None
        return self.run(fn(self.browser), timeout)

    def ensure_connected(self) -> None:
        """Tests that crash the browser on purpose call this to get a live one back."""

        async def relaunch() -> None:
            assert self._pw is not None
            if self.browser is None or not self.browser.is_connected():
                self.browser = await launch(self._pw)

        self.run(relaunch())

    def stop(self) -> None:
        async def shutdown() -> None:
            if self.browser is not None and self.browser.is_connected():
                await self.browser.close()
            if self._pw is not None:
                await self._pw.stop()

        try:
            self.run(shutdown(), timeout=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)


def run_sync(coro: Awaitable[Any]) -> Any:
    return asyncio.run(coro)  # type: ignore[arg-type]
