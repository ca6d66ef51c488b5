"""The page's plain-language score (0–100, higher is plainer).

A weighted mean of parts a reader feels, each mapped to 0–1 between a "plain"
and a "hard" anchor: reading grade (grade 6 → 1, grade 16 → 0), average
sentence length (12 → 1, 30 → 0 words), share of long words (10% → 1, 35% → 0),
passive sentences (0% → 1, 40% → 0) and word-level findings per 100 words
(0 → 1, 5 weighted hits → 0). Parts that cannot be measured drop out and the
weights of the rest are renormalised. Anchors are cxlint defaults, chosen so
the score separates the OneStopEnglish levels (bench/onestopenglish.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from cxlint.model import Finding, Severity

WEIGHTS = {"grade": 0.35, "sentence_length": 0.2, "long_words": 0.15, "passive": 0.1, "word_issues": 0.2}
_SEVERITY_WEIGHT = {Severity.ERROR: 3.0, Severity.WARNING: 2.0, Severity.INFO: 1.0}


def _scale(value: float, plain: float, hard: float) -> float:
    return max(0.0, min(1.0, (hard - value) / (hard - plain)))


def word_issue_rate(findings: Iterable[Finding], words: int) -> float:
    """Severity-weighted block-level findings per 100 words (page-level findings are measured elsewhere)."""
    if not words:
        return 0.0
    weight = sum(_SEVERITY_WEIGHT[f.severity] for f in findings if not f.data.get("page_level"))
    return weight * 100 / words


def plain_language_score(
    grade: float | None,
    avg_sentence_words: float | None,
    long_word_share: float | None,
    passive_share: float | None,
    issue_rate: float,
) -> float:
    parts: dict[str, float] = {"word_issues": _scale(issue_rate, 0.0, 5.0)}
    if grade is not None:
        parts["grade"] = _scale(grade, 6.0, 16.0)
    if avg_sentence_words is not None:
        parts["sentence_length"] = _scale(avg_sentence_words, 12.0, 30.0)
    if long_word_share is not None:
        parts["long_words"] = _scale(long_word_share, 0.10, 0.35)
    if passive_share is not None:
        parts["passive"] = _scale(passive_share, 0.0, 0.4)
    total = sum(WEIGHTS[k] for k in parts)
    return round(100 * sum(WEIGHTS[k] * v for k, v in parts.items()) / total, 1)
