"""The frontier: every URL the crawl has seen, in exactly one state, and what to load next.

Order is breadth first (lowest depth, then discovery order), so limits cut the
deepest pages, not a random subset, and two runs over the same site visit it
in the same order. Politeness is per host: a host's next request may start
only ``max(delay, Crawl-delay)`` seconds after its previous one started.

The frontier is plain data, mutated only by the crawl loop's single event loop,
so it needs no locks.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from cxlint.crawl.states import Reason, UrlRecord, UrlState

__all__ = ["Frontier"]


def _host(url: str) -> str:
    return urlsplit(url).netloc


class Frontier:
    def __init__(
        self,
        *,
        max_pages: int | None = 500,
        delay: float = 0.0,
        max_crawl_delay: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_pages is not None and max_pages < 1:
            raise ValueError("--max-pages must be 1 or more")
        if delay < 0:
            raise ValueError("--delay must be 0 or more")
        self.max_pages = max_pages
        self.delay = delay
        self.max_crawl_delay = max_crawl_delay
        self._clock = clock
        self._records: dict[str, UrlRecord] = {}
        self._queues: dict[str, list[tuple[int, int, str]]] = {}
        self._last_start: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._counts: dict[UrlState, int] = dict.fromkeys(UrlState, 0)
        self._seq = 0
        self.admitted = 0
        """URLs that took a slot of the ``max_pages`` budget."""

    # -- lookup ---------------------------------------------------------------------------------

    def __contains__(self, url: object) -> bool:
        return url in self._records

    def __len__(self) -> int:
        return len(self._records)

    def get(self, url: str) -> UrlRecord | None:
        return self._records.get(url)

    def records(self) -> list[UrlRecord]:
        """All records in discovery order."""
        return sorted(self._records.values(), key=lambda r: r.seq)

    def counts(self) -> dict[str, int]:
        c = {s.value: n for s, n in self._counts.items()}
        c["discovered"] = len(self._records)
        c["admitted"] = self.admitted
        return c

    @property
    def finished(self) -> bool:
        """Nothing queued and nothing in flight: the crawl is complete."""
        return self._counts[UrlState.QUEUED] == 0 and self._counts[UrlState.IN_FLIGHT] == 0

    @property
    def budget_left(self) -> bool:
        return self.max_pages is None or self.admitted < self.max_pages

    # -- changes --------------------------------------------------------------------------------

    def _set(self, rec: UrlRecord, state: UrlState, reason: str = "", detail: str = "") -> None:
        self._counts[rec.state] -= 1
        rec.state, rec.reason, rec.detail = state, reason, detail
        self._counts[state] += 1

    def _push(self, rec: UrlRecord) -> None:
        heapq.heappush(self._queues.setdefault(_host(rec.url), []), (rec.depth, rec.seq, rec.url))

    def _admit(self, rec: UrlRecord) -> None:
        if self.budget_left:
            self.admitted += 1
            rec.admitted = True
            self._set(rec, UrlState.QUEUED)
            self._push(rec)
        else:
            self._set(rec, UrlState.SKIPPED, Reason.LIMIT)

    def add(
        self, url: str, depth: int, discovered_from: str = "", *, skip: str | None = None, detail: str = ""
    ) -> UrlRecord:
        """Record a new URL: queued if the budget allows, else skipped (``skip`` or "limit reached")."""
        if url in self._records:
            raise ValueError(f"already in the frontier: {url}")
        self._seq += 1
        rec = UrlRecord(url, UrlState.SKIPPED, depth=depth, discovered_from=discovered_from, seq=self._seq)
        self._records[url] = rec
        self._counts[UrlState.SKIPPED] += 1
        if skip:
            self._set(rec, UrlState.SKIPPED, skip, detail)
        else:
            self._admit(rec)
        return rec

    def reopen(self, url: str, depth: int, discovered_from: str = "", *, skip: str | None = None) -> UrlRecord:
        """Re-decide a URL skipped for depth that was found again closer to the start."""
        rec = self._records[url]
        if rec.state is not UrlState.SKIPPED or rec.reason != Reason.MAX_DEPTH:
            raise ValueError(f"only a URL skipped for depth can be reopened: {url}")
        rec.depth, rec.discovered_from = depth, discovered_from
        if skip:
            self._set(rec, UrlState.SKIPPED, skip)
        else:
            self._admit(rec)
        return rec

    def lower_depth(self, url: str, depth: int, discovered_from: str = "") -> bool:
        """A queued URL found again at a lower depth moves up the queue; True if anything changed."""
        rec = self._records[url]
        if depth >= rec.depth or rec.state is not UrlState.QUEUED:
            return False
        rec.depth, rec.discovered_from = depth, discovered_from
        self._push(rec)  # the old heap entry is now stale and is dropped when reached
        return True

    def claim(self, url: str, depth: int, discovered_from: str) -> UrlRecord | None:
        """Record ``url`` as scanned through another URL's redirect.

        Returns the record when the redirect target is new or was only queued
        (its own load is no longer needed); ``None`` when it is already in
        flight or decided, so the redirected load is a duplicate.
        """
        rec = self._records.get(url)
        if rec is None:
            self._seq += 1
            rec = UrlRecord(url, UrlState.SCANNED, depth=depth, discovered_from=discovered_from, seq=self._seq)
            self._records[url] = rec
            self._counts[UrlState.SCANNED] += 1
            return rec
        if rec.state is UrlState.QUEUED:
            if rec.admitted:  # its slot was never used: give it back
                rec.admitted = False
                self.admitted -= 1
            self._set(rec, UrlState.SCANNED)
            return rec
        return None

    def pop_ready(self) -> UrlRecord | None:
        """The next URL to load whose host may be contacted now, marked in flight; None if none is ready."""
        now = self._clock()
        best: tuple[int, int, str] | None = None
        for host, heap in self._queues.items():
            self._drop_stale(heap)
            if heap and self.next_allowed(host) <= now and (best is None or heap[0] < best):
                best = heap[0]
        if best is None:
            return None
        host = _host(best[2])
        heapq.heappop(self._queues[host])
        rec = self._records[best[2]]
        self._set(rec, UrlState.IN_FLIGHT)
        self._last_start[host] = now
        return rec

    def loading(self, url: str) -> None:
        """The page load of ``url`` starts now: its host's delay counts from here, not from ``pop_ready``,
        since the work between taking a URL and loading it (the store's write) would eat into the delay."""
        host = _host(url)
        self._last_start[host] = max(self._last_start.get(host, float("-inf")), self._clock())

    def wait_time(self) -> float | None:
        """Seconds until some queued URL's host may be contacted; None when nothing is queued."""
        now = self._clock()
        soonest: float | None = None
        for host, heap in self._queues.items():
            self._drop_stale(heap)
            if heap:
                wait = max(0.0, self.next_allowed(host) - now)
                soonest = wait if soonest is None else min(soonest, wait)
        return soonest

    def _drop_stale(self, heap: list[tuple[int, int, str]]) -> None:
        while heap:
            depth, _, url = heap[0]
            rec = self._records[url]
            if rec.state is UrlState.QUEUED and rec.depth == depth:
                return
            heapq.heappop(heap)

    def finish(self, url: str, state: UrlState, reason: str = "", detail: str = "") -> UrlRecord:
        if not state.terminal:
            raise ValueError(f"not a final state: {state}")
        rec = self._records[url]
        self._set(rec, state, reason, detail)
        return rec

    def drop(self, url: str, reason: str, detail: str = "") -> UrlRecord:
        """Skip a queued URL after all (its pattern turned out to be a trap); its budget slot is given back."""
        rec = self._records[url]
        if rec.state is not UrlState.QUEUED:
            raise ValueError(f"only a queued URL can be dropped: {url}")
        if rec.admitted:
            rec.admitted = False
            self.admitted -= 1
        self._set(rec, UrlState.SKIPPED, reason, detail)
        return rec

    def requeue(self, url: str) -> UrlRecord:
        """Put an in-flight URL back (interrupted, or retried after a crash)."""
        rec = self._records[url]
        if rec.state is UrlState.IN_FLIGHT:
            self._set(rec, UrlState.QUEUED)
            self._push(rec)
        return rec

    def restore(self, records: Iterable[UrlRecord]) -> None:
        """Load records saved by an earlier run (``--resume``); in-flight ones are queued again."""
        for rec in sorted(records, key=lambda r: r.seq):
            if rec.url in self._records:
                continue
            if rec.state is UrlState.IN_FLIGHT:
                rec.state = UrlState.QUEUED
            self._records[rec.url] = rec
            self._counts[rec.state] += 1
            self._seq = max(self._seq, rec.seq)
            if rec.admitted:
                self.admitted += 1
            if rec.state is UrlState.QUEUED:
                self._push(rec)

    def readmit_limited(self) -> list[UrlRecord]:
        """After ``restore`` with a higher ``max_pages`` (``--resume --max-pages``): queue what the limit skipped."""
        out = []
        for rec in sorted(self._records.values(), key=lambda r: r.seq):
            if not self.budget_left:
                break
            if rec.state is UrlState.SKIPPED and rec.reason == Reason.LIMIT:
                self._admit(rec)
                out.append(rec)
        return out

    # -- politeness -----------------------------------------------------------------------------

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """Honour a robots.txt ``Crawl-delay``, capped so one line in a file can't stall a crawl for hours."""
        if seconds is not None and seconds > 0:
            self._crawl_delay[host] = min(seconds, self.max_crawl_delay)

    def interval(self, host: str) -> float:
        return max(self.delay, self._crawl_delay.get(host, 0.0))

    def next_allowed(self, host: str) -> float:
        """Clock time (``clock()``) from which ``host`` may be sent its next page load."""
        last = self._last_start.get(host)
        return float("-inf") if last is None else last + self.interval(host)
