"""Form and widget journeys are safe: production stays untouched, the scanned page too, hostile pages end.

A production site is played by a browser-context route answering for https://forms.example.gov,
so the test can count every request that reaches "production" without leaving 127.0.0.1.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from cxlint.dom.checks import sandbox
from cxlint.dom.engine import PageContext, check_page
from cxlint.model import Outcome
from cxlint.registry import RULES_DIR, load_registry

pytestmark = pytest.mark.e2e

PROD = "https://forms.example.gov/apply"
FORM_RULES = {"A11Y501", "A11Y502", "A11Y503", "A11Y504", "A11Y505", "A11Y506"}

# Two forms: one validated in the page (errors drawn but tied to nothing), one that relies on the
# server. Real wording from a federal benefits application.
PROD_PAGE = """<!doctype html><html lang="en"><title>Apply for benefits | Example Agency</title><main>
<form id="client" novalidate action="/apply/contact" method="post">
  <div><label for="c-phone">Daytime phone number (required)</label><input id="c-phone" name="phone" type="tel" required>
  <span class="err"></span></div><button type="submit">Continue</button></form>
<form id="server" action="/apply/address" method="post">
  <label for="s-name">Full name (required)</label><input id="s-name" name="full_name">
  <button type="submit">Save and continue</button></form>
<form id="newtab" target="_blank" action="/apply/feedback" method="post">
  <label for="t-comment">Comments (required)</label><textarea id="t-comment" name="comment"></textarea>
  <button type="submit">Send feedback</button></form>
<form id="optout" data-cxlint-no-submit action="/apply/optout" method="post">
  <label for="o-n">Name (required)</label><input id="o-n" name="n"><button type="submit">Send</button></form>
<form id="delete" action="/account/delete" method="post">
  <label for="d-r">Reason (required)</label><input id="d-r" name="reason"><button type="submit">Delete my account</button></form></main>
<script>document.getElementById('client').addEventListener('submit', (e) => { const i = document.getElementById('c-phone');
if (!i.value) { e.preventDefault(); i.nextElementSibling.textContent = 'Enter your daytime phone number'; } });</script></html>"""


def _rules(codes: set[str]) -> list[Any]:
    reg = load_registry([RULES_DIR / "accessibility"])
    return [r for c, r in reg.rules.items() if c in codes]


async def _production_scan(browser: Any, submit_forms: bool) -> tuple[list[Any], dict[str, Any], list[str]]:
    context = await browser.new_context()
    sent: list[str] = []

    async def production(route: Any, request: Any) -> None:
        if request.method != "GET":
            sent.append(f"{request.method} {request.url}")
            await route.fulfill(status=200, content_type="text/html", body="<title>Thank you</title><h1>Thank you</h1>")
            return
        await route.fulfill(status=200, content_type="text/html", body=PROD_PAGE)

    await context.route("https://forms.example.gov/**", production)
    try:
        page = await context.new_page()
        await page.goto(PROD)
        ctx = PageContext(PROD, PROD, 200, {}, False, submit_forms=submit_forms)
        findings, facts = await check_page(page, ctx, _rules(FORM_RULES))
        return findings, facts, sent
    finally:
        await context.close()


def test_production_forms_are_not_submitted_without_opt_in(chromium: Any) -> None:
    findings, facts, sent = chromium.call(lambda b: _production_scan(b, submit_forms=False))
    assert sent == []
    assert facts["form_journeys"]["blocked_submissions"] >= 1
    # Client-side validation is still judged: nothing had to leave the browser for it.
    assert {(f.rule, f.location.selector) for f in findings} >= {("A11Y502", "#c-phone")}
    assert not [f for f in findings if f.data.get("check_error")]
    # The server-side forms were never sent (not even the one aimed at a new tab), so nothing is claimed.
    assert not [f for f in findings if f.location.selector in ("#server", "#newtab")]


def test_production_forms_are_submitted_with_opt_in(chromium: Any) -> None:
    findings, _, sent = chromium.call(lambda b: _production_scan(b, submit_forms=True))
    assert any(s.startswith("POST https://forms.example.gov/apply/address") for s in sent)
    # Never a form the page opted out, nor one whose button destroys something.
    assert not [s for s in sent if "/optout" in s or "/delete" in s]
    # The empty "Full name" went through to a thank-you page: for a person to review.
    went_on = [f for f in findings if f.rule == "A11Y501" and f.location.selector == "#server"]
    assert went_on and went_on[0].outcome is Outcome.NEEDS_REVIEW


async def _scan_fixture(browser: Any, url: str, codes: set[str]) -> tuple[list[Any], dict[str, Any]]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = await context.new_page()
        await page.goto(url)
        before = await page.evaluate("() => ({url: location.href, title: document.title, history: history.length})")
        findings, _ = await check_page(page, PageContext(url, url, 200, {}, False), _rules(codes))
        after = await page.evaluate(
            """() => ({url: location.href, title: document.title, history: history.length,
                   values: Array.from(document.querySelectorAll('input, select, textarea')).map((e) => e.value),
                   errors: Array.from(document.querySelectorAll('.err, .usa-error-message')).map((e) => e.textContent),
                   open: Array.from(document.querySelectorAll('.usa-modal, dialog')).filter((d) => (d.localName === 'dialog' ? d.open : !d.hidden)).length,
                   pages: 0})"""
        )
        after["pages"] = len(context.pages)
        return findings, {"before": before, "after": after}
    finally:
        await context.close()


def test_the_scanned_page_is_left_as_it_was(chromium: Any, dom_server: Any) -> None:
    """Forms were submitted and dialogs opened, but only in the throwaway tab, which is gone."""
    codes = FORM_RULES | {"A11Y601", "A11Y602", "A11Y603", "A11Y604", "A11Y607"}
    for name in ("forms.html", "widgets.html"):
        findings, state = chromium.call(lambda b, n=name: _scan_fixture(b, dom_server.url("/" + n), codes))
        assert findings, name  # the journeys did run and found the planted problems
        before, after = state["before"], state["after"]
        assert {k: after[k] for k in before} == before, name
        assert after["pages"] == 1, name
        assert after["open"] == 0, name
        assert not any(after["errors"]), name
        assert all(v in ("", "en") for v in after["values"]), name  # nothing typed or chosen


def test_a_hostile_page_cannot_hang_the_scan(chromium: Any, dom_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Handlers that never return end as "could not run" or nothing, and the scanned page still answers."""
    monkeypatch.setattr(sandbox, "LOAD_TIMEOUT_S", 3.0)

    async def go(browser: Any) -> tuple[list[Any], Any]:
        context = await browser.new_context()
        try:
            page = await context.new_page()
            url = dom_server.url("/hostile-journey.html")
            await page.goto(url)
            rules = _rules({"A11Y501", "A11Y601"})
            findings, _ = await check_page(page, PageContext(url, url, 200, {}, False), rules)
            alive = await asyncio.wait_for(page.evaluate("() => document.title"), 10)
            return findings, alive
        finally:
            await context.close()

    findings, alive = chromium.call(go, timeout=180)
    assert alive == "Hostile"
    assert {f.rule for f in findings} == {"A11Y501", "A11Y601"}
    assert all(f.outcome is Outcome.NEEDS_REVIEW and f.data.get("check_error") for f in findings)
    assert all("stopped responding" in f.message for f in findings)
