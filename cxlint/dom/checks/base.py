"""Registries of named checks, and what a page check gets to work with.

A rule file names a check (``check: reflow``); the check's parameter model is
validated when the rule loads, so a typo fails at load time, not mid-crawl.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from cxlint.crawl.urls import is_loopback
from cxlint.dom.findings import make_finding
from cxlint.dom.js import script
from cxlint.model import Finding, Outcome
from cxlint.registry import Rule

if TYPE_CHECKING:
    from playwright.async_api import APIRequestContext, Page

    from cxlint.dom.engine import PageContext
    from cxlint.model import PageResult

EVALUATE_TIMEOUT_S = 5.0
"""Longest any one injected script may run before the check is given up."""


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NotApplicable(Exception):
    """Raised by a check whose rule does not apply to this page (recorded, not reported)."""


class PageHung(RuntimeError):
    """The page stopped answering scripts; later checks are skipped rather than each timing out."""


@dataclass
class PageRun:
    """One page being checked: the live page, its context, and facts gathered so far."""

    page: Page
    ctx: PageContext
    facts: dict[str, Any] = field(default_factory=dict)
    hung: bool = False
    shared: dict[str, Any] = field(default_factory=dict)
    """Measurements several checks reuse on this page (one Tab walk serves two rules)."""

    async def once(self, key: str, compute: Callable[[PageRun], Awaitable[Any]]) -> Any:
        """``compute(self)`` the first time ``key`` is asked for on this page, its result after that.

        A failure is kept too and raised again, so every rule that shares the measurement (the Tab
        walk, a form or widget journey) fails the same way instead of repeating a slow attempt."""
        if key in self.shared:
            kept = self.shared[key]
            if isinstance(kept, BaseException):
                raise kept
            return kept
        try:
            result = await compute(self)
        except BaseException as e:
            self.shared[key] = e
            raise
        self.shared[key] = result
        return result

    async def evaluate(self, name: str, args: dict[str, Any] | None = None, timeout: float = EVALUATE_TIMEOUT_S) -> Any:
        """Run an injected script with a deadline; a page that hangs once is not asked again."""
        if self.hung:
            raise PageHung("the page stopped responding to scripts earlier in this scan")
        try:
            return await asyncio.wait_for(self.page.evaluate(script(name), args or {}), timeout)
        except TimeoutError:
            self.hung = True
            raise PageHung(f"script '{name}' did not finish within {timeout:g} s") from None

    async def evaluate_js(self, expression: str, arg: Any = None, timeout: float = EVALUATE_TIMEOUT_S) -> Any:
        if self.hung:
            raise PageHung("the page stopped responding to scripts earlier in this scan")
        try:
            return await asyncio.wait_for(self.page.evaluate(expression, arg), timeout)
        except TimeoutError:
            self.hung = True
            raise PageHung(f"script did not finish within {timeout:g} s") from None

    def effective_url(self) -> str:
        """The URL production-only rules judge: the user's production mapping, else the final URL."""
        return self.ctx.production_url or self.ctx.final_url or self.ctx.url


def hits_to_findings(
    rule: Rule,
    hits: list[dict[str, Any]],
    message: str | Callable[[dict[str, Any]], str],
    outcome: Outcome | None = None,
) -> list[Finding]:
    """Element descriptions from a script become findings, minus the suppressed ones."""
    out = []
    for h in hits:
        msg = message(h) if callable(message) else message
        out.append(make_finding(rule, msg, h, data=dict(h.get("data") or {}), outcome=outcome))
    return out


def is_loopback_host(url: str) -> bool:
    """A page with no host (about:blank, a file) counts as local too: production rules never judge it."""
    return not urlsplit(url).hostname or is_loopback(url)


PageCheck = Callable[[PageRun, Rule, Any], Awaitable[list[Finding]]]
SiteCheck = Callable[["list[PageResult]", Rule, Any], list[Finding]]
OriginCheck = Callable[["APIRequestContext", str, Rule, Any], Awaitable[list[Finding]]]


@dataclass(frozen=True)
class CheckSpec:
    name: str
    params: type[BaseModel]
    func: Callable[..., Any]
    phase: int = 0
    """Order on the page: 0 reads only, 1 moves focus, 2 injects CSS, 3 resizes the viewport, 4 submits forms."""


PAGE_CHECKS: dict[str, CheckSpec] = {}
SITE_CHECKS: dict[str, CheckSpec] = {}
ORIGIN_CHECKS: dict[str, CheckSpec] = {}

READS, FOCUS, STYLES, VIEWPORT, SUBMITS = 0, 1, 2, 3, 4
"""``SUBMITS``: the form journeys, last, since on a page without script they try on the page itself
the submissions the browser's own validation stops (``forms.InPlace``)."""


def page_check(name: str, params: type[BaseModel] = NoParams, phase: int = READS) -> Callable[[PageCheck], PageCheck]:
    def deco(func: PageCheck) -> PageCheck:
        PAGE_CHECKS[name] = CheckSpec(name, params, func, phase)
        return func

    return deco


def site_check(name: str, params: type[BaseModel] = NoParams) -> Callable[[SiteCheck], SiteCheck]:
    def deco(func: SiteCheck) -> SiteCheck:
        SITE_CHECKS[name] = CheckSpec(name, params, func)
        return func

    return deco


def origin_check(name: str, params: type[BaseModel] = NoParams) -> Callable[[OriginCheck], OriginCheck]:
    def deco(func: OriginCheck) -> OriginCheck:
        ORIGIN_CHECKS[name] = CheckSpec(name, params, func)
        return func

    return deco
