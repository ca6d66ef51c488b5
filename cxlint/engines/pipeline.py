"""Which engines run on each page, with which rules: the one place rule selection happens.

The scanner runs axe itself; this module adds the text engine (plain
language) and the DOM engine (federal standards and browser checks axe cannot
do) as page engines, and runs the site-level rules once the crawl is over.
Rules are chosen by category (``--checks``) and, for accessibility rules, by
the standard's profile tags, so ``--standard wcag20aa`` never reports a WCAG
2.2-only criterion.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import APIRequestContext, Page

from cxlint.crawl.urls import is_home_url
from cxlint.crawl.urls import origin as origin_of
from cxlint.dom.checks.base import is_loopback_host
from cxlint.dom.engine import PageContext, check_page
from cxlint.dom.site import check_origin, check_site
from cxlint.model import PageResult, PageStatus, RunResult
from cxlint.registry import PROFILE_TAGS, VERSION_TAGS, Registry, Rule, in_profile  # noqa: F401 (re-exported)
from cxlint.text.engine import check_html
from cxlint.timings import Stopwatch

PageEngine = Callable[[Page, PageResult], Awaitable[None]]
"""An engine that adds findings and metrics to a loaded page's result."""

CATEGORIES = ("accessibility", "plain-language", "federal")

_JS = Path(__file__).parent / "js"
MARK_JS = (_JS / "mark_rendering.js").read_text(encoding="utf-8")
UNMARK_JS = (_JS / "unmark_rendering.js").read_text(encoding="utf-8")
DOM_KINDS = ("dom-query", "browser-check")


@dataclass(frozen=True)
class EngineSelection:
    """What the page engines need from the run plan: plain data."""

    categories: frozenset[str] = frozenset(CATEGORIES)
    standard: str = "wcag21aa"
    production_url: str | None = None
    start_urls: tuple[str, ...] = ()
    submit_forms: bool = False


Selection = EngineSelection


def selected(registry: Registry, sel: EngineSelection, kinds: tuple[str, ...]) -> list[Rule]:
    return [
        r
        for r in registry.rules.values()
        if r.spec.enabled
        and r.spec.kind in kinds
        and r.spec.category in sel.categories
        and in_profile(r, sel.standard)
    ]


def page_engines(registry: Registry, sel: EngineSelection) -> list[PageEngine]:
    """The engines to run after axe on every loaded page."""
    engines: list[PageEngine] = []
    text_rules = [r for r in registry.rules.values() if r.spec.enabled and r.spec.category == "plain-language"]
    if "plain-language" in sel.categories and text_rules:

        async def text_engine(page: Page, result: PageResult) -> None:
            watch = Stopwatch()
            with watch.step("content"):
                await page.evaluate(MARK_JS)
                html = await page.content()
                await page.evaluate(UNMARK_JS)
            with watch.step("rules"):
                # Text rules are pure CPU work: keep the event loop free for the other pages in flight.
                tr = await asyncio.to_thread(check_html, html, result.final_url or result.url, text_rules)
            timings = result.metrics.setdefault("timings", {})
            timings.update({f"text.{step}": ms for step, ms in watch.rounded().items()})
            result.findings.extend(tr.findings)
            result.metrics.update(tr.metrics)

        engines.append(text_engine)

    dom_rules = selected(registry, sel, DOM_KINDS)
    if dom_rules:

        async def dom_engine(page: Page, result: PageResult) -> None:
            ctx = PageContext(
                url=result.url,
                final_url=result.final_url or result.url,
                http_status=result.http_status,
                headers=dict(result.metrics.get("headers", {})),
                is_home=is_home_url(result.final_url or result.url),
                production_url=sel.production_url,
                submit_forms=sel.submit_forms,
            )
            watch = Stopwatch()
            findings, facts = await check_page(page, ctx, dom_rules, watch)
            timings = result.metrics.setdefault("timings", {})
            timings.update({f"dom.{step}": ms for step, ms in watch.rounded().items()})
            result.findings.extend(findings)
            result.metrics["not_applicable"] = facts.pop("not_applicable", {})
            result.metrics["facts"] = facts

        engines.append(dom_engine)
    return engines


async def site_findings(
    result: RunResult, registry: Registry, sel: EngineSelection, request: APIRequestContext
) -> None:
    """Cross-page rules over the stored facts, and the once-per-origin HTTP probes."""
    # Two passes over the pages, never a list of them: a run's pages are read back from the store one by one.
    def scanned() -> Iterator[PageResult]:
        return (p for p in result.pages if p.status is PageStatus.SCANNED)

    site_rules = selected(registry, sel, ("site-check",))
    found = check_site(scanned(), site_rules) if site_rules else []
    origin_rules = selected(registry, sel, ("origin-check",))
    site_wide = [r for r in origin_rules if not getattr(r.options, "production_only", False)]
    production_only = [r for r in origin_rules if getattr(r.options, "production_only", False)]
    origins = list(dict.fromkeys(origin_of(p.final_url or p.url) for p in scanned()))
    for origin in origins:
        if site_wide:
            found += await check_origin(request, origin, site_wide)
        # Production-only probes (HTTPS redirect) judge the mapped production site, never a loopback one.
        judged = origin_of(sel.production_url) if sel.production_url and is_loopback_host(origin) else origin
        if production_only and not is_loopback_host(judged):
            found += await check_origin(request, judged, production_only)
        elif production_only:
            skipped = result.meta.config.setdefault("not_applicable", {})
            for rule in production_only:
                skipped[rule.code] = "loopback host: production-only rule (give --production-url to check it)"
    result.site_findings.extend(found)
