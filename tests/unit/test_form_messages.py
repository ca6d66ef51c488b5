"""Error messages for wrongly formatted values, judged for 3.3.3 without a browser.

Messages are real: USWDS and GOV.UK patterns, Chromium's own validation messages, and the
generic ones seen on federal forms.
"""

from __future__ import annotations

import pytest

from cxlint.dom.checks.forms import classify_message


@pytest.mark.parametrize(
    ("message", "hint", "verdict"),
    [
        ("Enter a 5-digit ZIP code, like 20500", "", "suggests"),
        ("Enter your Social Security number as 9 digits, like 123-45-6789", "", "suggests"),
        ("Please include an '@' in the email address. 'abc' is missing an '@'.", "", "suggests"),
        ("Value must be greater than or equal to 1.", "", "suggests"),
        ("Please match the requested format. 5 digits, like 20500", "", "suggests"),
        ("Invalid", "For example: 04/28", "suggests"),
        ("Invalid", "", "generic"),
        ("Please match the requested format.", "", "generic"),
        ("This field is invalid.", "", "generic"),
        ("Error", "", "generic"),
        ("Enter a valid email address", "", "unclear"),
        ("Check the permit number", "", "unclear"),
    ],
)
def test_classify_message(message: str, hint: str, verdict: str) -> None:
    assert classify_message(message, hint) == verdict
