"""Crawling the fixture site in a real Chromium with the real scanner (engines off for speed).

The fixture site (tests/fixtures/crawlsite + tests/support/crawlsite.py) has
nested folders, links added by script, an image map, an iframe, a <base href>,
robots.txt disallowing /private/, a sitemap index with a gzipped child, an
infinite calendar, a redirect chain, a redirect loop, an off-site redirect,
duplicate spellings of one URL, a PDF, a page that never answers, a 404 and a 500.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxlint.crawl.crawler import CrawlConfig, CrawlResult
from cxlint.crawl.states import Reason, UrlState
from cxlint.store import Store
from tests.support.browser import BrowserThread
from tests.support.cli_inproc import cxlint_in_process
from tests.support.crawl_run import crawl_in, unfinished
from tests.support.crawlsite import crawl_site, expected
from tests.support.server import FixtureServer

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
FAILURE_WORDS = {
    "redirect loop": "redirect loop",
    "HTTP 404": "HTTP 404",
    "HTTP 500": "HTTP 500",
    "timeout": "timed out",
}


@pytest.fixture
def site() -> Iterator[FixtureServer]:
    srv, partner = crawl_site()
    yield srv
    srv.stop()
    partner.stop()


def by_state(result: CrawlResult) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {"scanned": {}, "skipped": {}, "failed": {}, "queued": {}, "in-flight": {}}
    for r in result.records:
        out[r.state.value][r.url] = r.reason
    return out


def assert_matches_expected(got: dict[str, dict[str, str]], want: dict[str, dict[str, str]]) -> None:
    assert set(got["scanned"]) == set(want["scanned"])
    assert got["skipped"] == want["skipped"]
    assert set(got["failed"]) == set(want["failed"])
    for url, word in want["failed"].items():
        assert FAILURE_WORDS[word] in got["failed"][url], (url, got["failed"][url])
    assert not got["queued"] and not got["in-flight"]


def test_full_crawl_ends_every_url_in_its_exact_state(chromium: BrowserThread, site: FixtureServer, tmp_path: Path) -> None:
    db = tmp_path / "cxlint.db"
    result = crawl_in(chromium, CrawlConfig([site.url("/")], max_depth=5, concurrency=3), db)
    assert_matches_expected(by_state(result), expected(site.origin, max_depth=5))
    details = {r.url: r.detail for r in result.records}
    assert details[site.url("/redirect/1")] == site.url("/level1/chain-end.html")
    assert details[site.url("/offsite")].endswith("/landing.html")
    assert result.sitemap_errors == []
    assert site.url("/sitemap-pages.xml.gz") in result.sitemaps
    # Polite and exact: robots.txt read once, nothing disallowed or non-HTML requested, each page loaded once.
    assert site.hits["/robots.txt"] == 1
    assert not [p for p in site.hits if p.startswith(("/private/", "/docs/"))]
    assert site.hits["/about.html"] == 1 and site.hits["/about.html?a=1&b=2"] == 1
    with Store(db) as store:
        saved = store.page_urls(result.scan_id)
        pages = {p.url: p for p in store.iter_pages(result.scan_id)}
    assert len(saved) == len(set(saved))
    assert set(saved) == set(expected(site.origin)["scanned"]) | set(expected(site.origin)["failed"])
    home = pages[site.url("/")]
    assert site.url("/docs/report.pdf") in home.links["documents"]  # recorded on the page, never loaded
    assert "mailto:help@example.gov" in home.links["other"]
    assert pages[site.url("/level1/level2/level3/deep.html")].depth == 4
    # The iframe's document is part of the home page: loaded once, in its frame, and recorded there.
    assert site.hits["/frame.html"] == 1
    assert home.links["frames"] == [site.url("/frame.html")]
    assert pages[site.url("/frame-child.html")].depth == 1  # a link inside the frame is a link of the home page


def test_crawl_stops_at_max_pages(chromium: BrowserThread, site: FixtureServer, tmp_path: Path) -> None:
    result = crawl_in(chromium, CrawlConfig([site.url("/")], max_pages=5, concurrency=1), tmp_path / "c.db")
    loaded = [r for r in result.records if r.admitted]
    assert len(loaded) == 5
    assert len(result.urls(UrlState.SKIPPED, Reason.LIMIT)) > 5
    assert not result.urls(UrlState.QUEUED)
    page_hits = sum(n for p, n in site.hits.items() if not p.startswith(("/robots.txt", "/sitemap")))
    assert page_hits <= 5 + 3  # the loads plus the hops of a redirect chain at most


def test_infinite_calendar_is_cut_by_sampling(chromium: BrowserThread, site: FixtureServer, tmp_path: Path) -> None:
    result = crawl_in(chromium, CrawlConfig([site.url("/cal/2024/01")], sample=2, auto_sitemaps=False), tmp_path / "c.db")
    assert result.urls(UrlState.SCANNED) == [site.url("/cal/2024/01"), site.url("/cal/2024/02")]
    assert result.urls(UrlState.SKIPPED, Reason.SAMPLED_OUT) == [site.url("/cal/2024/03")]
    [group] = result.sampled
    assert group.key.endswith("/cal/{id}/{id}")


def test_ignore_robots_and_no_follow(chromium: BrowserThread, site: FixtureServer, tmp_path: Path) -> None:
    cfg = CrawlConfig([site.url("/")], follow=False, respect_robots=False)
    result = crawl_in(chromium, cfg, tmp_path / "c.db")
    assert set(result.urls(UrlState.SCANNED)) == {
        site.url("/"),
        site.url("/orphan.html"),
        site.url("/about.html"),
        site.url("/private/from-sitemap.html"),
    }
    assert not result.urls(UrlState.SKIPPED) and not result.urls(UrlState.FAILED)


def _page_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT COUNT(*) FROM pages").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_resume_after_sigkill_scans_every_page_exactly_once(chromium: BrowserThread, tmp_path: Path) -> None:
    """The crawl runs as a process of its own, killed with its Chromium; the resume (no process matter) runs here."""
    site, partner = crawl_site(page_delay=0.25)
    db = tmp_path / "cxlint.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "tests.support.crawl_run", "--db", str(db)]
    try:
        proc = subprocess.Popen(
            [*cmd, "--url", site.url("/"), "--max-depth", "5", "--concurrency", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while _page_count(db) < 6 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, "the crawl finished before it could be killed: " + proc.stderr.read().decode()  # type: ignore[union-attr]
        os.killpg(proc.pid, signal.SIGKILL)  # the crawler and its Chromium, mid-crawl, without warning
        proc.wait(30)
        killed_at = _page_count(db)
        assert 6 <= killed_at < len(expected(site.origin)["scanned"])

        scan_id, config = unfinished(db)
        crawl_in(chromium, config, db, resume=scan_id)

        with Store(db) as store:
            [scan] = store.list_scans()
            assert scan.meta["status"] == "complete"
            saved = store.page_urls(scan.id)
            records = store.load_urls(scan.id, requeue_in_flight=False)
        assert len(saved) == len(set(saved)), "a page was saved twice"
        got: dict[str, dict[str, str]] = {"scanned": {}, "skipped": {}, "failed": {}, "queued": {}, "in-flight": {}}
        for r in records:
            got[r.state.value][r.url] = r.reason
        want = expected(site.origin, max_depth=5)
        assert_matches_expected(got, want)
        assert set(saved) == set(want["scanned"]) | set(want["failed"])
    finally:
        site.stop()
        partner.stop()


def _ctrl_c_after(args: list[str], cwd: Path, db: Path, pages: int) -> tuple[subprocess.Popen[str], str]:
    """Run ``cxlint ARGS`` in a process group of its own and press Ctrl-C, as a terminal does, once
    ``pages`` pages are stored; returns the finished process and its stderr."""
    proc = subprocess.Popen([sys.executable, "-m", "cxlint", *args], cwd=cwd, env={**os.environ, "CI": "true"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 90
    while _page_count(db) < pages and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the scan finished before Ctrl-C"
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    return proc, stderr


def test_ctrl_c_to_the_process_group_loses_no_page(tmp_path: Path) -> None:
    """The real CLI and a real Ctrl-C: the terminal signals the whole process group, Chromium included.

    Pages in flight finish (or are requeued), none is stored as failed for the
    shutdown, and --resume scans the rest with the stored plan (a raised --max-pages
    applies, a flag that would change the scan is refused), so every page is
    scanned exactly once and the pages linked only from the cut-off ones are found too.
    """
    site, partner = crawl_site(page_delay=0.25)
    db, out = tmp_path / "cxlint.db", tmp_path / "out"
    # axe alone of the checks: what is under test is the interruption, and every page still has a check
    # running in Chromium when the signal lands (the browser checks would only make each page slower).
    base = ["scan", "--store", str(db), "--out", str(out), "-f", "json",
            "--checks", "accessibility", "--select", "axe", "--timeout", "3", "--concurrency", "2"]
    try:
        proc, stderr = _ctrl_c_after([*base, site.url("/"), "--max-depth", "5"], tmp_path, db, pages=4)
        assert proc.returncode in (0, 1), stderr
        assert "Traceback" not in stderr
        assert "interrupted: continue with 'cxlint scan --resume" in stderr
        first = json.loads((out / "results.json").read_text())
        first_scanned = {p["url"] for p in first["pages"] if p["status"] == "scanned"}
        assert 4 <= len(first_scanned) < len(expected(site.origin)["scanned"])
        want = expected(site.origin, max_depth=5)
        assert {p["url"] for p in first["pages"] if p["status"] == "failed"} <= set(want["failed"])

        # What --resume decides and does after the interruption is no process matter: it runs in this process.
        refused = cxlint_in_process(*base, "--resume", "--standard", "wcag22aa", cwd=tmp_path)
        assert refused.returncode == 2
        assert refused.stderr.strip().splitlines() == [
            "cxlint: error: --standard cannot change when resuming (the scan ran with 'wcag21aa'); start a new scan instead"
        ]
        resumed = cxlint_in_process(*base, "--resume", "--max-pages", "600", cwd=tmp_path)
        assert resumed.returncode in (0, 1), resumed.stderr
        final = json.loads((out / "results.json").read_text())
        scanned = [p["url"] for p in final["pages"] if p["status"] == "scanned"]
        assert len(scanned) == len(set(scanned))
        assert set(scanned) == set(want["scanned"])
        with Store(db) as store:
            [scan] = store.list_scans()
            assert scan.meta["status"] == "complete"
            assert scan.meta["plan"]["crawl"]["max-pages"] == 600 and scan.config["plan"]["crawl"]["max-pages"] == 500
            saved = store.page_urls(scan.id)
            records = store.load_urls(scan.id, requeue_in_flight=False)
        assert len(saved) == len(set(saved)), "a page was saved twice"
        got: dict[str, dict[str, str]] = {"scanned": {}, "skipped": {}, "failed": {}, "queued": {}, "in-flight": {}}
        for r in records:
            got[r.state.value][r.url] = r.reason
        assert_matches_expected(got, want)
    finally:
        site.stop()
        partner.stop()


def _benefit_pages(folder: Path, count: int) -> list[str]:
    """A built site's folder of plain pages, each linking to the next, as a static site generator writes them."""
    folder.mkdir()
    names = ["index.html", *(f"letter-{i:02d}.html" for i in range(1, count))]
    for i, name in enumerate(names):
        after = f'<p><a href="{names[i + 1]}">Next: benefit letter {i + 1}</a></p>' if i + 1 < count else ""
        (folder / name).write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Benefit letter {i} | Example Agency'
            f'</title></head><body><main><h1>Benefit letter {i}</h1><p>We pay your benefit on the second Wednesday '
            f"of each month. Tell us if your address changes.</p>{after}</main></body></html>"
        )
    return names


