"""A page that fights back (broken built-ins, a hung main thread) yields "could not run", never an exception."""

from __future__ import annotations

from typing import Any

import pytest

from cxlint.dom.checks import base
from cxlint.dom.engine import PageContext, check_page
from cxlint.dom.kinds import DOM_KINDS
from cxlint.model import Outcome
from cxlint.registry import RULES_DIR, load_registry

pytestmark = pytest.mark.e2e
URL = "https://www.example.gov/"


def _rules(codes: set[str]) -> list[Any]:
    reg = load_registry([RULES_DIR / "federal", RULES_DIR / "accessibility"])
    return [r for r in reg.rules.values() if r.spec.kind in DOM_KINDS and r.code in codes]


async def _run(browser: Any, html: str, codes: set[str]) -> tuple[list[Any], dict[str, Any]]:
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.set_content(html)
        return await check_page(page, PageContext(URL, URL, 200, {}, True), _rules(codes))
    finally:
        await context.close()


def test_broken_builtins_become_could_not_run(chromium: Any) -> None:
    html = "<script>window.getComputedStyle = () => { throw new Error('hostile'); };</script><p>Some text here</p>"
    findings, _ = chromium.call(lambda b: _run(b, html, {"A11Y204", "A11Y306", "FED403"}))
    by_rule = {f.rule: f for f in findings}
    assert by_rule["A11Y204"].outcome is Outcome.NEEDS_REVIEW and by_rule["A11Y204"].data["check_error"]
    assert "hostile" in by_rule["A11Y204"].message
    assert by_rule["FED403"].data.get("check_error") is None  # the declarative rule still ran


def test_hung_page_is_given_up_quickly(chromium: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "EVALUATE_TIMEOUT_S", 0.5)
    html = "<p>x</p><script>setTimeout(() => { for (;;) {} }, 50)</script>"

    async def go(browser: Any) -> tuple[list[Any], dict[str, Any]]:
        import asyncio

        context = await browser.new_context()
        try:
            page = await context.new_page()
            await page.set_content(html)
            await asyncio.sleep(0.3)
            return await check_page(
                page, PageContext(URL, URL, 200, {}, True), _rules({"A11Y204", "A11Y205", "A11Y306"})
            )
        finally:
            await context.close()

    findings, _ = chromium.call(go, timeout=60)
    assert {f.rule for f in findings} == {"A11Y204", "A11Y205", "A11Y306"}
    assert all(f.data.get("check_error") for f in findings)
