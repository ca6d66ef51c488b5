"""Phrase matching shared by the word-level kinds: one compiled alternation per rule."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from cxlint.registry import Rule
from cxlint.text.segment import Token, tokens

T = TypeVar("T")


def inflections(word: str) -> set[str]:
    """Regular inflections of one word, so "utilize" also finds "utilized" and "utilizing"."""
    w = word.lower()
    forms = {w, w + "s"}
    if w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    else:
        forms |= {w + "ed", w + "ing", w + "es"}
        if len(w) > 3 and w[-1] in "tpgdm" and w[-2] in "aeiou" and w[-3] not in "aeiou" and w[-2:] != "et":
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


def phrase_regex(phrase: str) -> str:
    """A literal phrase as a regex that tolerates any run of whitespace between its words."""
    return r"\s+".join(re.escape(part) for part in phrase.split())


class PhraseMatcher:
    """Finds listed phrases by looking word n-grams up in a dict.

    A regex alternation of a thousand inflected phrases costs ~50 ms on a 5,000-word
    page in Python's backtracking engine; hashing n-grams that start with a known
    first word costs a few milliseconds. Matching is case-insensitive and the
    longest phrase at a position wins.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases = {normalise(p) for p in phrases if p.strip()}
        self.prefixes: set[str] = set()
        for p in self.phrases:
            parts = p.split(" ")
            self.prefixes.update(" ".join(parts[:k]) for k in range(1, len(parts) + 1))

    def finditer(self, text: str, toks: list[Token] | None = None) -> Iterator[tuple[int, int, str]]:
        """(start, end, matched text) of each non-overlapping phrase; pass the text's tokens if known."""
        if toks is None:
            toks = tokens(text)
        prefixes, phrases = self.prefixes, self.phrases
        n = len(toks)
        i = 0
        while i < n:
            gram = toks[i][2]
            best = 0
            k = 1
            # Grow the n-gram only while it is the start of some phrase; keep the longest full match.
            while gram in prefixes:
                if gram in phrases:
                    best = k
                if i + k >= n:
                    break
                gram = f"{gram} {toks[i + k][2]}"
                k += 1
            if best:
                yield toks[i][0], toks[i + best - 1][1], text[toks[i][0] : toks[i + best - 1][1]]
                i += best
            else:
                i += 1


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def per_rule(build: Callable[[Rule], T]) -> Callable[[Rule], T]:
    """Cache what a kind compiles from a rule's options, once per loaded rule object."""
    cache: dict[int, tuple[Rule, T]] = {}

    def get(rule: Rule) -> T:
        hit = cache.get(id(rule))
        if hit is None or hit[0] is not rule:
            hit = (rule, build(rule))
            cache[id(rule)] = hit
        return hit[1]

    return get
