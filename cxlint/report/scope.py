"""Which rules a run checked, from what the run recorded (its plan, else its configuration).

Reports must say what was checked and what was not: a clean report of a run
that skipped plain language is not a clean bill of health. The rules are
re-derived with the same selection the pipeline uses (categories, the
standard's profile, axe's tags), so the scope of an old scan is its own.
"""

from __future__ import annotations

from typing import Any

from cxlint.model import RunMeta
from cxlint.registry import Registry
from cxlint.report.base import CATEGORIES, Scope

AXE_SKIPPED = frozenset({"axe/frame-tested"})
"""axe rules cxlint disables on every page."""

AXE_TAGS = {
    "wcag20aa": {"wcag2a", "wcag2aa", "section508"},
    "wcag21aa": {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "section508"},
    "wcag22aa": {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "section508"},
}
"""The axe tags each standard runs (``cxlint.engines.axe.STANDARD_TAGS``; a test keeps them equal)."""
PROFILE_TAGS = {
    "wcag20aa": {"section508", "wcag20aa"},
    "wcag21aa": {"section508", "wcag20aa", "wcag21aa"},
    "wcag22aa": {"section508", "wcag20aa", "wcag21aa", "wcag22aa"},
}
"""A rule's WCAG version tags against the standard (``cxlint.engines.pipeline.PROFILE_TAGS``; kept equal)."""
VERSION_TAGS = {"section508", "wcag20aa", "wcag21aa", "wcag22aa"}
DEFAULT_STANDARD = "wcag21aa"


def plan_of(meta: RunMeta) -> dict[str, Any]:
    plan = getattr(meta, "plan", None)
    return plan if isinstance(plan, dict) else {}


def categories_of(meta: RunMeta) -> list[str]:
    plan = plan_of(meta)
    raw = plan.get("checks") or plan.get("categories") or meta.config.get("checks")
    if isinstance(raw, str):
        raw = raw.split(",")
    chosen = [c.strip() for c in raw or CATEGORIES if str(c).strip() in CATEGORIES]
    return [c for c in CATEGORIES if c in chosen] or list(CATEGORIES)


def _in_profile(tags: list[str], standard: str) -> bool:
    versions = VERSION_TAGS.intersection(tags)
    return not versions or bool(versions & PROFILE_TAGS[standard])


def build_scope(meta: RunMeta, registry: Registry) -> Scope:
    """The rules the run recorded as running; for runs that did not record them, re-derived."""
    standard = meta.standard or plan_of(meta).get("standard") or DEFAULT_STANDARD
    if standard not in AXE_TAGS:
        standard = DEFAULT_STANDARD
    categories = categories_of(meta)
    recorded = meta.config.get("rules_run")
    if isinstance(recorded, list):
        run = [str(code) for code in recorded]
    else:
        axe_tags = {*AXE_TAGS[standard], "best-practice"}
        run = []
        for rule in registry.rules.values():
            s = rule.spec
            if not s.enabled:
                continue
            if s.category == "scan":
                run.append(s.code)
            elif s.kind == "axe":
                if "accessibility" in categories and axe_tags & set(s.tags) and s.code not in AXE_SKIPPED:
                    run.append(s.code)
            elif s.category in categories and (s.category == "plain-language" or _in_profile(s.tags, standard)):
                run.append(s.code)
    site_na = meta.config.get("not_applicable")
    return Scope(
        standard=standard,
        categories=categories,
        rules_run=sorted(run),
        site_not_applicable={str(k): str(v) for k, v in site_na.items()} if isinstance(site_na, dict) else {},
    )
