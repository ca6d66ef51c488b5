"""Verb-level kinds: passive voice and hidden verbs (nominalisations).

Both are regular expressions over word lists rather than a part-of-speech
tagger: spaCy's English models are not on PyPI, and the write-good approach
(a form of "be", then a participle) is what readers of plainlanguage.gov's
definition ("a form of to be plus a past participle") expect.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from pydantic import Field

from cxlint.model import Finding
from cxlint.registry import Rule
from cxlint.text import lists
from cxlint.text.context import Page
from cxlint.text.guards import is_protected
from cxlint.text.matching import inflections, normalise, per_rule, phrase_regex
from cxlint.text.options import TextOptions

_BE = (
    r"am|is|are|was|were|be|been|being|isn't|aren't|wasn't|weren't|it's|that's|there's|they're|we're|you're|he's|she's"
)
_BETWEEN = r"not|never|also|always|often|usually|still|already|just|only|now|then|being|been|generally|automatically"
# fmt: off
_NOT_PARTICIPLES = frozenset((
    "speed", "breed", "indeed", "exceed", "proceed", "succeed", "embed", "hundred", "sacred", "naked", "wicked",
    "rugged", "ragged", "crooked", "kindred", "shred", "beloved", "aged", "bed", "red", "need", "seed", "feed",
    "weed", "deed", "heed", "reed", "tweed", "steed", "creed", "greed"
))
# fmt: on


@cache
def _passive_regex() -> re.Pattern[str]:
    irregular = "|".join(sorted(lists.words("irregular_participles.txt"), key=len, reverse=True))
    return re.compile(
        rf"\b(?:{_BE})(?:\s+(?:{_BETWEEN}|\w+ly)){{0,2}}\s+(?P<p>(?:{irregular})|[a-z]{{2,}}ed)\b",
        re.IGNORECASE,
    )


@lru_cache(maxsize=8192)
def passive_spans(text: str, exceptions: frozenset[str] = frozenset()) -> tuple[re.Match[str], ...]:
    """Passive constructions in a sentence: a form of "be", up to two adverbs, a participle.

    Cached, because the page metrics and the passive-voice rule ask about the same sentences."""
    out = []
    for m in _passive_regex().finditer(text):
        p = m.group("p")
        low = p.lower()
        if low in _NOT_PARTICIPLES or low in exceptions or p[0].isupper():
            continue
        out.append(m)
    return tuple(out)


class PassiveOptions(TextOptions):
    exceptions: list[str] = Field(default_factory=list)
    """Participles never to flag (e.g. "located", when a site uses it as an adjective)."""
    min_share: float = Field(0.0, ge=0, le=1)
    """Report instances only when more than this share of the page's sentences is passive."""


