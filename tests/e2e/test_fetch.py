"""The Playwright fetch adapter against a loopback server: status, redirects, caps, timeouts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest
from playwright.async_api import async_playwright

from cxlint.crawl.fetch import FetchResult, playwright_fetch
from tests.support.server import FixtureServer, Reply, hang, redirect

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer(hang_cap=10)
    srv.route("/robots.txt", lambda p, q: Reply(200, b"User-agent: *\nDisallow: /x\n", {"Content-Type": "text/plain"}))
    srv.route("/big", lambda p, q: Reply(200, b"x" * 5000))
    srv.route("/moved", redirect("/robots.txt"))
    srv.route("/hang", hang())
    srv.start()
    yield srv
    srv.stop()


async def fetch_all(urls: list[str], **kw: float) -> list[FetchResult]:
    async with async_playwright() as pw:
        request = await pw.request.new_context()
        try:
            fetch = playwright_fetch(request, **kw)  # type: ignore[arg-type]
            return [await fetch(u) for u in urls]
        finally:
            await request.dispose()


def test_fetch_status_body_headers_and_redirect(server: FixtureServer) -> None:
    ok, missing, moved = asyncio.run(fetch_all([server.url("/robots.txt"), server.url("/nope"), server.url("/moved")]))
    assert (ok.status, ok.error, ok.ok) == (200, "", True)
    assert ok.body.startswith(b"User-agent")
    assert ok.headers["content-type"] == "text/plain"
    assert missing.status == 404 and not missing.ok
    assert moved.status == 200 and moved.final_url == server.url("/robots.txt")


def test_fetch_caps_body_size(server: FixtureServer) -> None:
    [big] = asyncio.run(fetch_all([server.url("/big")], max_bytes=1000))
    assert big.status == 200 and big.error == "too large" and big.body == b""


def test_fetch_times_out_and_refused_is_a_result(server: FixtureServer) -> None:
    t0 = time.monotonic()
    hung, refused = asyncio.run(fetch_all([server.url("/hang"), "http://127.0.0.1:9/"], timeout=1.0))
    assert time.monotonic() - t0 < 8
    assert (hung.status, hung.error) == (0, "timeout")
    assert (refused.status, refused.error) == (0, "refused")
