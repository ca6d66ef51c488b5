"""Scanning on Dask: the same audit on a cluster of 2 worker processes gives the same results as in process.

One LocalCluster (2 processes, 1 thread each) serves the module; the CLI runs as a real process and
reaches it by its scheduler address. Worker deaths are real: the test SIGKILLs the worker process
that is scanning a page, while the page's server holds its reply, so the kill lands mid-page.
"""

from __future__ import annotations

import json
import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_cli import cxlint_cmd
from tests.support.cli_inproc import cxlint_in_process
from tests.support.server import FixtureServer, Reply, html

distributed = pytest.importorskip("distributed")
import dask  # noqa: E402

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1200)]

GRANTS = Path(__file__).resolve().parents[1] / "fixtures" / "agency" / "grants"
ALLOWED_FAILURES = 1
"""A page whose worker dies twice is given up: the least that still shows a retry on another worker."""

NOTICE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Grant notice</title></head>
<body><main><h1>Notice of funding</h1>
<p>It is hereby notified that applications which have been submitted by eligible rural small businesses
before the closing date that has been determined by the office will be reviewed by a panel in the order
in which they were received by the office and that decisions will be communicated in writing.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="90" height="60">
<div data-cxlint-ignore="axe/image-alt"><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="90" height="60"></div>
<p data-cxlint-ignore="no-such-rule">Short.</p>
<a href="apply.html">Apply</a></main></body></html>"""


class Trap:
    """A page route that holds its reply until the test has killed the worker loading it, ``kills`` times."""

    def __init__(self) -> None:
        self.kills = 0
        self.hit = threading.Event()
        self.released = threading.Event()
        self._lock = threading.Lock()

    def arm(self, kills: int) -> None:
        with self._lock:
            self.kills = kills
        self.hit.clear()
        self.released.clear()

    def __call__(self, _path: str, _query: str) -> Reply:
        with self._lock:
            armed = self.kills > 0
            self.kills -= armed
        if armed:
            self.released.clear()
            self.hit.set()
            self.released.wait(120)
        return html(NOTICE)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        lc = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
        )
    client = distributed.Client(lc)
    try:
        yield client
    finally:
        client.close()
        lc.close()


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[FixtureServer, Trap]]:
    trap = Trap()
    srv = FixtureServer(GRANTS).route("/notice.html", trap).start()
    yield srv, trap
    srv.stop()


def _kill_busy_worker(client: Any) -> str:
    """SIGKILL the worker process that is running a page task; return its address."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        busy = [w for w, keys in client.processing().items() if any(str(k).startswith("cxlint-page-") for k in keys)]
        if busy:
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            return busy[0]
        time.sleep(0.05)
    raise AssertionError("no worker was running a page task")


def _killer(client: Any, trap: Trap, times: int, killed: list[str]) -> threading.Thread:
    """Kill the worker loading the trap page each time it is hit; an error is recorded in ``killed``."""

    def work() -> None:
        for _ in range(times):
            if not trap.hit.wait(900):
                killed.append("error: the trap page was never loaded")
                return
            trap.hit.clear()
            try:
                killed.append(_kill_busy_worker(client))
            except Exception as exc:
                killed.append(f"error: {exc}")
            finally:
                trap.released.set()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def _scan(tmp: Path, name: str, urls: list[str], *extra: str) -> tuple[int, dict[str, Any], str]:
    """``cxlint scan``: on a cluster (``--cluster``) as a real process, the reference scan without one in this process."""
    args = [
        "scan", *urls, "--no-config", "--format", "json", "--out", str(tmp / name), "--store", str(tmp / f"{name}.db"),
        # A generous page timeout: on a loaded machine a cold worker's first page must not time out in one
        # run and not the other (the results compared are the pages' states).
        "--concurrency", "1", "--timeout", "120", *extra,
    ]
    proc = cxlint_cmd(*args, timeout=1100, cwd=tmp) if "--cluster" in extra else cxlint_in_process(*args, cwd=tmp)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads((tmp / name / "results.json").read_text()), proc.stderr


def _audit(tmp: Path, urls: list[str], cluster: str) -> tuple[int, dict[str, Any]]:
    """``cxlint audit`` of one site on the cluster, set as ``_scan`` sets a scan; the site's results."""
    starts = ", ".join(json.dumps(u) for u in urls)
    (tmp / "audit.toml").write_text(
        f'out = "audit"\nstore = "audit.db"\nformat = "json"\n\n[[sites]]\nname = "Grants"\nstart = [{starts}]\n'
        'crawl.concurrency = 1\npage.timeout = 120\n', encoding="utf-8",
    )
    proc = cxlint_cmd("audit", "audit.toml", "--cluster", cluster, timeout=1100, cwd=tmp)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert json.loads((tmp / "audit" / "audit.json").read_text())["sites"][0]["name"] == "Grants"
    return proc.returncode, json.loads((tmp / "audit" / "grants" / "results.json").read_text())


