"""Put a suggested replacement in the form of the word it replaces.

"ensuring" needs "making sure", not "make sure"; "has indicated" needs "has shown".
Replacements in the word lists are base forms, so the form of the matched word
(-s, -ed, -ing) is carried over to the replacement's verb: its first word for a
phrasal verb ("carry out" → "carried out"), otherwise its only word.
"""

from __future__ import annotations

import re
from typing import Literal

Form = Literal["base", "s", "ed", "ing"]

# fmt: off
IRREGULAR: dict[str, tuple[str, str]] = {
    "begin": ("began", "begun"), "buy": ("bought", "bought"), "choose": ("chose", "chosen"),
    "cut": ("cut", "cut"), "do": ("did", "done"), "find": ("found", "found"), "get": ("got", "gotten"),
    "give": ("gave", "given"), "go": ("went", "gone"), "have": ("had", "had"), "hold": ("held", "held"),
    "keep": ("kept", "kept"), "lead": ("led", "led"), "learn": ("learned", "learned"), "leave": ("left", "left"),
    "let": ("let", "let"), "make": ("made", "made"), "meet": ("met", "met"), "pay": ("paid", "paid"),
    "put": ("put", "put"), "run": ("ran", "run"), "say": ("said", "said"), "see": ("saw", "seen"),
    "send": ("sent", "sent"), "set": ("set", "set"), "show": ("showed", "shown"), "speed": ("sped", "sped"),
    "take": ("took", "taken"), "tell": ("told", "told"), "think": ("thought", "thought"),
    "write": ("wrote", "written"), "stand": ("stood", "stood"), "understand": ("understood", "understood"),
    "hear": ("heard", "heard"), "feel": ("felt", "felt"), "bring": ("brought", "brought"),
}
# fmt: on
PHRASAL_HEADS = frozenset((
    "carry", "find", "make", "let", "set", "give", "take", "put", "keep", "look", "point", "send", "tell",
    "get", "write", "go", "speed", "pass", "hand", "fill", "sign", "add", "cut", "end", "use"
))
"""First words that are the verb of a multi-word replacement ("carry out", "make sure", "set up")."""
_KEEP = frozenset((
    "you", "we", "they", "it", "this", "that", "these", "those", "so", "but", "to", "by", "with", "for", "on",
    "about", "at", "in", "now", "then", "here", "there", "all", "any", "some", "since", "if", "or", "and",
    "also", "too", "besides", "per", "under"
))
"""Replacements that are not verbs or nouns to inflect ("addressees" → "you")."""
_PERFECT = frozenset((
    "has", "have", "had", "having", "is", "are", "was", "were", "be", "been", "being", "get", "gets", "got",
    "gotten", "the", "a", "an", "this", "that", "these", "those", "your", "our", "their", "its", "each", "any",
    "every"
))
"""After these an -ed form is a participle: "has shown", "the chosen area" (an adjective before its noun)."""
_VOWELS = "aeiou"
_STRESSED_LAST = frozenset((
    "begin", "occur", "omit", "refer", "submit", "permit", "prefer", "transfer", "admit", "commit", "control",
    "forget", "regret", "equip", "compel", "expel", "propel", "confer", "defer", "deter", "incur"
))
"""Two-syllable verbs stressed on the last syllable double the final consonant: "beginning", "submitted"."""


def _double_final(w: str) -> bool:
    """stop → stopped: one syllable ending consonant-vowel-consonant (not w, x or y)."""
    if w in _STRESSED_LAST:
        return True
    return (
        len(w) >= 3
        and w[-1] not in _VOWELS + "wxy"
        and w[-2] in _VOWELS
        and w[-3] not in _VOWELS
        and len(re.findall(r"[aeiouy]+", w)) == 1
    )


def form_of(hit: str, base: str) -> Form:
    """Which inflection of ``base`` the matched word ``hit`` is."""
    h, b = hit.lower(), base.lower()
    if h == b or " " in b:
        return "base"
    if h.endswith("ing") and not b.endswith("ing"):
        return "ing"
    if (h.endswith("ed") or h.endswith("ied")) and not b.endswith("ed"):
        return "ed"
    if h.endswith("s") and not b.endswith("s"):
        return "s"
    return "base"


def inflect_word(w: str, form: Form, participle: bool = False) -> str:
    if form == "base" or w in _KEEP or not w.isalpha():
        return w
    if form == "s":
        if w.endswith(("s", "x", "z", "ch", "sh")) or w in ("go", "do"):
            return w + "es"
        if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
            return w[:-1] + "ies"
        return w + "s"
    if form == "ed":
        if w in IRREGULAR:
            return IRREGULAR[w][1 if participle else 0]
        if w.endswith("e"):
            return w + "d"
        if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
            return w[:-1] + "ied"
        return w + w[-1] + "ed" if _double_final(w) else w + "ed"
    # -ing
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not w.endswith(("ee", "ye", "oe")) and len(w) > 2:
        return w[:-1] + "ing"
    return w + w[-1] + "ing" if _double_final(w) else w + "ing"


def inflect_phrase(phrase: str, form: Form, participle: bool = False) -> str:
    """``phrase`` (a replacement in base form) in ``form``."""
    if form == "base" or phrase.startswith("("):
        return phrase
    words = phrase.split(" ")
    if len(words) == 1:
        return inflect_word(words[0], form, participle)
    if words[0] in PHRASAL_HEADS or form != "s":
        return " ".join([inflect_word(words[0], form, participle), *words[1:]])
    return " ".join([*words[:-1], inflect_word(words[-1], form, participle)])


def wants_participle(text_before: str) -> bool:
    """After "has", "was", "the"…, an -ed form is a participle ("has shown"), else a past tense ("showed")."""
    prev = re.findall(r"[A-Za-z']+", text_before[-40:])
    return bool(prev) and prev[-1].lower() in _PERFECT
