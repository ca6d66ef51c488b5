"""Baselines as a CI pipeline uses them, through the real CLI in Chromium on 127.0.0.1:
create → rescan passes → add a violation → exit 1 naming only it → fix an old one → reported fixed →
the same site on another host name and port still matches."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.e2e.test_cli import cxlint_cmd
from tests.support.cli_inproc import cxlint_in_process
from tests.support.httpd import FixtureServer

pytestmark = pytest.mark.e2e

HOME = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Renew a camping permit | Example Agency</title></head>
<body><header><a href="apply.html">Apply</a></header><main><h1>Renew a camping permit</h1>
<img id="old-seal" src="seal.gif">
<p>Renew your permit online in about 10 minutes.</p></main></body></html>"""
APPLY = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Apply for a camping permit | Example Agency</title></head>
<body><header><a href="index.html">Home</a></header><main><h1>Apply for a camping permit</h1>
<form><label for="name">Full name</label><input id="name" name="name">
<input id="old-email" name="email" type="email">
NEW
<button type="submit">Continue</button></form></main></body></html>"""
ARGS = ["--checks", "accessibility", "--select", "axe", "-f", "json,console"]


def write_site(root: Path, *, new: bool = False, fix_seal: bool = False) -> None:
    root.mkdir(exist_ok=True)
    home = HOME.replace('<img id="old-seal" src="seal.gif">', '<img id="old-seal" src="seal.gif" alt="Agency seal">') if fix_seal else HOME
    (root / "index.html").write_text(home)
    (root / "apply.html").write_text(APPLY.replace("NEW", '<input id="new-phone" name="phone" type="tel">' if new else ""))
    (root / "seal.gif").write_bytes(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")


def results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text())


def unaccepted(data: dict) -> list[str]:
    return [f["location"]["selector"] for p in data["pages"] for f in p["findings"]
            if f["outcome"] == "violation" and not f["baselined"]]


def test_baseline_flow(tmp_path):
    site, baseline = tmp_path / "site", tmp_path / "baseline.json"
    write_site(site)

    made = cxlint_cmd("baseline", str(site), "--output", str(baseline), "--checks", "accessibility", "--select", "axe")
    assert made.returncode == 0, made.stderr
    entries = json.loads(baseline.read_text())["findings"]
    assert {e["selector"] for e in entries} >= {"#old-seal", "#old-email"}
    assert all(e["page"] in ("/index.html", "/apply.html", "/") for e in entries)

    # The steps between run in this process (tests.support.cli_inproc); the baseline command and
    # the regression a pipeline fails on run as real processes.
    again = cxlint_in_process("scan", str(site), "--baseline", str(baseline), "--out", str(tmp_path / "o1"), *ARGS)
    assert again.returncode == 0, again.stdout + again.stderr
    assert unaccepted(results(tmp_path / "o1")) == []

    write_site(site, new=True)
    regressed = cxlint_cmd("scan", str(site), "--baseline", str(baseline), "--out", str(tmp_path / "o2"), "-v", *ARGS)
    assert regressed.returncode == 1
    assert unaccepted(results(tmp_path / "o2")) == ["#new-phone"]
    assert "#new-phone" in regressed.stdout and "#old-email" not in regressed.stdout  # the console names only it
    assert "axe/label" in regressed.stdout and "1 new" in regressed.stdout
    assert "cxlint: failed: 1 new error at or above --fail-on error" in regressed.stderr

    write_site(site, new=True, fix_seal=True)
    fixed = cxlint_in_process("scan", str(site), "--baseline", str(baseline), "--out", str(tmp_path / "o3"), *ARGS)
    meta = results(tmp_path / "o3")["meta"]["baseline"]
    assert fixed.returncode == 1 and meta["new"] == 1 and meta["fixed"] == 1
    assert [f["selector"] for f in meta["fixed_findings"]] == ["#old-seal"]
    # the home page is "/" (a folder's /index.html redirects to it)
    assert re.search(r"fixed: /(index\.html)?  #old-seal  axe/image-alt", fixed.stdout), fixed.stdout

    write_site(site)  # back to the baselined state, now served as http://localhost:<another port>/
    server = FixtureServer(site, host="localhost").start()
    try:
        moved = cxlint_in_process("scan", server.url("/"), "--baseline", str(baseline),
                                  "--out", str(tmp_path / "o4"), *ARGS)
    finally:
        server.stop()
    data = results(tmp_path / "o4")
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert data["meta"]["start_urls"][0].startswith("http://localhost:")
    assert unaccepted(data) == [] and data["meta"]["baseline"]["known"] == sum(e["count"] for e in entries)
