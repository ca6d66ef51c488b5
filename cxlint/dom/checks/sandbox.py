"""A throwaway copy of the page being scanned, for checks that must submit, click or type.

Form journeys and widget checks change state (a submitted form, an open dialog, a
navigation), and the other checks run on the same page afterwards, so they never touch
the scanned page: they open the same URL in a second tab of the same browser context (it
has the scan's headers and sign-in cookies, and it is closed with the page's context), do
their work there, and close it. Every request that tab makes after its first load goes
through a guard: navigations and data requests (form posts, fetch, XHR, beacons) leave
the machine only for loopback hosts, or when the user opted in with ``submit_forms``;
otherwise they are aborted and recorded, so a scan of a production site never submits
anything. Everything is bounded by timeouts, so a hostile page cannot hang the scan.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cxlint.dom.checks.base import EVALUATE_TIMEOUT_S, NotApplicable, PageHung, PageRun, is_loopback_host
from cxlint.dom.js import script

if TYPE_CHECKING:
    from playwright.async_api import Dialog, Page, Request, Route

LOAD_TIMEOUT_S = 10.0
"""Longest the throwaway tab may take to load the page (or a form's response)."""
STATIC_TYPES = frozenset({"stylesheet", "script", "image", "font", "media", "manifest", "texttrack"})
"""Sub-resources a page needs to render; they are fetched with GET like the scan's own load."""


_NO_NEW_TABS = """(() => {
  const opened = [];
  Object.defineProperty(window, '__cxlintOpened', { value: opened, configurable: false, enumerable: false });
  window.open = function (url) { opened.push(String(url || '')); return null; };
  // Forms and links aimed at another tab would leave this guarded tab: keep them in it.
  const here = (el) => {
    if (!el || !el.target || el.target === '_self') return;
    opened.push(String(el.action || el.href || ''));
    el.target = '_self';
  };
  document.addEventListener('submit', (e) => here(e.target), true);
  const link = (e) => e.target && e.target.closest && e.target.closest('a[target], area[target]');
  document.addEventListener('click', (e) => here(link(e)), true);
  const submit = HTMLFormElement.prototype.submit;
  HTMLFormElement.prototype.submit = function () { here(this); return submit.call(this); };
})();"""


@dataclass
class Attempt:
    """What the network saw during one action in the throwaway tab."""

    navigations: list[dict[str, str]] = field(default_factory=list)
    """Main-frame document requests: {"url", "method", "blocked"}."""
    requests: list[dict[str, str]] = field(default_factory=list)
    """Data requests (fetch, XHR, beacon, form post in a frame): {"url", "method", "blocked"}."""
    dialogs: list[str] = field(default_factory=list)
    """Messages of alert()/confirm()/prompt() the page raised (each dismissed)."""
    popups: int = 0


class Sandbox:
    """One throwaway tab showing the scanned page's URL, guarded as the module docstring says."""

    def __init__(self, run: PageRun, *, allow_navigation: bool) -> None:
        self.run = run
        url = run.ctx.final_url or run.ctx.url
        if not url.startswith(("http://", "https://")):
            raise NotApplicable("the page has no http(s) address to open a throwaway copy of")
        self.url = url
        self.allow_navigation = allow_navigation
        """Whether a navigation of the main frame may proceed (to an allowed host)."""
        self.page: Page | None = None
        self.attempt = Attempt()
        self._loaded = False
        self._tasks: set[asyncio.Future[None]] = set()

    def allowed(self, url: str) -> bool:
        """Data may go to loopback hosts, or anywhere the user allowed with ``submit_forms``."""
        return is_loopback_host(url) or bool(getattr(self.run.ctx, "submit_forms", False))

    async def __aenter__(self) -> Sandbox:
        if self.run.hung:
            raise PageHung("the page stopped responding to scripts earlier in this scan")
        self.page = await asyncio.wait_for(self.run.page.context.new_page(), EVALUATE_TIMEOUT_S)
        self.page.on("dialog", self._on_dialog)
        self.page.on("popup", self._on_popup)
        # A new tab would be outside this guard: window.open and target=_blank are recorded instead.
        await self.page.add_init_script(_NO_NEW_TABS)
        await self.page.route("**/*", self._guard)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.page is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.page.close(), EVALUATE_TIMEOUT_S)
            self.page = None

    def _on_dialog(self, dialog: Dialog) -> None:
        self.attempt.dialogs.append(dialog.message[:300])
        self._spawn(dialog.dismiss())

    def _on_popup(self, popup: Page) -> None:
        self.attempt.popups += 1
        self._spawn(popup.close())

    def _spawn(self, awaitable: Any) -> None:
        task = asyncio.ensure_future(_quietly(awaitable))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _guard(self, route: Route, request: Request) -> None:
        kind = request.resource_type
        if not self._loaded:
            # The first load is the same GET the scan itself made.
            await _quietly(route.fallback())
            return
        if kind in STATIC_TYPES and request.method in ("GET", "HEAD"):
            await _quietly(route.fallback())
            return
        main = kind == "document" and request.frame == self.page.main_frame if self.page else False
        ok = self.allowed(request.url) and (self.allow_navigation or not main)
        entry = {"url": request.url, "method": request.method, "blocked": "" if ok else "yes"}
        (self.attempt.navigations if main else self.attempt.requests).append(entry)
        if ok:
            await _quietly(route.fallback())
        elif main:
            # "204 No Content" makes the browser stay on the page, without the error page an abort
            # would put in its place, so the page can still be read and the next widget tried.
            await _quietly(route.fulfill(status=204, body=""))
        else:
            await _quietly(route.abort("blockedbyclient"))

    async def load(self) -> None:
        """(Re)load the scanned URL: every journey starts from the page as a visitor first sees it."""
        assert self.page is not None
        self._loaded = False
        # The guard lets everything of the first load through, so while it loads the tab is not
        # routed at all: each of the page's sub-resources would otherwise wait for a round trip
        # to this process only to be waved on. The guard is back before anything else happens.
        await self.page.unroute("**/*", self._guard)
        try:
            for tries_left in (1, 0):
                try:
                    await self.page.goto(self.url, wait_until="load", timeout=LOAD_TIMEOUT_S * 1000)
                    break
                except Exception as e:
                    # A navigation the page started itself can still be committing: try once more.
                    if tries_left and "interrupted by another navigation" in str(e):
                        await asyncio.sleep(0.2)
                        continue
                    raise NotApplicable(
                        f"the throwaway copy of the page did not load: {str(e).splitlines()[0][:150]}"
                    ) from e
        finally:
            self._loaded = True
            await self.page.route("**/*", self._guard)
        self.attempt = Attempt()

    async def reset_forms(self) -> None:
        """Back to the loaded state without a load, for a page without script whose last submit the
        browser stopped itself (``forms._stayed``): form values, validity, focus and scrolling."""
        await self.evaluate("formjourney", {"action": "reset"})
        self.attempt = Attempt()

    def new_attempt(self) -> Attempt:
        self.attempt = Attempt()
        return self.attempt

    async def evaluate(self, name: str, args: dict[str, Any] | None = None, timeout: float = EVALUATE_TIMEOUT_S) -> Any:
        """An injected script in the throwaway tab; a hang gives up on the journey, not the scan."""
        assert self.page is not None
        try:
            return await asyncio.wait_for(self.page.evaluate(script(name), args or {}), timeout)
        except TimeoutError:
            raise PageHung(f"script '{name}' did not finish within {timeout:g} s in the throwaway page") from None

    async def press(self, key: str) -> None:
        """A real key press; a page whose handler never returns has hung, which ends the journey."""
        assert self.page is not None
        try:
            await asyncio.wait_for(self.page.keyboard.press(key), EVALUATE_TIMEOUT_S)
        except TimeoutError:
            raise PageHung(f"the page stopped responding after {key} was pressed in the throwaway page") from None


async def _quietly(awaitable: Any) -> None:
    """Route and dialog answers race the tab closing; a late answer is not an error."""
    with contextlib.suppress(Exception):
        await awaitable
