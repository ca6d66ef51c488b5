"""A deterministic run for report tests: fixed ids and times, every kind of page and finding.

A local scan (loopback origin, so site paths and SARIF file paths apply), with
a violation inside an iframe, a needs-review item, plain-language text that
starts with a spreadsheet formula, a hostile snippet, a page the rules did not
all apply to, a failed page, a link not followed and a cross-page finding.
"""

from __future__ import annotations

from cxlint.findings.fingerprint import fingerprint
from cxlint.model import Finding, Location, Outcome, PageResult, PageStatus, RunMeta, RunResult, Severity

ORIGIN = "http://127.0.0.1:8123"
HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


def _f(rule: str, name: str, sev: Severity, msg: str, cat: str, page: str, *, outcome=Outcome.VIOLATION,
       wcag=(), selector="", snippet="", text="", frames=(), suggestion="", engine="dom", data=None) -> Finding:
    f = Finding(
        rule=rule, name=name, severity=sev, outcome=outcome, message=msg, category=cat,
        location=Location(selector=selector, snippet=snippet, frames=list(frames), text=text), wcag=list(wcag),
        suggestion=suggestion, engine=engine, data=dict(data or {}),
    )
    f.fingerprint = fingerprint(rule, page, f.location)
    return f


def golden_run() -> RunResult:
    home, step, gone = f"{ORIGIN}/", f"{ORIGIN}/apply/step-1.html", f"{ORIGIN}/missing.html"
    pl_metrics = {"plain_language_score": 71.5, "reading_grade": 8.2, "words": 412, "sentences": 20,
                  "scored_words": 400, "avg_sentence_words": 20.6, "passive_share": 0.1, "you_per_100_words": 1.2,
                  "long_word_share": 0.12, "low_confidence": False, "lang": "en", "lang_source": "declared",
                  "checked": True, "reason": "", "grades": {"flesch_kincaid": 8.0, "smog": None}}
    home_page = PageResult(
        url=home, final_url=home, http_status=200, title="Renew a permit | Example Agency", lang="en",
        findings=[
            _f("axe/image-alt", "image-alt", Severity.ERROR, "Images must have alternative text", "accessibility",
               home, wcag=["1.1.1"], selector="img.logo", snippet='<img class="logo" src="logo.png">', engine="axe",
               suggestion="Fix any of the following: Element does not have an alt attribute"),
            _f("axe/image-alt", "image-alt", Severity.ERROR, "Images must have alternative text", "accessibility",
               home, wcag=["1.1.1"], selector="img.hero", snippet=f"<img alt='{HOSTILE}'>", engine="axe",
               frames=["iframe#promo"]),
            _f("axe/color-contrast", "color-contrast", Severity.ERROR, "Elements must meet minimum color contrast",
               "accessibility", home, outcome=Outcome.NEEDS_REVIEW, wcag=["1.4.3"], selector="p.note", engine="axe"),
            _f("PL106", "simple-words", Severity.INFO, 'Use "use" instead of "utilize"', "plain-language", home,
               selector="main p:nth-of-type(2)", text="=HYPERLINK(\"http://evil.example\",\"utilize\")",
               suggestion="use", engine="text"),
            _f("PL102", "long-sentence", Severity.WARNING, "Sentence has 41 words (limit 25)", "plain-language",
               home, selector="main p:nth-of-type(3)", text="+1 more sentence that goes on | and on", engine="text",
               suggestion="Split it into two sentences."),
        ],
        metrics={**pl_metrics, "facts": {"title": "Renew a permit | Example Agency", "navs": []},
                 "not_applicable": {"FED103": "loopback host: production-only rule"},
                 "headers": {"content-type": "text/html"}},
        links={"pages": [step], "documents": [f"{ORIGIN}/docs/rules.pdf"], "other": []},
        depth=0, started="2026-01-01T00:00:01+00:00", duration_ms=812.5,
    )
    step_page = PageResult(
        url=step, final_url=step, http_status=200, title="Step 1 | Example Agency", lang="en",
        findings=[
            _f("A11Y304", "placeholder-as-label", Severity.ERROR, "Field has only a placeholder, no label",
               "accessibility", step, wcag=["3.3.2", "1.3.1"], selector="#email",
               snippet='<input id="email" placeholder="@you">', text="@you",
               suggestion="Give the field a visible <label>."),
            _f("FED201", "about-link", Severity.WARNING, "No About link", "federal", step, selector="footer"),
        ],
        metrics={**pl_metrics, "plain_language_score": 55.0, "reading_grade": 11.4,
                 "not_applicable": {"FED103": "loopback host: production-only rule"}, "facts": {"title": "x"}},
        depth=1, started="2026-01-01T00:00:02+00:00", duration_ms=640.0,
    )
    failed = PageResult(
        url=gone, status=PageStatus.FAILED, final_url=gone, http_status=404, reason="HTTP 404",
        findings=[_f("CX003", "http-error", Severity.ERROR, "Page could not be scanned: HTTP 404", "scan", gone,
                     selector="html", engine="scanner")],
        depth=1,
    )
    skipped = PageResult(url="https://www.usa.gov/", status=PageStatus.SKIPPED, reason="out of scope", depth=1)
    dup = _f("FED310", "duplicate-title", Severity.WARNING, '2 pages share the title "Example"', "federal", home,
             selector="head > title", text="Example", data={"urls": [home, step], "title": "Example"})
    return RunResult(
        meta=RunMeta(
            tool_version="0.1.0", axe_version="4.12.1", browser="/usr/bin/chromium (131.0)", standard="wcag21aa",
            started="2026-01-01T00:00:00+00:00", finished="2026-01-01T00:01:00+00:00", start_urls=[home],
            config={"checks": ["accessibility", "federal", "plain-language"], "timeout": 30.0,
                    "headers": ["X-Token: [redacted]"], "local_sites": {ORIGIN: "build"},
                    "not_applicable": {"FED106": "loopback host: production-only rule"}},
            scan_id="20260101T000000Z-abc123",
        ),
        pages=[home_page, step_page, failed, skipped],
        site_findings=[dup],
    )
