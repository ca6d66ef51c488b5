"""The console in a linter's style: every element with -v, colour only where it belongs."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console

from cxlint.console import make_console, print_findings
from cxlint.model import Finding, Location, Outcome, PageResult, Severity
from cxlint.report import ReportOptions, ResultSource, write_reports
from tests.support.report_run import golden_run


def _many_run():
    run = golden_run()
    url = "http://127.0.0.1:8123/form.html"
    findings = [
        Finding(rule="axe/image-alt", name="image-alt", severity=Severity.ERROR, outcome=Outcome.VIOLATION,
                message="Images must have alternative text", category="accessibility",
                location=Location(selector=f"img:nth-of-type({i})"))
        for i in range(1, 16)
    ]
    run.pages = [PageResult(url=url, final_url=url, findings=findings)]
    run.site_findings = []
    return run


def _console_text(run, registry, verbose: bool) -> str:
    buf = io.StringIO()
    write_reports(ResultSource(run, registry), ["console"], None, options=ReportOptions(verbose=verbose),
                  console=Console(file=buf, no_color=True, width=200))
    return buf.getvalue()


def test_default_shows_the_first_element_and_a_count(registry):
    text = _console_text(_many_run(), registry, verbose=False)
    assert "/form.html" in text and "127.0.0.1" not in text.split("cxlint")[0]
    assert "img:nth-of-type(1)" in text and "(+14 more)" in text
    assert "img:nth-of-type(2)" not in text


def test_verbose_shows_every_element_the_fix_and_the_help_url(registry):
    text = _console_text(_many_run(), registry, verbose=True)
    for i in range(1, 16):
        assert f"img:nth-of-type({i}) " in text
    assert "fix: " in text and "help: https://dequeuniversity.com/rules/axe/" in text
    assert "more)" not in text


def test_lines_read_selector_severity_code_message(registry):
    line = next(x for x in _console_text(golden_run(), registry, verbose=False).splitlines() if "#email" in x)
    assert line.split() == ["#email", "error", "A11Y304", "Field", "has", "only", "a", "placeholder,", "no", "label"]


def test_page_text_is_not_rich_markup(registry):
    run = _many_run()
    run.pages[0].findings[0].message = "[bold red]not markup[/] [link=x]y[/link]"
    text = _console_text(run, registry, verbose=False)
    assert "[bold red]not markup[/] [link=x]y[/link]" in text


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    "env, coloured",
    [({}, True), ({"NO_COLOR": "1"}, False), ({"CI": "true"}, False), ({"NO_COLOR": ""}, True)],
)
def test_colour_on_a_terminal_unless_no_color_or_ci(monkeypatch, env, coloured):
    for key in ("NO_COLOR", "CI"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr(sys, "stdout", _Tty())
    console = make_console()
    console.print("[red]x[/red]")
    assert ("\x1b[" in sys.stdout.getvalue()) is coloured


def test_print_findings_keeps_working_for_the_scan_command():
    buf = io.StringIO()
    print_findings(Console(file=buf, no_color=True, width=200), golden_run(), verbose=False)
    text = buf.getvalue()
    assert "/apply/step-1.html" in text and "A11Y304" in text and "Whole site" in text
