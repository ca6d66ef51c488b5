"""The speed levers keep results: what a page draws after load is still checked, pages stay isolated."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from cxlint import tabs
from cxlint.model import Outcome
from cxlint.scanner import PageScanner, ScanOptions, scan_page
from tests.support import server
from tests.support.httpd import FixtureServer

pytestmark = pytest.mark.e2e

LATE_IMAGE = """<!doctype html><html lang="en"><head><title>Late content</title></head><body><main>
<h1>Late content</h1><div id="slot"></div>
<script>
addEventListener('load', () => {
  fetch('/slow-data').then((r) => r.text()).then((src) => {
    const img = document.createElement('img');
    img.id = 'late-img';
    img.src = src;
    document.getElementById('slot').appendChild(img);
    document.title = 'Late content, drawn';
  });
});
</script></main></body></html>"""

STATIC = """<!doctype html><html lang="en"><head><title>Static</title></head><body><main>
<h1>Static</h1><img id="static-img" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>"""


TIMER = """<!doctype html><html lang="en"><head><title>Timer</title></head><body><main><h1>Timer</h1>
<script>addEventListener('load', () => setTimeout(() => { document.title = 'Timer, drawn'; }, 200));</script>
</main></body></html>"""


def _slow_data(_path: str, _query: str) -> server.Reply:
    time.sleep(0.8)  # in flight well past the load event
    return server.Reply(200, b"data:image/gif;base64,R0lGODlhAQABAAAAACw=", {"Content-Type": "text/plain"})


@pytest.fixture(scope="module")
def site() -> Iterator[FixtureServer]:
    srv = FixtureServer(None)  # type: ignore[arg-type]
    srv.route("/late.html", lambda p, q: server.html(LATE_IMAGE))
    srv.route("/static.html", lambda p, q: server.html(STATIC))
    srv.route("/timer.html", lambda p, q: server.html(TIMER))
    srv.route("/slow-data", _slow_data)
    srv.start()
    yield srv
    srv.stop()


def _image_alt(page) -> list[str]:
    return [f.location.selector for f in page.findings if f.rule == "axe/image-alt" and f.outcome is Outcome.VIOLATION]


def test_content_fetched_after_load_is_waited_for_and_checked(chromium, site):
    opts = ScanOptions(engines=frozenset({"axe"}), timeout_s=10, network_quiet_s=3)
    page = chromium.call(lambda b: scan_page(b, site.url("late.html"), opts))
    assert page.status.value == "scanned", page.reason
    # the title is read first thing after the wait: it shows what the page looked like when checks began
    assert page.title == "Late content, drawn"
    assert _image_alt(page) == ["#late-img"]


def test_a_page_with_scripts_gets_the_network_idle_wait_even_with_nothing_in_flight(chromium, site):
    """A script may change the page a moment after load without any request (links drawn by a timer)."""
    opts = ScanOptions(engines=frozenset(), timeout_s=10, network_quiet_s=3)
    page = chromium.call(lambda b: scan_page(b, site.url("timer.html"), opts))
    assert page.title == "Timer, drawn"


def test_a_static_page_with_nothing_in_flight_is_checked_as_loaded(chromium, site):
    opts = ScanOptions(engines=frozenset({"axe"}), timeout_s=10, network_quiet_s=3)
    page = chromium.call(lambda b: scan_page(b, site.url("static.html"), opts))
    assert page.status.value == "scanned", page.reason
    assert _image_alt(page) == ["#static-img"]


WRITER = """<!doctype html><html lang="en"><head><title>Writer</title></head><body><main><h1>Writer</h1>
<script>
document.cookie = 'visited=1; path=/';
localStorage.setItem('visited', '1');
sessionStorage.setItem('visited', '1');
window.name = 'visited';
addEventListener('beforeunload', (e) => { e.preventDefault(); e.returnValue = ''; });
</script></main></body></html>"""

READER = """<!doctype html><html lang="en"><head><title>Reader</title></head><body><main><h1>Reader</h1>
<script>
const seen = [];
if (document.cookie.includes('visited')) seen.push('cookie');
if (localStorage.getItem('visited')) seen.push('localStorage');
if (sessionStorage.getItem('visited')) seen.push('sessionStorage');
if (window.name) seen.push('window.name');
document.title = seen.length ? 'saw ' + seen.join(' ') : 'clean';
</script></main></body></html>"""


@pytest.fixture(scope="module")
def two_pages() -> Iterator[FixtureServer]:
    srv = FixtureServer(None)  # type: ignore[arg-type]
    srv.route("/writer.html", lambda p, q: server.html(WRITER))
    srv.route("/reader.html", lambda p, q: server.html(READER))
    srv.start()
    yield srv
    srv.stop()


def _scan_in_order(chromium, scanner: PageScanner, urls: list[str]):
    async def go(browser):
        try:
            return [await scan_page(browser, u, scanner) for u in urls]
        finally:
            await scanner.tabs.close()

    return chromium.call(go)


def test_a_reused_tab_shows_the_next_page_nothing_of_the_last(chromium, two_pages):
    """Cookies, local and session storage and window.name set by one page are gone for the next."""
    scanner = PageScanner(ScanOptions(engines=frozenset(), timeout_s=10, network_quiet_s=1), reuse_tabs=True)
    urls = [two_pages.url("writer.html"), two_pages.url("reader.html"), two_pages.url("writer.html")]
    writer, reader, again = _scan_in_order(chromium, scanner, urls)
    assert [p.status.value for p in (writer, reader, again)] == ["scanned"] * 3
    assert scanner.tabs.opened == 1  # one tab served all three pages
    assert reader.title == "clean"
    # the context is where the time of opening and cleaning a tab is counted
    assert reader.metrics["timings"]["context"] >= 0


def test_a_tab_is_retired_after_its_share_of_pages(chromium, two_pages, monkeypatch):
    """A fresh tab after MAX_USES pages: a long-lived context's records stay bounded."""
    monkeypatch.setattr(tabs, "MAX_USES", 2)
    scanner = PageScanner(ScanOptions(engines=frozenset(), timeout_s=10, network_quiet_s=1), reuse_tabs=True)
    urls = [two_pages.url("writer.html"), two_pages.url("reader.html"), two_pages.url("writer.html")]
    pages = _scan_in_order(chromium, scanner, urls)
    assert [p.status.value for p in pages] == ["scanned"] * 3
    assert scanner.tabs.opened == 2


