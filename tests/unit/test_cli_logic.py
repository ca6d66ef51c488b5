"""Pure CLI decisions: exit codes and option parsing."""

from __future__ import annotations

import pytest
import typer

from cxlint.cli import FailOn, exit_code, parse_formats, parse_headers
from cxlint.model import Finding, Outcome, PageResult, RunResult, Severity


def run_with(*findings: tuple[Severity, Outcome]) -> RunResult:
    fs = [Finding(rule="r", name="n", severity=s, outcome=o, message="", category="scan") for s, o in findings]
    return RunResult(pages=[PageResult(url="u", findings=fs)])


@pytest.mark.parametrize(
    ("findings", "fail_on", "code"),
    [
        ([], FailOn.error, 0),
        ([(Severity.WARNING, Outcome.VIOLATION)], FailOn.error, 0),
        ([(Severity.WARNING, Outcome.VIOLATION)], FailOn.warning, 1),
        ([(Severity.ERROR, Outcome.VIOLATION)], FailOn.error, 1),
        ([(Severity.ERROR, Outcome.NEEDS_REVIEW)], FailOn.error, 0),
        ([(Severity.ERROR, Outcome.VIOLATION)], FailOn.never, 0),
        ([(Severity.INFO, Outcome.VIOLATION)], FailOn.info, 1),
    ],
)
def test_exit_code(findings, fail_on, code):
    assert exit_code(run_with(*findings), fail_on) == code


def test_formats_accept_commas_and_repeats():
    assert parse_formats(["html,json", "json", "console"]) == ["html", "json", "console"]
    with pytest.raises(typer.Exit):
        parse_formats(["pdf"])


def test_header_values_can_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("STAGING_TOKEN", "s3cret")
    assert parse_headers(["Authorization: Bearer x", "X-Token: $STAGING_TOKEN"]) == {
        "Authorization": "Bearer x",
        "X-Token": "s3cret",
    }
    with pytest.raises(typer.Exit):
        parse_headers(["no-colon"])
