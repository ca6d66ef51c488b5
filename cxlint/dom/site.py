"""Site-level entry points: cross-page rules over stored facts, and once-per-origin HTTP checks."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from cxlint.dom import kinds  # noqa: F401  (registers the kinds this module runs)
from cxlint.dom.checks.base import ORIGIN_CHECKS, SITE_CHECKS
from cxlint.dom.findings import could_not_run
from cxlint.model import Finding, PageResult
from cxlint.registry import Rule

if TYPE_CHECKING:
    from playwright.async_api import APIRequestContext

log = logging.getLogger(__name__)
ORIGIN_TIMEOUT_S = 30.0


def check_site(pages: list[PageResult], rules: list[Rule]) -> list[Finding]:
    """Cross-page findings (duplicate titles...) from ``PageResult.metrics["facts"]``."""
    out: list[Finding] = []
    for rule in rules:
        if rule.spec.kind != "site-check":
            continue
        spec = SITE_CHECKS[rule.options.check]  # type: ignore[attr-defined]
        try:
            out += spec.func(pages, rule, rule.options.params)  # type: ignore[attr-defined]
        except Exception as e:
            log.debug("site check %s failed", rule.code, exc_info=True)
            out.append(could_not_run(rule, e))
    return out


async def check_origin(request: APIRequestContext, origin: str, rules: list[Rule]) -> list[Finding]:
    """robots.txt, sitemap.xml and the 404 probe: once per origin, over plain HTTP."""
    out: list[Finding] = []
    for rule in rules:
        if rule.spec.kind != "origin-check":
            continue
        spec = ORIGIN_CHECKS[rule.options.check]  # type: ignore[attr-defined]
        try:
            found = await asyncio.wait_for(
                spec.func(request, origin, rule, rule.options.params),  # type: ignore[attr-defined]
                ORIGIN_TIMEOUT_S,
            )
        except Exception as e:
            log.debug("origin check %s failed for %s", rule.code, origin, exc_info=True)
            found = [could_not_run(rule, e)]
        for f in found:
            f.data.setdefault("origin", origin)
        out += found
    return out
