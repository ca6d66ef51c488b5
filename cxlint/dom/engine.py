"""Per-page entry point: run the DOM rules against a page the scanner has already loaded.

Order matters because some checks change the page: read-only checks run first, then
the ones that move focus, then those that inject CSS, then those that resize the
viewport; each restores what it changed. A check that fails becomes a needs-review
finding "check could not run", never an exception.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cxlint.dom import kinds  # noqa: F401  (registers the kinds this engine runs)
from cxlint.dom.checks.base import PAGE_CHECKS, NotApplicable, PageHung, PageRun, is_loopback_host
from cxlint.dom.findings import could_not_run
from cxlint.dom.query import CONTACT_NAME, SEARCH_SELECTOR, run_queries
from cxlint.model import Finding
from cxlint.registry import Rule
from cxlint.timings import Stopwatch

if TYPE_CHECKING:
    from playwright.async_api import Page

log = logging.getLogger(__name__)


@dataclass
class PageContext:
    url: str
    final_url: str
    http_status: int | None
    headers: dict[str, str]
    """Lower-cased response headers of the main document."""
    is_home: bool
    """The page is its site's root (``cxlint.crawl.urls.is_home_url``), not merely a start URL."""
    production_url: str | None = None
    """The user's mapping of a loopback URL to production, for FED1xx rules."""
    submit_forms: bool = False
    """Whether form journeys may submit to a non-loopback host (the user's explicit opt-in).

    Loopback hosts are always allowed; without this, a form on any other host is still
    filled and its client-side validation judged, but nothing it sends leaves the browser.
    """


def _not_applicable_reason(rule: Rule, ctx: PageContext) -> str | None:
    opts = rule.options
    if getattr(opts, "pages", "all") == "home" and not ctx.is_home:
        return "applies to the home page only"
    if (
        getattr(opts, "production_only", False)
        and not ctx.production_url
        and is_loopback_host(ctx.final_url or ctx.url)
    ):
        return "loopback host: production-only rule (map a production URL to check it)"
    return None


async def _facts(run: PageRun) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    try:
        facts = await run.evaluate("facts", {"search_selector": SEARCH_SELECTOR, "contact_name": CONTACT_NAME})
    except Exception as e:  # a hostile page must not stop the scan
        log.debug("facts failed on %s: %s", run.ctx.url, e)
        facts = {"error": str(e)[:300]}
    return facts


async def check_page(
    page: Page, ctx: PageContext, rules: list[Rule], watch: Stopwatch | None = None
) -> tuple[list[Finding], dict[str, Any]]:
    """Findings for one loaded page, and the facts site-level rules need later.

    ``watch`` gets the time of each step (``facts``, ``query``, then each check by name).
    """
    watch = watch if watch is not None else Stopwatch()
    run = PageRun(page=page, ctx=ctx)
    with watch.step("facts"):
        run.facts = await _facts(run)
    findings: list[Finding] = []
    not_applicable: dict[str, str] = {}

    queries: list[Rule] = []
    checks: list[Rule] = []
    for rule in rules:
        if rule.spec.kind not in ("dom-query", "browser-check"):
            continue
        reason = _not_applicable_reason(rule, ctx)
        if reason:
            not_applicable[rule.code] = reason
            continue
        (queries if rule.spec.kind == "dom-query" else checks).append(rule)

    if queries:
        with watch.step("query"):
            findings += await run_queries(run, queries, not_applicable)

    checks.sort(key=lambda r: (PAGE_CHECKS[r.options.check].phase, r.code))  # type: ignore[attr-defined]
    for rule in checks:
        spec = PAGE_CHECKS[rule.options.check]  # type: ignore[attr-defined]
        try:
            with watch.step(spec.name):
                found = await spec.func(run, rule, rule.options.params)  # type: ignore[attr-defined]
        except NotApplicable as e:
            not_applicable[rule.code] = str(e)
            continue
        except PageHung as e:
            findings.append(could_not_run(rule, e))
            continue
        except Exception as e:
            log.debug("check %s failed on %s", rule.code, ctx.url, exc_info=True)
            findings.append(could_not_run(rule, e))
            continue
        findings += found

    facts = dict(run.facts)
    facts["not_applicable"] = not_applicable
    return findings, facts


__all__ = ["PageContext", "check_page"]
