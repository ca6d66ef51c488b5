"""The agency roll-up from real scans of two small fixture sites, with an earlier audit in the store."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cxlint.config import Plan
from cxlint.model import Outcome, Severity
from cxlint.report.agency import SiteResults, render_agency
from cxlint.report.context import ReportContext
from cxlint.runner import run_urls
from cxlint.store import Store
from tests.support.httpd import FixtureServer
from tests.support.report_scan import scan_into_store

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]  # real scans of several pages in the fixture
SELF_SCAN = Plan.model_validate({"checks": ["accessibility"], "page": {"timeout": 30}})
"""cxlint's own accessibility checks (axe and the browser checks, reflow at 320 px included)."""

AGENCY = Path(__file__).resolve().parents[1] / "fixtures" / "agency"


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agency")
    db = folder / "audit.db"
    servers = {name: FixtureServer(AGENCY / name).start() for name in ("parks", "grants")}
    try:
        with Store(db) as store:  # an earlier audit of the parks site, as an earlier run recorded it
            start = servers["parks"].url("index.html")
            old = store.create_scan({"crawl": {"start_urls": [start]}}, {"start_urls": [start]})
            store.finish_scan(old, status="complete",
                              counts={"error": 12, "warning": 0, "info": 0, "needs-review": 0},
                              plain_language_score=55.0)
        # Sites are told apart by host and start path (local ports change every run), so the two loopback
        # sites start from different paths.
        starts = {"parks": "index.html", "grants": "apply.html"}
        results = {name: scan_into_store([srv.url(starts[name])], db, follow=True) for name, srv in servers.items()}
    finally:
        for srv in servers.values():
            srv.stop()
    with Store(db) as store:
        sites = [
            SiteResults(name="Parks permits", agency="Department of Parks", service="Backcountry permits",
                        meta=results["parks"].meta, pages=store.iter_pages(results["parks"].meta.scan_id),
                        site_findings=results["parks"].site_findings),
            SiteResults(name="Rural grants", agency="Department of Parks", service="Small business grants",
                        meta=results["grants"].meta, pages=store.iter_pages(results["grants"].meta.scan_id),
                        site_findings=results["grants"].site_findings),
        ]
        html = render_agency(sites, ReportContext.default(store=store))
    (folder / "agency.html").write_text(html, encoding="utf-8")
    return folder, results, html


def test_comparison_numbers_match_each_sites_results(audit):
    _, results, html = audit
    soup = BeautifulSoup(html, "lxml")
    rows = {tr.th.a.get_text(): [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in soup.select("table.comparison tbody tr")}
    for name, key in (("Parks permits", "parks"), ("Rural grants", "grants")):
        counts = results[key].counts()
        scanned = results[key].page_counts()["scanned"]
        assert scanned == 2
        assert rows[name][0] == "2" and rows[name][1] == str(counts["error"]) and rows[name][3] == str(counts["warning"])
    change = results["parks"].counts()["error"] - 12  # against the earlier audit's 12
    assert change != 0
    assert rows["Parks permits"][2] == (f"+{change} (worse)" if change > 0 else f"{change} (better)")
    assert rows["Rural grants"][2] == "first audit"


def test_common_problems_are_those_broken_on_both_sites(audit):
    _, results, html = audit
    soup = BeautifulSoup(html, "lxml")
    common = {li.select_one(".code").get_text(): li.get_text(" ", strip=True) for li in soup.select("ol.common > li")}
    rules = [{f.rule for _, f in results[k].all_findings() if f.outcome is Outcome.VIOLATION}
             for k in ("parks", "grants")]
    assert set(common) == (rules[0] & rules[1]) or len(common) == 25
    assert "axe/image-alt" in common and "Parks permits (2 pages)" in common["axe/image-alt"]
    assert "1.1.1 Non-text Content (Level A)" in common["axe/image-alt"]
    assert "axe/button-name" not in common  # only the parks site has it


def test_earlier_audits_are_listed_per_site(audit):
    _, _, html = audit
    soup = BeautifulSoup(html, "lxml")
    parks = soup.select_one("#site-1").find_parent("article").get_text(" ", strip=True)
    assert "55" in parks and "12" in parks and "(this audit)" in parks
    grants = soup.select_one("#site-2").find_parent("article").get_text(" ", strip=True)
    assert "No earlier audit of this site" in grants


def test_agency_report_passes_cxlint_accessibility_checks(audit):
    folder, _, _ = audit
    srv = FixtureServer(folder).start()
    try:
        result = asyncio.run(run_urls([srv.url("agency.html")], SELF_SCAN))
    finally:
        srv.stop()
    page = result.pages[0]
    assert [(f.rule, f.location.selector) for f in page.findings
            if f.outcome is Outcome.VIOLATION and f.severity is Severity.ERROR] == []
