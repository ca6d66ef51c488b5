"""The HTML report in a real Chromium: it passes cxlint's own checks (reflow at 320 px included),
its screenshots come from the scan, its filters work, and hostile page content runs nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cxlint.config import Plan
from cxlint.model import Outcome, PageResult, PageStatus, Severity
from cxlint.report.context import ReportContext
from cxlint.report.html import render
from cxlint.runner import run_urls
from cxlint.store import Store
from tests.support.httpd import FixtureServer
from tests.support.report_scan import scan_into_store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]  # real scans of several pages in the fixture
SELF_SCAN = Plan.model_validate({"checks": ["accessibility"], "page": {"timeout": 30}})
"""cxlint's own accessibility checks (axe and the browser checks, reflow at 320 px included)."""

REPORT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"


@pytest.fixture(scope="module")
def real_report(tmp_path_factory, pages_server):
    """A report of a real scan: a hostile page, violations in an iframe, a failed page, needs-review items."""
    site = FixtureServer(REPORT_FIXTURES).start()
    folder = tmp_path_factory.mktemp("report")
    try:
        urls = [site.url("hostile.html?q=%22%3E%3Cscript%3Ewindow.__pwned%3D9%3C/script%3E"), site.url("clean.html"),
                pages_server.url("iframe.html"), pages_server.url("review.html"), pages_server.url("status/404")]
        result = scan_into_store(urls, folder / "scan.db")
    finally:
        site.stop()
    # URLs the crawler would never produce, to prove the report does not trust them either.
    result.pages.append(PageResult(url="javascript:window.__pwned=10", status=PageStatus.SKIPPED,
                                   reason='<script>window.__pwned=11</script>'))
    with Store(folder / "scan.db") as store:
        html = render(result, ReportContext.default(title="<b>Audit</b>", agency="Agency <i>X</i>", store=store))
    (folder / "report.html").write_text(html, encoding="utf-8")
    srv = FixtureServer(folder).start()
    yield srv, result
    srv.stop()


def test_report_passes_cxlint_accessibility_checks_with_zero_errors(real_report):
    srv, _ = real_report
    result = asyncio.run(run_urls([srv.url("report.html")], SELF_SCAN))
    page = result.pages[0]
    assert page.status is PageStatus.SCANNED
    errors = [(f.rule, f.location.selector, f.message) for f in page.findings
              if f.outcome is Outcome.VIOLATION and f.severity is Severity.ERROR]
    assert errors == []
    assert not [f for f in page.findings if f.rule == "A11Y201"]  # reflow at 320 px
    assert page.metrics.get("not_applicable", {}).get("A11Y201") is None  # the reflow check did run


def test_expanded_report_fits_320_and_375_px(chromium, real_report):
    srv, _ = real_report

    async def widths(browser):
        out = {}
        for width in (320, 375):
            ctx = await browser.new_context(viewport={"width": width, "height": 800})
            page = await ctx.new_page()
            await page.goto(srv.url("report.html"))
            await page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
            out[width] = await page.evaluate("""() => {
              const vw = document.documentElement.clientWidth;
              const wide = [...document.querySelectorAll('body *')].filter(e => {
                const r = e.getBoundingClientRect();
                return r.width > 0 && r.right > vw + 1 && !e.closest('.table-wrap, svg');
              }).map(e => e.tagName + '.' + e.className);
              return [document.documentElement.scrollWidth, vw, wide.slice(0, 5)];
            }""")
            await ctx.close()
        return out

    for width, (scroll, viewport, wide) in chromium.call(widths).items():
        assert (scroll, wide) == (viewport, []), width


def test_hostile_page_content_runs_nothing_and_screenshots_are_embedded(chromium, real_report):
    srv, result = real_report

    async def open_report(browser):
        ctx = await browser.new_context()
        page = await ctx.new_page()
        dialogs: list[str] = []
        requests: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), asyncio.ensure_future(d.dismiss())))
        page.on("request", lambda r: requests.append(r.url))
        await page.goto(srv.url("report.html"))
        for summary in await page.query_selector_all("details > summary"):
            await summary.click()  # open every rule so all snippets and images are live
        await page.wait_for_timeout(300)
        pwned = await page.evaluate("() => window.__pwned")
        text = await page.inner_text("body")
        images = await page.evaluate(
            "() => [...document.querySelectorAll('figure.shot img, img.thumb')].map(i => [i.className, i.naturalWidth])"
        )
        await ctx.close()
        return dialogs, requests, pwned, text, images

    dialogs, requests, pwned, text, images = chromium.call(open_report)
    assert dialogs == []
    assert pwned is None
    assert [r for r in requests if not r.startswith("data:")] == [srv.url("report.html")]
    assert "<script>window.__pwned=1;alert(1)</script>" in text  # the hostile title, as text
    assert "<script>window.__pwned=11</script>" in text
    assert "<b>Audit</b>" in text and "agency <i>x</i>" in text.lower()  # the brand line is upper-cased by CSS
    # Screenshots taken during the scan are in the report and decode as images.
    shots = [w for cls, w in images if cls != "thumb"]
    thumbs = [w for cls, w in images if cls == "thumb"]
    assert shots and all(w > 0 for w in shots)
    assert len(thumbs) == sum(1 for p in result.pages if p.status is PageStatus.SCANNED)
    assert all(w == 320 for w in thumbs)  # a 1280 px viewport at a quarter of its size


def test_filters_work_with_javascript_and_the_report_is_whole_without(chromium, real_report):
    srv, _ = real_report

    async def filtered(browser):
        out = {}
        for js in (True, False):
            ctx = await browser.new_context(java_script_enabled=js)
            page = await ctx.new_page()
            await page.goto(srv.url("report.html"))
            form_visible = await page.is_visible("#filters")
            total = await page.locator("details[data-rule]").count()
            shown_after = None
            if js:
                await page.select_option("select[name=severity]", "needs-review")
                shown_after = await page.locator("details[data-rule]:not([hidden])").count()
                sevs = await page.eval_on_selector_all(
                    "details[data-rule]:not([hidden])", "els => els.map(e => e.dataset.severity)")
                assert set(sevs) == {"needs-review"}
                status = await page.inner_text("#filter-status")
                assert status.startswith(f"Showing {shown_after} of {total} rules")
            out[js] = (form_visible, total, shown_after)
            await ctx.close()
        return out

    out = chromium.call(filtered)
    assert out[True][0] is True and out[False][0] is False
    assert out[True][1] == out[False][1] > out[True][2] > 0
