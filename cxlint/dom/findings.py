"""Turning what a check measured into :class:`Finding` objects, the same way for every kind."""

from __future__ import annotations

from typing import Any

from cxlint.model import Finding, Location, Outcome
from cxlint.registry import Rule

ENGINE = "dom"


def location_from(desc: dict[str, Any] | None) -> Location:
    if not desc:
        return Location()
    return Location(
        selector=str(desc.get("selector", "")),
        snippet=str(desc.get("snippet", ""))[:300],
        text=str(desc.get("text", ""))[:200],
    )


def make_finding(
    rule: Rule,
    message: str,
    desc: dict[str, Any] | None = None,
    *,
    data: dict[str, Any] | None = None,
    outcome: Outcome | None = None,
    location: Location | None = None,
) -> Finding:
    spec = rule.spec
    if outcome is None:
        outcome = Outcome.NEEDS_REVIEW if spec.needs_review else Outcome.VIOLATION
    return Finding(
        rule=spec.code,
        name=spec.name,
        severity=spec.severity,
        outcome=outcome,
        message=message,
        category=spec.category,
        location=location or location_from(desc),
        wcag=list(spec.wcag),
        help_url=spec.help_url,
        suggestion=spec.help.strip(),
        engine=ENGINE,
        tags=list(spec.tags),
        data=data or {},
    )


def could_not_run(rule: Rule, error: BaseException | str) -> Finding:
    """A check that failed is reported for review, never raised: one broken page must not stop a crawl."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return make_finding(
        rule,
        f"check could not run: {text[:200]}",
        data={"error": text[:500], "check_error": True},
        outcome=Outcome.NEEDS_REVIEW,
    )
