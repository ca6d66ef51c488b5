"""Shortcuts for pages without script give the results of the slow way, in Chromium on 127.0.0.1.

On a page where nothing can run script, the Tab walk presses its keys back to back, and the form
journeys make the attempts the browser stops on the scanned page itself (reset after each), the
others in one loaded copy, with no wait for errors a script could draw. Each test runs the same checks both ways, with the shortcut forced
off, and compares everything the rules read; and proves the shortcut really ran.
"""

from __future__ import annotations

from typing import Any

import pytest

from cxlint.dom.checks import forms, keyboard, sandbox, scriptless
from cxlint.dom.checks.base import PageRun
from cxlint.dom.engine import PageContext, check_page
from cxlint.registry import RULES_DIR, load_registry

pytestmark = pytest.mark.e2e

FORM_RULES = {"A11Y501", "A11Y502", "A11Y503", "A11Y504", "A11Y505", "A11Y506"}
WALK_RULES = {"A11Y104", "A11Y105"}

SCRIPTED = {
    "script element": "<p>Hi</p><script>document.title = 'x'</script>",
    "module script": "<script type='module'>1</script><p>Hi</p>",
    "handler attribute": "<button onclick=\"this.hidden = true\">Hide</button>",
    "javascript: URL": "<a href=\"javascript:void(0)\">Menu</a>",
    "meta refresh": "<meta http-equiv='refresh' content='30'><p>Hi</p>",
    "plugin": "<object data='/x.swf'></object>",
    "frame with script": "<iframe srcdoc=\"<script>parent.x = 1</script>\" title='Widget'></iframe>",
}
SCRIPTLESS = {
    "plain page": "<h1>Apply for a passport</h1><p>Renew by mail with form DS-82.</p>",
    "structured data": "<script type='application/ld+json'>{\"@type\": \"GovernmentService\"}</script><p>Hi</p>",
    "plain frame": "<iframe srcdoc='<p>Office hours: 8 a.m. to 5 p.m.</p>' title='Hours'></iframe>",
}


def _rules(codes: set[str]) -> list[Any]:
    reg = load_registry([RULES_DIR / "accessibility"])
    return [r for c, r in reg.rules.items() if c in codes]


def test_scriptless_is_cautious(chromium: Any) -> None:
    async def probe_all(browser: Any) -> dict[str, bool]:
        """Each body in a new document of one tab (a new context for each costs a renderer process)."""
        context = await browser.new_context()
        try:
            page = await context.new_page()
            found = {}
            for name, body in {**SCRIPTED, **SCRIPTLESS}.items():
                await page.goto("about:blank")  # a new document and window: nothing of the last body is left
                await page.set_content(f"<!doctype html><html lang='en'><title>t</title>{body}</html>")
                run = PageRun(page=page, ctx=PageContext("about:blank", "about:blank", 200, {}, False))
                found[name] = await scriptless.scriptless(run)
            return found
        finally:
            await context.close()

    found = chromium.call(probe_all)
    assert {name: found[name] for name in SCRIPTED} == dict.fromkeys(SCRIPTED, False)
    assert {name: found[name] for name in SCRIPTLESS} == dict.fromkeys(SCRIPTLESS, True)


_AS_LOADED = """() => ({
  url: location.href,
  values: Array.from(document.querySelectorAll('input, select, textarea')).map((f) => [f.value, f.checked]),
  invalid: document.querySelectorAll(':user-invalid').length,
  focus: document.activeElement ? document.activeElement.localName : '',
  scroll: [window.scrollX, window.scrollY],
  journey: '__cxlintFormJourney' in window,
})"""
"""What the scanned page shows of form journeys: it must look as it loaded once they are done."""


async def _check(browser: Any, url: str, codes: set[str]) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = await context.new_page()
        await page.goto(url)
        loaded = await page.evaluate(_AS_LOADED)
        findings, facts = await check_page(page, PageContext(url, url, 200, {}, False), _rules(codes))
        assert await page.evaluate(_AS_LOADED) == loaded
        seen = sorted((f.rule, f.location.selector, f.message, f.outcome.value, repr(sorted(f.data.items())))
                      for f in findings)
        return seen, facts
    finally:
        await context.close()


