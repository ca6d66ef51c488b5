"""Entry point of the text engine: rendered HTML in, plain-language findings and metrics out.

Pure: no printing, no network, no browser. The page's language decides whether
English rules apply at all; a Spanish page is reported as not checked rather
than judged by English word lists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cxlint.language_id import identifier
from cxlint.model import Finding
from cxlint.registry import Rule
from cxlint.text import kinds
from cxlint.text.context import Page
from cxlint.text.extract import Document, extract
from cxlint.text.readability import GRADE_FORMULAS, consensus, grades
from cxlint.text.score import plain_language_score, word_issue_rate
from cxlint.text.verbs import passive_spans

SUPPORTED_LANGS = frozenset({"en"})
MIN_DETECT_WORDS = 8
"""Below this many words language detection is a guess; such pages are treated as English."""
_YOU = re.compile(r"\b(?:you|your|yours|yourself|yourselves|you're|you'll|you've|you'd)\b", re.IGNORECASE)


@dataclass
class TextResult:
    findings: list[Finding]
    metrics: dict[str, Any]


def page_language(doc: Document) -> tuple[str, str]:
    """(language, how it was found): declared ``<html lang>``, detected, or assumed."""
    if doc.lang:
        return doc.lang, "declared"
    text = " ".join(b.text for b in doc.main() if b.scope not in ("link", "alt"))[:20000]
    if len(text.split()) < MIN_DETECT_WORDS:
        return "en", "assumed"
    # The model loads (seconds of CPU) only when a page does not declare its language.
    return str(identifier().classify(text)[0]), "detected"


def _metrics(page: Page, findings: list[Finding]) -> dict[str, Any]:
    smp = page.sample(page.prose())
    c = smp.counts
    text_blocks = [b for b in page.doc.main() if b.scope not in ("link", "alt") and page.judged(b)]
    words = sum(b.word_count for b in text_blocks)
    g = grades(c)
    grade = consensus(g, sentences=c.sentences) if c.words else None
    passive = sum(1 for _, s in smp.sentences if passive_spans(s.text)) / c.sentences if c.sentences else None
    avg = round(c.words_per_sentence, 1) if c.sentences else None
    you = sum(len(_YOU.findall(b.text)) for b in text_blocks)
    long_share = round(c.long_word_share, 3) if c.words else None
    return {
        "plain_language_score": plain_language_score(
            grade, avg, long_share, passive, word_issue_rate(findings, max(words, 1))
        ),
        "reading_grade": grade,
        "grades": g,
        "words": words,
        "sentences": c.sentences,
        "avg_sentence_words": avg,
        "passive_share": round(passive, 3) if passive is not None else None,
        "you_per_100_words": round(you * 100 / words, 2) if words else None,
        "long_word_share": long_share,
        "scored_words": c.words,
        "low_confidence": c.words < 100,
    }


def check_html(html: str, url: str, rules: list[Rule]) -> TextResult:
    """Check one rendered page against the enabled plain-language rules."""
    doc = extract(html)
    lang, source = page_language(doc)
    base: dict[str, Any] = {"lang": lang, "lang_source": source, "checked": True, "reason": ""}
    if lang not in SUPPORTED_LANGS:
        reason = f"page language is '{lang}'; plain-language rules are English-only"
        if source == "detected":
            reason = f"page language detected as '{lang}' (no lang attribute); plain-language rules are English-only"
        empty = {k: None for k in ("plain_language_score", "reading_grade", "avg_sentence_words", "passive_share")}
        return TextResult(
            [],
            {**empty, "grades": dict.fromkeys((*GRADE_FORMULAS, "flesch_reading_ease")), "words": 0,
             "sentences": 0, "you_per_100_words": None, **base, "checked": False, "reason": reason},
        )  # fmt: skip
    page = Page(doc, url, lang)
    findings: list[Finding] = []
    for rule in rules:
        if rule.spec.kind in kinds.KINDS and rule.spec.enabled:
            findings.extend(kinds.run(page, rule))
    return TextResult(findings, {**_metrics(page, findings), **base})
