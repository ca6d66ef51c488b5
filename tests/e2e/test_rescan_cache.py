"""The re-scan cache through the real CLI, in Chromium, on a site served on 127.0.0.1 (one store):
scan → rescan answers every page from the cache with identical results → a changed stylesheet
rechecks only the page that uses it, with its new result → --no-cache rechecks all → another
--standard misses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli import cxlint_cmd
from tests.support.cli_inproc import cxlint_in_process
from tests.support.httpd import FixtureServer
from tests.support.server import Reply

pytestmark = pytest.mark.e2e

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} | Example Agency</title>
<link rel="stylesheet" href="{css}"></head>
<body><main><h1>{title}</h1><p class="low">{text}</p>{extra}</main></body></html>"""
LOW_CONTRAST = ".low { color: #888; background: #fff; }"
GOOD_CONTRAST = ".low { color: #333; background: #fff; }"
FRESH_CSS = {"Content-Type": "text/css", "Cache-Control": "max-age=3600"}
ARGS = ["--no-config", "--checks", "accessibility", "--format", "json", "--exit-zero", "--quiet", "-j", "1"]
"""One page at a time: every page goes through the same reused tab, after a page with the same stylesheet."""


def write_site(root: Path) -> None:
    root.mkdir()
    links = '<a href="/renew.html">Renew a permit</a> <a href="/pay.html">Pay a fee</a>'
    (root / "index.html").write_text(
        PAGE.format(title="Permits", css="/site.css", text="Renew or pay online.", extra=links + '<img src="/seal.png">')
    )
    (root / "renew.html").write_text(
        PAGE.format(title="Renew a permit", css="/site.css", text="Renew online in 10 minutes.", extra="")
    )
    (root / "pay.html").write_text(PAGE.format(title="Pay a fee", css="/pay.css", text="Pay by card.", extra=""))
    (root / "site.css").write_text(LOW_CONTRAST)
    (root / "pay.css").write_text(LOW_CONTRAST)
    (root / "seal.png").write_bytes(b"\x89PNG\r\n\x1a\n")


def scan(server: FixtureServer, store: Path, out: Path, *extra: str, process: bool = False) -> dict:
    """A scan into the store: as a real process (the first and the last scan), or in this one."""
    command = cxlint_cmd if process else cxlint_in_process
    proc = command("scan", server.url("/"), "--store", str(store), "--out", str(out), *ARGS, *extra)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((out / "results.json").read_text())


def pages(data: dict) -> dict[str, tuple[str, list[str]]]:
    return {p["url"]: (p["status"], sorted(f["fingerprint"] for f in p["findings"])) for p in data["pages"]}


def rules_on(data: dict, path: str) -> set[str]:
    return {f["rule"] for p in data["pages"] if p["url"].endswith(path) for f in p["findings"]}


def cached(data: dict) -> dict[str, bool]:
    return {p["url"].rsplit("/", 1)[1]: bool(p["metrics"].get("cached")) for p in data["pages"]}


def test_rescan_reuses_unchanged_pages_and_rechecks_changed_ones(tmp_path):
    site, store = tmp_path / "site", tmp_path / "store.db"
    write_site(site)
    server = FixtureServer(site)
    # The shared stylesheet may be kept an hour: in one browser, the second page that uses it can
    # get it from memory without asking the network.
    server.route("/site.css", lambda _p, _q: Reply(200, (site / "site.css").read_bytes(), FRESH_CSS))
    with server:
        first = scan(server, store, tmp_path / "o1", process=True)
        assert first["meta"]["config"]["cache"]["hits"] == 0
        assert not any(cached(first).values())
        assert "axe/color-contrast" in rules_on(first, "/pay.html")
        assert "axe/color-contrast" in rules_on(first, "/renew.html")

        # Unchanged: every page from the cache, the same pages, states, findings and site findings.
        second = scan(server, store, tmp_path / "o2")
        assert pages(second) == pages(first)
        assert second["site_findings"] == first["site_findings"]
        assert second["summary"] == first["summary"]
        assert all(cached(second).values()), cached(second)
        assert second["meta"]["config"]["cache"]["hits"] >= len(second["pages"])
        assert second["meta"]["config"]["cache"]["misses"] == 0
        before = {p["url"]: p for p in first["pages"]}
        for page in second["pages"]:
            old = before[page["url"]]
            assert page["findings"] == old["findings"]
            assert page["links"] == old["links"] and page["title"] == old["title"]

        # A stylesheet changes: only the page that uses it is checked again, and its result is new.
        (site / "pay.css").write_text(GOOD_CONTRAST)
        third = scan(server, store, tmp_path / "o3")
        assert cached(third) == {"": True, "renew.html": True, "pay.html": False}
        assert "axe/color-contrast" not in rules_on(third, "/pay.html")
        assert "axe/color-contrast" in rules_on(third, "/renew.html")
        assert third["meta"]["config"]["cache"]["changed"] == 1

        # --no-cache checks everything afresh, and finds what the cache said.
        fresh = scan(server, store, tmp_path / "o4", "--no-cache")
        assert not any(cached(fresh).values())
        assert "cache" not in fresh["meta"]["config"]
        assert pages(fresh) == pages(third)

        # Another standard runs other rules: nothing of the wcag21aa entries may answer it.
        other = scan(server, store, tmp_path / "o5", "--standard", "wcag22aa")
        assert not any(cached(other).values())
        assert other["meta"]["config"]["cache"]["hits"] == 0

        # The shared stylesheet changes. The first scan loaded it for the home page, then (same tab)
        # for renew.html, where the browser could have answered from its memory cache without a
        # network event: both entries must still know it as an input.
        (site / "site.css").write_text(GOOD_CONTRAST)
        fifth = scan(server, store, tmp_path / "o6", process=True)
        assert cached(fifth) == {"": False, "renew.html": False, "pay.html": True}
        assert "axe/color-contrast" not in rules_on(fifth, "/renew.html")
