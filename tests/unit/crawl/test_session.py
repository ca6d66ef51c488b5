"""BrowserSession recycles its browser without two being alive at once, and loses no page doing it."""

from __future__ import annotations

import asyncio
from typing import Any

from cxlint.crawl.session import BrowserSession
from cxlint.model import PageResult, PageStatus


class FakeBrowser:
    def __init__(self, n: int, log: list[str], alive: list[int]) -> None:
        self.n, self.log, self.alive = n, log, alive

    async def close(self) -> None:
        self.log.append(f"close {self.n}")
        self.alive.remove(self.n)


def _session(recycle_after: int) -> tuple[BrowserSession[None], list[str], list[int], list[int]]:
    log: list[str] = []
    alive: list[int] = []
    peak: list[int] = [0]

    async def launch() -> Any:
        n = sum(1 for e in log if e.startswith("launch")) + 1
        log.append(f"launch {n}")
        alive.append(n)
        peak[0] = max(peak[0], len(alive))
        return FakeBrowser(n, log, alive)

    async def scan_page(browser: Any, url: str, _opts: None) -> PageResult:
        log.append(f"start {url} on {browser.n}")
        await asyncio.sleep(0.05 if url.endswith(("1", "2")) else 0.01)  # the first pages are slow
        assert browser.n in alive, f"{url} ran on a closed browser"
        log.append(f"end {url}")
        return PageResult(url=url, status=PageStatus.SCANNED)

    return BrowserSession(launch, scan_page, None, recycle_after=recycle_after), log, alive, peak


def test_recycling_closes_the_old_browser_before_launching_the_new_one() -> None:
    session, log, alive, peak = _session(recycle_after=3)

    async def go() -> list[PageResult]:
        await session.start()
        results = await asyncio.gather(*(session.scan(f"/p{i}") for i in range(1, 11)))
        await session.close()
        return list(results)

    results = asyncio.run(go())
    assert [r.url for r in results] == [f"/p{i}" for i in range(1, 11)]
    assert all(r.status is PageStatus.SCANNED for r in results)
    assert peak[0] == 1, log  # never two browsers at once
    assert session.launches == 4 and not alive  # 10 pages, 3 per browser, all closed at the end
    # Each browser served its 3 pages (the last one 1), and every page ended before its browser closed.
    for n in range(1, 5):
        served = [e.split()[1] for e in log if e.startswith("start") and e.endswith(f"on {n}")]
        assert len(served) == (3 if n < 4 else 1), (n, log)
        closed = log.index(f"close {n}")
        assert all(log.index(f"end {u}") < closed for u in served), log
        if n < 4:
            assert closed < log.index(f"launch {n + 1}"), log
