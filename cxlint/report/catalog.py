"""Every rule's metadata once, for the reports: what it checks, why, how to fix it, where to read more.

Findings carry only what is specific to them (the rule code, where, what was
seen); the reports look the rest up here. A rule the registry does not know
(a renamed rule in an old scan) falls back to what its first finding said, so
re-rendering an old results file never loses a rule.

``help_url`` is never empty for a rule that checks accessibility, plain
language or federal standards: the rule's own URL, else the W3C "Understanding"
page of its first WCAG success criterion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cxlint.model import Finding
from cxlint.registry import Registry, Rule

UNDERSTANDING = "https://www.w3.org/WAI/WCAG22/Understanding/{}.html"

WCAG_SLUGS = {
    "1.1.1": "non-text-content", "1.2.1": "audio-only-and-video-only-prerecorded",
    "1.2.2": "captions-prerecorded", "1.2.3": "audio-description-or-media-alternative-prerecorded",
    "1.2.4": "captions-live", "1.2.5": "audio-description-prerecorded", "1.3.1": "info-and-relationships",
    "1.3.2": "meaningful-sequence", "1.3.3": "sensory-characteristics", "1.3.4": "orientation",
    "1.3.5": "identify-input-purpose", "1.4.1": "use-of-color", "1.4.2": "audio-control",
    "1.4.3": "contrast-minimum", "1.4.4": "resize-text", "1.4.5": "images-of-text",
    "1.4.8": "visual-presentation", "1.4.10": "reflow", "1.4.11": "non-text-contrast", "1.4.12": "text-spacing",
    "1.4.13": "content-on-hover-or-focus", "2.1.1": "keyboard", "2.1.2": "no-keyboard-trap",
    "2.1.4": "character-key-shortcuts", "2.2.1": "timing-adjustable", "2.2.2": "pause-stop-hide",
    "2.3.1": "three-flashes-or-below-threshold", "2.4.1": "bypass-blocks", "2.4.2": "page-titled",
    "2.4.3": "focus-order", "2.4.4": "link-purpose-in-context", "2.4.5": "multiple-ways",
    "2.4.6": "headings-and-labels", "2.4.7": "focus-visible", "2.4.11": "focus-not-obscured-minimum",
    "2.5.1": "pointer-gestures", "2.5.2": "pointer-cancellation", "2.5.3": "label-in-name",
    "2.5.4": "motion-actuation", "2.5.7": "dragging-movements", "2.5.8": "target-size-minimum",
    "3.1.1": "language-of-page", "3.1.2": "language-of-parts", "3.2.1": "on-focus", "3.2.2": "on-input",
    "3.2.3": "consistent-navigation", "3.2.4": "consistent-identification", "3.2.5": "change-on-request",
    "3.2.6": "consistent-help", "3.3.1": "error-identification", "3.3.2": "labels-or-instructions",
    "3.3.3": "error-suggestion", "3.3.4": "error-prevention-legal-financial-data", "3.3.7": "redundant-entry",
    "3.3.8": "accessible-authentication-minimum", "4.1.2": "name-role-value", "4.1.3": "status-messages",
}  # fmt: skip
"""WCAG 2.2 success criteria (A and AA, and the AAA ones cxlint checks) → their Understanding page."""


def understanding_url(criteria: list[str]) -> str:
    for sc in criteria:
        slug = WCAG_SLUGS.get(sc)
        if slug:
            return UNDERSTANDING.format(slug)
    return ""


@dataclass
class RuleMeta:
    """What every report says about a rule, independent of any one finding."""

    code: str
    name: str
    category: str
    severity: str
    summary: str = ""
    rationale: str = ""
    help: str = ""
    source: str = ""
    status: str = ""
    help_url: str = ""
    wcag: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    engine: str = ""
    needs_review: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "category": self.category, "severity": self.severity, "summary": self.summary,
            "rationale": self.rationale, "help": self.help, "source": self.source, "status": self.status,
            "help_url": self.help_url, "wcag": list(self.wcag), "tags": list(self.tags), "engine": self.engine,
            "needs_review": self.needs_review,
        }  # fmt: skip

    @classmethod
    def from_dict(cls, code: str, d: dict[str, Any]) -> RuleMeta:
        keys = cls.__dataclass_fields__
        return cls(code=code, **{k: v for k, v in d.items() if k in keys and k != "code"})


ENGINE_BY_KIND = {"axe": "axe", "dom-query": "dom", "browser-check": "dom", "site-check": "dom", "origin-check": "dom"}


def _from_rule(rule: Rule) -> RuleMeta:
    s = rule.spec
    engine = ENGINE_BY_KIND.get(s.kind, "text" if s.category == "plain-language" else "scanner")
    return RuleMeta(
        code=s.code, name=s.name, category=s.category, severity=s.severity.value, summary=s.summary.strip(),
        rationale=s.rationale.strip(), help=s.help.strip(), source=s.source.strip(), status=s.status,
        help_url=s.help_url or understanding_url(s.wcag), wcag=list(s.wcag), tags=list(s.tags), engine=engine,
        needs_review=s.needs_review,
    )  # fmt: skip


class RuleCatalog:
    """Rule metadata by code: the registry first, then the rules a results file carried, then the finding."""

    def __init__(self, registry: Registry | None = None, known: dict[str, RuleMeta] | None = None) -> None:
        self._registry = registry
        self._known: dict[str, RuleMeta] = dict(known or {})

    @property
    def registry(self) -> Registry | None:
        return self._registry

    def get(self, code: str, finding: Finding | None = None) -> RuleMeta:
        meta = self._known.get(code)
        if meta is not None:
            return meta
        rule = self._registry.get(code) if self._registry is not None else None
        if rule is not None and rule.code == code:
            meta = _from_rule(rule)
        elif finding is not None:
            meta = RuleMeta(
                code=code, name=finding.name, category=finding.category, severity=finding.severity.value,
                summary=finding.message, help=finding.suggestion, help_url=finding.help_url
                or understanding_url(finding.wcag), wcag=list(finding.wcag), tags=list(finding.tags),
                engine=finding.engine,
            )  # fmt: skip
        else:
            meta = RuleMeta(code=code, name=code.lower(), category="scan", severity="error")
        # A finding can know a help URL the registry lacks (axe's, for a rule newer than the catalogue).
        if finding is not None and not meta.help_url and finding.help_url:
            meta.help_url = finding.help_url
        self._known[code] = meta
        return meta

    def kind(self, code: str) -> str:
        """The rule's kind in the registry (``axe``, ``site-check``…), or empty for an unknown rule."""
        rule = self._registry.get(code) if self._registry is not None else None
        return rule.spec.kind if rule is not None and rule.code == code else ""

    def restore(self, finding: Finding) -> Finding:
        """Fill the fields a v2 results file leaves to the rules section (name, category, help URL, engine, tags)."""
        meta = self.get(finding.rule)
        finding.name = finding.name or meta.name
        finding.category = finding.category or meta.category
        finding.help_url = finding.help_url or meta.help_url
        finding.engine = finding.engine or meta.engine
        if not finding.tags:
            finding.tags = list(meta.tags)
        return finding
