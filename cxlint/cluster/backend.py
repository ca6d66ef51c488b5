"""Where pages are scanned: in this process, or on the workers of a Dask cluster.

The crawl (frontier, politeness, store, site-level checks, reports) always runs
here, on the client; a backend only answers "scan this URL". In process, that is
the :class:`BrowserSession` over a local Chromium. On Dask, each URL becomes a
task on a worker that keeps its own Chromium (:mod:`cxlint.cluster.worker`),
and the result comes back to the crawler, which stores it at once. Because the
crawler still decides when each page starts, ``--delay``, robots ``Crawl-delay``
and the concurrency hold for the whole cluster, not per worker.

One backend (one Dask client) can serve several runs at once: an audit of many
sites opens it once and passes it to each ``runner.run``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Protocol

from cxlint import __version__
from cxlint.browser import find_browser, launch
from cxlint.cluster.job import ScanJob
from cxlint.config import CLUSTER_LOCAL, ConfigError
from cxlint.crawl.session import BrowserSession
from cxlint.model import PageResult
from cxlint.scanner import FailureReason, PageScanner, failed_page, scan_page
from cxlint.screenshots import ShotBudget

if TYPE_CHECKING:
    from distributed import Client
    from playwright.async_api import Playwright

__all__ = ["Backend", "ClusterError", "DaskBackend", "InProcessBackend", "PageService", "open_backend"]

CONNECT_TIMEOUT = 20.0
"""Seconds to reach a scheduler before ``--cluster tcp://…`` is reported unreachable."""
WORKERS_TIMEOUT = 60.0
"""Seconds to wait for a first worker to join a scheduler that has none."""
ALLOWED_FAILURES = 2
"""Workers that may die running one page (``local:N``) before it is recorded failed (Dask's KilledWorker)."""
DASK_ALLOWED_FAILURES = 3
"""Dask's own default, assumed when a scheduler does not say."""
BATCH = 1
"""URLs per task. One: a page takes seconds and a task costs milliseconds (bench/cluster.py measures both),
and a batch would hold back the pages of its batch that finished before a worker died."""


class ClusterError(ConfigError):
    """The cluster cannot be used (unreachable, no workers, another cxlint on a worker): one line, exit 2."""


class PageService(Protocol):
    """What the crawler calls: ``scan`` and ``recover`` (see ``cxlint.crawl.crawler``)."""

    async def start(self) -> None: ...
    async def scan(self, url: str) -> PageResult: ...
    async def recover(self) -> None: ...
    async def close(self) -> None: ...
    @property
    def browser_version(self) -> str: ...


class Backend(Protocol):
    name: str
    """Where pages are scanned, for the run's metadata ("in process", the scheduler's address)."""
    local_browser: bool
    """Whether this process itself launches the browser (and must find one before the run starts)."""
    attempts: int
    """How many times one page may be started (on workers that die under it) before it is recorded failed."""

    async def slots(self) -> int | None:
        """Pages the backend can scan at once (the crawl's default concurrency), or None for the usual default."""
        ...

    def service(self, job: ScanJob, scanner: PageScanner, pw: Playwright, browser_path: str) -> PageService:
        """The page service of one run."""
        ...


class InProcessBackend:
    """Pages scanned in this process, on one local Chromium: the default, and what every test compares with."""

    name = "in process"
    local_browser = True
    attempts = 1

    async def slots(self) -> int | None:
        return None

    def service(self, job: ScanJob, scanner: PageScanner, pw: Playwright, browser_path: str) -> PageService:
        return BrowserSession(lambda: launch(pw, browser_path), scan_page, scanner)


class DaskBackend:
    """Pages scanned as tasks on a Dask cluster; the client is shared by every run that uses the backend."""

    local_browser = False

    def __init__(self, client: Client, name: str, attempts: int) -> None:
        self.client = client
        self.name = name
        self.attempts = attempts

    async def slots(self) -> int | None:
        threads: dict[str, int] = await self.client.nthreads()  # type: ignore[misc]
        return max(1, sum(threads.values()))

    def service(self, job: ScanJob, scanner: PageScanner, pw: Playwright, browser_path: str) -> PageService:
        return DaskService(self, job, scanner)


