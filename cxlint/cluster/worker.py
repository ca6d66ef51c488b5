"""The page-scanner service on a Dask worker: one Chromium per worker, kept between tasks.

Dask runs tasks in a thread pool, while Playwright wants one asyncio event loop.
So each worker process has one :class:`ScannerHost`: a thread running an event
loop that owns Playwright and a :class:`BrowserSession` (relaunched after a
crash, recycled every 250 pages, as in a local run). Task threads hand it
coroutines and wait for the results, so several task threads share one browser,
each page in its own context.

Two plugins carry the state: :class:`ScannerPlugin` gives the host its life
(nothing starts until the first page, and the browser closes with the worker),
and one :class:`JobPlugin` per run carries that run's pickled :class:`ScanJob`.
The scheduler keeps plugins and hands them to workers that join later, a
restarted one included, so a task never has to carry the 300 KB of rules.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import pickle
import shutil
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from distributed import WorkerPlugin

from cxlint import __version__
from cxlint.browser import find_browser, launch
from cxlint.cluster.job import ScanJob
from cxlint.crawl.session import BrowserSession
from cxlint.model import PageResult
from cxlint.scanner import BrowserCrashed, PageScanner, scan_page
from cxlint.screenshots import ShotBudget

if TYPE_CHECKING:
    from distributed import Worker
    from playwright.async_api import Playwright

__all__ = ["JobPlugin", "ScanReply", "ScannerHost", "ScannerPlugin", "scan_pages", "worker_version"]

PLUGIN_NAME = "cxlint-scanner"
MAX_SCANNERS = 16
"""Scanners kept per worker: one per run being served; a run whose client vanished is evicted in time."""
STOP_TIMEOUT = 30.0
T = TypeVar("T")

_jobs: dict[str, bytes] = {}
_jobs_lock = threading.Lock()
_host: ScannerHost | None = None
_host_lock = threading.Lock()


class WorkerNotReady(RuntimeError):
    """The worker lacks cxlint's plugin or the run's job: the client registers both before it submits pages."""


@dataclass
class ScanReply:
    """A task's answer: the pages, and the browser that checked them (for the run's metadata)."""

    pages: list[PageResult]
    browser: str


class ScannerHost:
    """One event loop thread, one Playwright, one browser session, and the scanners of the runs served."""

    def __init__(self, *, recycle_after: int = 250) -> None:
        self._recycle_after = recycle_after
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pw: Playwright | None = None
        self._pw_manager: Any = None
        self._session: BrowserSession[PageScanner] | None = None
        self._scanners: OrderedDict[str, PageScanner] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0
        self._states = Path(tempfile.mkdtemp(prefix="cxlint-worker-"))
        """Storage-state files of the runs served, readable by this user only."""

    # -- the loop thread --------------------------------------------------------------------------

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="cxlint-browser-loop", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            loop = self._loop
        return asyncio.run_coroutine_threadsafe(coro, loop).result()

    async def _ensure_session(self) -> BrowserSession[PageScanner]:
        if self._session is None:
            from playwright.async_api import async_playwright

            path = find_browser()
            self._pw_manager = async_playwright()
            self._pw = await self._pw_manager.start()
            pw = self._pw
            session: BrowserSession[PageScanner] = BrowserSession(
                lambda: launch(pw, path), scan_page, None, recycle_after=self._recycle_after  # type: ignore[arg-type]
            )
            await session.start()
            self._session = session
        return self._session

    async def _scan(self, scanner: PageScanner, url: str) -> tuple[PageResult, str]:
        session = await self._ensure_session()
        generation = self._generation
        try:
            page = await session.scan_with(url, scanner)
        except BrowserCrashed:
            # The client's crawler retries the page; it must find a live browser here.
            if generation == self._generation:
                self._generation += 1
                await session.recover()
            raise
        return page, session.browser_version

    # -- jobs -------------------------------------------------------------------------------------

    def scanner_for(self, key: str) -> PageScanner:
        with self._lock:
            scanner = self._scanners.get(key)
            if scanner is not None:
                self._scanners.move_to_end(key)
                return scanner
        with _jobs_lock:
            blob = _jobs.get(key)
        if blob is None:
            raise WorkerNotReady(f"this worker has no job {key} (its plugin was not registered here)")
        job = pickle.loads(blob)
        if not isinstance(job, ScanJob) or job.version != __version__:
            version = getattr(job, "version", "?")
            raise WorkerNotReady(f"this worker runs cxlint {__version__}, the client {version}: install the same")
        state = None
        if job.storage_state is not None:
            state = self._states / f"{key}.json"
            fd = os.open(state, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(job.storage_state)
        scanner = job.scanner(state)
        with self._lock:
            self._scanners[key] = scanner
            while len(self._scanners) > MAX_SCANNERS:
                old, _ = self._scanners.popitem(last=False)
                (self._states / f"{old}.json").unlink(missing_ok=True)
        return scanner

    def forget(self, key: str) -> None:
        with self._lock:
            self._scanners.pop(key, None)
        (self._states / f"{key}.json").unlink(missing_ok=True)

    def scan(self, key: str, urls: list[str], shots_taken: dict[str, int]) -> ScanReply:
        """Scan ``urls`` in order with the run's scanner; screenshots start from the run's counts so far."""
        scanner = copy.copy(self.scanner_for(key))
        scanner.screenshots = ShotBudget(taken=Counter(shots_taken))
        pages: list[PageResult] = []
        browser = ""
        for url in urls:
            page, browser = self._call(self._scan(scanner, url))
            pages.append(page)
        return ScanReply(pages, browser)

    # -- the end ----------------------------------------------------------------------------------

    async def _close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._pw_manager is not None:
            with contextlib.suppress(Exception):
                await self._pw_manager.stop()
            self._pw_manager = self._pw = None

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
            self._scanners.clear()
        if loop is not None and thread is not None:
            with contextlib.suppress(Exception):
                asyncio.run_coroutine_threadsafe(self._close(), loop).result(STOP_TIMEOUT)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(STOP_TIMEOUT)
            if not thread.is_alive():
                loop.close()
        shutil.rmtree(self._states, ignore_errors=True)


class ScannerPlugin(WorkerPlugin):
    """Gives each worker process its :class:`ScannerHost`; the browser starts with the first page."""

    name = PLUGIN_NAME
    idempotent = True

    def setup(self, worker: Worker) -> None:
        global _host
        with _host_lock:
            if _host is None:
                _host = ScannerHost()

    def teardown(self, worker: Worker) -> None:
        global _host
        with _host_lock:
            host, _host = _host, None
        if host is not None:
            host.close()


class JobPlugin(WorkerPlugin):
    """One run's job on every worker, present and future; unregistered when the run ends."""

    idempotent = True

    def __init__(self, key: str, blob: bytes) -> None:
        self.name = key
        self.key = key
        self.blob = blob

    def setup(self, worker: Worker) -> None:
        with _jobs_lock:
            _jobs[self.key] = self.blob

    def teardown(self, worker: Worker) -> None:
        with _jobs_lock:
            _jobs.pop(self.key, None)
        with _host_lock:
            host = _host
        if host is not None:
            host.forget(self.key)


def scan_pages(key: str, urls: list[str], shots_taken: dict[str, int]) -> ScanReply:
    """The task: scan a batch of URLs of the run ``key`` on this worker's browser."""
    with _host_lock:
        host = _host
    if host is None:
        raise WorkerNotReady("cxlint's scanner plugin is not registered on this worker")
    return host.scan(key, urls, shots_taken)


def worker_version() -> str:
    """cxlint's version on a worker, checked against the client's before anything is sent."""
    return __version__
