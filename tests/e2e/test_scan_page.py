"""scan_page against real pages in a real Chromium: what axe finds, where, and how failures are recorded."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from cxlint.crawl.guard import RedirectGuard
from cxlint.model import Outcome, PageStatus
from cxlint.scanner import PageScanner, ScanOptions, scan_page

pytestmark = pytest.mark.e2e

AXE_ONLY = ScanOptions(engines=frozenset({"axe"}), timeout_s=10, network_quiet_s=1)
KEPT = PageScanner(AXE_ONLY, reuse_tabs=True)
"""The default scanner keeps a tab from page to page, as a run keeps one (a new context per page costs a
renderer process); tests that build their own scanner or pass bare options get a new tab per page."""


@pytest.fixture(scope="module", autouse=True)
def _close_kept_tabs(chromium) -> Iterator[None]:
    yield
    chromium.run(KEPT.tabs.close())


def scan(chromium, url: str, opts: ScanOptions | PageScanner = KEPT):
    return chromium.call(lambda b: scan_page(b, url, opts))


def rules_of(page) -> set[str]:
    return {f.rule for f in page.findings if f.outcome is Outcome.VIOLATION}


def test_known_violations_are_reported_exactly(chromium, pages_server):
    page = scan(chromium, pages_server.url("violations.html"))
    assert page.status is PageStatus.SCANNED
    assert rules_of(page) == {"axe/image-alt", "axe/label", "axe/button-name", "axe/link-name"}
    by_rule = {f.rule: f for f in page.findings}
    img = by_rule["axe/image-alt"]
    assert img.location.selector == "#fail-image-alt"
    assert img.location.snippet.startswith("<img")
    assert img.wcag == ["1.1.1"]
    assert img.severity.value == "error"
    assert img.help_url.startswith("https://dequeuniversity.com/rules/axe/")
    assert "Fix" in img.suggestion
    assert img.fingerprint.startswith("cx2-") and len(img.fingerprint) == 20


def test_clean_page_has_no_findings(chromium, pages_server):
    page = scan(chromium, pages_server.url("clean.html"))
    assert page.status is PageStatus.SCANNED
    assert page.findings == []
    assert page.title == "Fixture page with no accessibility problems"
    assert page.lang == "en"


def test_violation_inside_iframes_is_reported_with_the_frame_chain(chromium, pages_server):
    page = scan(chromium, pages_server.url("iframe.html"))
    frames = sorted(tuple(f.location.frames) for f in page.findings if f.rule == "axe/image-alt")
    assert frames == [("#calc",), ("#outer", "#inner")]
    assert all(f.location.selector == "#frame-img" for f in page.findings)


def test_violation_inside_a_cross_origin_iframe_is_reported(chromium, pages_server, other_origin_server):
    url = pages_server.url("xorigin.html?frame=" + other_origin_server.url("frame-violation.html"))
    page = scan(chromium, url)
    hits = [f for f in page.findings if f.rule == "axe/image-alt"]
    assert [(f.location.frames, f.location.selector) for f in hits] == [(["#xframe"], "#frame-img")]


def test_open_shadow_dom_is_covered(chromium, pages_server):
    page = scan(chromium, pages_server.url("shadow.html"))
    hits = [f for f in page.findings if f.rule == "axe/image-alt"]
    assert len(hits) == 1
    assert hits[0].location.selector == "#card >>> #shadow-img"


def test_incomplete_results_are_kept_as_needs_review(chromium, pages_server):
    page = scan(chromium, pages_server.url("review.html"))
    review = [f for f in page.findings if f.outcome is Outcome.NEEDS_REVIEW]
    assert [(f.rule, f.location.selector) for f in review] == [("axe/color-contrast", "#over-image")]


@pytest.mark.parametrize(
    ("path", "code", "reason"),
    [
        ("status/500", "CX003", "HTTP 500"),
        ("status/404", "CX003", "HTTP 404"),
        ("redirect-loop", "CX005", "redirect loop"),
        ("download.pdf", "CX004", "content type is application/pdf, not HTML"),
    ],
)
def test_pages_that_fail_are_recorded_with_their_reason(chromium, pages_server, path, code, reason):
    page = scan(chromium, pages_server.url(path))
    assert page.status is PageStatus.FAILED
    assert page.reason == reason
    assert [f.rule for f in page.findings] == [code]


def test_a_page_that_never_responds_fails_in_bounded_time(chromium, pages_server):
    t0 = time.monotonic()
    page = scan(chromium, pages_server.url("hang"), ScanOptions(engines=frozenset({"axe"}), timeout_s=3))
    elapsed = time.monotonic() - t0
    assert page.status is PageStatus.FAILED
    assert page.findings[0].rule == "CX002"
    assert elapsed < 30, f"a hung page held the scan for {elapsed:.0f}s"


def test_unresolvable_host_is_recorded_not_raised(chromium):
    page = scan(chromium, "http://nonexistent.invalid/")
    assert page.status is PageStatus.FAILED
    assert page.reason == "DNS lookup failed"
    assert page.findings[0].rule == "CX001"


def test_refused_connection_is_recorded(chromium):
    import socket

    with socket.socket() as s:  # a port that was free a moment ago: nobody listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    page = scan(chromium, f"http://127.0.0.1:{port}/")
    assert page.status is PageStatus.FAILED
    assert page.reason == "connection refused"


def test_links_are_collected_from_the_rendered_dom(chromium, pages_server):
    page = scan(chromium, pages_server.url("clean.html"))
    assert page.links["pages"] == [pages_server.url("contact.html")]


def test_off_scope_redirect_is_recorded_not_followed(chromium, pages_server, other_origin_server):
    target = other_origin_server.url("clean.html")
    opts = PageScanner(
        ScanOptions(engines=frozenset({"axe"}), timeout_s=10, network_quiet_s=0.5),
        guard=RedirectGuard([pages_server.url("redirect-to")]),
    )
    before = dict(other_origin_server.hits)
    page = scan(chromium, pages_server.url("redirect-to?u=" + target), opts)
    assert page.status is PageStatus.SKIPPED
    assert page.reason == "redirected off scope"
    assert page.final_url == target
    assert dict(other_origin_server.hits) == before  # the off-site page was never requested


def test_in_scope_redirect_is_followed_with_the_guard_on(chromium, pages_server):
    opts = PageScanner(
        ScanOptions(engines=frozenset({"axe"}), timeout_s=10, network_quiet_s=0.5),
        guard=RedirectGuard([pages_server.url("redirect-to")]),
    )
    page = scan(chromium, pages_server.url("redirect-to?u=/clean.html"), opts)
    assert page.status is PageStatus.SCANNED
    assert page.final_url == pages_server.url("clean.html")


def test_data_cxlint_ignore_suppresses_axe_findings_in_its_subtree(chromium, pages_server):
    page = scan(chromium, pages_server.url("suppressed.html"))
    assert [(f.rule, f.location.selector) for f in page.findings] == [("axe/image-alt", "#not-ignored")]


def test_a_refresh_meta_that_never_fires_is_not_reported_and_one_that_fires_is(chromium, pages_server):
    """ACT bc659a/bisz58: only the first refresh counts; a later, slower one is no barrier (axe flags it)."""
    guard = RedirectGuard([pages_server.url("")])  # the top document is held from the first request, as in a crawl
    scanner = PageScanner(AXE_ONLY, guard=guard)
    moved = scan(chromium, pages_server.url("refresh-second.html"), scanner)
    assert moved.status is PageStatus.SCANNED
    assert "axe/meta-refresh" not in rules_of(moved)
    delayed = scan(chromium, pages_server.url("refresh-delayed.html"), scanner)
    assert [f.location.selector for f in delayed.findings if f.rule == "axe/meta-refresh"] == [
        'meta[http-equiv="refresh"]'
    ]
    # A first refresh that does not parse ('0: url') is ignored, so the delayed one after it fires.
    invalid_first = scan(chromium, pages_server.url("refresh-invalid-first.html"), scanner)
    assert [f.location.snippet for f in invalid_first.findings if f.rule == "axe/meta-refresh"] == [
        '<meta http-equiv="refresh" content="30; url=clean.html">'
    ]
