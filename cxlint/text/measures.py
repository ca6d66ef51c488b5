"""Counting kinds: occurrence (lengths), readability, density and abbreviation.

Units larger than a block (a section between headings, the page) are measured
over the main content's prose only, so navigation, footers and table cells never
distort a page's sentence lengths or reading grade.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from cxlint.model import Finding
from cxlint.registry import Rule
from cxlint.text import lists
from cxlint.text.context import Page
from cxlint.text.extract import PROSE_SCOPES, Block
from cxlint.text.matching import PhraseMatcher, per_rule
from cxlint.text.options import Region, TextOptions
from cxlint.text.readability import (
    GRADE_FORMULAS,
    SMOG_MIN_SENTENCES,
    consensus,
    counted_formulas,
    grades,
    sentence_grade,
)
from cxlint.text.syllables import in_dictionary, syllables

Formula = Literal["flesch_kincaid", "ari", "smog", "coleman_liau"]


class OccurrenceOptions(TextOptions):
    unit: Literal["sentence", "block", "section", "page"]
    measure: Literal["words", "avg_sentence_words", "long_word_share"] = "words"
    max: float = Field(gt=0)
    min_words: int = Field(0, ge=0)
    """Units with fewer words are not judged (a share over ten words means little)."""
    min_sentences: int = Field(0, ge=0)
    message: str
    """Template: {value}, {max}, {words}, {examples}."""
    suggestion: str
    skip_above: float | None = Field(None, gt=0)
    """Units above this are left to a stricter rule (PL118 reports paragraphs over 250 words, so
    PL104 does not report the same paragraph again)."""
    everyday: str | None = None
    """Word list of long words with no shorter everyday equivalent ("employee"): not counted as long."""


@per_rule
def _everyday(rule: Rule) -> frozenset[str]:
    o: OccurrenceOptions = rule.options  # type: ignore[assignment]
    return frozenset(w.lower() for w in lists.words(o.everyday, rule.path.parent)) if o.everyday else frozenset()


KEY_TERM_USES = 5
"""A long word used this often on a page is its subject ("airworthiness", "telework"): readers need it."""


def _long_words(b: Block, everyday: frozenset[str] = frozenset()) -> list[str]:
    """Words of three or more syllables, less everyday ones, the page's key terms and names.

    A name is a capitalised word inside a sentence ("Medicare", "Telework Managing Officer")."""
    out = []
    for s in b.sentences:
        for i, w in enumerate(s.words):
            if not w[0].isalpha() or (i and w[0].isupper()):
                continue
            low = w.lower().replace("’", "'").removesuffix("'s")
            if low in everyday or (low.endswith("s") and low[:-1] in everyday):
                continue
            if syllables(w) >= 3:
                out.append(w)
    return out


def check_occurrence(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: OccurrenceOptions = rule.options  # type: ignore[assignment]

    def report(b: Block | None, text: str, value: float, words: int, examples: str = "") -> Finding | None:
        shown = f"{value:.0%}" if o.measure == "long_word_share" else f"{value:g}"
        fmt = {"value": shown, "max": f"{o.max:.0%}" if o.max < 1 else f"{o.max:g}", "words": words}
        fmt["examples"] = examples
        return page.finding(rule, b, text, o.message.format(**fmt), o.suggestion.format(**fmt), {"value": value})

    if o.unit == "page":
        if page.page_suppressed(rule):
            return
        smp = page.sample(page.prose(rule))
        c = smp.counts
        if c.sentences < max(o.min_sentences, 1) or c.words < o.min_words:
            return
        value = round(c.words_per_sentence if o.measure == "avg_sentence_words" else c.long_word_share, 3)
        if value > o.max:
            longest = max(smp.sentences, key=lambda bs: len(bs[1].words))[1].text
            yield report(None, longest, round(value, 1) if o.measure != "long_word_share" else value, c.words)
        return
    if o.unit == "section":
        yield from _sections(page, rule, o, report)
        return
    everyday = _everyday(rule)
    if o.measure == "long_word_share":
        everyday = everyday | page.frequent_words(KEY_TERM_USES)
    for b in page.blocks(rule, o.regions, default_scopes=PROSE_SCOPES):
        if o.unit == "sentence":
            for s in b.sentences:
                if len(s.words) > o.max:
                    yield report(b, s.text, len(s.words), len(s.words))
        elif o.measure == "words":
            if b.word_count > o.max and not (o.skip_above and b.word_count > o.skip_above):
                yield report(b, b.text, b.word_count, b.word_count)
        elif b.word_count >= o.min_words and o.measure == "long_word_share":
            long = _long_words(b, everyday)
            share = len(long) / b.word_count
            if share > o.max:
                yield report(b, b.text, round(share, 3), b.word_count, ", ".join(dict.fromkeys(long[:6])))


def _sections(page: Page, rule: Rule, o: OccurrenceOptions, report: object) -> Iterator[Finding | None]:
    """Runs of prose between headings; a run longer than ``max`` words is a wall of text."""
    scopes = set(rule.spec.scope) or set(PROSE_SCOPES)
    run: list[Block] = []
    words = 0

    def close() -> Finding | None:
        if words > o.max and run:
            biggest = max(b.word_count for b in run)
            if o.skip_above and biggest > o.skip_above and words - biggest <= o.max:
                return None  # one paragraph over the hard limit makes the wall: PL118 reports it
            return report(run[0], run[0].text, words, words)  # type: ignore[operator]
        return None

    for b in page.doc.blocks:
        if b.region not in o.regions or not page.judged(b):
            continue
        if b.scope == "heading":
            yield close()
            run, words = [], 0
        elif b.scope in scopes and not b.ignores(rule.code):
            run.append(b)
            words += b.word_count
    yield close()


class ReadabilityOptions(TextOptions):
    formulas: list[Formula] = Field(default_factory=lambda: list(GRADE_FORMULAS), min_length=1)
    max_grade: float = Field(8, gt=0)
    min_words: int = Field(100, ge=1)
    """Formulas mean little on short samples (py-readability-metrics refuses under 100 words)."""


def check_readability(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: ReadabilityOptions = rule.options  # type: ignore[assignment]
    if page.page_suppressed(rule):
        return
    smp = page.sample(page.prose(rule))
    if smp.counts.words < o.min_words:
        return
    g = grades(smp.counts)
    grade = consensus(g, o.formulas, sentences=smp.counts.sentences)
    if grade is None or grade <= o.max_grade:
        return
    hardest = max(smp.sentences, key=lambda bs: sentence_grade(bs[1]))[1].text
    used = counted_formulas(o.formulas, smp.counts.sentences)
    detail = ", ".join(f"{k.replace('_', '-')} {g[k]:.1f}" for k in used if g[k] is not None)
    left_out = [k for k in o.formulas if k not in used and g[k] is not None]
    if left_out:
        detail += "; " + ", ".join(
            f"{k.upper()} {g[k]:.1f} not counted: it needs {SMOG_MIN_SENTENCES} sentences, "
            f"this page has {smp.counts.sentences}" for k in left_out
        )
    yield page.finding(
        rule, None, hardest,
        f"Reading grade {grade:g} (mean of {detail}); aim for grade {o.max_grade:g} or lower.",
        "Shorten sentences and use shorter, everyday words; the quoted sentence is the hardest on the page.",
        {"grade": grade, "grades": g, "words": smp.counts.words},
    )  # fmt: skip


class DensityOptions(TextOptions):
    tokens: list[str] = Field(min_length=1)
    min_per_100_words: float = Field(gt=0)
    min_words: int = Field(150, ge=1)
    only_if_any: list[str] = Field(default_factory=list)
    """Judge only pages that use one of these (e.g. "the applicant": a reader addressed in the third person)."""
    message: str
    """Template: {value}, {min}, {trigger}."""
    suggestion: str


@per_rule
def _density_matchers(rule: Rule) -> tuple[PhraseMatcher, PhraseMatcher | None]:
    o: DensityOptions = rule.options  # type: ignore[assignment]
    return PhraseMatcher(o.tokens), PhraseMatcher(o.only_if_any) if o.only_if_any else None


def check_density(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: DensityOptions = rule.options  # type: ignore[assignment]
    if page.page_suppressed(rule):
        return
    counted, triggers = _density_matchers(rule)
    blocks = page.blocks(rule, o.regions)
    words = sum(b.word_count for b in blocks)
    if words < o.min_words:
        return
    hits = sum(1 for b in blocks for _ in counted.finditer(b.text, b.tokens))
    rate = hits * 100 / words
    if rate >= o.min_per_100_words:
        return
    trigger = ""
    if triggers is not None:
        found = next((hit for b in blocks for _, _, hit in triggers.finditer(b.text, b.tokens)), None)
        if found is None:
            return
        trigger = found
    fmt = {"value": f"{rate:.1f}", "min": f"{o.min_per_100_words:g}", "trigger": trigger}
    yield page.finding(
        rule, None, trigger or "", o.message.format(**fmt), o.suggestion.format(**fmt), {"per_100_words": rate}
    )


class AbbreviationOptions(TextOptions):
    regions: list[Region] = Field(default_factory=lambda: ["main"])
    """Main content only: a title such as "Apply | SSA" is not where readers expect a definition."""
    check: Literal["undefined", "count"]
    max_distinct: int = Field(3, ge=0)
    exceptions: list[str] = Field(default_factory=list)
    wordlist: str | None = None
    ordinary_words: str | None = None
    """Word list of ordinary English words: one of them in capitals ("NEVER", "ALL CLEAR") is emphasis,
    not an abbreviation. Words of three letters or fewer count only next to other words in capitals."""


_ABBR = re.compile(r"(?<![\w.-])(?P<a>[A-Z][A-Za-z0-9&]*[A-Z][A-Z0-9&]*)(?:s|'s|’s)?(?![\w-])")
_ROMAN = re.compile(r"^[IVXLC]+$")
_DEFINED_AFTER = re.compile(r"\s*\((?P<d>[^()]{4,})\)")


@per_rule
def _abbr_exceptions(rule: Rule) -> frozenset[str]:
    o: AbbreviationOptions = rule.options  # type: ignore[assignment]
    listed = lists.words(o.wordlist, rule.path.parent) if o.wordlist else []
    return frozenset(a.rstrip(".") for a in [*o.exceptions, *listed])


@per_rule
def _ordinary(rule: Rule) -> frozenset[str]:
    o: AbbreviationOptions = rule.options  # type: ignore[assignment]
    if not o.ordinary_words:
        return frozenset()
    return frozenset(w.lower() for w in lists.words(o.ordinary_words, rule.path.parent))


_CAPS_NEIGHBOUR_BEFORE = re.compile(r"(?:^|[^A-Za-z])[A-Z]{2,}[\s—–-]+$")
_CAPS_NEIGHBOUR_AFTER = re.compile(r"^[\s—–-]+[A-Z]{2,}(?![a-z])")


def _shouted_word(text: str, m: re.Match[str], ordinary: frozenset[str]) -> bool:
    """An ordinary word written in capitals: on its own if four letters or more, else inside a run of capitals."""
    low = m.group("a").lower()
    if len(low) >= 4 and low in ordinary:
        return True
    in_run = bool(_CAPS_NEIGHBOUR_BEFORE.search(text[: m.start()]) or _CAPS_NEIGHBOUR_AFTER.match(text[m.end() :]))
    # Inside a run of capitals ("NEVER USE THE ELEVATORS"), any dictionary word of four letters or more is shouted.
    return in_run and (low in ordinary or (len(low) >= 4 and in_dictionary(low)))


_CITATION_CODES = frozenset({"CFR", "FR", "USC"})
"""Abbreviations that, between a title or volume number and a section, form a legal citation."""
_CITATION_BEFORE = re.compile(r"\b\d+\s+$")
_CITATION_AFTER = re.compile(r"^\s+(?:[Pp]arts?\s+|§+\s*)?\d")


def _in_citation(text: str, m: re.Match[str]) -> bool:
    """'29 CFR part 1904', '89 FR 12345': a citation is an address to look up, not a name to spell out."""
    return (
        m.group("a") in _CITATION_CODES
        and bool(_CITATION_BEFORE.search(text[: m.start()]))
        and bool(_CITATION_AFTER.match(text[m.end() :]))
    )


def _abbreviations(page: Page, rule: Rule) -> Iterator[tuple[Block, re.Match[str], bool]]:
    """Each abbreviation use in reading order, with whether it is explained right there."""
    o: AbbreviationOptions = rule.options  # type: ignore[assignment]
    skip = _abbr_exceptions(rule)
    ordinary = _ordinary(rule)
    for b in page.blocks(rule, o.regions, default_scopes=(*PROSE_SCOPES, "heading", "table-cell", "label")):
        letters = sum(map(str.isalpha, b.text))
        if letters and sum(map(str.isupper, b.text)) / letters > 0.6:
            continue  # text in capitals is shouting (PL111), not a string of abbreviations
        for m in _ABBR.finditer(b.text):
            a = m.group("a")
            if a in skip or _ROMAN.match(a) or sum(ch.isupper() for ch in a) < 2 or any(map(str.isdigit, a)):
                continue  # a notice or form number (CP2000, W2) is a code, not an abbreviation to spell out
            if a.isupper() and _shouted_word(b.text, m, ordinary):
                continue
            if _in_citation(b.text, m):
                continue
            before = b.text[: m.start()].rstrip()
            after = b.text[m.end() :]
            explained = (before.endswith("(") and after.startswith(")") and len(before) > 1) or bool(
                (d := _DEFINED_AFTER.match(after)) and " " in d.group("d").strip()
            )
            yield b, m, explained or a in page.doc.abbr_titles


_NAME_GLUE = r"(?:\s+(?:of|and|the|for|on|in|to|&)\s+|[\s-]+)"


def _spelled_out_before(page: Page, a: str, block: Block, start: int) -> bool:
    """Whether the full name ("Code of Federal Regulations" for CFR) appears earlier on the page.

    The name is found by its initials, so the reader has met the words even without "(CFR)"."""
    letters = [ch for ch in a if ch.isalpha()]
    if len(letters) < 2:
        return False
    rx = re.compile(r"\b" + _NAME_GLUE.join(rf"{ch.upper()}[a-z]+" for ch in letters) + r"\b")
    for b in page.doc.blocks:
        if b.region != "main":
            continue
        text = b.text[:start] if b is block else b.text
        if rx.search(text):
            return True
        if b is block:
            return False
    return False


def check_abbreviation(page: Page, rule: Rule) -> Iterator[Finding | None]:
    o: AbbreviationOptions = rule.options  # type: ignore[assignment]
    uses = list(_abbreviations(page, rule))
    if o.check == "count":
        distinct = list(dict.fromkeys(m.group("a") for _, m, _ in uses))
        if len(distinct) > o.max_distinct and not page.page_suppressed(rule):
            listed = ", ".join(distinct)
            yield page.finding(
                rule, None, listed,
                f"{len(distinct)} different abbreviations on this page ({listed}); use {o.max_distinct} or fewer.",
                "Spell out the ones readers meet rarely, or use a short name ('the agency') instead.",
                {"abbreviations": distinct},
            )  # fmt: skip
        return
    explained_anywhere = {m.group("a") for _, m, ok in uses if ok}
    seen: set[str] = set()
    for b, m, ok in uses:
        a = m.group("a")
        if a in seen:
            continue
        seen.add(a)
        if ok or _spelled_out_before(page, a, b, m.start()):
            continue
        later = " It is spelled out later on the page: move that to the first use." if a in explained_anywhere else ""
        yield page.finding(
            rule, b, a, f"'{a}' is not spelled out the first time it is used.{later}",
            f"Write the full name first, then the abbreviation in parentheses: 'Full Name ({a})'.",
        )  # fmt: skip
