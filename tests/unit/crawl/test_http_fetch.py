"""The streaming fetch against a loopback server: caps without a length, gzip, where headers go, errors."""

from __future__ import annotations

import asyncio
import base64
import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxlint.crawl.fetch import FetchResult, http_fetch
from tests.support.hostile import HostileServer, Stream, endless_text, gzip_bomb
from tests.support.server import Reply, hang, redirect


@pytest.fixture(scope="module")
def server() -> Iterator[HostileServer]:
    srv = HostileServer()
    srv.stream("/endless", lambda p, q: Stream(endless_text(b"x" * 100 + b"\n", 100 * 1024 * 1024)))
    srv.route("/small", lambda p, q: Reply(200, b"hello", {"Content-Type": "text/plain"}))
    bomb = gzip_bomb(64 * 1024 * 1024, b"", b"y")
    srv.route("/encoded", lambda p, q: Reply(200, bomb, {"Content-Encoding": "gzip"}))
    srv.route("/gz-small", lambda p, q: Reply(200, gzip.compress(b"zipped"), {"Content-Encoding": "gzip"}))
    for i in range(15):
        srv.route(f"/hop{i}", redirect(f"/hop{i + 1}"))
    srv.route("/loop", redirect("/loop"))
    srv.route("/moved", redirect("/small", 301))
    srv.route("/hang", hang())
    srv.start()
    yield srv
    srv.stop()


def get(url: str, **kw: object) -> FetchResult:
    max_bytes = kw.pop("max_bytes", None)
    fetch = http_fetch(user_agent="cxlint-test", **kw)  # type: ignore[arg-type]
    return asyncio.run(fetch(url, max_bytes=max_bytes))  # type: ignore[arg-type]


def test_small_body_redirect_and_missing(server: HostileServer) -> None:
    ok = get(server.url("/moved"))
    assert (ok.status, ok.body, ok.final_url, ok.truncated) == (200, b"hello", server.url("/small"), False)
    assert get(server.url("/nope")).status == 404


def test_a_body_without_length_is_cut_at_the_cap_and_the_rest_never_read(server: HostileServer) -> None:
    r = get(server.url("/endless"), max_bytes=512 * 1024)
    assert r.status == 200 and r.truncated and len(r.body) == 512 * 1024 and not r.error


def test_a_gzip_encoded_bomb_is_cut_after_inflating(server: HostileServer) -> None:
    r = get(server.url("/encoded"), max_bytes=1024 * 1024)
    assert r.truncated and len(r.body) == 1024 * 1024 and set(r.body) == {ord("y")}
    assert "content-encoding" not in r.headers
    assert get(server.url("/gz-small")).body == b"zipped"


def test_the_fetch_cap_is_the_smaller_of_the_two(server: HostileServer) -> None:
    fetch = http_fetch(user_agent="t", max_bytes=1000)
    r = asyncio.run(fetch(server.url("/endless"), max_bytes=10**9))
    assert len(r.body) == 1000 and r.truncated


def test_headers_and_credentials_go_to_the_scan_origins_only(server: HostileServer, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    cookie = {"name": "sid", "value": "c00kie", "domain": "127.0.0.1", "path": "/", "secure": False}
    state.write_text(json.dumps({"cookies": [cookie], "origins": []}))
    creds = {"username": "u", "password": "pw", "origin": server.origin}
    kw = {"headers": {"X-Token": "secret"}, "credentials": creds, "storage_state": str(state)}
    get(server.url("/small"), origins=[server.origin], **kw)
    sent = server.seen_headers["/small"][-1]
    assert sent["x-token"] == "secret" and sent["cookie"] == "sid=c00kie"
    assert sent["authorization"] == "Basic " + base64.b64encode(b"u:pw").decode()
    assert sent["user-agent"] == "cxlint-test"
    get(server.url("/small"), origins=["https://elsewhere.gov"], **{**kw, "credentials": {**creds, "origin": "https://elsewhere.gov"}})
    sent = server.seen_headers["/small"][-1]
    assert "x-token" not in sent and "authorization" not in sent


def test_loops_chains_hangs_and_refusals_are_results(server: HostileServer) -> None:
    assert get(server.url("/loop")).error == "redirect loop"
    assert get(server.url("/hop0")).error == "too many redirects"
    t0 = time.monotonic()
    hung = get(server.url("/hang"), timeout=1.0)
    assert (hung.status, hung.error) == (0, "timeout") and time.monotonic() - t0 < 8
    assert get("http://127.0.0.1:9/").error == "refused"
