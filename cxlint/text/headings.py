"""Headings set as plain paragraphs: "§ 39.3 Definitions.", "101.1 Policy", "1. Who must follow this chapter?".

Regulations, directives and letters pasted into web pages keep their section numbers but
lose their heading markup. Read as prose, such a line is "the hardest sentence" and a page
with a heading every paragraph is "2,726 words without a heading". The text engine treats
these lines as headings; A11Y306 reports the missing markup (WCAG 1.3.1) with the same
label pattern, passed to the browser as ``LABEL_SOURCE`` so both agree.
"""

from __future__ import annotations

import re

LABEL_SOURCE = (
    r"^(?:§§?\s*\d+[\w.\-]*"
    r"|(?:part|subpart|chapter|section|article|appendix|title)\s+(?:\d+[\w.\-]*|[ivxlc]+\b|[a-z]\b)\.?"
    r"|\d+(?:\.\d+)+\.?"
    r"|\d{1,2}[.)]"
    r"|[a-z][.)]"
    r")\s*[—–:-]?\s*"
)
"""A section label at the start of a line (case-insensitive; valid in Python and JavaScript)."""
LABEL = re.compile(LABEL_SOURCE, re.IGNORECASE)
STRONG_LABEL = re.compile(r"^(?:§|part\b|subpart\b|chapter\b|section\b|article\b|appendix\b|title\b|\d+\.\d)", re.I)
"""Labels that mark a section even when its title ends with a full stop (eCFR: "§ 4.60 Definitions.")."""
_INNER_BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+\S")
_WORD = re.compile(r"[A-Za-z0-9]+")
MAX_TITLE_WORDS = 25
MAX_HEADING_CHARS = 250
"""Longer paragraphs are never headings; checked first, as most paragraphs are."""
MAX_PLAIN_WORDS = 12
"""A title without a question mark or a section sign longer than this is a sentence, not a heading."""


def _title_ok(title: str, strong: bool) -> bool:
    words = len(_WORD.findall(title))
    if not words or words > MAX_TITLE_WORDS or _INNER_BOUNDARY.search(title):
        return False
    end = title.rstrip("\"”’)")[-1:]
    if end == "?":
        return True
    if end in ",;":
        return False
    if end == ".":
        return strong and words <= MAX_PLAIN_WORDS
    return words <= MAX_PLAIN_WORDS


def numbered_heading(text: str) -> bool:
    """A line that starts with a section label and goes on with a short title or a question."""
    if "\n" in text:
        return False
    m = LABEL.match(text)
    if not m or m.end() == len(text):
        return False
    return _title_ok(text[m.end() :], bool(STRONG_LABEL.match(text)))


def set_off_heading(text: str, whole_bold: bool) -> bool:
    """A short line that is all bold or all capitals and reads as a title or a question, not a sentence."""
    if "\n" in text or _INNER_BOUNDARY.search(text):
        return False
    words = len(_WORD.findall(text))
    if not words or words > MAX_PLAIN_WORDS:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    caps = len(letters) >= 4 and all(ch.isupper() for ch in letters)
    if not (whole_bold or caps):
        return False
    end = text.rstrip("\"”’)")[-1:]
    return end not in ".,;!" and (end != ":" or whole_bold)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def heading_like(text: str, whole_bold: bool, next_words: int) -> bool:
    """Whether a paragraph is a heading in all but markup: it must also introduce longer text."""
    if next_words <= word_count(text):
        return False
    return numbered_heading(text) or set_off_heading(text, whole_bold)