def _outcome(data: dict[str, Any]) -> dict[str, Any]:
    """What must not depend on where pages were scanned: each page's state and its final findings."""

    def finding(f: dict[str, Any]) -> tuple[Any, ...]:
        loc = f["location"]
        return (f["rule"], f["fingerprint"], f["outcome"], f["severity"], f["message"], loc["selector"], f["baselined"])

    def measured(metrics: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in metrics.items() if k != "timings"}  # wall times differ from run to run

    pages = {
        p["url"]: (p["status"], p["reason"], p["title"], p["lang"], p["http_status"], measured(p["metrics"]),
                   sorted(finding(f) for f in p["findings"]))
        for p in data["pages"]
    }
    return {
        "pages": pages,
        "site": sorted(finding(f) for f in data["site_findings"]),
        "verdict": data["verdict"],
        "summary": data["summary"],
    }


def test_a_cluster_audit_with_a_worker_killed_mid_page_equals_the_local_one(cluster, site, tmp_path):
    srv, trap = site
    urls = [srv.url("/notice.html"), srv.url("/")]  # the trap page first: the kill comes early
    trap.arm(0)
    local_code, local, _ = _scan(tmp_path, "local", urls)

    cluster.wait_for_workers(2, timeout=600)
    trap.arm(1)
    killed: list[str] = []
    killer = _killer(cluster, trap, 1, killed)
    address = cluster.scheduler.address
    code, remote = _audit(tmp_path, urls, address)
    killer.join(5)

    assert len(killed) == 1 and not killed[0].startswith("error"), killed
    assert trap.kills == 0
    assert code == local_code == 1
    assert _outcome(remote) == _outcome(local)
    by_url = {p["url"]: p for p in remote["pages"]}
    notice = by_url[srv.url("/notice.html")]
    assert notice["status"] == "scanned"
    rules = {f["rule"] for f in notice["findings"]}
    assert "CX010" in rules  # the stage ran on the worker: the marker naming no rule is reported
    alt = [f["location"]["selector"] for f in notice["findings"] if f["rule"] == "axe/image-alt"]
    assert alt == ["main > img"]  # the image inside data-cxlint-ignore="axe/image-alt" is suppressed
    assert {p["status"] for p in remote["pages"]} == {"scanned"} and len(remote["pages"]) == 3
    assert remote["meta"]["browser"].startswith(f"on the workers of {address} (")


def test_a_page_that_kills_every_worker_is_recorded_failed_and_the_rest_scanned(cluster, site, tmp_path):
    srv, trap = site
    cluster.wait_for_workers(1, timeout=600)  # the worker killed above may still be restarting: one is enough
    deaths = ALLOWED_FAILURES + 1
    trap.arm(deaths)
    killed: list[str] = []
    killer = _killer(cluster, trap, deaths, killed)
    urls = [srv.url("/notice.html"), srv.url("/")]
    code, data, stderr = _scan(tmp_path, "poison", urls, "--cluster", cluster.scheduler.address)
    killer.join(5)

    assert len(killed) == deaths and not any(k.startswith("error") for k in killed), killed
    assert trap.kills == 0  # after the last death the page was not sent again
    by_url = {p["url"]: p for p in data["pages"]}
    notice = by_url[srv.url("/notice.html")]
    assert notice["status"] == "failed"
    assert notice["reason"] == f"the cluster workers scanning it died ({deaths} times)"
    assert [f["rule"] for f in notice["findings"]] == ["CX006"]
    assert re.fullmatch(r"cx2-.+", notice["findings"][0]["fingerprint"])
    assert by_url[srv.url("/")]["status"] == by_url[srv.url("/apply.html")]["status"] == "scanned"
    assert code == 1, stderr


def test_cluster_local_n_starts_its_own_workers_and_scans_like_in_process(site, tmp_path):
    srv, trap = site
    trap.arm(0)
    urls = [srv.url("/apply.html")]
    local_code, local, _ = _scan(tmp_path, "here", urls, "--no-follow")
    code, remote, stderr = _scan(tmp_path, "local1", urls, "--no-follow", "--cluster", "local:1")
    assert code == local_code, stderr
    assert _outcome(remote) == _outcome(local)
    assert remote["meta"]["browser"].startswith("on the workers of local:1 (")
    assert remote["pages"][0]["status"] == "scanned" and remote["pages"][0]["findings"]
