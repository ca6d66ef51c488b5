"""Words a swap must not touch: defined terms, citations, quoted titles and official names.

"A request under § 4.70" is a defined legal act, not any asking; "Educational Assistance
Act" and "Form SSA-561, 'Request for Reconsideration'" are names. Swapping a word inside
them changes the meaning, so word-level kinds skip a hit that overlaps a protected span.
"""

from __future__ import annotations

import re
from functools import lru_cache

_QUOTED = re.compile(r"“[^”]{1,120}”|\"[^\"\n]{1,120}\"")
_CITED = re.compile(
    r"\s+(?:under|in|of|by|pursuant\s+to)\s+(?:§|section\s+\d|part\s+\d|paragraph\s+\(|\d+\s+(?:U\.S\.C|CFR)\b)",
    re.IGNORECASE,
)
"""A term followed by the provision that defines or governs it ("a request under § 4.70")."""
_DEFINED = re.compile(
    r"(?:^|[.;:]\s+|\)\s+)[“\"]?(?P<t>[A-Z][A-Za-z-]*(?:\s+[a-z][A-Za-z-]*){0,3})[”\"]?\s+(?:means|refers\s+to|has\s+the\s+meaning)\b"
    r"|\bthe\s+terms?\s+[“\"](?P<q>[^”\"]{2,60})[”\"]"
    r"|\((?:hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?)?[“\"](?P<h>[^”\"]{2,60})[”\"]\)",
)
"""Terms a page defines: "Requester means …", the term "record", (hereinafter "the Department")."""
_DEFINES = ("means", "refers", "meaning", "term", "hereinafter", '("', "(“")
"""Substrings one of which a block must contain before the definition pattern runs."""
_CONNECTORS = frozenset({"of", "for", "and", "the", "on", "in", "to", "with", "de", "a", "an"})
NAME_HEADS = frozenset((
    "act", "acts", "program", "programs", "administration", "agency", "service", "services", "department",
    "bureau", "office", "officer", "court", "code", "board", "center", "centre", "commission", "council",
    "fund", "reserve", "schedule", "regulations", "register", "system", "corps", "institute", "foundation",
    "authority", "committee", "division", "branch", "unit", "team", "form"
))
"""Words that end or carry an official name ("… Assistance Act", "Telework Managing Officer")."""
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n|[(“\"]\s*)$")


def _name_runs(text: str) -> list[tuple[int, int]]:
    """Runs of capitalised words (with "of", "for"… inside) that form an official name.

    A run counts when it has a name head ("Act", "Program", "Officer"…), or when it has
    two or more capitalised words in text that is not itself title case (a heading such as
    "Do You Need Assistance?" capitalises every word, so capitals there prove nothing).
    """
    toks = list(_TOKEN.finditer(text))
    if not toks:
        return []
    caps = [t.group()[0].isupper() for t in toks]
    title_case = sum(caps) / len(toks) > 0.6
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(toks):
        if not caps[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(toks) and (
            caps[j + 1] or (toks[j + 1].group().lower() in _CONNECTORS and j + 2 < len(toks) and caps[j + 2])
        ):
            j += 1
        words = [t.group() for t in toks[i : j + 1]]
        n_caps = sum(1 for w in words if w[0].isupper())
        has_head = any(w.lower().rstrip(".’'s") in NAME_HEADS for w in words[1:])
        if has_head or (n_caps >= 2 and not title_case):
            runs.append((toks[i].start(), toks[j].end()))
        i = j + 1
    return runs


@lru_cache(maxsize=4096)
def _quoted(text: str) -> tuple[tuple[int, int], ...]:
    return tuple((m.start(), m.end()) for m in _QUOTED.finditer(text)) if ('"' in text or "“" in text) else ()


@lru_cache(maxsize=4096)
def _names(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(_name_runs(text))


def defined_terms(texts: list[str]) -> frozenset[str]:
    """Lower-cased terms the page defines, so their later uses are not swapped either."""
    found: set[str] = set()
    for t in texts:
        if not any(k in t for k in _DEFINES):
            continue  # the full pattern is slow; most blocks define nothing
        for m in _DEFINED.finditer(t):
            term = m.group("t") or m.group("q") or m.group("h")
            if term:
                found.add(" ".join(term.lower().split()))
    return frozenset(found)


def is_protected(text: str, start: int, end: int, defined: frozenset[str] = frozenset()) -> bool:
    """Whether the hit at ``text[start:end]`` is part of a name, a quotation, a cited or a defined term."""
    if any(a <= start and end <= b for a, b in _quoted(text)):
        return True
    # Only a capitalised hit can sit inside a name ("Educational Assistance Act"); skip tokenising otherwise.
    if text[start : start + 1].isupper() and any(a <= start and end <= b for a, b in _names(text)):
        return True
    if _CITED.match(text, end) and not _SENTENCE_START.search(text[:start]):
        return True
    if defined:
        hit = text[start:end].lower()
        low = text.lower()
        for term in defined:
            if hit in term:
                for m in re.finditer(re.escape(term), low):
                    if m.start() <= start and end <= m.end():
                        return True
    return False


_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|can|could|must|may|might|should|shall|would|does|do|did|get|gets|"
    r"meet|meets|receive|receives|stay|stays|remain|remains|know|knows|understand|understands|work|works|"
    r"comply|complies|follow|follows|take|takes|make|makes|keep|keeps|arrive|arrives|happen|happens)\b",
    re.IGNORECASE,
)


def starts_clause(after: str) -> bool:
    """Whether the text after a verb like "ensure" is a clause ("that ...", "the form is signed").

    "make sure" needs a clause; "ensure safe working conditions" has only a noun phrase after it,
    so "make sure safe working conditions" would not be English."""
    words = re.findall(r"[A-Za-z']+", re.split(r"[.;:!?,]", after, maxsplit=1)[0])[:9]
    if not words:
        return False
    if words[0].lower() == "that":
        return True
    return bool(_FINITE.search(" ".join(words[1:])))
