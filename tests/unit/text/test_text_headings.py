"""Headings set as plain paragraphs in regulations, directives and letters are read as headings."""

from __future__ import annotations

import re

import pytest

from cxlint.text.extract import extract
from cxlint.text.headings import LABEL_SOURCE, heading_like, numbered_heading, set_off_heading
from tests.unit.text.helpers import check, pl_rules


@pytest.mark.parametrize(
    "line",
    [
        "§ 39.3 Definition of airworthiness directives.",  # eCFR section heading
        "§ 39.17 What must I do if a change in a product affects my ability to accomplish the actions required?",
        "101.1 Policy",  # agency directive
        "101.7 Telework agreements",
        "1. Who must follow this chapter?",  # handbook question heading
        "PART 39—AIRWORTHINESS DIRECTIVES",
        "Subpart A—General Provisions",
        "Chapter 2. Eligibility",
    ],
)
def test_numbered_section_titles_are_headings(line: str) -> None:
    assert numbered_heading(line)


@pytest.mark.parametrize(
    "line",
    [
        "1. Sign the form and date it.",  # a numbered step, not a title
        "a. Telework. A work flexibility arrangement under which an employee works elsewhere.",  # a definition
        "(b) Fee waivers are described in § 4.79.",  # a lettered rule paragraph
        "2024 was a good year for the program.",
        "U.S. Department of Veterans Affairs sends the letter.",
        "§ 4.79",  # a bare citation
    ],
)
def test_sentences_and_paragraph_labels_are_not(line: str) -> None:
    assert not numbered_heading(line)


def test_bold_or_capital_lines_need_to_read_as_titles() -> None:
    assert set_off_heading("What We Will Pay And When", whole_bold=True)  # SSA notice
    assert set_off_heading("How do I apply for education benefits?", whole_bold=True)  # VA FAQ
    assert set_off_heading("IF YOU DISAGREE WITH THE DECISION", whole_bold=False)
    assert not set_off_heading("How do I apply for education benefits?", whole_bold=False)
    assert not set_off_heading("YOU MUST NEVER USE THE ELEVATORS DURING AN EVACUATION.", whole_bold=False)
    assert not set_off_heading("Note: bring your card. Then sign.", whole_bold=True)


def test_a_heading_must_introduce_longer_text() -> None:
    assert heading_like("101.2 Scope", False, next_words=30)
    assert not heading_like("101.2 Scope", False, next_words=2)


def test_the_label_pattern_is_also_valid_javascript_syntax() -> None:
    """The browser check compiles the same source: no Python-only constructs."""
    assert "(?P<" not in LABEL_SOURCE and "(?i" not in LABEL_SOURCE
    re.compile(LABEL_SOURCE)


REGULATION = """
<h1>Part 4—Public Availability of Information</h1>
<p><strong>§ 4.70 Requests for records.</strong></p>
<p>A request for records shall be made in writing and addressed to the FOIA Officer of the component that the
requester believes maintains the records. The request shall reasonably describe the records sought in sufficient
detail to enable Department personnel to locate them with a reasonable amount of effort. Whenever possible, a request
should include specific information about each record sought, such as the date, title or name, author, recipient,
and subject matter of the record, so that the records can be found quickly.</p>
<p>101.5 Responsibilities</p>
<p>Supervisors shall determine which positions are eligible for telework, approve or deny requests to telework, and
ensure that teleworking employees are held to the same performance standards as employees who do not telework. The
Telework Coordinator keeps the signed agreements and reports participation to the Office of Personnel Management
every year, and the Chief Human Capital Officer reviews the program and its results with the Department's leaders.</p>
<p>1. What is the legal effect of failing to comply with an airworthiness directive and the rules in this part?</p>
<p>Anyone who operates a product that does not meet the requirements of an applicable airworthiness directive is in
violation of this section. Each flight is a separate violation, and the operator may be fined for each one. You
must check the records of the aircraft before each flight to make sure that every directive has been complied with,
and you must keep those records for as long as you own or operate the aircraft, so inspectors can read them.</p>
"""


def test_numbered_and_bold_titles_become_heading_blocks() -> None:
    doc = extract(f'<html lang="en"><body><main>{REGULATION}</main></body></html>')
    headings = [b.text for b in doc.blocks if b.scope == "heading"]
    assert headings == [
        "Part 4—Public Availability of Information",
        "§ 4.70 Requests for records.",
        "101.5 Responsibilities",
        "1. What is the legal effect of failing to comply with an airworthiness directive and the rules in this part?",
    ]
    assert [b.heading_like for b in doc.blocks if b.scope == "heading"] == [False, True, True, True]


def test_sections_between_heading_lines_are_not_a_wall_of_text_nor_the_hardest_sentence() -> None:
    result = check({"html": REGULATION})
    codes = {f.rule for f in result.findings}
    assert "PL113" not in codes
    assert "PL102" not in {f.rule for f in result.findings if f.location.text.startswith("1. What")}
    grade = [f for f in result.findings if f.rule == "PL101"]
    assert grade and not grade[0].location.text.startswith(("1.", "§", "101."))


def test_wall_of_text_counts_numbered_titles_as_headings() -> None:
    """PL113's own pass example (a directive with "101.1 Policy" lines) is a wall without those lines."""
    rule = next(r for r in pl_rules() if r.code == "PL113")
    example = next(e for e in rule.spec.examples.passing if "101.1 Policy" in e)
    assert "PL113" not in {f.rule for f in check(example).findings}
    without_titles = re.sub(r"^101\.\d [A-Za-z]+$", "", example, flags=re.M)
    assert "PL113" in {f.rule for f in check(without_titles).findings}
