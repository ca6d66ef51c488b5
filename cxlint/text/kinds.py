"""The closed set of text-rule kinds, registered with the rule registry on import.

A rule file names one of these kinds; its ``options`` are validated by the kind's
model (unknown keys are errors), and the engine runs the kind's check function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pydantic import BaseModel

from cxlint.model import Finding
from cxlint.registry import Rule, register_kind
from cxlint.text import measures, verbs, words
from cxlint.text.context import Page

Check = Callable[[Page, Rule], Iterator[Finding | None]]

KINDS: dict[str, tuple[type[BaseModel], Check]] = {
    "existence": (words.ExistenceOptions, words.check_existence),
    "substitution": (words.SubstitutionOptions, words.check_substitution),
    "capitalization": (words.CapitalizationOptions, words.check_capitalization),
    "link-text": (words.LinkTextOptions, words.check_link_text),
    "passive": (verbs.PassiveOptions, verbs.check_passive),
    "nominalization": (verbs.NominalizationOptions, verbs.check_nominalization),
    "occurrence": (measures.OccurrenceOptions, measures.check_occurrence),
    "readability": (measures.ReadabilityOptions, measures.check_readability),
    "density": (measures.DensityOptions, measures.check_density),
    "abbreviation": (measures.AbbreviationOptions, measures.check_abbreviation),
}

for _name, (_model, _check) in KINDS.items():
    register_kind(_name, _model, "plain-language")


def run(page: Page, rule: Rule) -> list[Finding]:
    """Run one rule on a page; findings already reported at the same place and text are dropped."""
    _, check = KINDS[rule.spec.kind]
    return [f for f in check(page, rule) if f is not None]
