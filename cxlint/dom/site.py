"""Site-level entry points: cross-page rules over stored facts, and once-per-origin HTTP checks."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cxlint.dom import kinds  # noqa: F401  (registers the kinds this module runs)
from cxlint.dom.checks.base import ORIGIN_CHECKS, SITE_CHECKS
from cxlint.dom.findings import could_not_run
from cxlint.model import Finding, PageResult, PageStatus
from cxlint.registry import Rule

if TYPE_CHECKING:
    from playwright.async_api import APIRequestContext

log = logging.getLogger(__name__)
ORIGIN_TIMEOUT_S = 30.0


class SiteAccumulator:
    """Cross-page rules fed one page at a time: ``add`` each page as it finishes, ``finish`` once.

    Only what the site checks read is kept (URL, status and the page's small
    ``facts``), never findings, snippets or metrics, so a crawl can stream its
    pages through here without holding them.
    """

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = [r for r in rules if r.spec.kind == "site-check"]
        self._pages: list[PageResult] = []
        self._shared: dict[bytes, Any] = {}
        """One copy of each distinct fact value: every page of a site repeats its navigation and footer,
        so without this the kept facts would grow by the whole menu on each of thousands of pages."""

    def _share(self, value: Any) -> Any:
        if not isinstance(value, list | dict) or not value:
            return value
        digest = hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).digest()
        return self._shared.setdefault(digest, value)

    def add(self, page: PageResult) -> None:
        if not self.rules or page.status is not PageStatus.SCANNED:
            return
        facts = page.metrics.get("facts") if isinstance(page.metrics, dict) else None
        if isinstance(facts, dict) and facts:
            facts = {k: self._share(v) for k, v in facts.items()}  # the checks only read them
            self._pages.append(
                PageResult(url=page.url, final_url=page.final_url, status=page.status, metrics={"facts": facts})
            )

    def finish(self) -> list[Finding]:
        out: list[Finding] = []
        for rule in self.rules:
            spec = SITE_CHECKS[rule.options.check]  # type: ignore[attr-defined]
            try:
                out += spec.func(self._pages, rule, rule.options.params)  # type: ignore[attr-defined]
            except Exception as e:
                log.debug("site check %s failed", rule.code, exc_info=True)
                out.append(could_not_run(rule, e))
        return out


def check_site(pages: Iterable[PageResult], rules: list[Rule]) -> list[Finding]:
    """Cross-page findings (duplicate titles...) from ``PageResult.metrics["facts"]``."""
    acc = SiteAccumulator(rules)
    for page in pages:
        acc.add(page)
    return acc.finish()


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