class DaskService:
    """One run's pages on the cluster: each URL a task, each result handed back to the crawler as it finishes.

    A worker that dies mid-page loses only that page's task, which the scheduler gives to another worker;
    after ``allowed-failures`` deaths (Dask's KilledWorker) the page is recorded failed with that reason and is
    not sent again. Screenshots keep the run's per-rule limit across workers: each task starts from the counts
    so far and the client keeps only what the limit allows.
    """

    def __init__(self, backend: DaskBackend, job: ScanJob, scanner: PageScanner) -> None:
        self._backend = backend
        self._key, self._blob = job.pack()
        self._stage = scanner.stage
        self._shots = ShotBudget(
            per_rule=scanner.screenshots.per_rule, thumbnails=scanner.screenshots.thumbnails,
            enabled=scanner.screenshots.enabled,
        )
        self._lost: dict[str, PageResult] = {}
        self._pending: set[asyncio.Future[Any]] = set()
        self._registered = False
        self._browser = ""

    @property
    def browser_version(self) -> str:
        return self._browser

    async def start(self) -> None:
        from cxlint.cluster.worker import JobPlugin

        try:
            await self._backend.client.register_plugin(JobPlugin(self._key, self._blob))  # type: ignore[misc]
        except Exception as exc:
            why = _line(exc)
            raise ClusterError(f"--cluster {self._backend.name}: cannot hand the run to the workers ({why})") from None
        self._registered = True

    async def scan(self, url: str) -> PageResult:
        from distributed import KilledWorker

        from cxlint.cluster.worker import scan_pages

        if url in self._lost:
            return self._lost[url]
        future = self._backend.client.submit(
            scan_pages, self._key, [url], dict(self._shots.taken), key=f"cxlint-page-{uuid.uuid4().hex}", pure=False
        )
        try:
            reply = await future
        except KilledWorker as exc:
            page = failed_page(url, FailureReason("crash", _killed(exc)))
            self._stage.process_page(page)
            self._lost[url] = page
            return page
        except asyncio.CancelledError:
            # The crawler's page deadline: the scheduler drops the task if no worker has started it yet.
            cancelling = future.cancel()
            if asyncio.iscoroutine(cancelling):
                task = asyncio.ensure_future(cancelling)
                self._pending.add(task)
                task.add_done_callback(self._settled)
            raise
        self._browser = reply.browser or self._browser
        page = reply.pages[0]
        self._keep_allowed_shots(page)
        return page

    def _settled(self, task: asyncio.Future[Any]) -> None:
        self._pending.discard(task)
        if not task.cancelled():
            task.exception()

    def _keep_allowed_shots(self, page: PageResult) -> None:
        """Drop element screenshots past the run's per-rule limit (workers only know the counts at submit time)."""
        if not page.images:
            return
        rule_of = {f.fingerprint: f.rule for f in page.findings}
        for key in list(page.images):
            rule = rule_of.get(key)
            if rule is not None and page.images[key].kind == "element" and not self._shots.claim(rule):
                del page.images[key]

    async def recover(self) -> None:
        """A worker relaunches its own browser; here, only check that the cluster still has workers."""
        threads: dict[str, int] = await self._backend.client.nthreads()  # type: ignore[misc]
        if not threads:
            raise ClusterError(f"the Dask cluster {self._backend.name} has no workers left")

    async def close(self) -> None:
        if self._pending:
            await asyncio.wait(self._pending, timeout=CONNECT_TIMEOUT)
        if self._registered:
            self._registered = False
            with contextlib.suppress(Exception):
                await self._backend.client.unregister_worker_plugin(self._key)  # type: ignore[misc]


_KILLED = re.compile(r"on (\d+) different workers")


def _killed(exc: BaseException) -> str:
    m = _KILLED.search(str(exc))
    times = f" ({m.group(1)} times)" if m else ""
    return f"the cluster workers scanning it died{times}"


