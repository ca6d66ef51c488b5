from __future__ import annotations

import pytest

from cxlint.text.readability import Counts, consensus, grades
from cxlint.text.segment import sentences
from cxlint.text.syllables import syllables


@pytest.mark.parametrize(
    ("word", "n"),
    [("use", 1), ("utilize", 3), ("government", 3), ("administration", 5), ("the", 1), ("eligibility", 6),
     ("Xylozorbant", 4), ("e-cigarette", 4), ("2024", 1)],
)  # fmt: skip
def test_syllables(word: str, n: int) -> None:
    assert syllables(word) == n


def _counts(text: str) -> Counts:
    c = Counts()
    for s in sentences(text):
        c.add_sentence(s.words)
    return c


def test_formulas_match_hand_computation() -> None:
    c = _counts("The cat sat on the mat. The dog ran to the park.")
    assert (c.words, c.sentences, c.syllables, c.letters) == (12, 2, 12, 35)
    g = grades(c)
    assert g["flesch_kincaid"] == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59, abs=0.01)
    assert g["ari"] == pytest.approx(4.71 * 35 / 12 + 0.5 * 6 - 21.43, abs=0.01)
    assert g["flesch_reading_ease"] == pytest.approx(206.835 - 1.015 * 6 - 84.6, abs=0.01)


def test_harder_text_grades_higher_on_every_formula() -> None:
    easy = grades(_counts("We pay you each month. You can call us. We will help you fill in the form."))
    hard = grades(
        _counts(
            "Beneficiaries experiencing administrative difficulties regarding eligibility verification should "
            "communicate immediately with the appropriate regional representative."
        )
    )
    for formula in ("flesch_kincaid", "ari", "smog", "coleman_liau"):
        assert hard[formula] > easy[formula] + 5, formula
    assert consensus(hard) > consensus(easy)


def test_no_text_gives_no_grade() -> None:
    assert consensus(grades(Counts())) is None
