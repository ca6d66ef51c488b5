"""The HTML report in a real Chromium: it passes cxlint's own checks, and hostile page content runs nothing."""

from __future__ import annotations

import asyncio

import pytest

from cxlint.config import Plan
from cxlint.model import Outcome
from cxlint.report import REPORTERS
from cxlint.report.context import ReportContext
from cxlint.runner import run_urls
from cxlint.scanner import ScanOptions, scan_page
from tests.support.httpd import FixtureServer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def real_report(tmp_path_factory, pages_server):
    """A report of a real scan that includes a hostile page, a failed page and needs-review items."""
    urls = [pages_server.url(p) for p in ("violations.html", "hostile.html", "review.html", "iframe.html", "status/404")]
    result = asyncio.run(run_urls(urls, Plan.model_validate({"page": {"timeout": 10}})))
    folder = tmp_path_factory.mktemp("report")
    (folder / "report.html").write_text(REPORTERS["html"].render(result, ReportContext.default()), encoding="utf-8")
    srv = FixtureServer(folder).start()
    yield srv
    srv.stop()


def test_report_passes_cxlint_accessibility_checks(chromium, real_report):
    page = chromium.call(lambda b: scan_page(b, real_report.url("report.html"), ScanOptions(timeout_s=20)))
    violations = [(f.rule, f.location.selector) for f in page.findings if f.outcome is Outcome.VIOLATION]
    assert violations == []


def test_hostile_page_content_runs_nothing_in_the_report(chromium, real_report):
    async def open_report(browser):
        ctx = await browser.new_context()
        page = await ctx.new_page()
        dialogs: list[str] = []
        requests: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), asyncio.ensure_future(d.dismiss())))
        page.on("request", lambda r: requests.append(r.url))
        await page.goto(real_report.url("report.html"))
        for summary in await page.query_selector_all("details > summary"):
            await summary.click()  # open every rule so all snippets are in the live DOM
        await page.wait_for_timeout(300)
        pwned = await page.evaluate("() => window.__pwned === 1")
        text = await page.inner_text("body")
        await ctx.close()
        return dialogs, requests, pwned, text

    dialogs, requests, pwned, text = chromium.call(open_report)
    assert dialogs == []
    assert pwned is False
    assert requests == [real_report.url("report.html")]
    assert "<script>window.__pwned=1;alert(1)</script>" in text  # shown as text
