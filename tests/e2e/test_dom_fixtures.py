"""One fixture page per DOM rule group, with an exhaustive expectation: these findings and no others.

Each page holds passing (``pass1``) and failing (``fail1``) elements side by side, so a rule
that over-reports fails here just as surely as one that misses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from cxlint.dom.engine import PageContext, check_page
from cxlint.dom.kinds import DOM_KINDS
from cxlint.engines.suppression import collect_markers
from cxlint.findings.stage import FindingsStage
from cxlint.model import PageResult
from cxlint.registry import RULES_DIR, load_registry
from cxlint.tabs import TabPool

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dom"
CASES = sorted(FIXTURES.glob("*.expected.yaml"))
VIEWPORT = (1280, 900)
TABS = TabPool(lambda browser, _url: browser.new_context(viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]}),
               reuse=True, viewport=VIEWPORT)
"""One tab kept from page to page, as a scan keeps one (``cxlint.tabs``): a new context per page costs a
renderer process. Between pages it is cleaned as a scan cleans it (cookies, storage of the origin served,
session storage, viewport, the memory cache); a tab whose page failed is closed, not reused."""
TABS.forget_memory_cache = True


async def _scan(browser: Any, url: str, spec: dict[str, Any]) -> tuple[set[tuple[str, str]], dict[str, Any], list[str]]:
    reg = load_registry([RULES_DIR / "federal", RULES_DIR / "accessibility"])
    rules = [
        r
        for r in reg.rules.values()
        if r.spec.kind in DOM_KINDS
        and r.spec.kind not in ("site-check", "origin-check")
        and any(r.code.startswith(p) for p in spec["rules"])
    ]
    tab = await TABS.take(browser, url)
    done = False
    try:
        page = tab.page
        await page.goto("about:blank")  # a new document: nothing of the last page runs on
        await page.bring_to_front()  # and the tab has the input focus, as a new tab has
        tab.origins.add(urlsplit(url)._replace(path="", query="", fragment="").geturl())  # storage cleared after
        resp = await page.goto(url, wait_until="load")
        assert resp is not None
        headers = {k.lower(): v for k, v in (await resp.all_headers()).items()}
        headers.update(spec.get("headers") or {})
        ctx = PageContext(
            url=url,
            final_url=page.url,
            http_status=resp.status,
            headers=headers,
            is_home=spec.get("is_home", False),
            production_url=spec.get("production_url"),
        )
        findings, facts = await check_page(page, ctx, rules)
        # Suppressions are applied after the engines, by the findings stage, as in a real scan.
        result = PageResult(url=url, final_url=page.url, findings=findings, metrics={"not_applicable": facts.get("not_applicable", {})})
        stage = FindingsStage(reg, running={r.code for r in rules} | {"CX010"})
        stage.process_page(result, await collect_markers(page, findings))
        findings = result.findings
        # The page must be left as it was found: same viewport, no injected probe, focus released.
        state = await page.evaluate("""() => ({w: innerWidth, probes: document.querySelectorAll('[data-cxlint-probe]').length,
                                              active: document.activeElement === document.body})""")
        assert state == {"w": 1280, "probes": 0, "active": True}
        done = True
    finally:
        await TABS.give_back(tab, done)
    errors = [f.message for f in findings if f.data.get("check_error")]
    return {(f.rule, f.location.selector) for f in findings}, facts, errors


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_fixture_page_exhaustive(case: Path, chromium: Any, dom_server: Any) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    found, _, errors = chromium.call(lambda b: _scan(b, dom_server.url(spec["page"]), spec))
    assert not errors, errors
    expected = {(code, sel) for code, sel in spec["expected"]}
    assert found - expected == set(), "unexpected findings"
    assert expected - found == set(), "missing findings"


def test_loopback_makes_production_rules_not_applicable(chromium: Any, dom_server: Any) -> None:
    """Without a production mapping a local scan never fails on HTTPS, HSTS, .gov or DAP."""
    spec = {"page": "federal.html", "rules": ["FED103", "FED104", "FED105", "FED401"], "is_home": True}
    found, facts, errors = chromium.call(lambda b: _scan(b, dom_server.url("federal.html"), spec))
    assert not errors
    assert found == set()
    assert set(facts["not_applicable"]) == {"FED103", "FED104", "FED105", "FED401"}


def test_facts_for_site_rules(chromium: Any, dom_server: Any) -> None:
    spec = {"page": "federal.html", "rules": ["FED402"], "is_home": True}
    _, facts, _ = chromium.call(lambda b: _scan(b, dom_server.url("federal.html"), spec))
    assert facts["title"] == "Apply for a passport | Example Agency"
    assert facts["description"].startswith("How to apply")
    assert facts["search"] == {"present": True, "search_gov": False}
    assert facts["dap"]["present"] is False
    assert facts["contact"]["region"] == "footer"
    assert facts["uswds"]["version"] == "2.13.3"
