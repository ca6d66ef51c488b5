"""Readability formulas over counted text, reported side by side.

Formulas disagree by several grades on the same text (AHRQ Tip 6; CMS Toolkit
Part 7), so cxlint reports FK, ARI, SMOG and Coleman-Liau together and judges
their mean (SMOG only on samples long enough for it), never a single formula.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from cxlint.text.extract import Block
from cxlint.text.segment import Sentence, is_word
from cxlint.text.syllables import syllables

GRADE_FORMULAS = ("flesch_kincaid", "ari", "smog", "coleman_liau")


@lru_cache(maxsize=65536)
def _word_stats(token: str) -> tuple[int, int] | None:
    """(syllables, letters and digits) of a word; None for tokens without a letter (numbers)."""
    if not is_word(token):
        return None
    return syllables(token), sum(ch.isalnum() for ch in token)


@dataclass
class Counts:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    letters: int = 0
    polysyllables: int = 0
    """Words of three or more syllables (SMOG's and the long-word share's unit)."""

    def add_sentence(self, tokens: Iterable[str]) -> None:
        n = 0
        for tok in tokens:
            stats = _word_stats(tok)
            if stats is None:
                continue
            n += 1
            self.syllables += stats[0]
            self.letters += stats[1]
            self.polysyllables += stats[0] >= 3
        if n:
            self.words += n
            self.sentences += 1

    def merge(self, other: Counts) -> None:
        self.words += other.words
        self.sentences += other.sentences
        self.syllables += other.syllables
        self.letters += other.letters
        self.polysyllables += other.polysyllables

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self) -> float:
        return self.polysyllables / self.words if self.words else 0.0


def grades(c: Counts) -> dict[str, float | None]:
    """All formulas for the counted text; None when there is no text to score."""
    if not c.words or not c.sentences:
        return {k: None for k in (*GRADE_FORMULAS, "flesch_reading_ease")}
    wps = c.words / c.sentences
    spw = c.syllables / c.words
    return {
        "flesch_kincaid": round(0.39 * wps + 11.8 * spw - 15.59, 2),
        "ari": round(4.71 * (c.letters / c.words) + 0.5 * wps - 21.43, 2),
        # SMOG normalised to a 30-sentence sample, as McLaughlin's formula expects.
        "smog": round(1.043 * math.sqrt(c.polysyllables * 30 / c.sentences) + 3.1291, 2),
        "coleman_liau": round(0.0588 * (c.letters / c.words * 100) - 0.296 * (c.sentences / c.words * 100) - 15.8, 2),
        "flesch_reading_ease": round(206.835 - 1.015 * wps - 84.6 * spw, 2),
    }


SMOG_MIN_SENTENCES = 30
"""McLaughlin's SMOG is defined on a 30-sentence sample; below that it is reported, not trusted."""


def consensus(
    g: dict[str, float | None], formulas: Iterable[str] = GRADE_FORMULAS, sentences: int | None = None
) -> float | None:
    """Mean grade over the chosen formulas that are valid for the sample.

    CMS Part 7 asks for readability to be read broadly, never from one formula. The mean of
    the valid formulas beat the median on the OneStopEnglish levels (96.3% of 189 triples
    ordered, against 93.1%): SMOG on short samples is the noisiest input, so it joins only
    from 30 sentences on.
    """
    vals = [v for k in counted_formulas(formulas, sentences) if (v := g.get(k)) is not None]
    return round(statistics.fmean(vals), 2) if vals else None


def counted_formulas(formulas: Iterable[str], sentences: int | None) -> list[str]:
    """The formulas the mean is taken over: SMOG only from 30 sentences on (unless it is the only one)."""
    formulas = list(formulas)
    keep = [k for k in formulas if not (k == "smog" and sentences is not None and sentences < SMOG_MIN_SENTENCES)]
    return keep or formulas


MIN_SENTENCE_WORDS = 3
"""Fragments shorter than this (a list item "Passport", a label) are not sentences to score."""


@dataclass
class Sample:
    """Counted prose: what the formulas and the length metrics are computed over."""

    counts: Counts
    sentences: list[tuple[Block, Sentence]]


def sample(blocks: Iterable[Block]) -> Sample:
    c = Counts()
    kept: list[tuple[Block, Sentence]] = []
    for b in blocks:
        for s in b.sentences:
            if len(s.words) >= MIN_SENTENCE_WORDS:
                c.add_sentence(s.words)
                kept.append((b, s))
    return Sample(c, kept)


def sentence_grade(s: Sentence) -> float:
    """Flesch-Kincaid grade of one sentence: used only to point at the hardest sentence."""
    stats = [st for w in s.words if (st := _word_stats(w)) is not None]
    if not stats:
        return 0.0
    return 0.39 * len(stats) + 11.8 * sum(st[0] for st in stats) / len(stats) - 15.59
