"""Synthetic scan results of any size, for report tests and the report size bench.

The shapes are those real scans produce (axe findings with snippets and fix
text, plain-language quotes, federal findings, needs-review items, failed and
skipped URLs, linked documents), with numbers that are known in advance.
"""

from __future__ import annotations

from cxlint.findings.fingerprint import fingerprint
from cxlint.model import Finding, Location, Outcome, PageResult, PageStatus, RunMeta, RunResult, Severity

ORIGIN = "https://www.example.gov"


def _f(rule: str, category: str, severity: Severity, url: str, selector: str, *, outcome: Outcome = Outcome.VIOLATION,
       snippet: str = "", text: str = "", wcag: list[str] | None = None, message: str = "") -> Finding:
    f = Finding(
        rule=rule, name=rule.split("/")[-1].lower(), severity=severity, outcome=outcome,
        message=message or f"{rule} problem", category=category,
        location=Location(selector=selector, snippet=snippet, text=text), wcag=wcag or [],
        suggestion="Fix any of the following:\n  Element has insufficient color contrast of 2.09 "
        "(foreground color: #b3b3b3, background color: #ffffff). Expected contrast ratio of 4.5:1"
        if rule == "axe/color-contrast" else "",
    )
    f.fingerprint = fingerprint(f.rule, url, f.location)
    return f


def page_findings(i: int, url: str) -> list[Finding]:
    """Findings of page ``i``: a site-wide header problem, page-specific ones, quotes and a review item."""
    out = [
        # The same element on every page (a shared header): one occurrence in the report.
        _f("axe/color-contrast", "accessibility", Severity.ERROR, url, ".usa-banner__header-text",
           snippet='<p class="usa-banner__header-text">An official website of the United States government</p>',
           wcag=["1.4.3"]),
        # A different element on each page: distinct occurrences, capped in the report.
        _f("axe/image-alt", "accessibility", Severity.ERROR, url, f"#photo-{i}",
           snippet=f'<img id="photo-{i}" src="/img/{i}.jpg">', wcag=["1.1.1"]),
        _f("PL102", "plain-language", Severity.WARNING, url, "main > p:nth-of-type(2)",
           text=f"Sentence {i} is a long one that goes on and on about permits, renewals, deadlines, ranger "
           "stations, safety briefings and the many forms an applicant must complete before a trip."),
        _f("PL106", "plain-language", Severity.INFO, url, "main > p:nth-of-type(3)", text="utilize"),
        _f("axe/region", "accessibility", Severity.WARNING, url, ".promo", snippet='<div class="promo">'),
        _f("A11Y303", "accessibility", Severity.ERROR, url, "#x", outcome=Outcome.NEEDS_REVIEW,
           snippet=f'<a id="x" href="/docs/{i}.pdf">Report</a>', message="Say the file type and size"),
    ]
    if i % 3 == 0:
        out.append(_f("FED201", "federal", Severity.ERROR, url, "footer", snippet="<footer>"))
    return out


def extra_findings(i: int, url: str, n: int) -> list[Finding]:
    """``n`` more findings on page ``i``, each quoting different text (passive voice, as on wordy pages)."""
    return [
        _f("PL105", "plain-language", Severity.WARNING, url, f"main > p:nth-of-type({k + 4})",
           text=f"The application for permit {i}-{k} must be reviewed by the district office before it is approved.")
        for k in range(n)
    ]


def synthetic_result(pages: int, *, failed: int = 0, skipped: int = 0, scan_id: str = "20260101T000000Z-abcdef",
                     start: str = ORIGIN + "/", extra_per_page: int = 0) -> RunResult:
    out: list[PageResult] = []
    for i in range(pages):
        url = f"{ORIGIN}/section-{i // 50}/page-{i}.html" if i else start
        out.append(
            PageResult(
                url=url, title=f"Page {i} | Example agency",
                findings=page_findings(i, url) + extra_findings(i, url, extra_per_page),
                metrics={"plain_language_score": 60 + (i % 41), "reading_grade": 6 + (i % 7),
                         "not_applicable": {"FED501": "not an accessibility statement page"}},
                links={"documents": [f"{ORIGIN}/docs/{i % 40}.pdf"]},
            )
        )
    for i in range(failed):
        url = f"{ORIGIN}/broken-{i}.html"
        f = _f("CX003", "scan", Severity.ERROR, url, "html", message="Page could not be scanned: HTTP 404")
        out.append(PageResult(url=url, status=PageStatus.FAILED, reason="HTTP 404", findings=[f]))
    for i in range(skipped):
        out.append(PageResult(url=f"https://elsewhere.gov/{i}", status=PageStatus.SKIPPED, reason="out of scope"))
    site = [_f("FED320", "federal", Severity.WARNING, ORIGIN + "/robots.txt", "", message="No robots.txt")]
    return RunResult(
        meta=RunMeta(
            tool_version="0.1.0", axe_version="4.12.1", browser="chromium", standard="wcag21aa",
            started="2026-01-01T00:00:00+00:00", finished="2026-01-01T01:00:00+00:00", start_urls=[start],
            config={"not_applicable": {"FED106": "loopback host: production-only rule"}}, scan_id=scan_id,
        ),
        pages=out,
        site_findings=site,
    )
