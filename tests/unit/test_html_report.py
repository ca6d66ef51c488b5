"""The HTML site report from hand-built and synthetic results: its numbers, its bounds, its escaping."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from cxlint.findings.fingerprint import fingerprint
from cxlint.model import Finding, Image, Location, Outcome, PageResult, PageStatus, RunMeta, RunResult, Severity
from cxlint.paths import REPORTS_DIR
from cxlint.registry import load_registry
from cxlint.report import html
from cxlint.report.context import ReportContext, TrendPoint
from cxlint.store import Store
from tests.support.synthetic import synthetic_result

HOSTILE = '"><script>window.__pwned=1</script><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def context() -> ReportContext:
    return ReportContext(load_registry())


def finding(rule: str, category: str, severity: Severity, url: str, selector: str = "#a", *,
            outcome: Outcome = Outcome.VIOLATION, wcag: list[str] | None = None, snippet: str = "") -> Finding:
    f = Finding(rule=rule, name=rule.lower(), severity=severity, outcome=outcome, message=f"{rule} message",
                category=category, location=Location(selector=selector, snippet=snippet), wcag=wcag or [])
    f.fingerprint = fingerprint(f.rule, url, f.location)
    return f


def small_result() -> RunResult:
    """Four scanned pages with known scores, one failed page, one skipped link, one site finding."""
    a, b, c, d = (f"http://127.0.0.1:8123/{p}" for p in ("", "b.html", "c.html", "d.html"))
    pages = [
        PageResult(url=a, title="Home", findings=[
            finding("axe/image-alt", "accessibility", Severity.ERROR, a, wcag=["1.1.1"]),
            finding("axe/image-alt", "accessibility", Severity.ERROR, a, "#b", wcag=["1.1.1"]),
            finding("FED101", "federal", Severity.ERROR, a),
        ], metrics={"plain_language_score": 90, "reading_grade": 6.0,
                    "not_applicable": {"FED103": "loopback host: production-only rule"}}),
        PageResult(url=b, title="B", findings=[
            finding("axe/region", "accessibility", Severity.WARNING, b),
            finding("axe/color-contrast", "accessibility", Severity.ERROR, b, outcome=Outcome.NEEDS_REVIEW,
                    wcag=["1.4.3"]),
        ], metrics={"plain_language_score": 70, "reading_grade": 9.0,
                    "not_applicable": {"FED103": "loopback host: production-only rule"}}),
        PageResult(url=c, title="C", findings=[finding("PL106", "plain-language", Severity.INFO, c)],
                   metrics={"plain_language_score": 80, "reading_grade": 7.0}),
        PageResult(url=d, title="D", findings=[finding("FED101", "federal", Severity.ERROR, d)],
                   metrics={"checked": False, "reason": "not in English"}),
        PageResult(url="http://127.0.0.1:8123/gone", status=PageStatus.FAILED, reason="HTTP 404",
                   findings=[finding("CX003", "scan", Severity.ERROR, "http://127.0.0.1:8123/gone", "html")]),
        PageResult(url="https://www.usa.gov/", status=PageStatus.SKIPPED, reason="out of scope"),
    ]
    return RunResult(
        meta=RunMeta(tool_version="0.1.0", axe_version="4.12.1", browser="chromium", standard="wcag21aa",
                     started="2026-02-01T10:00:00+00:00", finished="2026-02-01T10:05:00+00:00",
                     start_urls=[a], scan_id="20260201T100000Z-000001",
                     config={"not_applicable": {"FED106": "loopback host: production-only rule"}}),
        pages=pages,
        site_findings=[finding("FED320", "federal", Severity.WARNING, a, "")],
    )


def soup_of(result: RunResult, context: ReportContext) -> BeautifulSoup:
    return BeautifulSoup(html.render(result, context), "lxml")


def cards(soup: BeautifulSoup) -> dict[str, str]:
    return {c.select_one(".lbl").get_text(): c.select_one(".num").get_text() for c in soup.select(".card")}


def test_summary_numbers_match_the_result(context):
    result = small_result()
    soup = soup_of(result, context)
    counts = result.counts()
    got = cards(soup)
    assert got["errors"] == str(counts["error"]) == "5"
    assert got["warning" if counts["warning"] == 1 else "warnings"] == str(counts["warning"])
    assert got["suggestion"] == "1" and got["needs review"] == "1"
    assert got["pages scanned"] == "4" and got["page failed"] == "1" and got["link not followed"] == "1"
    # The navigation and the card agree (they once said 3 and 4).
    nav = soup.select_one("nav.toc").get_text(" ", strip=True)
    assert "Needs review (1 item)" in nav and "By page (5 pages)" in nav
    total = soup.select_one("#by-standard-caption").find_parent("table").select_one("tfoot").get_text(" ", strip=True)
    assert total.split() == ["Total", "5", str(counts["warning"]), "1", "1"]


def test_scores_follow_the_documented_formulas(context):
    result = small_result()
    report = html.stream(result, context)
    scores = report.scores()
    # Accessibility: pages with no accessibility error (b, c, d; a has image-alt errors) → 3 of 4.
    assert scores["accessibility"] == 75
    # Federal: a and d have FED101 errors → 2 of 4.
    assert scores["federal"] == 50
    # Plain language: median of 90, 70, 80 (d not checked).
    assert scores["plain-language"] == 80
    soup = BeautifulSoup(report.end(), "lxml")
    tiles = {li.select_one(".lbl").get_text(): li.select_one(".num").get_text() for li in soup.select(".score-card")}
    assert tiles == {"Accessibility": "75/100", "Plain language": "80/100", "Federal website standards": "50/100"}
    assert "100 × (pages scanned − pages with at least one error) ÷ pages scanned" in soup.get_text()
    assert report.meta_summary()["counts"] == result.counts()


def test_rules_carry_wcag_names_levels_and_section_508(context):
    soup = soup_of(small_result(), context)
    block = soup.select_one("#rule-axe-image-alt")
    text = block.get_text(" ", strip=True)
    assert "1.1.1 Non-text Content (Level A)" in text
    assert "Section 508 E205.4" in text
    assert "2 findings on 1 page" in block.select_one("summary").get_text(" ", strip=True)
    review = soup.select_one("#rule-axe-color-contrast-review")
    assert review.select("ul.checklist input[type=checkbox]")
    assert "1.4.3 Contrast (Minimum) (Level AA)" in review.get_text(" ", strip=True)


def test_by_page_shows_score_grade_and_findings(context):
    soup = soup_of(small_result(), context)
    home = next(li for li in soup.select("li.page-card") if li.select_one(".page-title").get_text() == "Home")
    stats = home.select_one(".page-stats").get_text(" ", strip=True)
    assert "Errors 3" in stats and "Plain language 90/100" in stats and "Reading grade 6" in stats
    assert [a["href"] for a in home.select(".page-rules a")] == ["#rule-axe-image-alt", "#rule-FED101"]


def test_scope_lists_not_applicable_rules_and_what_was_not_scanned(context):
    soup = soup_of(small_result(), context)
    scope = soup.select_one("#scope").find_parent("section").get_text(" ", strip=True)
    assert "FED103" in scope and "loopback host: production-only rule (2 pages)" in scope
    assert "FED106" in scope and "(site-wide)" in scope
    assert "not in English (1 page)" in scope
    assert "HTTP 404" in scope and "Out of scope: 1 link not followed" in scope
    assert "Accessibility (WCAG / Section 508) (" in scope and "rules that ran" in scope


def test_loopback_urls_are_site_paths_not_dead_links(context):
    html_text = html.render(small_result(), context)
    soup = BeautifulSoup(html_text, "lxml")
    assert not [a for a in soup.select("a[href]") if "127.0.0.1" in a["href"]]
    assert "/b.html" in soup.select_one("#pages").find_parent("section").get_text()
    # A real site's pages are links.
    assert soup.select_one('a[href="https://www.usa.gov/"]') is None  # skipped links are listed, not linked
    real = BeautifulSoup(html.render(synthetic_result(3), context), "lxml")
    assert real.select_one('.page-url a[href="https://www.example.gov/"]') is not None


def test_plurals_agree_with_their_numbers(context):
    for result in (small_result(), synthetic_result(1)):
        text = BeautifulSoup(html.render(result, context), "lxml").get_text(" ", strip=True)
        assert not re.search(r"(?<![\d,.])1 (pages|errors|findings|rules|items|links|warnings)\b", text), text


def test_hostile_content_is_text_and_only_the_reports_script_runs(context):
    result = small_result()
    page = result.pages[0]
    page.title = HOSTILE
    page.findings[0].location = Location(selector=HOSTILE, snippet=f"<img alt='{HOSTILE}'>", text=HOSTILE)
    page.findings[0].suggestion = HOSTILE
    page.links = {"documents": ["javascript:window.__pwned=1//x.pdf"]}
    result.pages.append(PageResult(url="javascript:alert(1)", status=PageStatus.SKIPPED, reason=HOSTILE))
    out = html.render(result, context)
    soup = BeautifulSoup(out, "lxml")
    scripts = soup.find_all("script")
    assert len(scripts) == 1 and scripts[0].string == (REPORTS_DIR / "report.js").read_text(encoding="utf-8")
    assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)]
    assert not [a for a in soup.select("[href]") if not a["href"].startswith(("#", "http://", "https://"))]
    assert soup.get_text().count(HOSTILE) >= 3
    # The CSP allows that script by its hash and nothing else: no request, no other script.
    csp = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    digest = base64.b64encode(hashlib.sha256(scripts[0].string.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


def test_streaming_page_by_page_gives_the_same_report(context):
    result = synthetic_result(40, failed=2, skipped=3)
    report = html.HtmlReport(context)
    report.begin(result.meta)
    for p in result.pages:
        report.page(p)
    report.site(result.site_findings)
    streamed = report.end()
    rendered = html.render(result, context)
    strip = re.compile(r"report written [^;<]*\(UTC\)")
    assert strip.sub("", streamed) == strip.sub("", rendered)


def test_memory_per_rule_is_bounded_and_shared_elements_are_one_occurrence(context):
    result = synthetic_result(300)
    report = html.stream(result, context)
    shared = report.rules[("axe/color-contrast", "violation")]
    assert shared.count == 300 and shared.pages == 300
    assert len(shared.occurrences) == 1
    occ = next(iter(shared.occurrences.values()))
    assert occ.page_count == 300 and len(occ.page_ids) == html.PAGES_PER_OCCURRENCE
    distinct = report.rules[("axe/image-alt", "violation")]
    assert distinct.count == 300 and len(distinct.occurrences) == html.OCCURRENCES_PER_RULE
    soup = BeautifulSoup(report.end(), "lxml")
    block = soup.select_one("#rule-axe-image-alt")
    assert len(block.select("li.occ")) == html.OCCURRENCES_PER_RULE
    assert "275 more findings of this rule are not listed here" in block.get_text(" ", strip=True)
    assert "and 288 more pages" in soup.select_one("#rule-axe-color-contrast").get_text(" ", strip=True)


def test_screenshots_and_thumbnails_come_from_the_store(context, tmp_path):
    result = synthetic_result(3)
    shot = Image(mime="image/png", data=b"\x89PNG element", kind="element")
    thumb = Image(mime="image/jpeg", data=b"\xff\xd8 thumb", kind="thumbnail")
    with Store(tmp_path / "s.db") as store:
        scan_id = store.create_scan({}, {"start_urls": result.meta.start_urls})
        result.meta.scan_id = scan_id
        fp = result.pages[0].findings[1].fingerprint  # axe/image-alt on the first page
        store.save_images(scan_id, {fp: shot, f"thumb:{result.pages[0].url}": thumb})
        soup = soup_of(result, ReportContext(context.registry, store=store))
    img = soup.select_one("#rule-axe-image-alt figure.shot img")
    assert img["src"] == "data:image/png;base64," + base64.b64encode(shot.data).decode()
    assert img["alt"].startswith("Screenshot of #photo-0")
    assert soup.select_one("li.page-card img.thumb")["src"].startswith("data:image/jpeg;base64,")


def test_trend_shows_earlier_scans_of_the_same_site(context):
    result = small_result()
    earlier = [
        TrendPoint("20260101T100000Z-000001", "2026-01-01T10:00:00+00:00", pages=4,
                   counts={"error": 9, "warning": 1, "info": 0, "needs-review": 0}, plain_language_score=70.0),
        TrendPoint("20260115T100000Z-000001", "2026-01-15T10:00:00+00:00", pages=4, counts=None),
    ]
    soup = soup_of(result, ReportContext(context.registry, history=earlier))
    rows = [tr.get_text(" ", strip=True) for tr in soup.select("table.trend tbody tr")]
    assert rows[0].startswith("2026-01-01 4 9 1 70")
    assert "not recorded" in rows[1]
    assert rows[2].startswith("2026-02-01 (this scan) 4 5")
    svg = soup.select_one('svg[aria-labelledby="trend-t trend-d"]')
    assert svg["role"] == "img" and "2026-01-01: 9 errors" in svg.select_one("desc").get_text()


def test_title_and_agency_fields(context):
    ctx = ReportContext(context.registry, title="Permit service audit", agency="National Outdoor Permits Office")
    soup = soup_of(small_result(), ctx)
    assert soup.h1.get_text() == "Permit service audit"
    assert "National Outdoor Permits Office" in soup.select_one(".brand").get_text()
    assert soup.title.get_text().startswith("Permit service audit")


def test_many_pages_are_grouped_so_only_the_first_group_is_laid_out(context):
    soup = soup_of(synthetic_result(250), context)
    chunks = soup.select("details.page-chunk")
    assert [c.summary.get_text() for c in chunks] == ["Pages 1–100 of 250", "Pages 101–200 of 250",
                                                      "Pages 201–250 of 250"]
    assert [c.has_attr("open") for c in chunks] == [True, False, False]
    assert len(soup.select("li.page-card")) == 250
    assert len(soup.select("li.page-card img.thumb")) == 0  # no store: no thumbnails, and no broken images


def test_fix_text_is_shown_whole(context):
    text = soup_of(synthetic_result(2), context).select_one("#rule-axe-color-contrast").get_text(" ", strip=True)
    assert "Element has insufficient color contrast of 2.09 (foreground color: #b3b3b3, background color: " \
           "#ffffff). Expected contrast ratio of 4.5:1" in text
