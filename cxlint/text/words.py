"""Word-level kinds: existence, substitution, capitalization and link-text.

Each kind compiles one alternation per rule (cached), so a 5,000-word page costs
one regex pass per block and rule rather than one per word-list entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import Field, model_validator

from cxlint.model import Finding
from cxlint.registry import Rule
from cxlint.text import lists
from cxlint.text.context import Page
from cxlint.text.matching import PhraseMatcher, inflections, normalise, per_rule, phrase_regex
from cxlint.text.options import ALL_REGIONS, Pattern, Region, TextOptions


class ExistenceOptions(TextOptions):
    tokens: list[str] = Field(default_factory=list)
    wordlist: str | None = None
    """Words or phrases from a data file; ``{words}`` in a pattern expands to them.

    Matching ignores case; a pattern that must respect case can say so inline with ``(?-i:...)``."""
    patterns: list[Pattern] = Field(default_factory=list)
    message: str = "Avoid '{match}'."
    suggestion: str = ""

    @model_validator(mode="after")
    def _something_to_find(self) -> ExistenceOptions:
        if not (self.tokens or self.wordlist or self.patterns):
            raise ValueError("give tokens, wordlist or patterns")
        return self


@per_rule
def _existence_matchers(
    rule: Rule,
) -> tuple[PhraseMatcher | None, list[tuple[re.Pattern[str], str, frozenset[str]]]]:
    """Listed words go through the n-gram matcher; ``{words}`` patterns get them as an alternation."""
    o: ExistenceOptions = rule.options  # type: ignore[assignment]
    listed = lists.words(o.wordlist, rule.path.parent) if o.wordlist else []
    phrases = PhraseMatcher([*o.tokens, *listed]) if (o.tokens or (listed and not o.patterns)) else None
    alternation = "|".join(phrase_regex(w) for w in sorted(listed, key=len, reverse=True))
    patterns = [
        (
            re.compile(p.regex.replace("{words}", f"(?:{alternation})"), re.IGNORECASE),
            p.suggestion or o.suggestion,
            frozenset(normalise(w) for w in p.requires),
        )
        for p in o.patterns
    ]
    return phrases, patterns


def check_existence(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: ExistenceOptions = rule.options  # type: ignore[assignment]
    phrases, patterns = _existence_matchers(rule)
    for b in page.blocks(rule, o.regions):
        hits = [(h, o.suggestion) for _, _, h in phrases.finditer(b.text, b.tokens)] if phrases else []
        present = {t[2] for t in b.tokens} if patterns else set()
        hits += [
            (m.group(), sugg)
            for rx, sugg, requires in patterns
            if not requires or not requires.isdisjoint(present)
            for m in rx.finditer(b.text)
        ]
        for hit, suggestion in hits:
            yield page.finding(rule, b, hit, o.message.format(match=hit), suggestion.format(match=hit))


class SubstitutionOptions(TextOptions):
    swap: dict[str, str] = Field(default_factory=dict)
    wordlists: list[str] = Field(default_factory=list)
    """TSVs (don't say, say, flag) or YAML lists/mappings; ``swap`` adds to them and overrides them."""
    include_flags: list[str] = Field(default_factory=list)
    exclude_flags: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    """List rows left out, e.g. context-dependent words that would flood reports."""
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    """Row → the phrases actually matched, for rows whose text is not a literal phrase."""
    inflect: bool = True
    split_variants: bool = True
    """Treat "assist, assistance" as two words of one row."""


def _advice(bad: str, good: str) -> str:
    """Turn a list's "say" column into an instruction: "(omit), now" → "Omit 'currently' or use 'now'"."""
    options = [g.strip() for g in good.split(",") if g.strip()]
    omit = "(omit)" in options
    options = [g for g in options if g != "(omit)"]
    if "(either one)" in options:
        return f"Use one word of '{bad}', not both."
    if not options:
        return f"Omit '{bad}'." if omit or not good else f"Use '{good}' instead of '{bad}'."
    alts = " or ".join(f"'{g}'" for g in options)
    return f"Omit '{bad}' or use {alts}." if omit else f"Use {alts} instead of '{bad}'."


@per_rule
def _substitution_table(rule: Rule) -> tuple[PhraseMatcher, dict[str, tuple[str, str]]]:
    """The compiled matcher and matched form → (list row, advice)."""
    o: SubstitutionOptions = rule.options  # type: ignore[assignment]
    rows: dict[str, str] = {}
    for ref in o.wordlists:
        data = lists.load(ref, rule.path.parent)
        if isinstance(data, list) and data and isinstance(data[0], dict):
            bad_col, good_col, *rest = list(data[0])
            flag_col = rest[0] if rest else None
            for row in data:
                flag = (row.get(flag_col) or "") if flag_col else ""
                if o.include_flags and flag not in o.include_flags:
                    continue
                if flag and flag in o.exclude_flags:
                    continue
                rows[row[bad_col]] = row[good_col] or ""
        else:
            rows.update(lists.pairs(ref, rule.path.parent))
    rows.update(o.swap)
    excluded = {normalise(e) for e in o.exclude}
    table: dict[str, tuple[str, str]] = {}
    for bad, good in rows.items():
        if normalise(bad) in excluded:
            continue
        if bad in o.aliases:
            variants = o.aliases[bad]
        elif o.split_variants:
            variants = [v.strip() for v in bad.split(",")]
        else:
            variants = [bad]
        for v in variants:
            forms = inflections(v) if o.inflect and " " not in v and v.isalpha() else {normalise(v)}
            for f in forms:
                table.setdefault(f, (v, good))
    return PhraseMatcher(table), table


def check_substitution(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: SubstitutionOptions = rule.options  # type: ignore[assignment]
    rx, table = _substitution_table(rule)
    for b in page.blocks(rule, o.regions):
        for _, _, hit in rx.finditer(b.text, b.tokens):
            row, good = table[normalise(hit)]
            advice = _advice(hit if normalise(hit) != normalise(row) else row, good)
            yield page.finding(rule, b, hit, f"'{hit}': {advice}", advice, {"list_entry": row})


class CapitalizationOptions(TextOptions):
    min_words: int = Field(3, ge=2)
    min_letters: int = Field(10, ge=2)
    exceptions: list[str] = Field(default_factory=list)
    wordlist: str | None = None
    """Abbreviations that may stand in capitals without shouting (FBI, USA…)."""


_CAPS_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*")


def _caps_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of consecutive words in capitals, broken by lower-case words and sentence ends."""
    run: list[re.Match[str]] = []
    for m in _CAPS_WORD.finditer(text):
        if not m.group().isupper():
            if run:
                yield run
            run = []
            continue
        if run and _RUN_BREAK.search(text[run[-1].end() : m.start()]):
            yield run
            run = []
        run.append(m)
    if run:
        yield run


_RUN_BREAK = re.compile(r"[.!?:;]\s|\n")


def check_capitalization(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: CapitalizationOptions = rule.options  # type: ignore[assignment]
    allowed = {*o.exceptions, *(lists.words(o.wordlist, rule.path.parent) if o.wordlist else [])}
    for b in page.blocks(rule, o.regions):
        if sum(ch.isupper() for ch in b.text) < o.min_letters:
            continue
        for run in _caps_runs(b.text):
            counted = [r.group() for r in run if r.group().strip(".") not in allowed]
            if len(counted) < o.min_words or sum(map(len, counted)) < o.min_letters:
                continue
            text = b.text[run[0].start() : run[-1].end()]
            yield page.finding(
                rule, b, text, f"'{text}' is in capital letters.",
                f"Write '{text.capitalize()}' in sentence case; use bold for emphasis, sparingly.",
            )  # fmt: skip


class LinkTextOptions(TextOptions):
    regions: list[Region] = Field(default_factory=lambda: list(ALL_REGIONS))
    tokens: list[str] = Field(default_factory=list)
    wordlist: str | None = None
    prefixes: list[str] = Field(default_factory=list)
    """Openings that add nothing ("click here to …"): flagged even when more words follow."""
    bare_urls: bool = True


_URL = re.compile(r"^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.(?:gov|mil|com|org|net|edu|us|io)(?:/\S*)?$", re.I)
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def check_link_text(page: Page, rule: Rule) -> Iterator[Finding | None]:
    """Judge the accessible name, so "Read more" with aria-label "Read more about fees" passes."""
    o: LinkTextOptions = rule.options  # type: ignore[assignment]
    vague = {normalise(t) for t in [*o.tokens, *(lists.words(o.wordlist, rule.path.parent) if o.wordlist else [])]}
    prefixes = [normalise(p) for p in o.prefixes]
    for b in page.blocks(rule, o.regions, default_scopes=("link",)):
        name = " ".join(b.name.split())
        if not name:
            continue
        if o.bare_urls and _URL.match(name):
            yield page.finding(
                rule, b, name, f"The link text is a bare web address: '{name}'.",
                "Use link text that names the page it opens, such as its title.",
            )  # fmt: skip
            continue
        norm = _EDGE_PUNCT.sub("", normalise(name))
        if norm in vague:
            yield page.finding(
                rule, b, name, f"The link text '{name}' does not say where the link goes.",
                "Use words that describe the destination, such as 'Apply for a passport'.",
            )  # fmt: skip
            continue
        for p in prefixes:
            if norm.startswith(p + " "):
                rest = name[len(p) :].strip(" ,:-")
                yield page.finding(
                    rule, b, name, f"The link text starts with '{name[: len(p)]}'.",
                    f"Drop '{name[: len(p)]}' and keep the words that describe the destination: '{rest}'.",
                )  # fmt: skip
                break
