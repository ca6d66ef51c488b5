"""The agency roll-up as an auditor runs it: ``cxlint audit FILE`` over two fixture sites and one that is down,
with an earlier audit of one site in the store."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cxlint.config import Plan
from cxlint.model import Outcome, Severity
from cxlint.runner import run_urls
from cxlint.store import Store
from tests.e2e.test_cli import cxlint_cmd
from tests.support.httpd import FixtureServer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]  # real scans of several pages in the fixture
SELF_SCAN = Plan.model_validate({"checks": ["accessibility"], "page": {"timeout": 30}})
"""cxlint's own accessibility checks (axe and the browser checks, reflow at 320 px included)."""

AGENCY = Path(__file__).resolve().parents[1] / "fixtures" / "agency"

AUDIT_FILE = """\
title = "Department of Parks: accessibility audit"
agency = "Department of Parks"
out = "report"
store = "audit.db"

[defaults]
crawl.max-pages = 10
page.timeout = 30

[[sites]]
name = "Parks permits"
service = "Backcountry permits"
start = "{parks}"

[[sites]]
name = "Rural grants"
service = "Small business grants"
start = ["{grants}"]

[[sites]]
name = "Ferry tickets"
agency = "Department of Transport"
start = "{down}"
"""


@pytest.fixture(scope="module")
def audit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("agency")
    with Store(folder / "audit.db") as store:  # an earlier audit of the parks site, as an earlier run recorded it
        old = store.create_scan({"site": "Parks permits", "crawl": {"start_urls": ["https://parks.example.gov/"]}},
                                {"start_urls": ["https://parks.example.gov/"]})
        store.finish_scan(old, status="complete", counts={"error": 12, "warning": 0, "info": 0, "needs-review": 0},
                          plain_language_score=55.0)
    # Both local sites start at 127.0.0.1/ (ports change every run): the site name keeps their trends apart.
    down = FixtureServer(AGENCY / "parks").start()
    dead_url = down.url("index.html")
    down.stop()  # nothing listens there any more: a site that is down
    (folder / "agency.toml").write_text(
        AUDIT_FILE.format(parks=AGENCY / "parks", grants=AGENCY / "grants", down=dead_url), encoding="utf-8"
    )
    proc = cxlint_cmd("audit", "agency.toml", cwd=folder, timeout=540)
    out = folder / "report"
    html = (out / "agency.html").read_text(encoding="utf-8")
    results = {slug: json.loads((out / slug / "results.json").read_text(encoding="utf-8"))
               for slug in ("parks-permits", "rural-grants")}
    return folder, proc, results, html


def _counts(results: dict) -> dict[str, int]:
    return results["summary"]["findings"]


def _violations(results: dict) -> set[str]:
    return {f["rule"] for p in results["pages"] for f in p["findings"] if f["outcome"] == "violation"} | {
        f["rule"] for f in results["site_findings"] if f["outcome"] == "violation"}


def test_audit_exits_2_and_names_the_site_that_could_not_be_scanned(audit):
    folder, proc, _, html = audit
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Ferry tickets: not scanned" in proc.stderr
    soup = BeautifulSoup(html, "lxml")
    missing = soup.select_one("#unscanned").find_parent("section").get_text(" ", strip=True)
    assert "Ferry tickets" in missing and "could be scanned" in missing
    assert soup.select_one(".brand").get_text() == "Department of Parks · cxlint agency report"  # the file's agency
    assert not (folder / "report" / "ferry-tickets").exists()


def test_each_site_has_its_own_reports_linked_from_the_agency_report(audit):
    folder, _, results, html = audit
    soup = BeautifulSoup(html, "lxml")
    links = {a.get_text(): a["href"] for a in soup.select("article.scorecard a[href]")}
    assert links == {"Full report for Parks permits": "parks-permits/report.html",
                     "Full report for Rural grants": "rural-grants/report.html"}
    for href in links.values():
        page = BeautifulSoup((folder / "report" / href).read_text(encoding="utf-8"), "lxml")
        assert page.title.get_text().startswith(("Parks permits", "Rural grants"))
    assert results["parks-permits"]["meta"]["config"]["site"] == "Parks permits"


def test_audit_json_matches_each_sites_results(audit):
    folder, _, results, _ = audit
    data = json.loads((folder / "report" / "audit.json").read_text(encoding="utf-8"))
    sites = {s["name"]: s for s in data["sites"]}
    assert set(sites) == {"Parks permits", "Rural grants"}
    assert [u["name"] for u in data["unscanned"]] == ["Ferry tickets"]
    for name, slug in (("Parks permits", "parks-permits"), ("Rural grants", "rural-grants")):
        assert sites[name]["counts"] == _counts(results[slug])
        assert sites[name]["pages"] == results[slug]["summary"]["pages"]
        assert sites[name]["verdict"]["passed"] == results[slug]["verdict"]["passed"]
    assert sites["Parks permits"]["error_change"] == _counts(results["parks-permits"])["error"] - 12
    assert sites["Rural grants"]["error_change"] is None


def test_comparison_numbers_match_each_sites_results(audit):
    _, _, results, html = audit
    soup = BeautifulSoup(html, "lxml")
    rows = {tr.th.a.get_text(): [td.get_text(" ", strip=True) for td in tr.select("td")]
            for tr in soup.select("table.comparison tbody tr")}
    for name, key in (("Parks permits", "parks-permits"), ("Rural grants", "rural-grants")):
        counts = _counts(results[key])
        scanned = results[key]["summary"]["pages"]["scanned"]
        assert scanned == 2
        assert rows[name][0] == "2" and rows[name][1] == str(counts["error"]) and rows[name][3] == str(counts["warning"])
    change = _counts(results["parks-permits"])["error"] - 12  # against the earlier audit's 12
    assert change != 0
    assert rows["Parks permits"][2] == (f"+{change} (worse)" if change > 0 else f"{change} (better)")
    assert rows["Rural grants"][2] == "first audit"


def test_common_problems_are_those_broken_on_both_sites(audit):
    _, _, results, html = audit
    soup = BeautifulSoup(html, "lxml")
    common = {li.select_one(".code").get_text(): li.get_text(" ", strip=True) for li in soup.select("ol.common > li")}
    rules = [_violations(results[k]) for k in ("parks-permits", "rural-grants")]
    assert set(common) == (rules[0] & rules[1]) or len(common) == 25
    assert "axe/image-alt" in common and "Parks permits (2 pages)" in common["axe/image-alt"]
    assert "1.1.1 Non-text Content (Level A)" in common["axe/image-alt"]
    assert "axe/button-name" not in common  # only the parks site has it


def test_earlier_audits_are_listed_per_site(audit):
    _, _, _, html = audit
    soup = BeautifulSoup(html, "lxml")
    parks = soup.select_one("#site-1").find_parent("article").get_text(" ", strip=True)
    assert "55" in parks and "12" in parks and "(this audit)" in parks
    grants = soup.select_one("#site-2").find_parent("article").get_text(" ", strip=True)
    assert "No earlier audit of this site" in grants


def test_agency_report_passes_cxlint_accessibility_checks(audit):
    folder, _, _, _ = audit
    srv = FixtureServer(folder / "report").start()
    try:
        result = asyncio.run(run_urls([srv.url("agency.html")], SELF_SCAN))
    finally:
        srv.stop()
    page = result.pages[0]
    assert [(f.rule, f.location.selector) for f in page.findings
            if f.outcome is Outcome.VIOLATION and f.severity is Severity.ERROR] == []
