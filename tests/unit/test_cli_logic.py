"""Pure CLI decisions: turning flags into plan keys."""

from __future__ import annotations

import pytest
import typer

from cxlint.cli import _overrides, parse_headers, parse_limits, split_list


def test_lists_accept_commas_and_repeats():
    assert split_list(["html,json", "json", "console"]) == ["html", "json", "json", "console"]
    assert split_list([]) is None
    assert split_list([","]) == []


def test_header_values_stay_references_until_the_scan_starts():
    # "$VAR" is resolved where pages load, so the stored plan never holds the secret.
    assert parse_headers(["Authorization: Bearer x", "X-Token: $STAGING_TOKEN"]) == {
        "Authorization": "Bearer x",
        "X-Token": "$STAGING_TOKEN",
    }
    with pytest.raises(typer.Exit):
        parse_headers(["no-colon"])


def test_limits_parse_key_equals_number():
    assert parse_limits(["error=0", "accessibility=10,warning=5"]) == {"error": 0, "accessibility": 10, "warning": 5}
    with pytest.raises(typer.Exit):
        parse_limits(["error"])
    with pytest.raises(typer.Exit):
        parse_limits(["error=lots"])


def test_flags_not_given_do_not_override_the_file():
    over = _overrides(targets=None, max_pages=None, ignore_robots=False, follow=None)
    assert over["crawl"]["max-pages"] is None and over["crawl"]["respect-robots"] is None
    assert _overrides(ignore_robots=True)["crawl"]["respect-robots"] is False


def _help_texts() -> list[tuple[str, str]]:
    """Every option's help text as the terminal shows it (rich markup rendered), for every command."""
    import re

    from typer.testing import CliRunner

    from cxlint.cli import app

    runner = CliRunner()
    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    out = []
    for name in names:
        result = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
        assert result.exit_code == 0, (name, result.output)
        out.append((name, re.sub(r"[│╭╮╰╯─]", " ", result.output)))
    return out


def test_help_texts_keep_their_bracketed_defaults():
    import re

    # Rich reads "[default: 500]" as a markup tag and drops it unless escaped, leaving "pages ." behind.
    helps = _help_texts()
    assert any(name == "audit" for name, _ in helps)
    eaten = re.compile(r"\w \.(\s|$)")  # "pages ." where "pages [default: 500]." was meant
    for name, text in helps:
        assert not eaten.search(text), (name, [ln.strip() for ln in text.splitlines() if eaten.search(ln)])
    scan = dict(helps)["scan"]
    assert "[default: 500]" in scan and "[default: 30]" in scan
