"""Faults from a hostile site on 127.0.0.1, each driven through the real CLI (a subprocess, real Chromium)."""

from __future__ import annotations

import base64
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from cxlint.scanner import ScanOptions, scan_page
from cxlint.store import Store
from tests.support.hostile import HostileServer, huge_files_site, page, secrets_site, trap_site, wrong_states_site

pytestmark = pytest.mark.e2e
PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def cxlint(*args: str, cwd: Path, timeout: float = 240, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cxlint", *args],
        capture_output=True, text=True, timeout=timeout, cwd=cwd, stdin=subprocess.DEVNULL,
        env={**os.environ, "CI": "true", **(env or {})},
    )  # fmt: skip


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr[-2000:]
    assert lines[0].startswith("cxlint: error: "), lines[0]
    return lines[0]


def test_pages_that_misbehave_end_in_the_right_state(tmp_path: Path) -> None:
    site, other = wrong_states_site()
    try:
        proc = cxlint(
            "scan", site.url("/"), "--out", str(tmp_path / "out"), "-f", "json", "--store", str(tmp_path / "c.db"),
            "--checks", "accessibility", "--timeout", "15", "--concurrency", "3", cwd=tmp_path,
        )  # fmt: skip
        assert proc.returncode in (0, 1), proc.stderr[-3000:]
        assert "Traceback" not in proc.stderr and "Task exception" not in proc.stderr, proc.stderr[-3000:]
        data = json.loads((tmp_path / "out" / "results.json").read_text())
    finally:
        site.stop()
        other.stop()
    # Scanned and failed pages, and (schema 2.0) the links not followed, with their state as "status".
    listed = [*data["pages"], *({**x, "status": x["state"], "findings": []} for x in data["links_not_followed"])]
    pages = {p["url"].removeprefix(site.origin): p for p in listed}

    # A script that sends the page to another port: the page is checked as itself, the other origin is a link.
    jsnav = pages["/jsnav"]
    assert jsnav["status"] == "scanned" and jsnav["title"] == "Moves to another port"
    assert jsnav["final_url"] == site.url("/jsnav")
    assert not [f for f in jsnav["findings"] if f["rule"] == "axe/image-alt"], "the other origin's findings"
    assert jsnav["metrics"]["navigated_to"] == [other.url("/other")]
    assert pages[other.url("/other")]["status"] == "skipped"
    assert pages[other.url("/other")]["reason"].startswith("out of scope")
    assert other.hits["/other"] == 0

    # A meta refresh after load: the page is checked, its target found and scanned.
    assert pages["/refresh"]["status"] == "scanned" and pages["/refresh"]["title"] == "Refreshes"
    assert pages["/moved"]["status"] == "scanned" and pages["/moved"]["title"] == "Where the refresh goes"

    # A long chain is not a loop; a loop is.
    assert pages["/r0"]["status"] == "failed"
    assert pages["/r0"]["reason"].startswith("too many redirects"), pages["/r0"]["reason"]
    assert pages["/loop-a"]["status"] == "failed" and pages["/loop-a"]["reason"] == "redirect loop"

    # A page behind HTTP authentication is an HTTP 401, not "unreachable" with a raw net:: code.
    auth = pages["/auth"]
    assert auth["status"] == "failed" and auth["reason"].startswith("HTTP 401"), auth["reason"]
    assert [f["rule"] for f in auth["findings"]] == ["CX003"]
    assert "net::" not in json.dumps(auth)

    # A download found by a link is skipped with its reason, in the results as in the store.
    dl = pages["/dl"]
    assert dl["status"] == "skipped" and dl["reason"].startswith("non-HTML"), dl
    assert dl["findings"] == []
    with Store(tmp_path / "c.db") as store:
        [scan] = store.list_scans()
        states = {r.url: r.state.value for r in store.load_urls(scan.id, requeue_in_flight=False)}
    assert states[site.url("/dl")] == "skipped"