def _both_ways(chromium: Any, url: str, codes: set[str], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    fast = chromium.call(lambda b: _check(b, url, codes))

    async def never(_run: PageRun) -> bool:
        return False

    with monkeypatch.context() as m:
        m.setattr(forms, "scriptless", never)
        m.setattr(keyboard, "scriptless", never)
        slow = chromium.call(lambda b: _check(b, url, codes))
    return fast, slow


class _Counts:
    """Throwaway tabs opened, loads and resets in them, and resets of the scanned page itself."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tabs: list[str] = []
        self.loads: list[str] = []
        self.resets: list[str] = []
        self.in_place: list[str] = []
        enter, load = sandbox.Sandbox.__aenter__, sandbox.Sandbox.load
        reset, here = sandbox.Sandbox.reset_forms, forms.InPlace.reset_forms

        async def counted_enter(sb: sandbox.Sandbox) -> sandbox.Sandbox:
            self.tabs.append(sb.url)
            return await enter(sb)

        async def counted_load(sb: sandbox.Sandbox) -> None:
            self.loads.append(sb.url)
            await load(sb)

        async def counted_reset(sb: sandbox.Sandbox) -> None:
            self.resets.append(sb.url)
            await reset(sb)

        async def counted_here(ip: forms.InPlace) -> None:
            self.in_place.append(ip.page.url)
            await here(ip)

        monkeypatch.setattr(sandbox.Sandbox, "__aenter__", counted_enter)
        monkeypatch.setattr(sandbox.Sandbox, "load", counted_load)
        monkeypatch.setattr(sandbox.Sandbox, "reset_forms", counted_reset)
        monkeypatch.setattr(forms.InPlace, "reset_forms", counted_here)

    def totals(self) -> tuple[int, int, int, int]:
        return len(self.tabs), len(self.loads), len(self.resets), len(self.in_place)


JOURNEY_CASES = {
    # 5 attempts (#replace empty and bad, #status bad, #updates empty and bad). The slow way opens a
    # copy and loads it before each. The fast way tries each on the page itself (a reset before each
    # and one at the end); the browser stops the two on #replace, and the three it lets through
    # (#status has nothing it checks, #updates is novalidate) are made again in one copy, loaded
    # for each, since each post reaches the server. #updates came back without a word about the
    # empty address.
    "forms-static.html": (5, (1 + 1, 3 + 5, 0, 5 + 1), {("A11Y501", "#updates")}),
    # Empty and bad on #address, both stopped by the browser: the fast way opens no copy at all,
    # and the browser named the problems itself.
    "forms-static-stopped.html": (2, (0 + 1, 0 + 2, 0, 2 + 1), set()),
}
"""Fixture: (attempts, (copies opened, loads in copies, resets in copies, resets in place) both ways
added up, A11Y501 findings)."""


@pytest.mark.parametrize("fixture", JOURNEY_CASES)
def test_form_journeys_try_stopped_submits_in_place_with_the_same_results(
    chromium: Any, dom_server: Any, monkeypatch: pytest.MonkeyPatch, fixture: str
) -> None:
    attempts, totals, unidentified = JOURNEY_CASES[fixture]
    counts = _Counts(monkeypatch)
    (fast, fast_facts), (slow, slow_facts) = _both_ways(chromium, dom_server.url(f"/{fixture}"), FORM_RULES, monkeypatch)
    assert fast_facts["form_journeys"] == slow_facts["form_journeys"]
    assert fast_facts["form_journeys"]["attempts"] == attempts
    assert counts.totals() == totals, vars(counts)
    assert fast == slow
    assert {(rule, sel) for rule, sel, *_ in fast if rule == "A11Y501"} == unidentified, fast


def test_back_to_back_tab_walk_is_the_walk(chromium: Any, dom_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[int] = []
    real = keyboard._press_tabs_back_to_back

    async def counted(run: PageRun, times: int) -> int:
        sent.append(times)
        return await real(run, times)

    monkeypatch.setattr(keyboard, "_press_tabs_back_to_back", counted)

    async def walk(browser: Any, url: str) -> dict[str, Any]:
        context = await browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = await context.new_page()
            await page.goto(url)
            run = PageRun(page=page, ctx=PageContext(url, url, 200, {}, False))
            res = await keyboard.tab_walk(run)
            return {k: res[k] for k in ("log", "last", "elements", "presses", "states", "trap", "tabbable")}
        finally:
            await context.close()

    url = dom_server.url("/forms-static.html")
    fast = chromium.call(lambda b: walk(b, url))
    assert sent == [fast["presses"]]
    with monkeypatch.context() as m:

        async def never(_run: PageRun) -> bool:
            return False

        m.setattr(keyboard, "scriptless", never)
        slow = chromium.call(lambda b: walk(b, url))
    assert len(sent) == 1  # the slow walk pressed one key at a time
    assert fast == slow
    # The walk went round the page: from the skip link to the footer, and on to the positive tabindex
    # links (from the top of the body Tab reaches them only after the wrap); hidden and disabled
    # elements are not Tab stops.
    names = [e.get("name") for e in fast["elements"]]
    assert names[0] == "Skip to main content" and "Accessibility" in names, names
    assert {"Contact us", "Start your request"} <= set(names), names
    assert "Hidden link" not in names and "Disabled button" not in names
