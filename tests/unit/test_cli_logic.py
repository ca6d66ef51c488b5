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
