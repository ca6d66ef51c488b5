"""The crawl loop: seeds and sitemaps in, every URL out in exactly one state.

Shape: N worker tasks share one ``Frontier`` on one event loop. A worker takes
the next URL whose host may be contacted, marks it in flight (in memory and
in the store), awaits the injected ``scan`` coroutine, and then, with no
``await`` in between, updates the frontier and saves the page, its URL state
and the links it revealed in one store transaction. Because that last step is
synchronous, the in-memory frontier and the store can only disagree about
pages still in flight, which ``--resume`` puts back in the queue; so a killed
crawl neither loses nor repeats a page.

The engine never prints: progress goes to ``on_event``. Nothing here waits
without a bound: each page has a hard deadline, fetches have timeouts, and
Ctrl-C (the ``stop`` event) lets in-flight pages finish for ``stop_grace``
seconds before requeueing them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit

from cxlint.crawl.fetch import Fetch
from cxlint.crawl.frontier import Frontier
from cxlint.crawl.identity import index_twins
from cxlint.crawl.robots import RobotsCache, RobotsInfo
from cxlint.crawl.sampling import SampleGroup, Sampler
from cxlint.crawl.scope import Scope
from cxlint.crawl.sitemap import read_sitemaps
from cxlint.crawl.states import CrawlConfigError, Reason, UrlRecord, UrlState
from cxlint.crawl.traps import TrapDetector, TrapGroup
from cxlint.crawl.urls import InvalidURL, LinkKind, classify, normalize_url, origin
from cxlint.model import PageResult, PageStatus
from cxlint.store import Lease, Store

__all__ = [
    "CrawlConfig",
    "CrawlEvent",
    "CrawlResult",
    "EventFn",
    "RecoverFn",
    "ScanFn",
    "crawl",
    "default_concurrency",
    "load_config",
]

ScanFn = Callable[[str], Awaitable[PageResult]]
"""Scan one URL. Returns a PageResult for every page problem; raises only when the browser itself died."""
RecoverFn = Callable[[], Awaitable[None]]
"""Relaunch the browser after ``ScanFn`` raised; raising here ends the crawl (recorded, not thrown)."""


MAX_SECONDS = 86_400.0
"""A day: the largest time any option may take. Also rejects ``inf`` and ``nan``, which compare false."""


def default_concurrency() -> int:
    """Half the cores, at least 2 and at most 8: each page is a renderer process doing layout and axe.

    One more page in flight does not pay: on 2 cores, 3 pages at a time scanned 100 pages in
    294 s against 289 s for 2, with 8% more CPU (``bench/speed.py --jobs 2``, quiet machine).
    """
    return max(2, min(8, (os.cpu_count() or 2) // 2))


@dataclass
class CrawlConfig:
    """Everything that decides *what* is crawled. Stored with the scan so ``--resume`` repeats it exactly."""

    start_urls: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    """``--sitemap URL`` (repeatable): read these sitemaps as well as the start URLs."""
    auto_sitemaps: bool = True
    """Also read the ``Sitemap:`` lines of each start origin's robots.txt and its ``/sitemap.xml``."""
    follow: bool = True
    """``--no-follow`` sets False: scan only start and sitemap URLs."""
    scope: list[str] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    max_pages: int | None = 500
    max_depth: int | None = None
    sample: int | None = None
    respect_robots: bool = True
    """``--ignore-robots`` sets False: neither Disallow nor Crawl-delay apply (Sitemap lines still do)."""
    concurrency: int = field(default_factory=default_concurrency)
    delay: float = 0.0
    """Seconds between two page loads' starts on one host (raised to the host's Crawl-delay)."""
    page_deadline: float = 180.0
    """Hard cap on one page's scan (seconds), above the scanner's own timeouts: a stuck page fails, never hangs."""
    stop_grace: float = 15.0
    """After Ctrl-C, how long in-flight pages may finish before they are requeued."""
    max_sitemap_urls: int = 50_000
    max_crawl_delay: float = 30.0
    trap_window: int | None = 5
    """Pages of one URL pattern in a row, all near-identical, that make it a suspected trap; None turns it off."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def validate(self) -> None:
        if not self.start_urls and not self.sitemaps:
            raise CrawlConfigError("give at least one URL to scan or a --sitemap")
        if self.concurrency < 1:
            raise CrawlConfigError("--concurrency must be 1 or more")
        if self.max_pages is not None and self.max_pages < 1:
            raise CrawlConfigError("--max-pages must be 1 or more")
        if self.trap_window is not None and self.trap_window < 2:
            raise CrawlConfigError("the trap window must be 2 pages or more")
        if self.sample is not None and self.sample < 1:
            raise CrawlConfigError("--sample must be 1 or more")
        if not 0 <= self.delay <= MAX_SECONDS:
            raise CrawlConfigError(f"--delay must be from 0 to {MAX_SECONDS:g} seconds")
        if not 0 < self.page_deadline <= 4 * MAX_SECONDS:
            raise CrawlConfigError(f"the page deadline must be more than 0 and at most {4 * MAX_SECONDS:g} seconds")
        if not 0 <= self.stop_grace <= MAX_SECONDS:
            raise CrawlConfigError(f"the stop grace must be from 0 to {MAX_SECONDS:g} seconds")
        for u in [*self.start_urls, *self.sitemaps]:
            try:
                normalize_url(u)
            except InvalidURL as exc:
                raise CrawlConfigError(str(exc)) from None


def load_config(store: Store, scan_id: str) -> CrawlConfig:
    """The configuration a stored scan ran with, for ``--resume``."""
    info = store.get_scan(scan_id)
    if info is None:
        raise CrawlConfigError(f"no scan {scan_id!r} in {store.path}")
    return CrawlConfig.from_dict(info.config.get("crawl", info.config))


@dataclass(frozen=True)
class CrawlEvent:
    """Something the CLI may show. ``kind`` is one of:

    ``seeded`` (start and sitemap URLs known), ``robots`` (a robots.txt note),
    ``sitemap-error``, ``url-skipped`` (a discovered URL that will not be
    loaded), ``page-start``, ``page-done`` (``state``/``reason`` say how it
    ended), ``retry`` (a crash; the page is tried again), ``browser-relaunched``,
    ``stopping`` (Ctrl-C seen), ``trap`` (a URL pattern is a suspected crawler trap; ``detail``
    is the pattern), ``done``.
    """

    kind: str
    url: str = ""
    state: str = ""
    reason: str = ""
    detail: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    """Frontier counts: queued, in-flight, scanned, skipped, failed, discovered, admitted, limit."""


EventFn = Callable[[CrawlEvent], None]


@dataclass
class CrawlResult:
    scan_id: str
    records: list[UrlRecord]
    """Every discovered URL in discovery order, each in its final state (queued ones only if interrupted)."""
    interrupted: bool = False
    error: str = ""
    """Why the crawl ended early, if it did for a reason other than Ctrl-C (e.g. the browser cannot start)."""
    sampled: list[SampleGroup] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    sitemap_errors: list[tuple[str, str]] = field(default_factory=list)
    robots: list[RobotsInfo] = field(default_factory=list)
    traps: list[TrapGroup] = field(default_factory=list)
    """URL patterns that kept producing near-identical pages, and what was not loaded because of them."""

    def counts(self) -> dict[str, int]:
        c = {s.value: 0 for s in UrlState}
        for r in self.records:
            c[r.state.value] += 1
        return c

    def urls(self, state: UrlState, reason: str | None = None) -> list[str]:
        return [r.url for r in self.records if r.state is state and (reason is None or r.reason == reason)]


def _finding_names(result: PageResult) -> set[str]:
    return {f.name for f in result.findings}


def _is_page_crash(result: PageResult) -> bool:
    """The scanner reports a crashed tab as a FAILED page (``page-crashed``); it deserves one retry."""
    return "page-crashed" in _finding_names(result) or Reason.CRASH in result.reason.lower()


def _is_not_html(result: PageResult) -> bool:
    return "not-html" in _finding_names(result)


class _BrowserGone(Exception):
    """The browser died and could not be relaunched: the crawl must stop."""


class _CutOff(Exception):
    """A page that the shutdown cut off: it stays in flight, so it is requeued and ``--resume`` retries it."""


_SHUTDOWN_MARKS = ("has been closed", "target closed", "browser closed", "browser is not connected", "crashed")


def _cut_by_shutdown(result: PageResult) -> bool:
    """A failure that says the browser or its page went away: during a shutdown, that is the shutdown."""
    text = f"{result.reason} {result.metrics.get('crash', '')}".lower()
    return result.status is PageStatus.FAILED and (
        _is_page_crash(result) or any(mark in text for mark in _SHUTDOWN_MARKS)
    )


class _Crawl:
    def __init__(
        self,
        config: CrawlConfig,
        scan: ScanFn,
        store: Store,
        fetch: Fetch,
        recover: RecoverFn | None,
        on_event: EventFn | None,
    ) -> None:
        self.config = config
        self._scan = scan
        self.store = store
        self._recover = recover
        self._on_event = on_event
        self.scope = Scope(
            [*config.start_urls, *config.sitemaps],
            prefixes=config.scope,
            include=config.include,
            exclude=config.exclude,
            max_depth=config.max_depth,
        )
        self.frontier = Frontier(max_pages=config.max_pages, delay=config.delay, max_crawl_delay=config.max_crawl_delay)
        self.sampler = Sampler(config.sample) if config.sample else None
        self.traps = TrapDetector(window=config.trap_window) if config.trap_window else None
        self.robots = RobotsCache(fetch)
        self.fetch = fetch
        self.starts: set[str] = {normalize_url(u) for u in config.start_urls}
        self._robots_seen: set[str] = set()
        self.scan_id = ""
        self._dirty: dict[str, UrlRecord] = {}
        self._changed = asyncio.Event()
        self._stopping = False
        self._stop: asyncio.Event | None = None
        self._generation = 0
        self._relaunch_lock = asyncio.Lock()
        self._digests: dict[str, str] = {}
        """Scanned folder pages' document digests by URL, to merge ``/d/`` and ``/d/index.html`` (identity.py)."""
        self.result = CrawlResult("", [])

    # -- events ---------------------------------------------------------------------------------

    def _emit(self, kind: str, url: str = "", state: str = "", reason: str = "", detail: str = "") -> None:
        if self._on_event is not None:
            self._on_event(CrawlEvent(kind, url, state, reason, detail, self.frontier.counts()))

    def _wake(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait(self, timeout: float | None) -> None:
        event = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)

    # -- discovery ------------------------------------------------------------------------------

    async def _robots(self, url: str) -> RobotsInfo:
        """Load the robots.txt of ``url``'s origin once, applying its Crawl-delay and reporting its notes."""
        cached = self.robots.cached(url)
        if cached is not None:
            return cached
        info = await self.robots.get(url)
        if info.origin not in self._robots_seen:
            self._robots_seen.add(info.origin)
            if self.config.respect_robots:
                self.frontier.set_crawl_delay(urlsplit(info.origin).netloc, info.crawl_delay)
            if info.note:
                self._emit("robots", info.origin, detail=info.note)
        return info

    async def _prepare(self, urls: Iterable[str]) -> None:
        """Fetch the robots.txt of every in-scope origin among ``urls`` so discovery can then run without awaiting."""
        if not self.config.respect_robots:
            return
        origins: dict[str, str] = {}
        for raw in urls:
            try:
                url = normalize_url(raw)
            except InvalidURL:
                continue
            if classify(url) is LinkKind.PAGE and self.scope.in_scope(url):
                origins.setdefault(origin(url), url)
        for url in origins.values():
            await self._robots(url)

    def _gate(self, url: str, depth: int, start: bool) -> tuple[str | None, str]:
        """Why ``url`` (normalised, new) should not be loaded, or ``(None, "")``. Never awaits."""
        reason = self.scope.check(url, depth, start=start)
        if reason:
            return reason, ""
        if classify(url) is LinkKind.DOCUMENT:
            return Reason.NON_HTML, ""
        if self.config.respect_robots:
            info = self.robots.cached(url)
            if info is not None and not info.allowed(url, self.robots.user_agent):
                return Reason.ROBOTS, info.note
        if self.traps is not None and not start and self.traps.is_trap(url):
            self.traps.skip(url)
            return Reason.TRAP, self.traps.key(url)
        if self.sampler is not None:
            if start:
                self.sampler.note(url)  # a start URL counts towards its template but is never sampled out
            elif not self.sampler.admit(url):
                return Reason.SAMPLED_OUT, ""
        return None, ""

    def _discover(self, raw: str, depth: int, parent: str, *, start: bool = False) -> None:
        """Record one link (after ``_prepare``): new URLs get a state, known ones may move closer."""
        try:
            url = normalize_url(raw)
        except InvalidURL:
            key = raw.strip()[:2048]
            if key and key not in self.frontier:
                self._record_new(key, depth, parent, Reason.INVALID_URL, "")
            return
        rec = self.frontier.get(url)
        if rec is None:
            reason, detail = self._gate(url, depth, start)
            self._record_new(url, depth, parent, reason, detail)
        elif rec.state is UrlState.QUEUED:
            if self.frontier.lower_depth(url, depth, parent):
                self._dirty[url] = rec
        elif rec.state is UrlState.SKIPPED and rec.reason == Reason.MAX_DEPTH and depth < rec.depth:
            reason, _ = self._gate(url, depth, start)
            if reason != Reason.MAX_DEPTH:
                self.frontier.reopen(url, depth, parent, skip=reason)
            self._dirty[url] = rec

    def _record_new(self, url: str, depth: int, parent: str, reason: str | None, detail: str) -> None:
        rec = self.frontier.add(url, depth, parent, skip=reason, detail=detail)
        self._dirty[url] = rec
        if rec.state is UrlState.SKIPPED:
            self._emit("url-skipped", url, rec.state.value, rec.reason, rec.detail)

    def _take_dirty(self) -> list[UrlRecord]:
        out = list(self._dirty.values())
        self._dirty.clear()
        return out

    # -- seeding and resume ---------------------------------------------------------------------

    async def _seed(self) -> None:
        cfg = self.config
        await self._prepare(cfg.start_urls)
        for u in cfg.start_urls:
            self._discover(u, 0, "", start=True)
        roots = list(cfg.sitemaps)
        optional: set[str] = set()
        if cfg.auto_sitemaps:
            for start in dict.fromkeys(origin(u) for u in self.starts):
                info = await self._robots(start)
                roots.extend(info.sitemaps)
                guess = f"{start}/sitemap.xml"
                if guess not in roots:
                    roots.append(guess)
                    optional.add(guess)
        if roots:
            sm = await read_sitemaps(self.fetch, roots, max_urls=cfg.max_sitemap_urls, optional=optional)
            self.result.sitemaps, self.result.sitemap_errors = sm.sitemaps, sm.errors
            for sm_url, err in sm.errors:
                self._emit("sitemap-error", sm_url, detail=err)
            await self._prepare(sm.urls)
            for u in sm.urls:
                self._discover(u, 0, "sitemap")
        self.store.record_urls(
            self.scan_id,
            self._take_dirty(),
            seeded=True,
            sitemaps=self.result.sitemaps,
            sitemap_errors=[list(e) for e in self.result.sitemap_errors],
        )

    def _restore(self, records: list[UrlRecord]) -> None:
        self.frontier.restore(records)
        if self.traps is not None:
            for rec in records:
                if rec.reason == Reason.TRAP:
                    self.traps.restore(rec.url)
        if self.sampler is not None:
            for rec in sorted(records, key=lambda r: r.seq):
                if rec.reason == Reason.SAMPLED_OUT:
                    self.sampler.note(rec.url, sampled_out=True)
                elif rec.state is not UrlState.SKIPPED or rec.reason in (
                    Reason.LIMIT,
                    Reason.REDIRECTED,
                    Reason.REDIRECT_OFF_SCOPE,
                ):
                    self.sampler.note(rec.url)

    # -- one page -------------------------------------------------------------------------------

    def _failed(self, url: str, reason: str, started: float) -> PageResult:
        return PageResult(
            url=url, status=PageStatus.FAILED, reason=reason, duration_ms=(time.monotonic() - started) * 1000
        )

    async def _relaunch(self, generation: int) -> None:
        async with self._relaunch_lock:
            if generation != self._generation or self._recover is None:
                return
            try:
                await self._recover()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                raise _BrowserGone(f"the browser crashed and could not be restarted: {exc}") from exc
            self._generation += 1
            self._emit("browser-relaunched")

    @property
    def _shutting_down(self) -> bool:
        return self._stopping or (self._stop is not None and self._stop.is_set())

    async def _scan_page(self, rec: UrlRecord) -> PageResult:
        """Scan with a hard deadline; a crash is retried once (after a relaunch), then recorded failed.

        Once Ctrl-C was seen, a page whose browser or tab went away is not a
        failure of the page: it raises ``_CutOff`` and is requeued.
        """
        crashes = 0
        while True:
            started = time.monotonic()
            generation = self._generation
            self.frontier.loading(rec.url)
            try:
                result = await asyncio.wait_for(self._scan(rec.url), self.config.page_deadline)
            except TimeoutError:
                return self._failed(rec.url, Reason.TIMEOUT, started)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if self._shutting_down:
                    raise _CutOff(rec.url) from exc
                crashes += 1
                detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
                if crashes >= 2:
                    await self._relaunch(generation)
                    result = self._failed(rec.url, Reason.CRASH, started)
                    result.metrics["crash"] = detail
                    return result
                self._emit("retry", rec.url, reason=Reason.CRASH, detail=detail)
                await self._relaunch(generation)
                continue
            if self._shutting_down and _cut_by_shutdown(result):
                raise _CutOff(rec.url)
            if result.status is PageStatus.FAILED and _is_page_crash(result) and crashes == 0:
                crashes += 1
                self._emit("retry", rec.url, reason=result.reason)
                continue
            return result

    async def _complete(self, rec: UrlRecord, result: PageResult) -> None:
        result.url = rec.url
        result.depth = rec.depth
        final = rec.url
        if result.final_url:
            with contextlib.suppress(InvalidURL):
                final = normalize_url(result.final_url)
        links: list[str] = []
        if self.config.follow and result.status is PageStatus.SCANNED:
            links = [*result.links.get("pages", []), *result.links.get("documents", [])]
        if (
            rec.url in self.starts
            and not self.config.scope
            and result.status is PageStatus.SCANNED
            and not self.scope.in_scope(final)
        ):
            # http://agency.gov → https://www.agency.gov/: the site the user meant is where the start URL lands.
            self.scope.origins.add(origin(final))
        if result.status is PageStatus.SCANNED:
            await self._prepare([final, *links])
        # From here on nothing awaits: the frontier and the store change together.
        page: PageResult | None = result
        extra: list[UrlRecord] = []
        twin = self._same_page(final, result) if result.status is PageStatus.SCANNED else None
        if twin is not None:
            self.frontier.finish(rec.url, UrlState.SKIPPED, Reason.SAME_PAGE, twin)
            page = None
        elif result.status is PageStatus.SCANNED and final != rec.url:
            reason = self.scope.check(final, rec.depth, start=True)
            info = self.robots.cached(final) if self.config.respect_robots else None
            if reason is not None:
                self.frontier.finish(rec.url, UrlState.SKIPPED, Reason.REDIRECT_OFF_SCOPE, final)
                page = None
            elif info is not None and not info.allowed(final, self.robots.user_agent):
                self.frontier.finish(rec.url, UrlState.SKIPPED, Reason.ROBOTS, f"redirects to {final}")
                page = None
            else:
                claimed = self.frontier.claim(final, rec.depth, rec.url)
                self.frontier.finish(rec.url, UrlState.SKIPPED, Reason.REDIRECTED, final)
                if claimed is None:
                    page = None
                else:
                    extra.append(claimed)
                    page = replace(result, url=final, final_url=final)
        elif result.status is PageStatus.SCANNED:
            self.frontier.finish(rec.url, UrlState.SCANNED)
        elif result.status is PageStatus.FAILED and _is_not_html(result):
            # A link with no telling extension that serves a PDF or a download: a document, not a
            # failure, and the stored result says so too. A URL the user gave as a page keeps the
            # CX004 warning (a sitemap or start URL that points to a file is likely a mistake).
            self.frontier.finish(rec.url, UrlState.SKIPPED, Reason.NON_HTML, result.reason)
            given = rec.url in self.starts or rec.discovered_from == "sitemap"
            page = replace(
                result,
                status=PageStatus.SKIPPED,
                reason=f"{Reason.NON_HTML} ({result.reason})",
                findings=result.findings if given else [],
            )
        elif result.status is PageStatus.FAILED:
            self.frontier.finish(rec.url, UrlState.FAILED, result.reason or "failed")
        else:
            detail = final if final != rec.url else ""
            self.frontier.finish(rec.url, UrlState.SKIPPED, result.reason or "skipped", detail)
        if page is not None and page.status is PageStatus.SCANNED:
            self._watch_for_trap(page)
            for link in links:
                self._discover(link, rec.depth + 1, page.url)
        self.store.save_page(self.scan_id, page, [rec, *extra, *self._take_dirty()])
        self._emit("page-done", rec.url, rec.state.value, rec.reason, rec.detail)

    def _same_page(self, url: str, result: PageResult) -> str | None:
        """The already scanned spelling of ``url`` (``/d/`` ↔ ``/d/index.html``) that sent the same document.

        Remembers ``url``'s digest when there is none, so whichever spelling finishes second is merged.
        """
        digest = result.metrics.get("document_sha256")
        if not digest:
            return None
        for twin in index_twins(url):
            if self._digests.get(twin) == digest:
                return twin
        self._digests.setdefault(url, digest)
        return None

    def _watch_for_trap(self, page: PageResult) -> None:
        """Feed the trap detector; when a pattern turns out to be a trap, drop its queued URLs too. Never awaits."""
        signature = page.metrics.get("text_signature")
        if self.traps is None or not isinstance(signature, str):
            return
        group = self.traps.observe(page.url, signature)
        if group is None:
            return
        self._emit("trap", page.url, reason=Reason.TRAP, detail=group.key)
        for rec in self.frontier.records():
            if rec.state is UrlState.QUEUED and rec.url not in self.starts and self.traps.is_trap(rec.url):
                self.frontier.drop(rec.url, Reason.TRAP, group.key)
                self.traps.skip(rec.url)
                self._dirty[rec.url] = rec

    # -- workers --------------------------------------------------------------------------------

    async def _worker(self) -> None:
        while not self._stopping:
            rec = self.frontier.pop_ready()
            if rec is None:
                if self.frontier.finished:
                    self._wake()
                    return
                await self._wait(self.frontier.wait_time())
                continue
            self.store.mark_in_flight(self.scan_id, rec.url)
            self._emit("page-start", rec.url, rec.state.value)
            try:
                result = await self._scan_page(rec)
                await self._complete(rec, result)
            except _CutOff:
                return  # left in flight: requeued when the workers end
            finally:
                self._wake()

    async def _run_workers(self, stop: asyncio.Event | None) -> None:
        self._stop = stop
        workers = [
            asyncio.create_task(self._worker(), name=f"cxlint-crawl-{i}") for i in range(self.config.concurrency)
        ]
        stop_task = asyncio.create_task(stop.wait()) if stop is not None else None
        try:
            pending: set[asyncio.Task[Any]] = set(workers)
            while pending:
                watch = pending | ({stop_task} if stop_task is not None else set())
                done, _ = await asyncio.wait(watch, return_when=asyncio.FIRST_COMPLETED)
                failure = next((t for t in done if t is not stop_task and t.exception() is not None), None)
                if failure is not None:
                    exc = failure.exception()
                    if isinstance(exc, _BrowserGone):
                        self.result.error = str(exc)
                        await self._drain(pending - {failure})
                        return
                    assert exc is not None
                    raise exc
                pending -= done
                if stop_task is not None and stop_task in done:
                    self.result.interrupted = True
                    self._emit("stopping")
                    await self._drain(pending)
                    return
        finally:
            if stop_task is not None:
                stop_task.cancel()
            for t in workers:
                t.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            self._requeue_in_flight()

    async def _drain(self, pending: set[asyncio.Task[Any]]) -> None:
        """Stop taking work; let in-flight pages finish for ``stop_grace`` seconds, then cancel them."""
        self._stopping = True
        self._wake()
        if pending:
            await asyncio.wait(pending, timeout=self.config.stop_grace)

    def _requeue_in_flight(self) -> None:
        urls = [r.url for r in self.frontier.records() if r.state is UrlState.IN_FLIGHT]
        for u in urls:
            self.frontier.requeue(u)
        if urls:
            self.store.requeue(self.scan_id, urls)

    # -- entry ----------------------------------------------------------------------------------

    async def run(self, resume: str | None, stop: asyncio.Event | None, extra: dict[str, Any]) -> CrawlResult:
        """The crawl, holding the store's lease throughout: a second process cannot take the scan over."""
        with self.store.lease() as lease:
            return await self._run(resume, stop, extra, lease)

    async def _run(
        self, resume: str | None, stop: asyncio.Event | None, extra: dict[str, Any], lease: Lease
    ) -> CrawlResult:
        if resume:
            info = self.store.get_scan(resume)
            if info is None:
                raise CrawlConfigError(f"no scan {resume!r} to resume in {self.store.path}")
            self.scan_id = resume
            self._restore(self.store.load_urls(resume))
            readmitted = self.frontier.readmit_limited()
            if readmitted:
                self.store.record_urls(resume, readmitted)
            self.store.update_meta(resume, status="running")
            if not info.meta.get("seeded"):
                await self._seed()
            await self._prepare(r.url for r in self.frontier.records() if r.state is UrlState.QUEUED)
        else:
            self.scan_id = self.store.create_scan({**extra, "crawl": self.config.to_dict()}, {"status": "running"})
            await self._seed()
        self.result.scan_id = self.scan_id
        lease.record(self.scan_id)
        self._emit("seeded")
        try:
            await self._run_workers(stop)
        finally:
            status = "error" if self.result.error else "interrupted" if self.result.interrupted else "complete"
            if not self.frontier.finished and status == "complete":
                status = "interrupted"
                self.result.interrupted = True
            self.store.finish_scan(self.scan_id, status=status, error=self.result.error, counts=self.frontier.counts())
        self.result.records = self.frontier.records()
        self.result.sampled = self.sampler.summary() if self.sampler else []
        self.result.traps = self.traps.summary() if self.traps else []
        self.result.robots = self.robots.known()
        self._emit("done")
        return self.result


async def crawl(
    config: CrawlConfig,
    *,
    scan: ScanFn,
    store: Store,
    fetch: Fetch,
    recover: RecoverFn | None = None,
    on_event: EventFn | None = None,
    stop: asyncio.Event | None = None,
    resume: str | None = None,
    extra_config: dict[str, Any] | None = None,
) -> CrawlResult:
    """Crawl from ``config``'s start URLs and sitemaps, scanning each page with ``scan``.

    ``fetch`` reads robots.txt and sitemaps (see ``cxlint.crawl.fetch``);
    ``recover`` relaunches the browser when ``scan`` raises; setting ``stop``
    ends the crawl cleanly (in-flight pages finish or are requeued) and the
    result says ``interrupted``. ``resume`` continues a stored scan by id; pass
    the configuration it ran with (``load_config``). ``extra_config`` (e.g. the
    scanner's options) is stored with a new scan, redacted. Page results are in the
    store (``store.iter_pages(result.scan_id)``), not in memory.

    Raises ``CrawlConfigError`` for bad input, before anything is loaded.
    """
    config.validate()
    return await _Crawl(config, scan, store, fetch, recover, on_event).run(resume, stop, extra_config or {})
