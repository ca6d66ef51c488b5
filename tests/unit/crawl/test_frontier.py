from __future__ import annotations

import pytest

from cxlint.crawl.frontier import Frontier
from cxlint.crawl.states import Reason, UrlRecord, UrlState


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_breadth_first_then_discovery_order() -> None:
    f = Frontier()
    f.add("https://x.gov/deep", 3)
    f.add("https://x.gov/b", 1)
    f.add("https://x.gov/a", 1)
    f.add("https://x.gov/", 0)
    order = []
    while (rec := f.pop_ready()) is not None:
        order.append(rec.url)
        assert rec.state is UrlState.IN_FLIGHT
    assert order == ["https://x.gov/", "https://x.gov/b", "https://x.gov/a", "https://x.gov/deep"]


def test_budget_and_limit_reached() -> None:
    f = Frontier(max_pages=2)
    f.add("https://x.gov/1", 0)
    f.add("https://x.gov/2", 0)
    third = f.add("https://x.gov/3", 0)
    skipped = f.add("https://x.gov/4", 0, skip=Reason.ROBOTS)
    assert (third.state, third.reason) == (UrlState.SKIPPED, Reason.LIMIT)
    assert skipped.reason == Reason.ROBOTS and not skipped.admitted
    assert f.counts()["admitted"] == 2
    with pytest.raises(ValueError):
        f.add("https://x.gov/1", 0)


def test_lower_depth_moves_up_without_double_pop() -> None:
    f = Frontier()
    f.add("https://x.gov/a", 1)
    f.add("https://x.gov/late", 5)
    assert f.lower_depth("https://x.gov/late", 0)
    assert not f.lower_depth("https://x.gov/late", 3)
    assert f.pop_ready().url == "https://x.gov/late"  # type: ignore[union-attr]
    assert f.pop_ready().url == "https://x.gov/a"  # type: ignore[union-attr]
    assert f.pop_ready() is None


def test_claim_redirect_target() -> None:
    f = Frontier(max_pages=10)
    f.add("https://x.gov/old", 0)
    f.add("https://x.gov/new", 1)
    f.pop_ready()
    claimed = f.claim("https://x.gov/new", 0, "https://x.gov/old")
    assert claimed is not None and claimed.state is UrlState.SCANNED
    assert f.admitted == 1  # the target's own slot was given back
    assert f.pop_ready() is None  # and it is not loaded again
    assert f.claim("https://x.gov/new", 0, "https://x.gov/x") is None
    fresh = f.claim("https://x.gov/brand-new", 2, "https://x.gov/old")
    assert fresh is not None and fresh.state is UrlState.SCANNED


def test_politeness_per_host() -> None:
    clock = Clock()
    f = Frontier(delay=1.0, clock=clock)
    for u in ["https://a.gov/1", "https://a.gov/2", "https://b.gov/1"]:
        f.add(u, 0)
    assert f.pop_ready().url == "https://a.gov/1"  # type: ignore[union-attr]
    assert f.pop_ready().url == "https://b.gov/1"  # type: ignore[union-attr]  (another host is free)
    assert f.pop_ready() is None
    assert f.wait_time() == pytest.approx(1.0)
    clock.t += 1.0
    assert f.pop_ready().url == "https://a.gov/2"  # type: ignore[union-attr]


def test_the_delay_counts_from_when_the_load_starts_not_from_when_the_url_was_taken() -> None:
    clock = Clock()
    f = Frontier(delay=1.0, clock=clock)
    for u in ["https://a.gov/1", "https://a.gov/2"]:
        f.add(u, 0)
    first = f.pop_ready()
    assert first is not None
    clock.t += 0.2  # the store's write before the load
    f.loading(first.url)
    clock.t += 0.9
    assert f.pop_ready() is None  # 1.1 s after the pop, but only 0.9 s after the load started
    assert f.wait_time() == pytest.approx(0.1)
    clock.t += 0.1
    assert f.pop_ready().url == "https://a.gov/2"  # type: ignore[union-attr]


def test_crawl_delay_raises_delay_and_is_capped() -> None:
    clock = Clock()
    f = Frontier(delay=0.5, max_crawl_delay=10, clock=clock)
    f.set_crawl_delay("a.gov", 3)
    f.set_crawl_delay("b.gov", 86400)
    assert f.interval("a.gov") == 3
    assert f.interval("b.gov") == 10
    assert f.interval("c.gov") == 0.5
    f.add("https://a.gov/1", 0)
    f.pop_ready()
    assert f.next_allowed("a.gov") == 103


def test_finish_requeue_and_finished() -> None:
    f = Frontier()
    f.add("https://x.gov/", 0)
    rec = f.pop_ready()
    assert rec is not None and not f.finished
    f.requeue(rec.url)
    assert f.pop_ready() is rec
    f.finish(rec.url, UrlState.FAILED, "HTTP 500")
    assert f.finished
    assert f.counts()["failed"] == 1
    with pytest.raises(ValueError):
        f.finish(rec.url, UrlState.QUEUED)


def test_restore_requeues_in_flight_and_keeps_budget() -> None:
    f = Frontier(max_pages=3)
    f.restore(
        [
            UrlRecord("https://x.gov/", UrlState.SCANNED, depth=0, admitted=True, seq=1),
            UrlRecord("https://x.gov/a", UrlState.IN_FLIGHT, depth=1, admitted=True, seq=2),
            UrlRecord("https://x.gov/b", UrlState.QUEUED, depth=1, admitted=True, seq=3),
        ]
    )
    assert f.admitted == 3
    assert f.add("https://x.gov/c", 1).reason == Reason.LIMIT
    assert [f.pop_ready().url, f.pop_ready().url] == ["https://x.gov/a", "https://x.gov/b"]  # type: ignore[union-attr]
    assert f.get("https://x.gov/c").seq == 4  # type: ignore[union-attr]


def test_reopen_only_depth_skips() -> None:
    f = Frontier()
    f.add("https://x.gov/d", 9, skip=Reason.MAX_DEPTH)
    f.add("https://x.gov/r", 1, skip=Reason.ROBOTS)
    rec = f.reopen("https://x.gov/d", 1)
    assert rec.state is UrlState.QUEUED and rec.depth == 1
    with pytest.raises(ValueError):
        f.reopen("https://x.gov/r", 0)
