"""The one grammar that names rules, shared by ``--select``/``--ignore``, per-URL ignores,
severity overrides and inline ``data-cxlint-ignore`` / ``cxlint-disable`` suppressions.

A token is matched case-insensitively against a rule and is, from least to most specific:
``all``; a category (``accessibility``, ``plain-language``, ``federal``, ``scan``); an axe
tag (``wcag2aa``, ``best-practice``, ``section508``); a code prefix (``PL``, ``PL1``,
``axe/``); or a whole code, rule name, axe rule id or alias (``PL101``,
``long-sentence``, ``axe/image-alt``, ``image-alt``). Where several tokens match, the
most specific decides, as in flake8 and ruff; on a tie, ignoring wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

CATEGORY_NAMES = frozenset({"accessibility", "plain-language", "federal", "scan"})
EXACT = 1000
"""Specificity of a whole code or name: beats any prefix."""
_PREFIX = re.compile(r"^(?:[a-z][a-z0-9]{0,5}\d{0,2}|axe/)$")


class RuleLike(Protocol):
    """What a token is matched against: a rule spec, or a finding's own fields."""

    code: str
    name: str
    category: str
    tags: list[str]


@dataclass(frozen=True)
class RuleRef:
    code: str
    name: str
    category: str
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


def specificity(token: str, rule: RuleRef) -> int:
    """How specifically ``token`` names ``rule`` (0: it does not name it at all; see the module doc)."""
    t = token.strip().lower()
    if not t:
        return 0
    code = rule.code.lower()
    names = {code, rule.name.lower(), *(a.lower() for a in rule.aliases)}
    if code.startswith("axe/"):
        names.add(code[4:])
    if t in names:
        return EXACT
    if t == "all":
        return 1
    if t in CATEGORY_NAMES:
        return 2 if t == rule.category else 0
    if t in (x.lower() for x in rule.tags):
        return 3
    if _PREFIX.match(t) and code.startswith(t) and t != code:
        return 3 + len(t)
    return 0


def matches(tokens: Iterable[str], rule: RuleRef) -> bool:
    return any(specificity(t, rule) for t in tokens)


def best(tokens: Iterable[str], rule: RuleRef) -> int:
    return max((specificity(t, rule) for t in tokens), default=0)


def split_tokens(value: str) -> list[str]:
    """``"PL101, PL102 axe/region"`` → three tokens (commas or white space separate them)."""
    return [t for t in re.split(r"[\s,]+", value.strip()) if t]


@dataclass
class Selection:
    """Which rules count: ``select`` (default: every enabled rule) minus ``ignore``."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    def keeps(self, rule: RuleRef, *, enabled: bool = True) -> bool:
        sel = best(self.select, rule) if self.select else (1 if enabled else 0)
        ign = best(self.ignore, rule)
        if not enabled and sel < EXACT:
            # A rule switched off in its file runs only when named exactly.
            return False
        return sel > 0 and sel > ign


def severity_for(overrides: Mapping[str, str], rule: RuleRef) -> str | None:
    """The severity a user's override table gives ``rule`` (most specific entry), or None."""
    chosen: tuple[int, str] | None = None
    for token, severity in overrides.items():
        s = specificity(token, rule)
        if s and (chosen is None or s > chosen[0]):
            chosen = (s, severity)
    return chosen[1] if chosen else None
