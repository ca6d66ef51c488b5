"""Sentence and word segmentation inside one text block.

Blocks (a paragraph, a list item, a heading) are segmented separately, so a
heading or a list item without a full stop can never merge with the next one
into a giant "sentence" — the failure of readability tools that flatten a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z0-9\u00C0-\u024F]+(?:[’'.,\-/][A-Za-z0-9\u00C0-\u024F]+)*")
"""A word: letters or digits, with inner apostrophes, dots (U.S), commas (1,000), hyphens or slashes."""

_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")

# A sentence ends at . ! ? (with closing quotes or brackets) followed by space and a
# plausible sentence start, or at a line break (a <br> inside the block).
_BOUNDARY = re.compile(r"""(?P<end>[.!?]["'”’)\]]*)\s+(?=["'“‘(\[]?[A-Z0-9¿¡])|\s*\n\s*""")

# fmt: off
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "st", "mt", "ft", "no", "nos", "vs", "e.g", "i.e", "al", "approx", "dept",
    "est", "fig", "gov", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "u.s", "u.s.a", "u.k", "d.c", "ph.d", "sec", "art", "vol",
    "pp", "p", "para", "ch", "ed", "eds", "rev", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "hon"
))
# fmt: on
"""Abbreviations that rarely end a sentence; "etc.", "p.m." and "Inc." often do, so they are left out."""
_SENTENCE_FINAL = frozenset(["etc", "p.m", "a.m", "inc", "ltd", "co", "corp", "jr", "sr"])
_DOMAIN = re.compile(r"[a-z0-9-]{2,}\.(?:gov|mil|com|org|net|edu|us|info)$")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int
    """Offset of the sentence in its block's text."""
    words: tuple[str, ...]


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")

Token = tuple[int, int, str]
"""(start, end, lower-cased word) — what phrase lists are matched against."""


def tokens(text: str) -> list[Token]:
    return [(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in _TOKEN.finditer(text)]


def words(text: str) -> list[str]:
    """The words of a text, keeping numbers like 1,000 and abbreviations like U.S whole."""
    return [w for w in WORD.findall(text)]


def is_word(token: str) -> bool:
    return bool(_LETTER.search(token))


def _ends_with_abbreviation(chunk: str) -> bool:
    """True when the text before a candidate boundary ends in an abbreviation or initial."""
    tail = chunk.rstrip("\"'”’)]").rsplit(None, 1)[-1] if chunk.strip() else ""
    if not tail.endswith("."):
        return False
    stem = tail[:-1].lstrip("(\"'“‘[").lower()
    if stem in _ABBREVIATIONS:
        return True
    if stem in _SENTENCE_FINAL:
        return False
    if _DOMAIN.search(stem):
        return False  # "apply online at VA.gov." ends the sentence
    # A single initial ("J. Smith") or a dotted abbreviation ("U.S.", "e.g.").
    return (len(stem) == 1 and stem.isalpha()) or "." in stem


def sentences(text: str) -> list[Sentence]:
    """Split a block's text into sentences, not breaking after abbreviations or initials."""
    out: list[Sentence] = []
    start = 0
    pieces: list[tuple[int, int]] = []
    for m in _BOUNDARY.finditer(text):
        end = m.end("end") if m.group("end") else m.start()
        if m.group("end") and _ends_with_abbreviation(text[start:end]):
            continue
        pieces.append((start, end))
        start = m.end()
    pieces.append((start, len(text)))
    for a, b in pieces:
        chunk = text[a:b].strip()
        if not chunk:
            continue
        ws = tuple(words(chunk))
        if ws:
            out.append(Sentence(chunk, a + (len(text[a:b]) - len(text[a:b].lstrip())), ws))
    return out
