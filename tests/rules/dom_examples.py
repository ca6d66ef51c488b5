"""Every DOM rule's own examples, run in a real Chromium: ``fail`` must report, ``pass`` must not.

The examples live in the rule files, so the documentation cannot drift from the behaviour.
They are many (each loads a page and runs its check), so ``test_dom_rule_examples_*.py`` take
``PARTS`` interleaved shares of them: test files are what the parallel test workers share out.
Page rules load their example with ``page.set_content`` and a made-up context (URL, headers,
home page) because the checks read those from the context, never from the page; site rules
run several example pages and compare their facts; origin rules are served on 127.0.0.1.

Examples run in a tab kept from one example to the next (``cxlint.tabs``, as a scan keeps one
from page to page): a new context and page per example cost a renderer process each, most
of an example's time. Each example still starts on a new document (the tab goes to
``about:blank`` first, so no script, focus or listener of the last one is left), and the tab
is cleaned in between as a scan cleans it (cookies, storage of the origins served, session
storage, viewport); a tab whose example failed is closed, not reused.
"""

from __future__ import annotations

from typing import Any

from cxlint.dom.engine import PageContext, check_page
from cxlint.dom.site import check_origin, check_site
from cxlint.model import Finding, PageResult
from cxlint.registry import RULES_DIR, Rule, load_registry
from cxlint.tabs import TabPool

DEFAULT_URL = "https://www.example.gov/"


PARTS = 3
"""How many test files share the examples (tests/rules/test_dom_rule_examples_*.py)."""


def all_example_ids() -> list[tuple[str, str, int]]:
    reg = load_registry([RULES_DIR / "federal", RULES_DIR / "accessibility"])
    out = []
    for code, rule in sorted(reg.rules.items()):
        if rule.spec.kind not in ("dom-query", "browser-check", "site-check", "origin-check"):
            continue
        out += [(code, "pass", i) for i in range(len(rule.spec.examples.passing))]
        out += [(code, "fail", i) for i in range(len(rule.spec.examples.failing))]
    return out


def example_ids(part: int) -> list[tuple[str, str, int]]:
    """Every PARTS-th example from ``part`` on: a rule's examples (and the slow rules) spread over the parts."""
    return all_example_ids()[part::PARTS]


VIEWPORT = (1280, 900)
TABS = TabPool(lambda browser, _url: browser.new_context(viewport={"width": VIEWPORT[0], "height": VIEWPORT[1]}),
               reuse=True, viewport=VIEWPORT)
"""One tab per test process, used by one example at a time (the session browser's loop runs them in turn)."""


async def _page_findings(
    browser: Any, rule: Rule, example: str | dict[str, Any], server: Any = None
) -> tuple[list[Finding], dict[str, Any]]:
    ex = {"html": example} if isinstance(example, str) else dict(example)
    served = bool(ex.get("serve")) and server is not None
    if served:
        # Checks that reload, submit or operate the page need it at a real address: "/" on
        # 127.0.0.1, with the example's other files (e.g. the page a form posts to) beside it.
        server.serve({"/": ex["html"], **ex.get("files", {})})
    url = server.url("/") if served else ex.get("url", DEFAULT_URL)
    ctx = PageContext(
        url=url,
        final_url=url,
        http_status=200,
        headers=ex.get("headers", {}),
        is_home=ex.get("home", True),
        production_url=ex.get("production_url"),
    )
    tab = await TABS.take(browser, url)
    done = False
    try:
        page = tab.page
        await page.goto("about:blank")  # a new document: nothing of the last example runs on
        await page.bring_to_front()  # and the tab has the input focus, as a new tab has
        if served:
            tab.origins.add(server.origin)  # its storage is cleared before the tab is used again
            await page.goto(url, wait_until="load")
        else:
            await page.set_content(ex["html"], wait_until="load")
        found = await check_page(page, ctx, [rule])
        done = True
        return found
    finally:
        await TABS.give_back(tab, done)


async def _site_findings(browser: Any, rule: Rule, example: dict[str, Any]) -> list[Finding]:
    pages = []
    for i, html in enumerate(example["pages"]):
        _, facts = await _page_findings(browser, rule, {"html": html, "url": f"{DEFAULT_URL}p{i}"})
        pages.append(PageResult(url=f"{DEFAULT_URL}p{i}", final_url=f"{DEFAULT_URL}p{i}", metrics={"facts": facts}))
    return check_site(pages, [rule])


async def _origin_findings(browser: Any, rule: Rule, example: dict[str, Any], server: Any) -> list[Finding]:
    server.serve(example.get("files", {}), example.get("fallback_status", 404), example.get("redirect_to", ""))
    context = await browser.new_context()
    try:
        return await check_origin(context.request, server.origin, [rule])
    finally:
        await context.close()


def check_example(
    code: str, which: str, index: int, dom_rules: dict[str, Rule], chromium: Any, route_server: Any
) -> None:
    """Run one example of a rule and hold the rule to it."""
    rule = dom_rules[code]
    examples = rule.spec.examples.passing if which == "pass" else rule.spec.examples.failing
    example = examples[index]
    kind = rule.spec.kind
    if kind == "site-check":
        findings = chromium.call(lambda b: _site_findings(b, rule, example))
    elif kind == "origin-check":
        findings = chromium.call(lambda b: _origin_findings(b, rule, example, route_server))
    else:
        findings, _ = chromium.call(lambda b: _page_findings(b, rule, example, route_server))
    broken = [f.message for f in findings if f.data.get("check_error")]
    assert not broken, f"{code} could not run on its {which} example {index}: {broken}"
    assert all(f.rule == code for f in findings)
    if which == "pass":
        assert not findings, f"{code} reported on its pass example {index}: {[f.message for f in findings]}"
    else:
        assert findings, f"{code} reported nothing on its fail example {index}"
