"""Crawler traps: near-identical pages along one URL pattern are cut; a real listing with distinct pages is not."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cxlint.crawl.crawler import CrawlConfig, crawl
from cxlint.crawl.states import Reason, UrlState
from cxlint.crawl.traps import TrapDetector, similarity, text_signature
from cxlint.model import PageResult
from cxlint.store import Store
from tests.unit.crawl.fakes import FakeFetch

ORIGIN = "https://x.gov"
WORDS = ["permit", "renewal", "ranger", "station", "trail", "crew", "backcountry", "camp", "fee", "waiver", "wildfire", "closure", "river", "access"]


def calendar(month: int) -> str:
    return f"Events {2024 + month // 12}-{month % 12 + 1:02d}. No events this month. Previous month. Next month."


def listing(page: int) -> str:
    items = [f"{WORDS[(page * 3 + i) % len(WORDS)]} {WORDS[(page * 7 + 2 * i) % len(WORDS)]} notice" for i in range(8)]
    return f"News, page {page}. " + ". ".join(items)


def test_signatures_ignore_numbers_and_tell_different_text_apart() -> None:
    assert text_signature(calendar(1)) == text_signature(calendar(40))
    assert similarity(text_signature(calendar(1)), text_signature(calendar(2))) == 1.0
    assert similarity(text_signature(listing(1)), text_signature(listing(2))) < 0.5
    assert text_signature("") == text_signature("   ")


def test_detector_declares_a_trap_after_a_window_of_alike_pages() -> None:
    d = TrapDetector(window=3)
    urls = [f"{ORIGIN}/events?month={m}" for m in range(5)]
    assert d.observe(urls[0], text_signature(calendar(0))) is None
    assert d.observe(urls[1], text_signature(calendar(1))) is None
    group = d.observe(urls[2], text_signature(calendar(2)))
    assert group is not None and group.key == f"{ORIGIN}/events?month" and group.scanned == urls[:3]
    assert d.is_trap(urls[4]) and not d.is_trap(f"{ORIGIN}/news?page=2")


def test_detector_leaves_distinct_pages_alone() -> None:
    d = TrapDetector(window=3)
    assert all(d.observe(f"{ORIGIN}/news?page={p}", text_signature(listing(p))) is None for p in range(20))
    assert d.summary() == []


class SiteScan:
    """An endless calendar next to a 12-page news listing, each page with its own text."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def __call__(self, url: str) -> PageResult:
        path = url[len(ORIGIN) :]
        self.calls.append(path)
        await asyncio.sleep(0)
        if path == "/":
            links, text = ["/events?month=0", "/news?page=1"], "Home"
        elif path.startswith("/events"):
            m = int(path.rsplit("=", 1)[1])
            links, text = [f"/events?month={m + 1}", f"/events?month={m + 2}"], calendar(m)
        else:
            p = int(path.rsplit("=", 1)[1])
            links, text = ([f"/news?page={p + 1}"] if p < 12 else []), listing(p)
        return PageResult(
            url=url, final_url=url, links={"pages": [ORIGIN + u for u in links], "documents": [], "other": []},
            metrics={"text_signature": text_signature(text)},
        )  # fmt: skip


@pytest.mark.parametrize("resume", [False, True])
def test_crawl_cuts_the_calendar_and_keeps_the_listing(tmp_path: Path, resume: bool) -> None:
    scan = SiteScan()
    with Store(tmp_path / "c.db") as store:
        cfg = CrawlConfig([ORIGIN + "/"], max_pages=60, concurrency=1, trap_window=4)
        result = asyncio.run(crawl(cfg, scan=scan, store=store, fetch=FakeFetch({})))
        if resume:  # the decision survives a resume: nothing of the trap is loaded again
            store.update_meta(result.scan_id, status="interrupted")
            again = asyncio.run(crawl(cfg, scan=scan, store=store, fetch=FakeFetch({}), resume=result.scan_id))
            assert again.traps and again.traps[0].key == f"{ORIGIN}/events?month"
    scanned = result.urls(UrlState.SCANNED)
    assert {f"{ORIGIN}/news?page={p}" for p in range(1, 13)} <= set(scanned)
    events = [u for u in scanned if "/events" in u]
    assert len(events) <= 6, events  # the window, plus what was already in flight
    trapped = result.urls(UrlState.SKIPPED, Reason.TRAP)
    assert trapped and all("/events?month=" in u for u in trapped)
    assert not result.urls(UrlState.SKIPPED, Reason.LIMIT), "the trap took no budget"
    [group] = result.traps
    assert group.key == f"{ORIGIN}/events?month" and len(group.scanned) >= 4 and group.skipped
    assert len(scan.calls) == len(set(scan.calls))
