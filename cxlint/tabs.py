"""Browser tabs kept from one URL to the next, cleaned in between, instead of a new context per URL.

A new browser context and page for every URL costs a new renderer process: on a
loaded two-core machine that was more than a second a page, longer than loading the
page itself. A worker that keeps one tab, as the plain Playwright loop peers use does,
navigates it from page to page and pays that once.

Isolation is kept where a page could see its predecessor: before a tab is reused its
cookies are cleared, and so is the storage (local storage, IndexedDB, cache storage,
service workers…) of every origin the last page made a request to; session storage,
which belongs to the tab, is cleared in each of its frames. The HTTP cache is kept, as a
visitor's browser keeps it; it changes no check (every check reads the page the
resources make, not how fast they came). While the re-scan cache records, the renderer's
memory cache is emptied between pages, so each page's inputs reach the recorder.
A tab is closed instead of reused when its page crashed, stopped answering, or its scan did
not finish. Scans that sign in (``storage_state``) keep a fresh context per URL: each page must start from the saved
session exactly, whatever the page before did to it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urldefrag

from playwright.async_api import Error as PlaywrightError

if TYPE_CHECKING:
    from playwright.async_api import Browser, BrowserContext, CDPSession, Dialog, Page

CLEAR_TYPES = (
    "local_storage,indexeddb,websql,service_workers,cache_storage,file_systems,shared_storage,storage_buckets"
)
"""What ``Storage.clearDataForOrigin`` removes between pages (cookies are cleared for the whole context)."""
MAX_USES = 50
"""Pages one tab shows before it is closed and a fresh one opened. What a long-lived context keeps
(Playwright's records of every request, the renderer's heap) then stays bounded between browser
recycles; one new context per this many pages costs next to nothing."""
RESET_TIMEOUT_S = 5.0
"""A tab that takes longer than this to clean is closed instead."""
_CLEAR_SESSION = "() => { try { sessionStorage.clear(); } catch (e) {} try { window.name = ''; } catch (e) {} }"

NewContext = Callable[["Browser", str], Awaitable["BrowserContext"]]
"""Makes the browser context a URL is scanned in (viewport, credentials, headers)."""


@dataclass
class Tab:
    """One context and its page, and what the page it last showed touched."""

    browser: Browser
    context: BrowserContext
    page: Page
    key: tuple[int, str]
    origins: set[str] = field(default_factory=set)
    """Origins the last page made requests to: their storage is cleared before the tab is reused."""
    uses: int = 0
    reusable: bool = True
    """False once something of the last page could not be undone (its interception stayed on)."""
    cdp: CDPSession | None = None
    """Kept for the tab's life: cleaning it then costs no round trips to open and close a session."""


def _answer(dialog: Dialog) -> None:
    """Dismiss alerts as Playwright does by default, but let "leave this page?" leave it.

    A page the checks pressed keys on has user activation, so its ``beforeunload`` handler may
    ask; dismissing would keep the tab on the old page and fail the next URL.
    """
    action = dialog.accept() if dialog.type == "beforeunload" else dialog.dismiss()
    task = asyncio.ensure_future(action)
    task.add_done_callback(lambda t: t.cancelled() or t.exception())


class TabPool:
    """Idle tabs by browser and by context settings (the ``--header`` origins differ per site)."""

    def __init__(self, new_context: NewContext, *, reuse: bool, viewport: tuple[int, int] = (1280, 900)) -> None:
        self._new_context = new_context
        self.reuse = reuse
        self.viewport = {"width": viewport[0], "height": viewport[1]}
        """The size every page is checked at: a check that resized the page and could not put it back
        (reflow at 320 px) does not hand that size on."""
        self.forget_memory_cache = False
        """Empty the renderer's memory cache before each reuse (the re-scan cache records every input a
        page takes; an input served from memory cannot be missed then, whatever Chromium reports)."""
        self._idle: dict[tuple[int, str], list[Tab]] = {}
        self.opened = 0
        """Contexts opened so far (one per URL without reuse; about one per worker with it)."""

    async def take(self, browser: Browser, url: str, key: str = "") -> Tab:
        """An idle tab of ``browser`` ready for ``url``, or a new one."""
        self._prune()
        k = (id(browser), key)
        idle = self._idle.get(k, [])
        while idle:
            tab = idle.pop()
            if tab.page.is_closed() or not browser.is_connected():
                continue
            if urldefrag(tab.page.url)[0] == urldefrag(url)[0]:
                # Going to the same document, or to a fragment of it, would not load it again.
                try:
                    await asyncio.wait_for(tab.page.goto("about:blank"), RESET_TIMEOUT_S)
                except (PlaywrightError, TimeoutError):
                    await self._close(tab)
                    continue
            tab.uses += 1
            return tab
        context = await self._new_context(browser, url)
        try:
            page = await context.new_page()
        except BaseException:
            with contextlib.suppress(PlaywrightError, TimeoutError):
                await asyncio.wait_for(context.close(), 10)
            raise
        page.on("dialog", _answer)
        self.opened += 1
        return Tab(browser, context, page, k, uses=1)

    async def give_back(self, tab: Tab, healthy: bool) -> None:
        """Keep the tab for the next URL once cleaned, or close it."""
        if (
            healthy
            and self.reuse
            and tab.reusable
            and tab.uses < MAX_USES
            and tab.browser.is_connected()
            and await self._clean(tab)
        ):
            self._idle.setdefault(tab.key, []).append(tab)
            return
        await self._close(tab)

    async def _clean(self, tab: Tab) -> bool:
        try:
            await asyncio.wait_for(self._reset(tab), RESET_TIMEOUT_S)
        except (PlaywrightError, TimeoutError):
            return False
        return True

    async def _reset(self, tab: Tab) -> None:
        page = tab.page
        if page.viewport_size != self.viewport:
            await page.set_viewport_size(self.viewport)
        # Also proves the page still answers: a page stuck in a script is not reused.
        for frame in page.frames:
            if frame is page.main_frame:
                await frame.evaluate(_CLEAR_SESSION)
            else:
                with contextlib.suppress(PlaywrightError):
                    await asyncio.wait_for(frame.evaluate(_CLEAR_SESSION), 1.0)
        await tab.context.clear_cookies()
        if tab.cdp is None and (tab.origins or self.forget_memory_cache):
            tab.cdp = await tab.context.new_cdp_session(page)
        if self.forget_memory_cache and tab.cdp is not None:
            # Turning the cache off evicts Blink's memory cache; the HTTP cache that stays reports
            # each response it serves, body included.
            await tab.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            await tab.cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        if tab.origins:
            for origin in sorted(tab.origins):
                await tab.cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": CLEAR_TYPES})
        tab.origins.clear()

    async def _close(self, tab: Tab) -> None:
        with contextlib.suppress(PlaywrightError, TimeoutError):
            await asyncio.wait_for(tab.context.close(), 10)

    def _prune(self) -> None:
        """Forget the tabs of browsers that were closed (recycled or crashed)."""
        for k in list(self._idle):
            self._idle[k] = [t for t in self._idle[k] if t.browser.is_connected()]
            if not self._idle[k]:
                del self._idle[k]

    async def close(self) -> None:
        """Close every idle tab (the browser's own close does it too)."""
        tabs = [t for idle in self._idle.values() for t in idle]
        self._idle.clear()
        for tab in tabs:
            await self._close(tab)
