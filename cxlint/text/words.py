"""Word-level kinds: existence, substitution, capitalization and link-text.

Each kind compiles one alternation per rule (cached), so a 5,000-word page costs
one regex pass per block and rule rather than one per word-list entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pydantic import Field, model_validator

from cxlint.model import Finding
from cxlint.registry import Rule
from cxlint.text import lists
from cxlint.text.context import Page
from cxlint.text.guards import NAME_HEADS, is_protected, starts_clause
from cxlint.text.inflect import Form, form_of, inflect_phrase, wants_participle
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
    ignore_in: list[str] = Field(default_factory=list)
    """Fixed phrases whose words are never swapped ("frequently asked questions" names a page type)."""
    before_noun: dict[str, str] = Field(default_factory=dict)
    """Participle → advice when it stands as an adjective before its noun ("the designated area"), where the
    verb's swaps ("the appointed area", "the named area") change the meaning."""
    needs_clause: list[str] = Field(default_factory=lambda: ["make sure"])
    """Replacements that need a clause after them: "ensure safe conditions" cannot become
    "make sure safe conditions", so the advice says to reword with "make sure that …" instead."""


@lru_cache(maxsize=4096)
def _advice(bad: str, good: str, form: Form = "base", participle: bool = False) -> str:
    """Turn a list's "say" column into an instruction: "(omit), now" → "Omit 'currently' or use 'now'".

    Each replacement is put in the form of the word it replaces ("ensuring" → "making sure")."""
    options = [inflect_phrase(g.strip(), form, participle) for g in good.split(",") if g.strip()]
    omit = "(omit)" in options
    options = [g for g in options if g != "(omit)"]
    if "(either one)" in options:
        return f"Use one word of '{bad}', not both."
    if not options:
        return f"Omit '{bad}'." if omit or not good else f"Use '{good}' instead of '{bad}'."
    alts = " or ".join(f"'{g}'" for g in options)
    return f"Omit '{bad}' or use {alts}." if omit else f"Use {alts} instead of '{bad}'."


def _clause_advice(bad: str, good: str) -> str:
    return (
        f"'{good}' needs a clause after it: reword '{bad} …' as '{good} that …' with a verb "
        f"(for example '{good} that conditions are safe')."
    )


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


@per_rule
def _fixed_phrases(rule: Rule) -> PhraseMatcher | None:
    o: SubstitutionOptions = rule.options  # type: ignore[assignment]
    return PhraseMatcher(o.ignore_in) if o.ignore_in else None


@per_rule
def _clause_phrases(rule: Rule) -> frozenset[str]:
    o: SubstitutionOptions = rule.options  # type: ignore[assignment]
    return frozenset(normalise(c) for c in o.needs_clause)


_DETERMINER = re.compile(
    r"\b(?:the|a|an|this|that|these|those|each|every|any|your|our|their|its|his|her)\s+$", re.IGNORECASE
)
_NOUN_NEXT = re.compile(r"^\s+(?!(?:by|as|to|in|for|on|at|with|from|under|and|or|of)\b)[a-z]")


def before_noun(text_before: str, text_after: str) -> bool:
    """A word between a determiner and a lower-case word that is no preposition: an adjective ("the ___ area")."""
    return bool(_DETERMINER.search(text_before) and _NOUN_NEXT.match(text_after))


