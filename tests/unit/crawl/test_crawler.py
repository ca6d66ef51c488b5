"""The crawl loop over an in-memory site: the scan is a fake, everything else is real."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path

import pytest

from cxlint.crawl.crawler import CrawlConfig, CrawlEvent, CrawlResult, crawl
from cxlint.crawl.frontier import Frontier
from cxlint.crawl.states import CrawlConfigError, Reason, UrlState
from cxlint.model import Finding, Outcome, PageResult, PageStatus, Severity
from cxlint.store import Store
from tests.unit.crawl.fakes import FakeFetch

ORIGIN = "https://x.gov"
GRAPH: dict[str, list[str]] = {
    "/": ["/a", "/b", "/a#top", "/a?utm_source=z", "/doc.pdf", "https://other.gov/", "/private/p", "/old"],
    "/a": ["/c", "/"],
    "/b": ["/c", "/d"],
    "/c": [],
    "/d": ["/e"],
    "/e": [],
}
REDIRECTS = {"/old": "/c", "/away": "https://other.gov/x"}
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class FakeScan:
    def __init__(self, graph: dict[str, list[str]] = GRAPH, delay: float = 0.005) -> None:
        self.graph = graph
        self.delay = delay
        self.calls: list[str] = []
        self.crash_on: dict[str, int] = {}
        self.hang_on: set[str] = set()
        self.page_crash_once: set[str] = set()
        self.started: list[tuple[str, float]] = []

    async def __call__(self, url: str) -> PageResult:
        path = url[len(ORIGIN) :] or "/"
        self.calls.append(path)
        self.started.append((path, time.monotonic()))
        await asyncio.sleep(self.delay)
        if path in self.hang_on:
            await asyncio.sleep(3600)
        if self.crash_on.get(path, 0) > 0:
            self.crash_on[path] -= 1
            raise RuntimeError("Browser has been closed")
        if path in self.page_crash_once:
            self.page_crash_once.discard(path)
            crash = Finding("CX006", "page-crashed", Severity.ERROR, Outcome.VIOLATION, "crashed", "scan")
            return PageResult(url=url, status=PageStatus.FAILED, reason="the page crashed", findings=[crash])
        final = REDIRECTS.get(path, path)
        final_url = final if final.startswith("http") else ORIGIN + final
        if final.startswith("http"):  # another site: the browser followed the redirect
            return PageResult(url=url, final_url=final_url, links={"pages": [], "documents": [], "other": []})
        if final not in self.graph:
            return PageResult(url=url, status=PageStatus.FAILED, reason="HTTP 404", final_url=final_url)
        links = [(h if h.startswith("http") else ORIGIN + h) for h in self.graph[final]]
        pages = [u for u in links if not u.endswith(".pdf")]
        docs = [u for u in links if u.endswith(".pdf")]
        return PageResult(url=url, final_url=final_url, links={"pages": pages, "documents": docs, "other": []})


def fetch() -> FakeFetch:
    return FakeFetch({f"{ORIGIN}/robots.txt": ROBOTS})


def run(config: CrawlConfig, scan: FakeScan, store: Store, **kw: object) -> CrawlResult:
    return asyncio.run(crawl(config, scan=scan, store=store, fetch=fetch(), **kw))  # type: ignore[arg-type]


def states(result: CrawlResult) -> dict[str, tuple[str, str]]:
    return {r.url.replace(ORIGIN, ""): (r.state.value, r.reason) for r in result.records}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "c.db")


def test_every_url_ends_in_one_state_and_each_page_is_saved_once(store: Store) -> None:
    scan = FakeScan()
    events: list[CrawlEvent] = []
    result = run(CrawlConfig([ORIGIN + "/"], concurrency=3), scan, store, on_event=events.append)
    assert states(result) == {
        "/": ("scanned", ""),
        "/a": ("scanned", ""),
        "/b": ("scanned", ""),
        "/c": ("scanned", ""),
        "/d": ("scanned", ""),
        "/e": ("scanned", ""),
        "/old": ("skipped", Reason.REDIRECTED),
        "/doc.pdf": ("skipped", Reason.NON_HTML),
        "https://other.gov/": ("skipped", Reason.OUT_OF_SCOPE),
        "/private/p": ("skipped", Reason.ROBOTS),
    }
    assert sorted(scan.calls) == sorted(["/", "/a", "/b", "/c", "/d", "/e", "/old"])
    saved = store.page_urls(result.scan_id)
    assert sorted(saved) == sorted(ORIGIN + p for p in ["/", "/a", "/b", "/c", "/d", "/e"])
    assert {p.url: p.depth for p in store.iter_pages(result.scan_id)}[ORIGIN + "/e"] == 3
    assert events[-1].kind == "done" and events[-1].counts["scanned"] == 6
    assert store.get_scan(result.scan_id).meta["status"] == "complete"  # type: ignore[union-attr]


def test_redirect_target_carries_the_page_and_off_scope_redirect_is_recorded(store: Store) -> None:
    graph = {"/": ["/old", "/away"], "/c": []}
    result = run(CrawlConfig([ORIGIN + "/"], concurrency=1), FakeScan(graph), store)
    assert states(result) == {
        "/": ("scanned", ""),
        "/old": ("skipped", Reason.REDIRECTED),
        "/c": ("scanned", ""),
        "/away": ("skipped", Reason.REDIRECT_OFF_SCOPE),
    }
    assert {r.url: r.detail for r in result.records}[ORIGIN + "/away"] == "https://other.gov/x"
    pages = {p.url: p for p in store.iter_pages(result.scan_id)}
    assert set(pages) == {ORIGIN + "/", ORIGIN + "/c"}
    assert pages[ORIGIN + "/c"].final_url == ORIGIN + "/c"


class DigestScan(FakeScan):
    """Folder pages carry the digest of the document the server sent (``cxlint.crawl.identity``)."""

    def __init__(self, graph: dict[str, list[str]], bodies: dict[str, str]) -> None:
        super().__init__(graph)
        self.bodies = bodies

    async def __call__(self, url: str) -> PageResult:
        result = await super().__call__(url)
        path = url[len(ORIGIN) :] or "/"
        if path in self.bodies:
            result.metrics["document_sha256"] = self.bodies[path]
        return result


def test_index_spellings_that_send_the_same_document_are_one_page(store: Store) -> None:
    graph = {
        "/": ["/index.html", "/docs/", "/docs/index.html"],
        "/index.html": ["/"],
        "/docs/": [],
        "/docs/index.html": [],
    }
    # / and /index.html: the same bytes. /docs/ and /docs/index.html: a different document each (a CMS
    # route and a stale static file), so two pages, whatever their addresses suggest.
    bodies = {"/": "aaa", "/index.html": "aaa", "/docs/": "bbb", "/docs/index.html": "ccc"}
    result = run(CrawlConfig([ORIGIN + "/"], concurrency=1), DigestScan(graph, bodies), store)
    assert states(result) == {
        "/": ("scanned", ""),
        "/index.html": ("skipped", Reason.SAME_PAGE),
        "/docs/": ("scanned", ""),
        "/docs/index.html": ("scanned", ""),
    }
    assert {r.url: r.detail for r in result.records}[ORIGIN + "/index.html"] == ORIGIN + "/"
    assert sorted(store.page_urls(result.scan_id)) == sorted(ORIGIN + p for p in ["/", "/docs/", "/docs/index.html"])


def test_max_pages_stops_the_crawl(store: Store) -> None:
    scan = FakeScan()
    result = run(CrawlConfig([ORIGIN + "/"], concurrency=1, max_pages=3), scan, store)
    assert result.counts()["scanned"] + result.counts()["failed"] <= 3
    assert len(scan.calls) == 3
    assert result.urls(UrlState.SKIPPED, Reason.LIMIT)
    assert not result.urls(UrlState.QUEUED)


def test_max_depth_and_no_follow(store: Store) -> None:
    result = run(CrawlConfig([ORIGIN + "/"], concurrency=2, max_depth=1), FakeScan(), store)
    assert states(result)["/c"] == ("skipped", Reason.MAX_DEPTH)
    assert states(result)["/a"] == ("scanned", "")
    result = run(CrawlConfig([ORIGIN + "/", ORIGIN + "/d"], follow=False), FakeScan(), store)
    assert states(result) == {"/": ("scanned", ""), "/d": ("scanned", "")}


def test_sampling(store: Store) -> None:
    graph = {"/": [f"/item/{i}" for i in range(10)], **{f"/item/{i}": [] for i in range(10)}}
    result = run(CrawlConfig([ORIGIN + "/"], sample=3), FakeScan(graph), store)
    assert len(result.urls(UrlState.SCANNED)) == 4
    assert len(result.urls(UrlState.SKIPPED, Reason.SAMPLED_OUT)) == 7
    [group] = result.sampled
    assert group.key == ORIGIN + "/item/{id}" and len(group.sampled_out) == 7


def test_browser_crash_is_retried_after_relaunch_and_twice_is_failed(store: Store) -> None:
    scan = FakeScan({"/": ["/a", "/b", "/c"], "/a": [], "/b": [], "/c": []})
    scan.crash_on = {"/a": 1, "/b": 5}
    scan.page_crash_once = {"/c"}
    relaunches: list[float] = []

    async def recover() -> None:
        relaunches.append(time.monotonic())

    result = run(CrawlConfig([ORIGIN + "/"], concurrency=1), scan, store, recover=recover)
    s = states(result)
    assert s["/a"] == ("scanned", "")
    assert s["/b"] == ("failed", Reason.CRASH)
    assert s["/c"] == ("scanned", "")  # a crashed tab gets one more try
    assert scan.calls.count("/b") == 2 and scan.calls.count("/c") == 2
    assert len(relaunches) == 3


def test_browser_that_cannot_be_relaunched_ends_the_crawl_without_a_traceback(store: Store) -> None:
    scan = FakeScan()
    scan.crash_on = {"/a": 9}

    async def recover() -> None:
        raise OSError("no chromium")

    result = run(CrawlConfig([ORIGIN + "/"], concurrency=1), scan, store, recover=recover)
    assert "could not be restarted" in result.error
    assert result.urls(UrlState.QUEUED)  # nothing lost: still queued for --resume
    assert not result.urls(UrlState.IN_FLIGHT)
    assert store.get_scan(result.scan_id).meta["status"] == "error"  # type: ignore[union-attr]


def test_page_deadline_turns_a_hang_into_a_failure(store: Store) -> None:
    scan = FakeScan()
    scan.hang_on = {"/b"}
    t0 = time.monotonic()
    result = run(CrawlConfig([ORIGIN + "/"], concurrency=2, page_deadline=0.3), scan, store)
    assert time.monotonic() - t0 < 5
    assert states(result)["/b"] == ("failed", Reason.TIMEOUT)


@pytest.fixture
def load_starts(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """When the crawler started each page load, on the frontier's own clock.

    The delay is kept between these moments. The scan's own view of when it began comes a
    scheduling step later, a step that varies with the machine's load, so gaps measured there
    can be a few milliseconds short of the delay without any load having come early.
    """
    starts: list[float] = []
    real = Frontier.loading

    def loading(self: Frontier, url: str) -> None:
        real(self, url)
        starts.append(self._clock())

    monkeypatch.setattr(Frontier, "loading", loading)
    return starts


def test_politeness_delay_between_loads_on_one_host(store: Store, load_starts: list[float]) -> None:
    scan = FakeScan({"/": ["/a", "/b", "/c"], "/a": [], "/b": [], "/c": []}, delay=0)
    run(CrawlConfig([ORIGIN + "/"], concurrency=4, delay=0.15), scan, store)
    assert len(scan.started) == len(load_starts) == 4
    gaps = [b - a for a, b in itertools.pairwise(sorted(load_starts))]
    assert min(gaps) >= 0.15 - 1e-9, gaps


def test_stop_then_resume_scans_every_page_exactly_once(tmp_path: Path) -> None:
    graph = {"/": [f"/p{i}" for i in range(30)], **{f"/p{i}": [] for i in range(30)}}
    db = tmp_path / "c.db"
    scan = FakeScan(graph, delay=0.02)

    async def interrupted() -> CrawlResult:
        stop = asyncio.Event()

        def on_event(e: CrawlEvent) -> None:
            if e.kind == "page-done" and e.counts["scanned"] >= 5:
                stop.set()

        with Store(db) as store:
            return await crawl(
                CrawlConfig([ORIGIN + "/"], concurrency=3, stop_grace=5),
                scan=scan,
                store=store,
                fetch=fetch(),
                on_event=on_event,
                stop=stop,
            )

    first = asyncio.run(interrupted())
    assert first.interrupted
    assert first.urls(UrlState.QUEUED) and not first.urls(UrlState.IN_FLIGHT)
    with Store(db) as store:
        assert store.get_scan(first.scan_id).meta["status"] == "interrupted"  # type: ignore[union-attr]
        second = asyncio.run(
            crawl(
                CrawlConfig([ORIGIN + "/"], concurrency=3), scan=scan, store=store, fetch=fetch(), resume=first.scan_id
            )
        )
        assert not second.interrupted
        assert len(second.urls(UrlState.SCANNED)) == 31
        saved = store.page_urls(first.scan_id)
    assert len(saved) == len(set(saved)) == 31
    assert sorted(scan.calls) == sorted(["/", *graph["/"]])  # graceful stop: nothing loaded twice


@pytest.mark.parametrize("how", ["closed", "raised"])
def test_pages_cut_off_by_the_shutdown_are_requeued_not_failed(tmp_path: Path, how: str) -> None:
    """Ctrl-C that also took the browser down: the pages in flight go back to the queue, and resume scans them."""
    graph = {"/": ["/a", "/b"], "/a": ["/only-from-a"], "/b": [], "/only-from-a": []}
    db = tmp_path / "c.db"
    scan = FakeScan(graph)
    stop = asyncio.Event()

    async def dying(url: str) -> PageResult:
        if url == ORIGIN + "/a":
            stop.set()  # Ctrl-C arrives while /a loads, and the browser goes with it
            if how == "raised":
                raise RuntimeError("Browser has been closed")
            return PageResult(url=url, status=PageStatus.FAILED, reason="Target page, context or browser has been closed")
        return await scan(url)

    with Store(db) as store:
        first = asyncio.run(
            crawl(CrawlConfig([ORIGIN + "/"], concurrency=1), scan=dying, store=store, fetch=fetch(), stop=stop)
        )
        assert first.interrupted
        assert not first.urls(UrlState.FAILED)
        assert ORIGIN + "/a" in first.urls(UrlState.QUEUED)
        second = asyncio.run(
            crawl(CrawlConfig([ORIGIN + "/"], concurrency=1), scan=scan, store=store, fetch=fetch(), resume=first.scan_id)
        )
    assert set(second.urls(UrlState.SCANNED)) == {ORIGIN + u for u in graph}
    assert not second.urls(UrlState.FAILED)


def test_a_closed_browser_outside_a_shutdown_is_still_a_failure(store: Store) -> None:
    async def closed(url: str) -> PageResult:
        return PageResult(url=url, status=PageStatus.FAILED, reason="Target page, context or browser has been closed")

    result = asyncio.run(crawl(CrawlConfig([ORIGIN + "/"]), scan=closed, store=store, fetch=fetch()))
    assert result.urls(UrlState.FAILED) == [ORIGIN + "/"]


@pytest.mark.parametrize(
    "config",
    [
        CrawlConfig([]),
        CrawlConfig(["not a url"]),
        CrawlConfig([ORIGIN], concurrency=0),
        CrawlConfig([ORIGIN], include=["re:("]),
        CrawlConfig([ORIGIN], max_pages=0),
    ],
)
def test_bad_config_is_a_config_error(config: CrawlConfig, store: Store) -> None:
    with pytest.raises(CrawlConfigError):
        run(config, FakeScan(), store)


def test_resume_unknown_scan(store: Store) -> None:
    with pytest.raises(CrawlConfigError):
        run(CrawlConfig([ORIGIN + "/"]), FakeScan(), store, resume="nope")


def test_crawl_delay_from_robots_is_honoured(store: Store, load_starts: list[float]) -> None:
    scan = FakeScan({"/": ["/a", "/b"], "/a": [], "/b": []}, delay=0)
    robots = FakeFetch({f"{ORIGIN}/robots.txt": b"User-agent: *\nCrawl-delay: 0.2\n"})
    asyncio.run(crawl(CrawlConfig([ORIGIN + "/"], concurrency=3), scan=scan, store=store, fetch=robots))
    starts = sorted(load_starts)
    assert len(scan.started) == len(starts) == 3
    assert min(b - a for a, b in itertools.pairwise(starts)) >= 0.2 - 1e-9
    load_starts.clear()
    scan = FakeScan({"/": ["/a", "/b"], "/a": [], "/b": []}, delay=0)
    asyncio.run(
        crawl(CrawlConfig([ORIGIN + "/"], concurrency=3, respect_robots=False), scan=scan, store=store, fetch=robots)
    )
    starts = sorted(t for _, t in scan.started)
    assert max(b - a for a, b in itertools.pairwise(starts)) < 0.15  # --ignore-robots drops Crawl-delay too
