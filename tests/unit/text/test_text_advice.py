"""Advice must keep grammar and meaning: inflected swaps, protected names and terms, casing that keeps names.

Sentences are in the wording of eCFR rules, agency handbooks and SSA/IRS/VA letters.
"""

from __future__ import annotations

import pytest

from cxlint.text.guards import defined_terms, is_protected, starts_clause
from cxlint.text.inflect import form_of, inflect_phrase, wants_participle
from cxlint.text.words import sentence_case
from tests.unit.text.helpers import check


def advice(text: str, code: str) -> dict[str, str]:
    """Quoted text → suggestion of one rule's findings."""
    return {f.location.text: f.suggestion for f in check(text).findings if f.rule == code}


@pytest.mark.parametrize(
    ("hit", "base", "replacement", "before", "expected"),
    [
        ("ensuring", "ensure", "make sure", "", "making sure"),
        ("ensured", "ensure", "make sure", "We ", "made sure"),
        ("ensures", "ensure", "make sure", "", "makes sure"),
        ("indicated", "indicate", "show", "has ", "shown"),
        ("indicated", "indicate", "show", "The form ", "showed"),
        ("accomplished", "accomplish", "carry out", "", "carried out"),
        ("commencing", "commence", "begin", "", "beginning"),
        ("utilized", "utilize", "use", "", "used"),
        ("eliminated", "eliminate", "cut", "", "cut"),
        ("discontinued", "discontinue", "stop", "", "stopped"),
        ("components", "component", "part", "", "parts"),
        ("addressees", "addressees", "you", "", "you"),
    ],
)
def test_replacements_take_the_form_of_the_word_they_replace(
    hit: str, base: str, replacement: str, before: str, expected: str
) -> None:
    assert inflect_phrase(replacement, form_of(hit, base), wants_participle(before)) == expected


def test_ing_and_perfect_forms_in_findings() -> None:
    assert advice("Managers are responsible for ensuring that hazards are found and corrected.", "PL106") == {
        "ensuring": "Use 'making sure' instead of 'ensuring'."
    }
    assert advice("The requester has indicated in advance a willingness to pay fees.", "PL106") == {
        "indicated": "Use 'shown' or 'written down' instead of 'indicated'."
    }
    # Before its noun, 'designated' is an adjective: 'the appointed area' would change the meaning.
    assert advice("Charge batteries only in the designated battery charging area.", "PL106")["designated"] == (
        "Omit 'designated' or use 'chosen'."
    )
    assert advice("The Secretary has designated an official to answer requests.", "PL106")["designated"] == (
        "Use 'appointed' or 'chosen' or 'named' instead of 'designated'."
    )
    assert advice("Each agency is designated by the Secretary.", "PL106")["designated"] == (
        "Use 'appointed' or 'chosen' or 'named' instead of 'designated'."
    )


def test_ensure_with_a_noun_phrase_asks_for_a_clause_not_a_broken_swap() -> None:
    found = advice("This chapter sets out the program to ensure safe and healthful working conditions.", "PL106")
    assert "make sure safe" not in found["ensure"]
    assert "'make sure that …'" in found["ensure"]
    assert advice("Each office shall ensure that personnel are trained.", "PL106") == {
        "ensure": "Use 'make sure' instead of 'ensure'."
    }
    assert starts_clause(" the form is signed before you mail it.")
    assert not starts_clause(" safe and healthful working conditions for every employee.")


def test_names_quotations_citations_and_defined_terms_are_not_swapped() -> None:
    text = (
        "Your benefits do not expire because of the Harry W. Colmery Veterans Educational Assistance Act. "
        'Sign Form SSA-561, called "Request for Reconsideration." A requester who makes a request under § 4.70 '
        "must pay. Timely submissions will be processed in order."
    )
    found = check(text).findings
    assert {(f.rule, f.location.text) for f in found if f.rule in ("PL106", "PL116", "PL119")} == set()
    assert is_protected("a request under § 4.70 to access", 2, 9)
    assert not is_protected("Send your request today.", 10, 17)
    terms = defined_terms(['Requester means any person who asks.', '(hereinafter referred to as "the Department")'])
    assert terms == {"requester", "the department"}


def test_frequently_asked_questions_is_a_name_and_previously_keeps_grammar() -> None:
    assert advice("# Frequently asked questions\nYou can apply online.", "PL106") == {}
    found = advice("The hours are not part of a previously approved telework schedule.", "PL106")
    assert found == {"previously": "Use 'before' or 'already' or 'earlier' instead of 'previously'."}