def check_substitution(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: SubstitutionOptions = rule.options  # type: ignore[assignment]
    rx, table = _substitution_table(rule)
    fixed = _fixed_phrases(rule)
    clause = _clause_phrases(rule)
    for b in page.blocks(rule, o.regions):
        keep: list[tuple[int, int]] | None = None
        for start, end, hit in rx.finditer(b.text, b.tokens):
            if keep is None:  # only blocks with a hit pay for the fixed phrases
                keep = [(s, e) for s, e, _ in fixed.finditer(b.text, b.tokens)] if fixed else []
            if any(s <= start and end <= e for s, e in keep) or is_protected(
                b.text, start, end, page.defined_terms()
            ):
                continue
            row, good = table[normalise(hit)]
            shown = hit if normalise(hit) != normalise(row) else row
            form = form_of(hit, row) if o.inflect else "base"
            adjective = o.before_noun.get(normalise(hit))
            if adjective is not None and before_noun(b.text[:start], b.text[end:]):
                advice = _advice(shown, adjective)
            elif normalise(good) in clause and not starts_clause(b.text[end:]):
                advice = _clause_advice(shown, inflect_phrase(good, form))
            else:
                advice = _advice(shown, good, form, wants_participle(b.text[:start]))
            yield page.finding(rule, b, hit, f"'{hit}': {advice}", advice, {"list_entry": row})


class CapitalizationOptions(TextOptions):
    min_words: int = Field(3, ge=2)
    min_letters: int = Field(10, ge=2)
    exceptions: list[str] = Field(default_factory=list)
    wordlist: str | None = None
    """Abbreviations that may stand in capitals without shouting (FBI, USA…)."""


_ROMAN = re.compile(r"^[IVXLC]+$")
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
_OFFICIAL_TITLE = re.compile(r"^(?:TITLE|PART|SUBPART|CHAPTER|SECTION|APPENDIX|ARTICLE)\s+[\dIVXLC]+[A-Z]?\b")
"""A regulation's own title ("PART 39—AIRWORTHINESS DIRECTIVES"): a name, so title case, not sentence case."""
_SMALL = frozenset((
    "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "from"
))
_NAME_STOP = frozenset((
    "the", "a", "an", "your", "our", "their", "this", "that", "to", "from", "with", "by", "at", "in", "on",
    "call", "contact", "visit", "write", "ask", "tell", "about"
))
_LEADING_HEADS = frozenset({"form", "schedule", "code", "title", "part"})
"""Name words that open a name ("Form W-2", "Schedule C"): nothing before them belongs to it."""
_NAME_END = _NAME_STOP | frozenset((
    "now", "today", "by", "before", "after", "if", "when", "within", "for", "or", "and", "is", "are", "was",
    "will", "must", "may", "can"
))
_PROPER = frozenset((
    "i", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
))
"""Words English always capitalises; "MAY" is taken as the month only before a number ("MAY 1")."""
_CASE_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.]*")


def sentence_case(text: str, abbreviations: set[str] | frozenset[str] = frozenset()) -> str:
    """Text in capitals rewritten for reading, keeping what must stay capitalised.

    Abbreviations stay in capitals, official names ("SOCIAL SECURITY ADMINISTRATION", found by a
    name word such as Administration or Act) keep their capitals, and a regulation's own title
    ("PART 39—AIRWORTHINESS DIRECTIVES") is title-cased."""
    toks = list(_CASE_TOKEN.finditer(text))
    words = [t.group() for t in toks]
    title = bool(_OFFICIAL_TITLE.match(text))
    keep = [False] * len(words)
    if not title:
        for k, w in enumerate(words):
            if w.lower().rstrip(".") not in NAME_HEADS:
                continue
            i = k
            while (
                w.lower() not in _LEADING_HEADS
                and i > 0
                and words[i - 1].lower() not in _NAME_STOP
                and not _RUN_BREAK.search(text[toks[i - 1].end() : toks[i].start()])
            ):
                i -= 1
            j = k
            if j + 2 < len(words) and words[j + 1].lower() in ("of", "for"):
                j += 1
                while j + 1 < len(words) and words[j + 1].lower() not in _NAME_END:
                    j += 1
            for n in range(i, j + 1):
                keep[n] = True
    out, last = [], 0
    for n, t in enumerate(toks):
        w = t.group()
        if w.strip(".") in abbreviations or _ROMAN.match(w) or re.match(r"-?\d", text[t.end() :]):
            new = w  # an abbreviation, a numeral, or part of a code such as "W-2"
        elif title or keep[n]:
            new = w.lower() if (w.lower() in _SMALL and n and (title or keep[n - 1])) else w.capitalize()
        elif w.lower() in _PROPER and (w.lower() != "may" or re.match(r"\s+\d", text[t.end() :])):
            new = w.capitalize()
        else:
            new = w.lower() if n else w.capitalize()
        out.append(text[last : t.start()] + new)
        last = t.end()
    return "".join(out) + text[last:]


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
            cased = sentence_case(text, allowed)
            if b.css_caps:
                yield page.finding(
                    rule, b, text, f"'{text}' is shown in capital letters by CSS (text-transform: uppercase).",
                    f"Remove text-transform: uppercase so it reads '{cased}'; use bold for emphasis, sparingly.",
                    {"css": True},
                )  # fmt: skip
                continue
            how = "title case, as it is an official title" if _OFFICIAL_TITLE.match(text) else "sentence case"
            yield page.finding(
                rule, b, text, f"'{text}' is in capital letters.",
                f"Write '{cased}' in {how}; use bold for emphasis, sparingly.",
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