def test_a_page_that_stops_answering_fails_on_its_deadline_quietly(tmp_path: Path) -> None:
    """Its checks are cancelled by the page's deadline: no "Task exception was never retrieved" trace.

    The deadline comes from the configuration file found in the working folder (``page.deadline``), far
    below the default for ``--timeout 30`` (120 s): a scan that ignored it would outlive the subprocess's limit.
    It is short because the page's script keeps a core busy until then; the page itself loads in a second or
    two, so the deadline still lands while its checks run.
    """
    (tmp_path / "cxlint.toml").write_text("[page]\ndeadline = 5\n", encoding="utf-8")
    site, other = wrong_states_site()
    try:
        proc = cxlint(
            "scan", site.url("/busy"), "--out", str(tmp_path / "out"), "-f", "json", "--store", str(tmp_path / "c.db"),
            "--checks", "plain-language", "--timeout", "30", cwd=tmp_path, timeout=100,
        )  # fmt: skip
    finally:
        site.stop()
        other.stop()
    assert "Task exception" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert one_error_line(proc).endswith("/busy: timed out while checking the page)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--storage-state", "{bad}"], "--storage-state '{bad}': not valid JSON (line 1, column 2); save one with 'cxlint login'"),
        (["--browser", "/bin/false"], "browser '/bin/false' did not start: it exited (code 1) before it was ready; is it a Chromium or Chrome?"),
        (["--timeout", "inf"], "--timeout 'inf': must be a finite number"),
        (["--delay", "inf"], "--delay 'inf': must be a finite number"),
        (["--format", ","], "--format: name at least one format (console, html, json, sarif, junit, csv, markdown, github)"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{bad")
    args = [a.replace("{bad}", str(bad)) for a in args]
    message = message.replace("{bad}", str(bad))
    proc = cxlint("scan", str(PAGES / "clean.html"), "--out", str(tmp_path / "out"), *args, cwd=tmp_path)
    assert one_error_line(proc) == f"cxlint: error: {message}"
    assert not (tmp_path / "out").exists()


def test_a_second_scan_cannot_take_over_a_running_one(tmp_path: Path) -> None:
    """``scan --resume`` while the scan runs: refused in one line; the running scan finishes, each page once."""
    release = threading.Event()
    site = HostileServer()
    site.route("/", lambda p, q: page("Home", "<a href='/held'>Held</a> <a href='/next'>Next</a>"))
    site.route("/held", lambda p, q: (release.wait(120), page("Held until the test lets go"))[1])
    site.route("/next", lambda p, q: page("Next"))
    site.start()
    db, out = tmp_path / "c.db", tmp_path / "out"
    base = ["scan", "--store", str(db), "--out", str(out), "-f", "json", "--checks", "plain-language", "--timeout", "150"]
    first = subprocess.Popen(
        [sys.executable, "-m", "cxlint", *base, site.url("/")], cwd=tmp_path, env={**os.environ, "CI": "true"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        lock = Path(f"{db}.lock")
        deadline = time.monotonic() + 120
        while first.poll() is None and time.monotonic() < deadline and not site.hits["/held"]:
            time.sleep(0.05)
        assert site.hits["/held"] and first.poll() is None, "the first scan never reached the held page"
        pid, scan_id = lock.read_text().split()
        second = cxlint(*base, "--resume", cwd=tmp_path)
        assert one_error_line(second) == (
            f"cxlint: error: results store {db} is in use by a running scan (scan {scan_id}, pid {pid}); "
            "wait for it to finish or stop it, or use another --store"
        )
        release.set()
        _, stderr = first.communicate(timeout=120)
        assert first.returncode in (0, 1) and "Traceback" not in stderr, stderr[-3000:]
        with Store(db) as store:
            [scan] = store.list_scans()
            saved = store.page_urls(scan.id)
        assert scan.meta["status"] == "complete"
        assert sorted(saved) == sorted(site.url(p) for p in ("/", "/held", "/next"))
        assert site.hits["/held"] == 1 and site.hits["/next"] == 1
    finally:
        release.set()
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait(30)
        site.stop()


def test_secrets_go_to_the_site_only_and_never_come_back_out(tmp_path: Path) -> None:
    """--header $VAR values reach only the scan's origin; credentials in the URL become HTTP credentials;
    a page that echoes them back leaves no trace of either in stdout, stderr, reports or the store."""
    token, password = "tok-7f3a9c-staging-secret", "pa55-w0rd-9931"
    site, third = secrets_site("auditor", password)
    url = site.url("/").replace("http://", f"http://auditor:{password}@")
    out, db = tmp_path / "out", tmp_path / "store" / "c.db"
    try:
        proc = cxlint(
            "scan", url, "--no-follow", "-H", "X-Token: $CX_TEST_TOKEN", "--out", str(out), "-f", "json,html,console",
            "--store", str(db), "--checks", "plain-language", cwd=tmp_path, env={"CX_TEST_TOKEN": token},
        )  # fmt: skip
    finally:
        site.stop()
        third.stop()
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    data = json.loads((out / "results.json").read_text())
    [home] = data["pages"]
    assert home["status"] == "scanned", home  # the credentials were used: the page is behind Basic auth
    assert home["title"] == "Debug [redacted]"
    assert home["url"] == site.url("/") and data["meta"]["start_urls"] == [site.url("/")]
    # Sent where they belong, and nowhere else.
    assert all(h.get("x-token") == token for h in site.seen_headers["/"])
    assert site.seen_headers["/own.png"][0].get("x-token") == token
    assert [h.get("x-token") for h in third.seen_headers["/pixel.png"]] == [None]
    assert "authorization" not in third.seen_headers["/pixel.png"][0]
    # Written nowhere.
    written = {"stdout": proc.stdout, "stderr": proc.stderr}
    for path in tmp_path.rglob("*"):
        if path.is_file():
            written[str(path)] = path.read_bytes().decode("utf-8", "replace")
    for where, text in written.items():
        for secret in (token, password, base64.b64encode(f"auditor:{password}".encode()).decode()):
            assert secret not in text, f"a secret in {where}"


def test_huge_robots_and_sitemaps_are_read_with_caps(tmp_path: Path) -> None:
    """200 MB robots.txt and sitemap without a length, gzip bombs of 400 MB: capped reads, the crawl goes on."""
    site, streams = huge_files_site()
    try:
        proc = cxlint(
            "scan", site.url("/"), "--out", str(tmp_path / "out"), "-f", "json", "--store", str(tmp_path / "c.db"),
            "--checks", "plain-language", cwd=tmp_path,
        )  # fmt: skip
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    finally:
        site.stop()
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    listed = [*data["pages"], *({**x, "status": x["state"], "findings": []} for x in data["links_not_followed"])]
    states = {p["url"].removeprefix(site.origin): (p["status"], p["reason"]) for p in listed}
    assert states["/"][0] == "scanned" and states["/from-sitemap"][0] == "scanned"
    assert states["/private/report"] == ("skipped", "disallowed by robots.txt")  # robots.txt's head was read
    errors = dict(e.split(": ", 1) for e in (s.removeprefix(site.origin) for s in data["meta"]["config"]["sitemap_errors"]))
    cap = 50 * 1024 * 1024
    assert errors == {
        "/big.xml": f"larger than {cap} bytes",
        "/bomb.xml.gz": f"larger than {cap} bytes uncompressed",
        "/encoded.xml": f"larger than {cap} bytes",
    }
    assert streams["robots"].sent[0] < 16 * 1024 * 1024  # read 512 KiB, then hung up
    assert streams["big"].sent[0] < cap + 16 * 1024 * 1024
    assert peak_kib < 900 * 1024, f"a child process peaked at {peak_kib // 1024} MiB"


def test_an_endless_calendar_is_cut_and_a_real_listing_is_not(tmp_path: Path) -> None:
    site = trap_site()
    try:
        proc = cxlint(
            "scan", site.url("/"), "--max-pages", "40", "--out", str(tmp_path / "out"), "-f", "json",
            "--store", str(tmp_path / "c.db"), "--checks", "plain-language", "--concurrency", "2", cwd=tmp_path,
        )  # fmt: skip
    finally:
        site.stop()
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    by_status: dict[str, list[str]] = {}
    for p in data["pages"]:
        by_status.setdefault(p["status"], []).append(p["url"].removeprefix(site.origin))
    assert {f"/news?page={n}" for n in range(1, 9)} <= set(by_status["scanned"])
    events = [u for u in by_status["scanned"] if u.startswith("/events")]
    assert 5 <= len(events) <= 8, events
    not_followed = data["links_not_followed"]
    trapped = [p for p in not_followed if p["reason"].startswith("suspected crawler trap")]
    assert trapped and all("/events?month=" in p["url"] for p in trapped)
    assert not [p for p in [*data["pages"], *not_followed] if p["reason"] == "limit reached"]
    [trap] = data["meta"]["config"]["traps"]
    assert trap["pattern"] == f"{site.origin}/events?month" and trap["scanned"] == len(events)


def test_injected_headers_keep_the_storage_state_cookies(chromium, tmp_path: Path) -> None:
    """The per-request header route must not drop what the browser adds itself (cookies from --storage-state)."""
    site = HostileServer()
    site.route("/", lambda p, q: page("Signed in"))
    site.start()
    state = tmp_path / "state.json"
    cookie = {"name": "sid", "value": "c00kie", "domain": "127.0.0.1", "path": "/", "expires": -1,
              "httpOnly": False, "secure": False, "sameSite": "Lax"}  # fmt: skip
    state.write_text(json.dumps({"cookies": [cookie], "origins": []}))
    opts = ScanOptions(engines=frozenset(), headers={"X-Token": "abc-1234"}, storage_state=str(state))
    try:
        result = chromium.call(lambda b: scan_page(b, site.url("/"), opts))
    finally:
        site.stop()
    assert result.status.value == "scanned", result.reason
    [sent] = site.seen_headers["/"]
    assert sent["x-token"] == "abc-1234" and sent["cookie"] == "sid=c00kie"
