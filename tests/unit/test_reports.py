"""Reports from a hand-built result: JSON against its schema, HTML escaped and self-contained."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from bs4 import BeautifulSoup

import cxlint
from cxlint.model import Finding, Location, Outcome, PageResult, PageStatus, RunMeta, RunResult, Severity
from cxlint.report import REPORTERS
from cxlint.report.context import ReportContext

SCHEMA = json.loads((Path(cxlint.__file__).parent / "schemas" / "results.schema.json").read_text())
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def sample() -> RunResult:
    f = Finding(
        rule="axe/image-alt", name="image-alt", severity=Severity.ERROR, outcome=Outcome.VIOLATION,
        message="Images must have alternative text", category="accessibility",
        location=Location(selector="#a", snippet=f"<img alt='{HOSTILE}'>", text=HOSTILE), wcag=["1.1.1"],
    )
    f.fingerprint = "cx2-0123456789abcdef"
    review = Finding(
        rule="axe/color-contrast", name="color-contrast", severity=Severity.ERROR, outcome=Outcome.NEEDS_REVIEW,
        message="Contrast", category="accessibility", location=Location(selector="#p"), wcag=["1.4.3"],
    )
    return RunResult(
        meta=RunMeta(tool_version="0.1.0", axe_version="4.12.1", browser="chromium", standard="wcag21aa",
                     started="2026-01-01T00:00:00+00:00", finished="2026-01-01T00:01:00+00:00", start_urls=["https://a.gov/"]),
        pages=[
            PageResult(url="https://a.gov/", title=HOSTILE, findings=[f, review]),
            PageResult(url="https://a.gov/gone", status=PageStatus.FAILED, reason="HTTP 404"),
        ],
    )


def test_json_validates_against_the_shipped_schema():
    data = json.loads(REPORTERS["json"].render(sample(), ReportContext.default()))
    jsonschema.validate(data, SCHEMA)
    assert data["summary"] == {
        "findings": {"error": 1, "warning": 0, "info": 0, "needs-review": 1},
        "pages": {"scanned": 1, "failed": 1, "skipped": 0},
    }


def test_html_escapes_page_content_and_has_no_script():
    html = REPORTERS["html"].render(sample(), ReportContext.default())
    assert "<script" not in html.lower()
    assert "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")
    soup = BeautifulSoup(html, "lxml")
    assert soup.find("script") is None
    assert not soup.select("img[onerror]")
    assert HOSTILE in soup.get_text()  # shown as text, not markup


def test_html_summary_numbers_match_the_result():
    html = REPORTERS["html"].render(sample(), ReportContext.default())
    soup = BeautifulSoup(html, "lxml")
    cards = {c.select_one(".lbl").get_text(): c.select_one(".num").get_text() for c in soup.select(".card")}
    assert cards["errors"] == "1" and cards["need review"] == "1"
    assert cards["pages scanned"] == "1" and cards["pages failed"] == "1"
    assert soup.find(id="not-scanned") is not None
    assert "HTTP 404" in soup.get_text()


def test_html_is_self_contained():
    soup = BeautifulSoup(REPORTERS["html"].render(sample(), ReportContext.default()), "lxml")
    assert soup.find("link", rel="stylesheet") is None
    assert soup.find("style") is not None
    assert soup.html["lang"] == "en"
