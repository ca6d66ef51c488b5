"""Pages per second of an audit of several sites: in process, on 1 Dask worker, on 2 Dask workers.

    .venv/bin/python bench/cluster.py [--sites 3] [--pages 40] [--workers 1,2] [--json OUT]

Generates SITES sites of PAGES pages with ../shared/bench/make_site.py (skipped cleanly when
../shared is absent), serves each on its own 127.0.0.1 port, and audits them as ``cxlint audit``
will: one backend (``open_backend``), every site's ``runner.run`` at once on it. For each
configuration it reports the wall time of the audit (cluster start excluded, shown apart),
pages per second, and for the workers the CPU seconds and peak memory of each worker process
with its Chromium, per page and per concurrent page. It then measures what bounds the client
whatever the number of machines: a Dask task's round trip (scheduler dispatch) and the store's
``save_page`` rate, and writes the throughput on paper for N machines.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cxlint.cluster import open_backend
from cxlint.config import build_plan
from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.model import PageResult, PageStatus
from cxlint.runner import RunRequest, run
from cxlint.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared"
MAKE_SITE = SHARED / "bench" / "make_site.py"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_sites(root: Path, sites: int, pages: int) -> list[tuple[ThreadingHTTPServer, str]]:
    """Each site on its own port (the generator writes the port into the sitemap, so bind first)."""
    out = []
    for i in range(sites):
        folder = root / f"site{i}"
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(folder)))
        port = httpd.server_address[1]
        subprocess.run(
            [sys.executable, str(MAKE_SITE), "--port", str(port), "--out", str(folder), "--pages", str(pages)],
            check=True, capture_output=True, cwd=root,
        )
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        out.append((httpd, f"http://127.0.0.1:{port}/"))
    return out


class TreeSampler:
    """CPU seconds and peak memory of some processes and all their descendants (Chromium), sampled."""

    def __init__(self, pids: list[int], every: float = 0.25) -> None:
        import psutil

        self._psutil = psutil
        self.pids = pids
        self.every = every
        self.peak_rss: dict[int, int] = dict.fromkeys(pids, 0)
        self._cpu_first: dict[int, float] = {}
        self._cpu_last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _tree(self, pid: int) -> list[Any]:
        with contextlib.suppress(self._psutil.Error):
            root = self._psutil.Process(pid)
            return [root, *root.children(recursive=True)]
        return []

    def _sample(self) -> None:
        for pid in self.pids:
            rss = 0
            for proc in self._tree(pid):
                with contextlib.suppress(self._psutil.Error):
                    rss += proc.memory_info().rss
                    t = proc.cpu_times()
                    cpu = t.user + t.system
                    self._cpu_first.setdefault(proc.pid, cpu)
                    self._cpu_last[proc.pid] = cpu
            self.peak_rss[pid] = max(self.peak_rss[pid], rss)

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self._sample()

    def __enter__(self) -> TreeSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @property
    def cpu_seconds(self) -> float:
        """Approximate: a renderer that exits between two samples loses its last quarter second."""
        return sum(self._cpu_last[p] - self._cpu_first[p] for p in self._cpu_last)


async def audit(urls: list[str], tmp: Path, cluster: str | None, timeout: float) -> dict[str, Any]:
    t0 = time.monotonic()
    async with open_backend(cluster) as backend:
        started = time.monotonic() - t0
        pids: list[int] = []
        if cluster is not None:
            pids = list((await backend.client.run(os.getpid)).values())  # type: ignore[attr-defined]
            slots = await backend.slots()
        else:
            slots = None
        plans = [
            build_plan({}, {
                "store": str(tmp / f"{cluster or 'local'}-{i}.db".replace(":", "_")), "crawl": {"max-pages": 1000},
                "page": {"timeout": timeout},
            })
            for i in range(len(urls))
        ]
        sampler = TreeSampler(pids) if pids else None
        t1 = time.monotonic()
        with sampler or contextlib.nullcontext():
            outcomes = await asyncio.gather(
                *(run(RunRequest(plan=p, start_urls=[u]), backend=backend) for p, u in zip(plans, urls, strict=True))
            )
        wall = time.monotonic() - t1
    pages = sum(1 for o in outcomes for p in o.result.pages if p.status is PageStatus.SCANNED)
    durations = [p.duration_ms for o in outcomes for p in o.result.pages if p.status is PageStatus.SCANNED]
    out: dict[str, Any] = {
        "backend": cluster or "in process", "start_s": round(started, 1), "wall_s": round(wall, 1), "pages": pages,
        "pages_per_s": round(pages / wall, 3), "median_page_ms": round(statistics.median(durations)) if durations else 0,
        "findings": sum(len(p.findings) for o in outcomes for p in o.result.pages),
        "failed": sum(1 for o in outcomes for p in o.result.pages if p.status is PageStatus.FAILED),
    }
    if sampler is not None:
        out["slots"] = slots
        out["worker_cpu_s_per_page"] = round(sampler.cpu_seconds / max(1, pages), 2)
        out["worker_peak_rss_mb"] = [round(v / 2**20) for v in sampler.peak_rss.values()]
    return out


async def task_round_trip(n: int = 60) -> float:
    """Median seconds for a no-op task submitted from the client to come back (scheduler dispatch + comms)."""
    from distributed import Client, LocalCluster

    async with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, asynchronous=True, host="127.0.0.1",
                     dashboard_address=":0") as lc,
        Client(lc, asynchronous=True) as client,
    ):
        times = []
        for i in range(n):
            t = time.perf_counter()
            await client.submit(len, [i], pure=False)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def store_rate(tmp: Path, pages: int = 400, findings: int = 30) -> float:
    """Pages per second the client's SQLite store saves, with a typical number of findings per page."""
    from bench.store_history import page

    with Store(tmp / "rate.db") as store:
        scan = store.create_scan({}, {"status": "running"})
        results: list[PageResult] = [page(0, n, findings) for n in range(pages)]
        t = time.perf_counter()
        for n, result in enumerate(results):
            rec = UrlRecord(result.url, UrlState.SCANNED, depth=1, seq=n + 1, admitted=True)
            store.save_page(scan, result, [rec])
        return pages / (time.perf_counter() - t)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sites", type=int, default=3)
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (local:N clusters)")
    ap.add_argument("--no-local", action="store_true", help="skip the in-process audit")
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    ap.add_argument("--timeout", type=float, default=30.0, help="--timeout of each page (raise it on a loaded machine)")
    args = ap.parse_args()
    if not MAKE_SITE.is_file():
        print(f"skipped: {MAKE_SITE} is absent")
        return 0
    load = os.getloadavg()
    report: dict[str, Any] = {"cores": os.cpu_count(), "load_before": [round(x, 1) for x in load], "runs": []}
    with tempfile.TemporaryDirectory(prefix="cxlint-bench-") as tmp_name:
        tmp = Path(tmp_name)
        servers = serve_sites(tmp, args.sites, args.pages)
        urls = [u for _, u in servers]
        configs: list[str | None] = [] if args.no_local else [None]
        configs += [f"local:{n}" for n in args.workers.split(",") if n.strip()]
        for cluster in configs:
            result = asyncio.run(audit(urls, tmp, cluster, args.timeout))
            report["runs"].append(result)
            print(json.dumps(result), flush=True)
        report["task_round_trip_ms"] = round(asyncio.run(task_round_trip()) * 1000, 2)
        report["store_pages_per_s"] = round(store_rate(tmp))
        for httpd, _ in servers:
            httpd.shutdown()
    report["load_after"] = [round(x, 1) for x in os.getloadavg()]
    report["paper"] = on_paper(report)
    print(json.dumps({k: v for k, v in report.items() if k != "runs"}, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def on_paper(report: dict[str, Any], machines: tuple[int, ...] = (1, 2, 4, 8, 16, 32, 64)) -> dict[str, Any]:
    """Throughput for N worker machines: the least of N × one worker's rate and the client-side limits.

    One worker's rate is the best 1-worker measurement here (a machine of the same size); the scheduler
    caps at one task per round trip per concurrent task it can dispatch (Dask documents ~1 ms of scheduler
    time per task, i.e. ~1,000 tasks/s), the store at its measured ``save_page`` rate, and politeness at
    one page per ``--delay`` seconds per host (a site of one host with ``--delay 1`` never exceeds 1 page/s).
    """
    one = [r for r in report["runs"] if r["backend"] == "local:1"]
    per_worker = one[0]["pages_per_s"] if one else 0.0
    scheduler_cap = 1000.0
    store_cap = float(report.get("store_pages_per_s", 0))
    rows = {}
    for n in machines:
        rows[str(n)] = round(min(n * per_worker, scheduler_cap, store_cap), 2)
    return {
        "pages_per_s_per_worker_measured": per_worker,
        "scheduler_cap_pages_per_s": scheduler_cap,
        "store_cap_pages_per_s": store_cap,
        "politeness_cap": "sites / max(--delay, Crawl-delay) pages per second when a delay is set",
        "pages_per_s_by_machines": rows,
    }


if __name__ == "__main__":
    raise SystemExit(main())