@asynccontextmanager
async def open_backend(cluster: str | None) -> AsyncIterator[Backend]:
    """The backend for a plan's ``cluster``: in process (None), ``local:N`` workers here, or a scheduler address.

    Raises :class:`ClusterError` (one line) when the cluster cannot be reached, has no worker, or a worker
    runs another cxlint. ``distributed`` is imported only here, so a run without a cluster never loads it.
    """
    if cluster is None:
        yield InProcessBackend()
        return
    m = CLUSTER_LOCAL.fullmatch(cluster)
    async with contextlib.AsyncExitStack() as stack:
        if m:
            client = await stack.enter_async_context(_local_cluster(int(m.group(1))))
        else:
            client = await stack.enter_async_context(_remote(cluster))
        backend = DaskBackend(client, cluster, await _attempts(client))
        await _prepare(backend)
        yield backend


@asynccontextmanager
async def _local_cluster(workers: int) -> AsyncIterator[Client]:
    import dask
    from distributed import Client, LocalCluster

    # ":0": no fixed port (8787 may be another cluster's); the dashboard itself only starts where bokeh is installed.
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        try:
            cluster = await LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, asynchronous=True, host="127.0.0.1",
                dashboard_address=":0", silence_logs=logging.ERROR,
            )
        except Exception as exc:
            why = _line(exc)
            raise ClusterError(f"--cluster local:{workers}: the local Dask cluster did not start ({why})") from None
    try:
        async with Client(cluster, asynchronous=True) as client:
            # The workers are this terminal's children: Ctrl-C stops the crawl cleanly, as in process, and
            # must not kill the pages in flight on them.
            await client.run(_ignore_interrupts)
            yield client
    finally:
        await _quietly(cluster.close)


@asynccontextmanager
async def _remote(address: str) -> AsyncIterator[Client]:
    from distributed import Client

    try:
        client = await Client(address, asynchronous=True, timeout=CONNECT_TIMEOUT)
    except Exception as exc:
        raise ClusterError(f"--cluster {address}: cannot reach the Dask scheduler ({_line(exc)})") from None
    try:
        yield client
    finally:
        await _quietly(client.close)


async def _attempts(client: Client) -> int:
    """Workers that may die under one page, plus one: the scheduler's ``allowed-failures`` (Dask's default 3)."""

    def allowed(dask_scheduler: Any) -> int:
        return int(dask_scheduler.allowed_failures)

    try:
        return 1 + int(await client.run_on_scheduler(allowed))  # type: ignore[misc]
    except Exception:
        return 1 + DASK_ALLOWED_FAILURES


async def _prepare(backend: DaskBackend) -> None:
    """Wait for a worker, give every worker (and later ones) the scanner plugin, check their cxlint versions."""
    from cxlint.cluster.worker import ScannerPlugin, worker_version

    client = backend.client
    try:
        await client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)  # type: ignore[misc]
    except TimeoutError:
        raise ClusterError(f"--cluster {backend.name}: no Dask worker joined within {WORKERS_TIMEOUT:g} s") from None
    try:
        versions: dict[str, str] = await client.run(worker_version)  # type: ignore[misc]
    except Exception as exc:
        raise ClusterError(f"--cluster {backend.name}: a worker cannot run cxlint ({_line(exc)})") from None
    other = {addr: v for addr, v in versions.items() if v != __version__}
    if other:
        addr, version = next(iter(other.items()))
        raise ClusterError(
            f"--cluster {backend.name}: worker {addr} has cxlint {version}, this is {__version__}: install the same"
        )
    await client.register_plugin(ScannerPlugin())  # type: ignore[misc]


async def _quietly(close: Callable[[], Awaitable[Any] | Any]) -> None:
    with contextlib.suppress(Exception):
        result = close()
        if asyncio.iscoroutine(result) or isinstance(result, Awaitable):
            await result


def _ignore_interrupts() -> None:
    with contextlib.suppress(ValueError):  # not the main thread: nothing to do
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def default_browser(backend: Backend, explicit: str | None) -> str:
    """The browser this process launches (raising BrowserNotFound), or the empty string when workers launch theirs."""
    return find_browser(explicit) if backend.local_browser else ""
