from __future__ import annotations

import pytest

from cxlint.text.segment import sentences, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apply now. We will call you.", ["Apply now.", "We will call you."]),
        ("Ask Dr. Smith at the U.S. Department of Labor. She knows.", ["Ask Dr. Smith at the U.S. Department of Labor.", "She knows."]),
        ("The office opens at 9 a.m. and closes at 5 p.m. We close on holidays.", ["The office opens at 9 a.m. and closes at 5 p.m.", "We close on holidays."]),
        ("Is it free? Yes! It costs $0.00 to apply.", ["Is it free?", "Yes!", "It costs $0.00 to apply."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ("He said “Stop.” Then he left.", ["He said “Stop.”", "Then he left."]),
        ("Use forms (e.g. Form 1040) for this.", ["Use forms (e.g. Form 1040) for this."]),
        # VA FAQ wording: a web address ends the sentence.
        ("You can apply online at VA.gov. You can also apply by mail.", ["You can apply online at VA.gov.", "You can also apply by mail."]),
    ],
)  # fmt: skip
def test_sentences(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


def test_words_keep_numbers_and_abbreviations_whole() -> None:
    assert words("Pay $1,000 to the U.S. Treasury by 5/1, and/or call.") == [
        "Pay", "1,000", "to", "the", "U.S", "Treasury", "by", "5/1", "and/or", "call",
    ]  # fmt: skip
