"""CX008 and frame links in a real Chromium: which failed requests count, where they are reported, what frames give.

Pages come from route handlers on loopback servers; any path without a route answers 404.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.async_api import Browser

from cxlint.model import PageResult
from cxlint.resources import MAX_FINDINGS, watch_resources
from cxlint.scanner import ScanOptions, scan_page
from tests.support.server import FixtureServer, html

pytestmark = pytest.mark.e2e

OPTS = ScanOptions(engines=frozenset(), timeout_s=10, network_quiet_s=1.0)
DOC = "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>{body}</body></html>"


def doc(title: str, body: str, head: str = "") -> str:
    return DOC.format(title=title, head=head, body=body)


@pytest.fixture(scope="module")
def partner() -> Iterator[FixtureServer]:
    """Another origin (localhost, not 127.0.0.1): its frame's links belong to someone else's site."""
    srv = FixtureServer(host="localhost")
    srv.route("/player.html", lambda p, q: html(doc("Player", '<a href="/watch-more.html">More videos</a>')))
    yield srv.start()
    srv.stop()


@pytest.fixture(scope="module")
def site(partner: FixtureServer) -> Iterator[FixtureServer]:
    srv = FixtureServer()
    srv.route("/third-party.html", lambda p, q: html(doc(
        "Third-party and API failures",
        '<img src="http://localhost:1/badge.png" alt="Badge"><script src="http://localhost:1/analytics.js"></script>'
        "<script>fetch('/api/session').catch(() => {});</script>",
    )))
    images = "".join(f'<img src="/img/missing-{i}.png" alt="Photo {i}">' for i in range(MAX_FINDINGS + 5))
    srv.route("/many.html", lambda p, q: html(doc("Many missing images", images)))
    srv.route("/styled.html", lambda p, q: html(doc(
        "Resources a stylesheet and a frame ask for",
        '<p>Text in the missing font.</p><iframe id="calc" src="/calc.html" title="Calculator"></iframe>',
        head="<style>@font-face { font-family: Agency; src: url(/fonts/agency.woff2); }"
        " body { font-family: Agency; background: url(/img/missing-bg.png); }</style>",
    )))
    srv.route("/calc.html", lambda p, q: html(doc("Calculator", '<img class="icon" src="/img/missing-icon.png" alt="">')))
    srv.route("/framed.html", lambda p, q: html(doc(
        "Page with frames",
        '<a href="/top-link.html">Top</a><iframe src="/inner.html" title="Inner"></iframe>'
        f'<iframe src="{partner.url("/player.html")}" title="Video"></iframe>',
    )))
    srv.route("/inner.html", lambda p, q: html(doc("Inner", '<a href="/inner-link.html" target="_top">Next step</a>')))
    yield srv.start()
    srv.stop()


def scan(chromium, url: str) -> PageResult:
    return chromium.call(lambda b: scan_page(b, url, OPTS))


def test_other_origins_and_api_calls_are_seen_but_not_the_pages_own_failures(chromium, site):
    async def load(browser: Browser) -> tuple[list[str], int, int]:
        ctx = await browser.new_context()
        try:
            page = await ctx.new_page()
            watch = watch_resources(page)
            await page.goto(site.url("/third-party.html"))
            await page.wait_for_load_state("networkidle")
            return sorted(watch.failures), len(watch.own_failures()), len(await watch.findings())
        finally:
            await ctx.close()

    seen, own, findings = chromium.call(load)
    assert seen == ["http://localhost:1/analytics.js", "http://localhost:1/badge.png"]  # failed, and recorded
    assert (own, findings) == (0, 0)  # but another origin's, so not the page's own
    assert site.hits["/api/session"] >= 1  # the 404 API call happened: fetch is not a resource of the page


def test_failures_beyond_the_cap_are_counted_in_one_finding(chromium, site):
    found = [f for f in scan(chromium, site.url("/many.html")).findings if f.rule == "CX008"]
    assert len(found) == MAX_FINDINGS + 1
    assert len({f.fingerprint for f in found}) == len(found)  # each failed file is its own finding
    assert found[-1].message == "5 more of the page's own resources failed to load"
    assert len(found[-1].data["more"]) == 5


def test_resources_asked_for_by_a_stylesheet_or_inside_a_frame(chromium, site):
    found = {f.location.text: f for f in scan(chromium, site.url("/styled.html")).findings if f.rule == "CX008"}
    assert set(found) == {"/fonts/agency.woff2", "/img/missing-bg.png", "/img/missing-icon.png"}
    assert found["/fonts/agency.woff2"].data["resource_type"] == "font"
    assert found["/img/missing-bg.png"].location.selector == "html"  # a CSS background has no element of its own
    icon = found["/img/missing-icon.png"].location
    assert (icon.frames, icon.selector) == (["#calc"], "html > body > img")


def test_links_inside_same_origin_frames_are_the_pages_links_and_frames_are_not_followed(chromium, site, partner):
    links = scan(chromium, site.url("/framed.html")).links
    assert links["pages"] == [site.url("/top-link.html"), site.url("/inner-link.html")]
    assert links["frames"] == [site.url("/inner.html"), partner.url("/player.html")]
    assert partner.hits["/player.html"] == 1  # the frame loaded; its links (another site's) were not taken
