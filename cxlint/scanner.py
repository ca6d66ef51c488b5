"""Scanning one page: load it in its own browser context, run the engines, collect links.

A page problem (DNS, refused, TLS, timeout, HTTP error, not HTML, a crash) is a
result, not an exception: it comes back as a FAILED PageResult carrying a CX
finding, so a crawl never loses a page to a bad server. Only the death of the
browser itself escapes, as BrowserCrashed, so the caller can relaunch it.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any, Protocol

from playwright.async_api import Browser, BrowserContext, CDPSession, Page, Response, Route
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from cxlint.config import Plan, resolve_env
from cxlint.crawl.guard import RedirectGuard
from cxlint.crawl.identity import document_digest
from cxlint.crawl.traps import MAX_TEXT, text_signature
from cxlint.crawl.urls import InvalidURL, normalize_url, origin, partition_links
from cxlint.engines import load_rules
from cxlint.engines.axe import DEFAULT_STANDARD, run_axe
from cxlint.engines.links import extract_links
from cxlint.engines.pipeline import EngineSelection, PageEngine, in_profile, page_engines
from cxlint.engines.suppression import collect_markers
from cxlint.findings.baseline import Baseline
from cxlint.findings.stage import FindingsStage, StageSettings
from cxlint.findings.suppress import PageMarkers
from cxlint.model import Finding, Location, Outcome, PageResult, PageStatus
from cxlint.registry import RULES_DIR, Registry, RuleSpec, load_registry
from cxlint.resources import ResourceWatch, watch_resources
from cxlint.screenshots import ShotBudget, capture
from cxlint.secrets import Credentials
from cxlint.tabs import Tab, TabPool
from cxlint.timings import Stopwatch

OFF_SCOPE_REDIRECT = "redirected off scope"
"""The skip reason the crawler records for a redirect it will not follow (cxlint.crawl.states.Reason)."""


class BrowserCrashed(RuntimeError):
    """The browser process died; the caller relaunches it and retries the page."""


@dataclass(frozen=True)
class FailureReason:
    """Why a page could not be checked: a reason key (``dns``, ``timeout``…) and a one-line text.

    Which rule reports a key is data: the ``options.reasons`` of the ``scan`` rules in
    ``rules/scan/*.yaml``; their code, name and severity are taken from there too.
    """

    key: str
    reason: str

    @property
    def rule(self) -> RuleSpec:
        return failure_rules()[self.key]

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name


@cache
def failure_rules() -> dict[str, RuleSpec]:
    """Reason key → the scan rule that reports it, from the bundled rule files."""
    out: dict[str, RuleSpec] = {}
    for rule in load_registry([RULES_DIR / "scan"]).rules.values():
        for key in getattr(rule.options, "reasons", None) or rule.spec.options.get("reasons", []):
            out[str(key)] = rule.spec
    return out


@dataclass(frozen=True)
class ScanOptions:
    """How one page is loaded and which built-in engine runs: plain data, no callables.

    Built from the run plan (``PageScanner.from_plan``); the engines, the redirect guard
    and the findings stage are objects of the :class:`PageScanner` that uses these.
    """

    standard: str = DEFAULT_STANDARD
    timeout_s: float = 30.0
    """Budget for loading one page (navigation and load event)."""
    deadline_s: float | None = None
    """Hard limit on one page, loading and checks; ``None``: ``3 × timeout_s + 30``."""
    network_quiet_s: float = 3.0
    """Cap on waiting for the network to go quiet after load (SPAs)."""
    wait_for: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    """Resolved header values: held in memory only, never stored."""
    storage_state: str | None = None
    viewport: tuple[int, int] = (1280, 900)
    engines: frozenset[str] = frozenset({"axe"})
    """Engines the scanner runs itself (only axe); the text and DOM engines are the PageScanner's."""
    disabled_axe_rules: tuple[str, ...] = ()
    """axe rule ids switched off by the rule files or --ignore."""
    header_origins: tuple[str, ...] = ()
    """Origins (``scheme://host[:port]``) that receive ``headers``, besides the page's own."""
    http_credentials: dict[str, str] | None = None
    """Playwright ``http_credentials`` (username, password, origin) from a ``user:password@`` start URL:
    held in memory only, never stored."""


_NET_ERRORS: list[tuple[str, FailureReason]] = [
    ("ERR_NAME_NOT_RESOLVED", FailureReason("dns", "DNS lookup failed")),
    ("ERR_NAME_RESOLUTION_FAILED", FailureReason("dns", "DNS lookup failed")),
    ("ERR_CONNECTION_REFUSED", FailureReason("refused", "connection refused")),
    ("ERR_CONNECTION_RESET", FailureReason("reset", "connection reset")),
    ("ERR_CONNECTION_CLOSED", FailureReason("reset", "connection closed")),
    ("ERR_EMPTY_RESPONSE", FailureReason("network", "empty response")),
    ("ERR_ADDRESS_UNREACHABLE", FailureReason("network", "address unreachable")),
    ("ERR_INTERNET_DISCONNECTED", FailureReason("network", "no network")),
    ("ERR_CERT", FailureReason("tls", "TLS certificate error")),
    ("ERR_SSL", FailureReason("tls", "TLS error")),
    ("ERR_TIMED_OUT", FailureReason("timeout", "connection timed out")),
    ("ERR_TOO_MANY_REDIRECTS", FailureReason("redirect-loop", "redirect loop")),
    ("ERR_INVALID_AUTH_CREDENTIALS", FailureReason("http-status", "HTTP 401 (the site asks for a user and password)")),
    ("ERR_PROXY_AUTH", FailureReason("http-status", "HTTP 407 (the proxy asks for a user name and password)")),
    ("Download is starting", FailureReason("download", "the URL is a download, not a page")),
    ("ERR_ABORTED", FailureReason("download", "navigation aborted (download or non-page resource)")),
    ("Target crashed", FailureReason("crash", "the page crashed")),
    ("crashed", FailureReason("crash", "the page crashed")),
]
TIMED_OUT = FailureReason("timeout", "timed out while loading")
CRASHED = FailureReason("crash", "the page crashed")


def classify_error(exc: BaseException) -> FailureReason:
    """Map a navigation error onto a reason key and a one-line reason."""
    text = str(exc)
    if isinstance(exc, PlaywrightTimeout | TimeoutError | asyncio.TimeoutError):
        return TIMED_OUT
    for needle, reason in _NET_ERRORS:
        if needle in text:
            return reason
    first = text.splitlines()[0] if text else type(exc).__name__
    return FailureReason("network", first[:200])


def failed_page(url: str, reason: FailureReason, **extra: Any) -> PageResult:
    """A FAILED page with the CX finding that explains it (code, name and severity from its rule file)."""
    spec = reason.rule
    finding = Finding(
        rule=spec.code,
        name=spec.name,
        severity=spec.severity,
        outcome=Outcome.VIOLATION,
        message=f"Page could not be scanned: {reason.reason}",
        category="scan",
        location=Location(selector="html"),
        engine="scanner",
    )
    return PageResult(url=url, status=PageStatus.FAILED, reason=reason.reason, findings=[finding], **extra)


async def _new_context(browser: Browser, opts: ScanOptions, url: str) -> BrowserContext:
    kwargs: dict[str, Any] = {
        "viewport": {"width": opts.viewport[0], "height": opts.viewport[1]},
        "ignore_https_errors": False,
        "java_script_enabled": True,
        "accept_downloads": False,
    }
    if opts.storage_state:
        kwargs["storage_state"] = opts.storage_state
    if opts.http_credentials:
        kwargs["http_credentials"] = opts.http_credentials
    ctx = await browser.new_context(**kwargs)
    if opts.headers:
        origins = set(opts.header_origins)
        with contextlib.suppress(InvalidURL):
            origins.add(origin(normalize_url(url)))
        if origins:
            await _send_headers_to(ctx, opts.headers, origins)
    return ctx


async def _send_headers_to(ctx: BrowserContext, headers: dict[str, str], origins: set[str]) -> None:
    """Add ``--header`` values to requests for the scan's own origins only.

    ``extra_http_headers`` would send them with every request the page makes,
    to image CDNs, analytics and third-party frames too: a token for staging
    handed to whoever serves the page's fonts. The route's pattern is a regex,
    which Playwright matches in its driver, so requests to other origins are
    never stopped; only same-origin requests make a round trip to add them.
    """
    pattern = re.compile("^(?:" + "|".join(re.escape(o) for o in sorted(origins)) + ")(?:[/?#]|$)")

    async def add(route: Route) -> None:
        with contextlib.suppress(PlaywrightError):
            await route.continue_(headers={**route.request.headers, **headers})

    await ctx.route(pattern, add)


GRACE_S = 0.05
"""After ``load``, how long a page gets to start a request before it counts as idle."""

_STILL_JS = """() => {
  // Nothing can change this document after load: no script, no inline handler, no animation still
  // running, fonts in, no refresh, and the same holds for every frame inside it.
  const still = (doc) => {
    if (doc.scripts.length || doc.querySelector('meta[http-equiv="refresh" i]')) return false;
    if (doc.getAnimations && doc.getAnimations().length) return false;
    if (doc.fonts && doc.fonts.status !== 'loaded') return false;
    for (const el of doc.getElementsByTagName('*')) {
      for (const a of el.attributes) if (a.name.length > 2 && a.name.startsWith('on')) return false;
      const tag = el.localName;
      if (tag === 'object' || tag === 'embed') return false;
      if (tag === 'iframe' || tag === 'frame') {
        let d = null;
        try { d = el.contentDocument; } catch (e) { d = null; }
        if (!d || d.readyState !== 'complete' || !still(d)) return false;
      }
    }
    return true;
  };
  return still(document);
}"""
"""Whether the loaded page is static; a cross-origin frame counts as scripted (it cannot be looked into)."""


class _InFlight:
    """Requests the page has started and not yet finished, and the origins it made requests to.

    ``networkidle`` waits 500 ms after the last request, on every page. On a page that is
    static once loaded (see ``_STILL_JS``) with nothing in flight, there is nothing to wait
    for: on 100 such pages those waits were most of a minute. A page with scripts keeps the
    ``networkidle`` wait exactly: a script may draw content a moment after load.
    """

    def __init__(self, page: Page) -> None:
        self.open: set[int] = set()
        self.origins: set[str] = set()
        """Origins the page made requests to (their storage is cleared before its tab is reused)."""
        self._page = page
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def stop(self) -> None:
        self._page.remove_listener("request", self._start)
        self._page.remove_listener("requestfinished", self._end)
        self._page.remove_listener("requestfailed", self._end)

    def _start(self, request: Any) -> None:
        self.open.add(id(request))
        url = str(request.url)
        if url.startswith(("http://", "https://")):
            with contextlib.suppress(InvalidURL):
                self.origins.add(origin(normalize_url(url)))

    def _end(self, request: Any) -> None:
        self.open.discard(id(request))

    async def idle_and_static(self, page: Page) -> bool:
        """True if nothing is in flight a moment after load and nothing on the page can change it."""
        await asyncio.sleep(GRACE_S)
        if self.open:
            return False
        try:
            return bool(await asyncio.wait_for(page.evaluate(_STILL_JS), 2))
        except (PlaywrightError, TimeoutError):
            return False


async def _settle(page: Page, opts: ScanOptions, deadline: float, inflight: _InFlight) -> None:
    """Wait for load, then for a quiet network up to a cap, as SPAs need; no wait on a static page."""
    remaining = max(0.5, deadline - time.monotonic())
    # A hung sub-resource must not hold the page hostage: the DOM is ready, check it anyway.
    with contextlib.suppress(PlaywrightTimeout):
        await page.wait_for_load_state("load", timeout=remaining * 1000)
    quiet = min(opts.network_quiet_s, max(0.0, deadline - time.monotonic()))
    if quiet > 0 and not await inflight.idle_and_static(page):
        quiet = min(opts.network_quiet_s, max(0.0, deadline - time.monotonic()))
        with contextlib.suppress(PlaywrightTimeout):
            await page.wait_for_load_state("networkidle", timeout=quiet * 1000)


def _check_response(url: str, response: Response | None) -> FailureReason | None:
    if response is None:
        return None
    if response.status >= 400:
        return FailureReason("http-status", f"HTTP {response.status}")
    ctype = (response.headers.get("content-type") or "").split(";")[0].strip().lower()
    if ctype and ctype not in ("text/html", "application/xhtml+xml"):
        return FailureReason("content-type", f"content type is {ctype}, not HTML")
    return None


def _retrieve(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


_DOCUMENTS = {"patterns": [{"urlPattern": "*", "resourceType": "Document", "requestStage": "Request"}]}


@dataclass
class _Navigation:
    """What the top document did: its redirect hops, an off-scope redirect, later navigations."""

    cdp: CDPSession
    hops: list[str] = field(default_factory=list)
    """Targets of the main frame's requests during the load (redirect hops), when they were intercepted."""
    blocked: str = ""
    """An off-scope redirect target that was refused during the load."""
    loaded: bool = False
    """Set once ``goto`` returned: from then on the page may not navigate away."""
    intercepting: bool = False
    later: list[str] = field(default_factory=list)
    """Where the page tried to go by itself after loading (meta refresh, script): stopped, kept as links."""

    async def close(self) -> bool:
        """Stop intercepting, so the tab can go on to the next URL; False if that could not be done."""
        try:
            await asyncio.wait_for(self.cdp.detach(), 2)
        except (PlaywrightError, TimeoutError):
            return False
        return True

    async def hold(self) -> None:
        """The page has loaded: from now on, stop the top document from navigating away."""
        self.loaded = True
        if not self.intercepting:
            await self.cdp.send("Fetch.enable", _DOCUMENTS)
            self.intercepting = True


async def _watch_navigation(page: Page, url: str, allowed: Callable[[str, str], bool] | None) -> _Navigation:
    """Hold the top document to the page being checked.

    During the load, a redirect off the crawl's scope is refused (``allowed``).
    After it (``_Navigation.hold``), any navigation of the top document
    (``<meta http-equiv=refresh>``, ``location.href = …``, an auto-submitted
    form) is aborted and recorded: it would otherwise destroy the document
    mid-check ("Execution context was destroyed") or put another page's
    findings under this URL. Its target becomes a discovered link. ``Aborted``
    (unlike ``BlockedByClient``) makes Chromium keep the current document
    instead of committing an error page.

    Only document requests are intercepted (CDP Fetch with a resource-type
    pattern), so sub-resources load untouched; without ``allowed`` nothing is
    intercepted until the page has loaded, since every intercepted request
    waits for a round trip to this process.
    """
    cdp = await page.context.new_cdp_session(page)
    nav = _Navigation(cdp)
    tree = await cdp.send("Page.getFrameTree")
    main_id = tree["frameTree"]["frame"]["id"]

    async def decide(event: dict[str, Any]) -> None:
        target = event["request"]["url"]
        request_id = event["requestId"]
        with contextlib.suppress(PlaywrightError):
            if event.get("frameId") != main_id:
                await cdp.send("Fetch.continueRequest", {"requestId": request_id})
            elif nav.loaded:
                nav.later.append(target)
                await cdp.send("Fetch.failRequest", {"requestId": request_id, "errorReason": "Aborted"})
            elif target != url and allowed is not None and not allowed(url, target):
                nav.blocked = nav.blocked or target
                await cdp.send("Fetch.failRequest", {"requestId": request_id, "errorReason": "BlockedByClient"})
            else:
                nav.hops.append(target)
                await cdp.send("Fetch.continueRequest", {"requestId": request_id})

    cdp.on("Fetch.requestPaused", lambda event: asyncio.ensure_future(decide(event)).add_done_callback(_retrieve))
    if allowed is not None:
        await cdp.send("Fetch.enable", _DOCUMENTS)
        nav.intercepting = True
    return nav


def _load_failure(exc: BaseException, nav: _Navigation) -> FailureReason:
    """Why ``goto`` failed, in the words of what happened rather than Chromium's error code."""
    reason = classify_error(exc)
    if reason.key == "redirect-loop" and nav.hops:
        hops = nav.hops[1:]  # the first request is the URL itself, not a redirect
        if len(set(nav.hops)) == len(nav.hops):
            return FailureReason("redirect-loop", f"too many redirects ({len(hops)} hops without a loop)")
    return reason


class CheckedHook(Protocol):
    async def checked(self, result: PageResult, markers: PageMarkers | None) -> None: ...

    def stop(self) -> None:
        """Stop watching: a reused tab's context lives on and must not feed this page's record."""


class Recorder(Protocol):
    """Watches a page from before it loads; told what its checks found before the findings stage.

    The re-scan cache (``cxlint.cache.PageRecorder``) is one: it keeps what a later hit needs.
    """

    def watch(self, page: Page, url: str) -> CheckedHook: ...


class PageScanner:
    """Everything needed to check one page, built from the run plan where pages are scanned.

    It holds the load settings, the page engines (text, DOM) chosen from the rules, the
    redirect guard and the findings stage: objects made here from plain data, so the plan
    itself can be stored, resumed and sent to another process.
    """

    def __init__(
        self,
        opts: ScanOptions,
        *,
        engines: list[PageEngine] | None = None,
        guard: RedirectGuard | None = None,
        stage: FindingsStage | None = None,
        suppressions: bool = True,
        screenshots: ShotBudget | None = None,
        reuse_tabs: bool = False,
    ) -> None:
        self.opts = opts
        self.engines = list(engines or [])
        self.guard = guard
        self.stage = stage if stage is not None else default_stage()
        self.suppressions = suppressions
        self.screenshots = screenshots if screenshots is not None else ShotBudget()
        """Element screenshots and thumbnails, with limits shared by every page this scanner checks."""
        self.recorder: Recorder | None = None
        self.tabs = TabPool(
            lambda browser, url: _new_context(browser, self.opts, url), reuse=reuse_tabs, viewport=opts.viewport
        )
        """Tabs kept from URL to URL (``cxlint.tabs``); off unless asked for, since only the owner of
        the browser (the run) knows when it closes, which is when kept tabs go away."""

    @classmethod
    def from_plan(
        cls,
        plan: Plan,
        registry: Registry,
        start_urls: list[str],
        *,
        baseline: Baseline | None = None,
        credentials: Credentials | None = None,
        reuse_tabs: bool = False,
    ) -> PageScanner:
        """``start_urls`` must be free of credentials (``cxlint.secrets.split_credentials``); pass them here.

        ``reuse_tabs``: keep a tab per worker from URL to URL (``cxlint.tabs``) for a run that owns
        its browser; a signed-in scan (``storage_state``) never does.
        """
        settings = StageSettings(
            select=list(plan.select), ignore=list(plan.ignore), per_url_ignores=dict(plan.per_url_ignores),
            severity=dict(plan.severity),
        )
        running = running_rules(registry, plan, settings)
        stage = FindingsStage(registry, settings, baseline=baseline, running=running)
        sel = EngineSelection(
            categories=frozenset(plan.checks), standard=plan.standard, production_url=plan.production_url,
            start_urls=tuple(start_urls), submit_forms=plan.submit_forms,
        )
        chosen = Registry(rules={c: r for c, r in registry.rules.items() if c in running})
        axe_rules = [r for r in registry.rules.values() if r.spec.kind == "axe"]
        axe_off = tuple(r.spec.name for r in axe_rules if r.code not in running)
        # With every axe rule selected away (``--select A11Y507``), injecting axe to run nothing costs
        # half a second a page for no finding.
        run_axe_engine = "accessibility" in plan.checks and len(axe_off) < len(axe_rules)
        headers = {name: resolve_env(value, f"--header {name}") for name, value in plan.page.headers.items()}
        opts = ScanOptions(
            standard=plan.standard,
            timeout_s=plan.page.timeout,
            deadline_s=plan.page.ceiling,
            wait_for=plan.page.wait_for,
            headers=headers,
            storage_state=plan.page.storage_state,
            engines=frozenset({"axe"}) if run_axe_engine else frozenset(),
            disabled_axe_rules=axe_off,
            header_origins=tuple(site_origins([*start_urls, *plan.crawl.sitemaps])),
            http_credentials=credentials.playwright() if credentials else None,
        )
        guard = RedirectGuard(list(start_urls), list(plan.crawl.sitemaps), list(plan.crawl.scope))
        reuse = reuse_tabs and not plan.page.storage_state
        return cls(opts, engines=page_engines(chosen, sel), guard=guard, stage=stage, reuse_tabs=reuse)

    async def scan(self, browser: Browser, url: str) -> PageResult:
        """Scan one URL. Never raises for page problems; raises BrowserCrashed if Chromium died."""
        started = datetime.now(UTC).isoformat(timespec="seconds")
        t0 = time.monotonic()
        # The whole page gets a hard ceiling so a hostile script cannot stall the crawl.
        ceiling = self.opts.deadline_s if self.opts.deadline_s is not None else self.opts.timeout_s * 3 + 30
        try:
            result = await asyncio.wait_for(self._scan(browser, url, t0), ceiling)
        except TimeoutError:
            result = failed_page(url, FailureReason("timeout", "timed out while checking the page"))
        except BrowserCrashed:
            raise
        except PlaywrightError as exc:
            # Only a dead browser is the caller's problem; anything else is this page's failure.
            if not browser.is_connected():
                raise BrowserCrashed(str(exc).splitlines()[0] if str(exc) else "browser closed") from exc
            result = failed_page(url, classify_error(exc))
        if result.status is not PageStatus.SCANNED:
            self.stage.process_page(result)
        result.started = started
        result.duration_ms = round((time.monotonic() - t0) * 1000, 1)
        return result

    async def _scan(self, browser: Browser, url: str, t0: float) -> PageResult:
        if not browser.is_connected():
            raise BrowserCrashed("browser is not connected")
        opened = time.perf_counter()
        tab = await self.tabs.take(browser, url, self._context_key(url))
        context_ms = (time.perf_counter() - opened) * 1000
        page = tab.page
        crashed = asyncio.Event()
        healthy = False
        result: PageResult | None = None

        def on_crash(_page: Page) -> None:
            crashed.set()

        page.on("crash", on_crash)
        try:
            # A crashed renderer leaves pending calls hanging, so the crash races the work.
            work = asyncio.ensure_future(self._load_and_check(browser, tab, url, t0))
            # If this scan is cancelled (a deadline above it), ``work`` fails once the context closes;
            # retrieving that here keeps "Task exception was never retrieved" off the user's terminal.
            work.add_done_callback(_retrieve)
            crash = asyncio.ensure_future(crashed.wait())
            try:
                await asyncio.wait({work, crash}, return_when=asyncio.FIRST_COMPLETED)
            except asyncio.CancelledError:
                work.cancel()
                raise
            finally:
                crash.cancel()
            if not work.done():
                work.cancel()
                with contextlib.suppress(asyncio.CancelledError, PlaywrightError):
                    await work
                return failed_page(url, CRASHED)
            try:
                result = work.result()
            except PlaywrightError:
                if crashed.is_set():
                    return failed_page(url, CRASHED)
                raise
            healthy = not crashed.is_set()
            return result
        finally:
            page.remove_listener("crash", on_crash)
            closing = time.perf_counter()
            await self.tabs.give_back(tab, healthy)
            timings = result.metrics.get("timings") if result is not None else None
            if isinstance(timings, dict):
                timings["context"] = round(context_ms + (time.perf_counter() - closing) * 1000, 1)

    def _context_key(self, url: str) -> str:
        """Tabs are shared only between URLs whose context is set up alike (the ``--header`` origins)."""
        if not self.opts.headers:
            return ""
        with contextlib.suppress(InvalidURL):
            return origin(normalize_url(url))
        return url

    async def _load_and_check(self, browser: Browser, tab: Tab, url: str, t0: float) -> PageResult:
        page = tab.page
        nav = await _watch_navigation(page, url, self.guard.allowed if self.guard else None)
        recording = self.recorder.watch(page, url) if self.recorder is not None else None
        resources = watch_resources(page)
        inflight = _InFlight(page)
        try:
            return await self._check(browser, page, url, t0, nav, resources, inflight, recording)
        finally:
            if recording is not None:
                recording.stop()
            inflight.stop()
            resources.stop()
            tab.origins |= inflight.origins
            # A tab that is not reused is closed with its context, interception and all.
            if self.tabs.reuse and not await nav.close():
                tab.reusable = False

    async def _check(
        self,
        browser: Browser,
        page: Page,
        url: str,
        t0: float,
        nav: _Navigation,
        resources: ResourceWatch,
        inflight: _InFlight,
        recording: CheckedHook | None = None,
    ) -> PageResult:
        opts = self.opts
        deadline = t0 + opts.timeout_s
        watch = Stopwatch()
        loading = time.perf_counter()
        try:
            response = await page.goto(url, wait_until="domcontentloaded", timeout=opts.timeout_s * 1000)
        except PlaywrightError as exc:
            if nav.blocked:
                return PageResult(url=url, status=PageStatus.SKIPPED, final_url=nav.blocked, reason=OFF_SCOPE_REDIRECT)
            if not browser.is_connected():
                raise BrowserCrashed("browser died while loading") from exc
            return failed_page(url, _load_failure(exc, nav))
        await nav.hold()
        final_url = page.url
        status = response.status if response else None
        problem = _check_response(url, response)
        if problem:
            return failed_page(url, problem, final_url=final_url, http_status=status)
        await _settle(page, opts, deadline, inflight)
        if opts.wait_for:
            try:
                await page.wait_for_selector(opts.wait_for, timeout=max(1.0, deadline - time.monotonic()) * 1000)
            except PlaywrightTimeout:
                return failed_page(
                    url,
                    FailureReason("timeout", f"'{opts.wait_for}' did not appear"),
                    final_url=final_url,
                    http_status=status,
                )
        watch.add("load", (time.perf_counter() - loading) * 1000)
        with watch.step("page"):
            # document.title, not page.title(): while an aborted navigation is pending, Playwright says "Loading <url>".
            result = PageResult(
                url=url,
                final_url=final_url,
                http_status=status,
                title=str(await page.evaluate("() => document.title"))[:500],
                lang=await page.evaluate("() => document.documentElement.getAttribute('lang') || ''"),
            )
            result.metrics["headers"] = _safe_headers(response.headers if response else {})
            if digest := await document_digest(final_url, response):
                result.metrics["document_sha256"] = digest  # lets the crawler merge /dir/ and /dir/index.html
        if "axe" in opts.engines:
            with watch.step("axe"):
                result.findings.extend(await run_axe(page, opts.standard, disabled=opts.disabled_axe_rules))
        for engine in self.engines:
            with watch.step(engine_name(engine)):
                await engine(page, result)
        with watch.step("page"):
            result.findings.extend(await resources.findings())
            result.links = await extract_links(page)
            text = await page.evaluate("(n) => (document.body ? document.body.innerText : '').slice(0, n)", MAX_TEXT)
            result.metrics["text_signature"] = text_signature(str(text))
            if nav.later:
                _add_navigations(result, nav.later)
        with watch.step("stage"):
            markers = await collect_markers(page, result.findings) if self.suppressions else None
            if recording is not None:
                await recording.checked(result, markers)
            self.stage.process_page(result, markers)
        if self.screenshots.enabled:
            with watch.step("screenshots"):
                result.images = await capture(page, result, self.screenshots)
        result.metrics["timings"] = {**watch.rounded(), **result.metrics.get("timings", {})}
        return result


def engine_name(engine: PageEngine) -> str:
    """The timing key of a page engine: its function name without ``_engine`` (``text``, ``dom``)."""
    return getattr(engine, "__name__", "engine").removesuffix("_engine")


async def scan_page(browser: Browser, url: str, scanner: PageScanner | ScanOptions) -> PageResult:
    """Scan one URL with a scanner (or bare options: axe alone, the bundled rules' stage)."""
    if isinstance(scanner, ScanOptions):
        scanner = PageScanner(scanner)
    return await scanner.scan(browser, url)


@cache
def _bundled_registry() -> Registry:
    return load_rules()


def default_stage() -> FindingsStage:
    """The stage a bare scan uses: the bundled rules, nothing selected away, every rule judged as running."""
    registry = _bundled_registry()
    return FindingsStage(registry, running=set(registry.rules))


def running_rules(registry: Registry, plan: Plan, settings: StageSettings) -> set[str]:
    """Codes of the rules this plan runs: enabled or named, selected, in a checked category and the profile."""
    stage = FindingsStage(registry, settings)
    categories = {*plan.checks, "scan"}
    return {
        code
        for code, rule in registry.rules.items()
        if rule.spec.category in categories and in_profile(rule, plan.standard) and stage.rule_runs(rule)
    }


def _add_navigations(result: PageResult, targets: list[str]) -> None:
    """Record where the page sent itself, and treat each target as a link it revealed."""
    parts = partition_links(targets, result.final_url or result.url)
    result.metrics["navigated_to"] = list(dict.fromkeys(targets))
    for bucket, urls in parts.items():
        known = result.links.setdefault(bucket, [])
        known.extend(u for u in urls if u not in known)


def site_origins(urls: list[str]) -> list[str]:
    """The origins of the scan's own URLs: the only ones that receive ``--header`` values."""
    out: dict[str, None] = {}
    for url in urls:
        with contextlib.suppress(InvalidURL):
            out[origin(normalize_url(url))] = None
    return list(out)


_KEEP_HEADERS = {
    "content-type",
    "strict-transport-security",
    "last-modified",
    "content-security-policy",
    "x-frame-options",
    "server",
    "cache-control",
}


def _safe_headers(headers: dict[str, str]) -> dict[str, str]:
    """Response headers worth keeping; never cookies or anything that could carry a secret."""
    return {k.lower(): v for k, v in headers.items() if k.lower() in _KEEP_HEADERS}
