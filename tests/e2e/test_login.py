"""Staging sites behind a sign-in: `cxlint login` saves the state, `scan --storage-state` uses it."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_cli import cxlint_cmd
from tests.support.cli_inproc import cxlint_in_process
from tests.support.httpd import FixtureServer

pytestmark = pytest.mark.e2e
SECRET = "correct horse"


@pytest.fixture(scope="module")
def login_site() -> Iterator[FixtureServer]:
    srv = FixtureServer(Path(__file__).resolve().parents[1] / "fixtures" / "login").start()
    yield srv
    srv.stop()


def test_login_then_scan_behind_it_without_leaking_the_secret(login_site, tmp_path):
    state = tmp_path / "state.json"
    env = {"STAGING_USER": "ranger@example.gov", "STAGING_PASSWORD": SECRET}
    proc = cxlint_cmd(
        "login", login_site.url("signin.html"), "--out", str(state),
        "--fill", "#user=$STAGING_USER", "--fill", "#pass=$STAGING_PASSWORD",
        "--click", "#submit", "--wait-for", "#account", env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert SECRET not in proc.stdout + proc.stderr
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    assert [c["name"] for c in json.loads(state.read_text())["cookies"]] == ["session"]

    out = tmp_path / "out"
    scan = cxlint_cmd(
        "scan", login_site.url("account.html"), "--storage-state", str(state), "--no-follow",
        "--checks", "accessibility", "--header", "X-Staging-Token: $STAGING_PASSWORD",
        "--out", str(out), "-f", "json,html", env=env,
    )
    assert scan.returncode in (0, 1), scan.stderr
    results = (out / "results.json").read_text()
    assert json.loads(results)["pages"][0]["title"] == "Your permit account"
    for text in (results, (out / "report.html").read_text(), scan.stdout, scan.stderr):
        assert SECRET not in text


def test_scan_without_the_state_sees_the_sign_in_wall(login_site, tmp_path):
    proc = cxlint_in_process("scan", login_site.url("account.html"), "--no-follow", "--checks", "accessibility",
                             "--out", str(tmp_path), "-f", "json")
    assert json.loads((tmp_path / "results.json").read_text())["pages"][0]["title"] == "Please sign in"
    assert proc.returncode in (0, 1)


def test_wrong_password_is_one_clear_line(login_site, tmp_path):
    proc = cxlint_cmd(
        "login", login_site.url("signin.html"), "--out", str(tmp_path / "s.json"),
        "--fill", "#pass=wrong", "--click", "#submit", "--wait-for", "#account", "--timeout", "3",
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("cxlint: error: sign-in")
    assert len(proc.stderr.strip().splitlines()) == 1