def check_passive(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: PassiveOptions = rule.options  # type: ignore[assignment]
    exc = frozenset(e.lower() for e in o.exceptions)
    blocks = page.blocks(rule, o.regions, default_scopes=("paragraph", "list-item", "table-cell"))
    hits = []
    total = 0
    for b in blocks:
        for s in b.sentences:
            total += 1
            spans = passive_spans(s.text, exc)
            if spans:
                hits.append((b, s.text, spans[0].group()))
    share = len(hits) / total if total else 0.0
    if not hits or share <= o.min_share:
        return
    for b, sentence, phrase in hits:
        yield page.finding(
            rule, b, sentence,
            f"Passive voice: '{phrase}' ({share:.0%} of sentences here are passive).",
            f"Say who does the action: rewrite '{phrase}' in active voice, e.g. 'We review…' or 'You must…'.",
            {"phrase": phrase, "passive_share": round(share, 3)},
        )  # fmt: skip


class NominalizationOptions(TextOptions):
    light_verbs: list[str] = Field(min_length=1)
    wordlist: str
    """TSV of noun → verb (nominalisations only: each hit must have a verb to suggest)."""
    the_of: bool = True
    """Also flag "the <noun> of" (e.g. "the submission of the form")."""
    the_of_exclude: list[str] = Field(default_factory=list)
    prepositions: list[str] = Field(default_factory=list)
    """Also flag "<preposition> <noun> of" ("after notification of", "upon completion of")."""


_NOT_A_NOUN = frozenset((
    "of", "for", "on", "to", "with", "by", "in", "at", "about", "that", "which", "and", "or", "as", "before",
    "after", "within", "when", "if", "because", "so", "until", "from", "under", "upon", "through", "today",
    "now", "soon", "this", "these", "those", "your", "our", "their", "his", "her", "its", "the", "a", "an",
    "is", "are", "was", "were", "be", "will", "can", "must", "may"
))
"""Words that may follow a hidden verb's noun; any other word makes a compound ("payment arrangements")."""


@per_rule
def _nominalization_regexes(rule: Rule) -> tuple[re.Pattern[str], re.Pattern[str] | None, dict[str, str]]:
    o: NominalizationOptions = rule.options  # type: ignore[assignment]
    verbs = {k.lower(): v for k, v in lists.pairs(o.wordlist, rule.path.parent).items()}
    nouns = "|".join(sorted(verbs, key=len, reverse=True))
    light = set()
    for lv in o.light_verbs:
        first, *rest = lv.split()
        light |= {" ".join([f, *rest]) for f in inflections(first)} | {_past(lv)}
    lv_alt = "|".join(phrase_regex(v) for v in sorted(light, key=len, reverse=True))
    main = re.compile(
        rf"\b(?:{lv_alt})\s+(?:(?:a|an|the|any|some|this|that)\s+)?(?P<n>{nouns})s?(?:\s+(?:of|for|on|to)\b)?",
        re.IGNORECASE,
    )
    the_of = None
    if o.the_of:
        allowed = "|".join(n for n in sorted(verbs, key=len, reverse=True) if n not in set(o.the_of_exclude))
        the_of = re.compile(rf"\bthe\s+(?P<n>{allowed})\s+of\b", re.IGNORECASE)
    return main, the_of, verbs


@per_rule
def _noun_forms(rule: Rule) -> frozenset[str]:
    return frozenset(f for n in _nominalization_regexes(rule)[2] for f in (n, n + "s"))


def _prep_of(
    toks: list[tuple[int, int, str]], nouns: frozenset[str], preps: frozenset[str]
) -> Iterator[tuple[int, int, int]]:
    """(start, noun start, end) of "<preposition> [the] <noun> of" ("after notification of"), found on tokens:
    a third regex over every block would cost more than the two kinds of match together."""
    for i in range(1, len(toks) - 1):
        if toks[i][2] not in nouns or toks[i + 1][2] != "of":
            continue
        j = i - 1 if toks[i - 1][2] != "the" else i - 2
        if j < 0:
            continue
        if toks[j][2] in preps:
            yield toks[j][0], toks[i][0], toks[i + 1][1]
        elif j >= 1 and f"{toks[j - 1][2]} {toks[j][2]}" in preps:
            yield toks[j - 1][0], toks[i][0], toks[i + 1][1]


def _compound(text: str, end: int) -> bool:
    """The noun is the first half of a compound ("make payment arrangements"), not the object."""
    m = re.match(r"\s+([A-Za-z]+)", text[end:])
    return bool(m) and m.group(1).lower() not in _NOT_A_NOUN and not m.group(1).lower().endswith("ly")


_IRREGULAR_PAST = {"make": "made", "give": "gave", "take": "took", "have": "had", "undertake": "undertook"}


def _past(phrase: str) -> str:
    first, *rest = phrase.split()
    return " ".join([_IRREGULAR_PAST.get(first.lower(), first), *rest])


def check_nominalization(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: NominalizationOptions = rule.options  # type: ignore[assignment]
    main, the_of, verbs = _nominalization_regexes(rule)
    nouns = _noun_forms(rule)
    preps = frozenset(normalise(p) for p in o.prepositions)
    defined = page.defined_terms()
    for b in page.blocks(rule, o.regions):
        if nouns.isdisjoint(t[2] for t in b.tokens):
            continue  # no listed noun: no pattern can match, skip the regex scan
        for start, n_start, end in _prep_of(b.tokens, nouns, preps) if preps else ():
            hit = b.text[start:end]
            noun = b.text[n_start:end].rsplit(None, 1)[0].lower()
            noun = noun if noun in verbs else noun[:-1]
            if is_protected(b.text, n_start, end - 3, defined):
                continue
            yield page.finding(
                rule, b, hit, f"Hidden verb: '{hit}' turns the verb '{verbs[noun]}' into the noun '{noun}'.",
                f"Use the verb: '{verbs[noun]}' instead of '{hit}'.", {"verb": verbs[noun]},
            )  # fmt: skip
        for rx in (main, the_of):
            if rx is None:
                continue
            for m in rx.finditer(b.text):
                if is_protected(b.text, m.start("n"), m.end("n"), defined) or (
                    rx is main and _compound(b.text, m.end("n") + (b.text[m.end("n") : m.end("n") + 1] == "s"))
                ):
                    continue
                noun = m.group("n").lower()
                verb = verbs[noun]
                hit = m.group()
                yield page.finding(
                    rule, b, hit, f"Hidden verb: '{hit}' turns the verb '{verb}' into the noun '{noun}'.",
                    f"Use the verb: '{verb}' instead of '{hit}'.", {"verb": verb},
                )  # fmt: skip
