"""The text engine reads a page as it is rendered in a real Chromium: CSS capitals and heading-like lines."""

from __future__ import annotations

from typing import Any

import pytest

from cxlint.dom.engine import PageContext, check_page
from cxlint.engines.pipeline import MARK_JS, UNMARK_JS
from cxlint.registry import RULES_DIR, load_registry
from cxlint.text.engine import check_html
from tests.unit.text.helpers import pl_rules

pytestmark = pytest.mark.e2e


async def _rendered(browser: Any, url: str) -> tuple[str, str, list[Any]]:
    """The page's HTML with rendering marks, the HTML after unmarking, and A11Y306's findings."""
    context = await browser.new_context()
    try:
        page = await context.new_page()
        await page.goto(url)
        await page.evaluate(MARK_JS)
        marked = await page.content()
        await page.evaluate(UNMARK_JS)
        unmarked = await page.content()
        rule = load_registry([RULES_DIR / "accessibility"]).rules["A11Y306"]
        ctx = PageContext(url=url, final_url=url, http_status=200, headers={}, is_home=False, production_url=None)
        findings, _ = await check_page(page, ctx, [rule])
        return marked, unmarked, findings
    finally:
        await context.close()


def test_css_capitals_and_numbered_headings_in_a_real_browser(chromium: Any, pages_server: Any) -> None:
    url = pages_server.url("plain-language.html")
    marked, unmarked, a11y = chromium.call(lambda b: _rendered(b, url))
    assert 'data-cxlint-caps="upper"' in marked and 'data-cxlint-caps="none"' in marked
    assert "data-cxlint-caps" not in unmarked and "data-cxlint-hidden" not in unmarked

    result = check_html(marked, url, pl_rules())
    caps = [f for f in result.findings if f.rule == "PL111"]
    assert [(f.location.selector, f.location.text) for f in caps] == [
        ("#alarm", "WHEN THE ALARM SOUNDS, LEAVE THE BUILDING BY THE NEAREST EXIT AND GO TO YOUR ASSEMBLY AREA.")
    ]
    assert "text-transform" in caps[0].message
    # Text nobody sees is never judged; the numbered question lines are headings, not prose.
    assert not any("NEVER SHOWN" in f.location.text for f in result.findings)
    assert not any(f.location.text.startswith(("1. Who", "§ 5.3")) for f in result.findings)

    assert sorted(f.message for f in a11y) == [
        '"1. Who must follow this chapter?" is numbered like a section heading but is not marked up as one',
        '"§ 5.3 What must I do when the building alarm sounds?" is numbered like a section heading but is not '
        "marked up as one",
    ]
    assert all(f.outcome.value == "needs-review" and f.wcag == ["1.3.1"] for f in a11y)