def test_hidden_verbs_skip_compounds_and_find_preposition_forms() -> None:
    text = (
        "Pay as much as you can now and make payment arrangements for the rest. "
        "Enter every injury within 6 working days after notification of the injury. "
        "Upon completion of the review, the supervisor keeps a copy."
    )
    assert advice(text, "PL116") == {
        "after notification of": "Use the verb: 'notify' instead of 'after notification of'.",
        "Upon completion of": "Use the verb: 'complete' instead of 'Upon completion of'.",
    }


@pytest.mark.parametrize(
    ("caps", "expected"),
    [
        ("PART 39—AIRWORTHINESS DIRECTIVES", "Part 39—Airworthiness Directives"),
        ("IF YOU DISAGREE WITH THE DECISION", "If you disagree with the decision"),
        ("CONTACT THE SOCIAL SECURITY ADMINISTRATION TODAY", "Contact the Social Security Administration today"),
        ("WRITE TO THE DEPARTMENT OF VETERANS AFFAIRS NOW", "Write to the Department of Veterans Affairs now"),
        ("SEND FORM W-2 TO THE IRS BY MAY 1", "Send Form W-2 to the IRS by May 1"),
    ],
)
def test_capitals_are_rewritten_keeping_names_and_titles(caps: str, expected: str) -> None:
    assert sentence_case(caps, {"IRS"}) == expected


def test_shouted_ordinary_words_are_not_abbreviations() -> None:
    text = (
        "YOU MUST NEVER USE THE ELEVATORS DURING AN EVACUATION. Wait until the floor warden gives the "
        "ALL CLEAR signal. You must NEVER prop fire doors open. Report injuries to OWCP."
    )
    found = check(text).findings
    assert [f.location.text for f in found if f.rule == "PL109"] == ["OWCP"]
    assert "PL110" not in {f.rule for f in found}
    assert [f.suggestion for f in found if f.rule == "PL109"] == [
        "Write the full name first, then the abbreviation in parentheses: 'Full Name (OWCP)'."
    ]


def test_capitals_from_css_are_seen_and_explained() -> None:
    found = [
        f
        for f in check({"html": '<p style="text-transform:uppercase">When the alarm sounds, leave the building.</p>'})
        .findings
        if f.rule == "PL111"
    ]
    assert [f.location.text for f in found] == ["WHEN THE ALARM SOUNDS, LEAVE THE BUILDING."]
    assert "text-transform" in found[0].message and found[0].data["css"] is True
    marked = '<p data-cxlint-caps="upper">Leave the building by the nearest exit.</p>'
    assert [f.rule for f in check({"html": marked}).findings if f.rule == "PL111"] == ["PL111"]
    undone = '<p data-cxlint-caps="upper"><span data-cxlint-caps="none">Leave the building by the nearest exit.</span></p>'
    assert "PL111" not in {f.rule for f in check({"html": undone}).findings}


def test_long_words_leave_out_everyday_words_names_and_key_terms() -> None:
    everyday = (
        "Every employee must report an injury to the hospital or the safety office. Employees who charge a "
        "battery must wear a face shield, and every employee in the area must know where the eyewash is."
    )
    assert "PL112" not in {f.rule for f in check(everyday).findings}
    formal = (
        "Beneficiaries experiencing administrative difficulties regarding eligibility verification should "
        "immediately communicate with the appropriate regional representative, who will investigate the situation "
        "and determine whether additional documentation is necessary. Unfortunately, individual circumstances "
        "occasionally necessitate supplementary consideration."
    )
    found = [f for f in check(formal).findings if f.rule == "PL112"]
    assert found and "experiencing" in found[0].suggestion and "situation" not in found[0].suggestion


def test_reading_grade_message_names_only_the_formulas_in_the_mean() -> None:
    text = " ".join(
        ["Applicants requesting reconsideration must demonstrate, through comprehensive documentation, that the "
         "administrative evaluation inadequately considered relevant circumstances."] * 12
    )  # fmt: skip
    found = [f for f in check(text).findings if f.rule == "PL101"]
    assert found and "SMOG" in found[0].message and "not counted" in found[0].message
    assert "mean of flesch-kincaid" in found[0].message and ", smog" not in found[0].message


def test_shall_not_be_required_is_a_freedom_not_a_prohibition() -> None:
    """eCFR FOIA rule wording: 'must not be required to' would turn a freedom into a ban."""
    found = advice(
        "The Department shall not be required to create a record. The Department shall not charge for the "
        "first 100 pages of duplication.",
        "PL108",
    )
    assert found == {
        "shall not be required to": "Use 'does not have to' or 'need not' instead of 'shall not be required to'.",
        "shall not": "Use 'must not' instead of 'shall not'.",
    }