def test_without_reuse_each_url_gets_its_own_tab(chromium, two_pages):
    scanner = PageScanner(ScanOptions(engines=frozenset(), timeout_s=10, network_quiet_s=1))
    urls = [two_pages.url("writer.html"), two_pages.url("reader.html")]
    _, reader = _scan_in_order(chromium, scanner, urls)
    assert scanner.tabs.opened == 2
    assert reader.title == "clean"


@pytest.mark.parametrize(
    ("body", "static"),
    [
        ("<p>Text</p><a href='/x'>link</a>", True),
        ("<iframe srcdoc='<p>inside</p>'></iframe>", True),
        ("<script>1</script>", False),
        ("<button onclick='1'>Go</button>", False),
        ("<iframe srcdoc='<script>1</script>'></iframe>", False),
        ("<meta http-equiv='refresh' content='5'>", False),
        ("<style>p{animation:fade 30s}@keyframes fade{to{opacity:0}}</style><p>Fading</p>", False),
    ],
)
def test_only_a_page_nothing_can_change_after_load_skips_the_wait(chromium, body, static):
    from cxlint.scanner import _STILL_JS

    async def check(browser):
        ctx = await browser.new_context()
        try:
            page = await ctx.new_page()
            await page.set_content(f"<!doctype html><html lang='en'><head><title>t</title></head><body>{body}</body></html>")
            await page.wait_for_load_state("load")
            return await page.evaluate(_STILL_JS)
        finally:
            await ctx.close()

    assert chromium.call(check) is static


def test_a_reused_tab_gets_its_viewport_back(chromium, two_pages):
    """A check that resized the page and could not restore it does not hand that size to the next page."""
    from cxlint.tabs import TabPool

    async def go(browser):
        pool = TabPool(lambda b, url: b.new_context(viewport={"width": 1280, "height": 900}), reuse=True)
        try:
            tab = await pool.take(browser, two_pages.url("reader.html"))
            await tab.page.goto(two_pages.url("reader.html"))
            await tab.page.set_viewport_size({"width": 320, "height": 900})
            await pool.give_back(tab, healthy=True)
            again = await pool.take(browser, two_pages.url("writer.html"))
            return again is tab, again.page.viewport_size, pool.opened
        finally:
            await pool.close()

    same, size, opened = chromium.call(go)
    assert same and opened == 1
    assert size == {"width": 1280, "height": 900}