def test_ctrl_c_in_a_folder_scan_then_resume_serves_the_folder_again(tmp_path: Path) -> None:
    """A folder is served by the scan itself, so the server dies with it: --resume serves it again at the
    address the queued pages name (the folder's own port), or refuses in one line when that port is taken."""
    names = _benefit_pages(tmp_path / "build", 24)
    base = ["scan", "--out", "out", "-f", "json", "--checks", "accessibility", "--select", "axe",
            "--concurrency", "1", "--fail-on", "never", "--timeout", "5"]
    db = tmp_path / ".cxlint" / "cxlint.db"
    _, stderr = _ctrl_c_after([*base, "./build"], tmp_path, db, pages=3)
    assert "interrupted: continue with 'cxlint scan --resume" in stderr, stderr
    first = json.loads((tmp_path / "out" / "results.json").read_text())
    origin = first["pages"][0]["url"].split("/", 3)[:3]
    assert 3 <= sum(p["status"] == "scanned" for p in first["pages"]) < len(names)

    # Another program on the folder's port: the queued pages could not load, so the resume is refused.
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the dead server's connections linger
        holder.bind(("127.0.0.1", int(origin[2].rsplit(":", 1)[1])))
        holder.listen()
        refused = cxlint_in_process("scan", "--resume", "--store", str(db), cwd=tmp_path)
    assert refused.returncode == 2
    [line] = refused.stderr.strip().splitlines()
    assert line.startswith("cxlint: error: cannot resume: ") and "/".join(origin) in line

    resumed = cxlint_in_process("scan", "--resume", "--store", str(db), cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    final = json.loads((tmp_path / "out" / "results.json").read_text())
    by_status: dict[str, list[str]] = {}
    for p in final["pages"]:
        by_status.setdefault(p["status"], []).append(p["url"])
    assert sorted(by_status["scanned"]) == sorted("/".join(origin) + "/" + (n if n != "index.html" else "") for n in names)
    assert "failed" not in by_status


def test_resume_with_a_higher_max_pages_queues_what_the_limit_skipped(
    chromium: BrowserThread, site: FixtureServer, tmp_path: Path
) -> None:
    db = tmp_path / "cxlint.db"
    first = crawl_in(chromium, CrawlConfig([site.url("/")], max_depth=5, max_pages=5, concurrency=2), db)
    limited = first.urls(UrlState.SKIPPED, Reason.LIMIT)
    assert len(first.urls(UrlState.SCANNED)) + len(first.urls(UrlState.FAILED)) <= 5 and limited
    again = crawl_in(
        chromium, CrawlConfig([site.url("/")], max_depth=5, max_pages=100, concurrency=2), db, resume=first.scan_id
    )
    assert not again.urls(UrlState.SKIPPED, Reason.LIMIT)
    assert set(again.urls(UrlState.SCANNED)) == set(expected(site.origin, max_depth=5)["scanned"])
    with Store(db) as store:
        saved = store.page_urls(first.scan_id)
    assert len(saved) == len(set(saved))  # nothing scanned twice
