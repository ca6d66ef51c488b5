"""Targets and page identity through the real CLI: site roots, one address per page, frames, the home page.

Each test writes a small site to a temporary folder, runs ``cxlint scan`` as a user would
(cxlint serves the folder on 127.0.0.1 itself) and reads results.json. The commands run in the
test process (``tests.support.cli_inproc``): a folder scan as a real process is the first test of
tests/e2e/test_cli.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.cli_inproc import cxlint_in_process
from tests.support.server import FixtureServer, html

pytestmark = pytest.mark.e2e

HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{extra}</head>'


def page(title: str, body: str, extra: str = "") -> str:
    return HEAD.format(title=title, extra=extra) + f"<body><main><h1>{title}</h1>{body}</main></body></html>"


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def scan(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "out"
    proc = cxlint_in_process("scan", *args, "--out", str(out), "-f", "json", "--store", str(tmp_path / "store.db"))
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads((out / "results.json").read_text())


def by_path(results: dict) -> dict[str, dict]:
    """Scanned and failed pages, and the links not followed (with their state as "status"), by path."""
    skipped = {
        urlsplit(x["url"]).path: {**x, "status": x["state"], "findings": []} for x in results.get("links_not_followed", [])
    }
    return {**skipped, **{urlsplit(p["url"]).path: p for p in results["pages"]}}


def test_a_file_in_a_subfolder_is_served_from_its_site_root(tmp_path):
    """/css/site.css loads (so its contrast fix applies) and a really missing image is reported, once."""
    site = write(
        tmp_path / "site",
        {
            "index.html": page("Permit service home page", "<p>Welcome.</p>"),
            # The page's own rule makes the note light grey; the site stylesheet, loaded after it, fixes it.
            "css/site.css": ".note { color: #1b1b1b; }",
            "forms/renew.html": page(
                "Renew your backcountry permit",
                '<p class="note">Renewals open 60 days before your permit ends.</p>'
                '<img src="/img/missing-seal.png" alt="Agency seal" width="40" height="40">',
                extra='<style>.note { color: #c8c8c8; }</style><link rel="stylesheet" href="/css/site.css">',
            ),
        },
    )
    results = scan(tmp_path, str(site / "forms" / "renew.html"), "--checks", "accessibility")
    [only] = results["pages"]
    assert urlsplit(only["url"]).path == "/forms/renew.html"
    rules = [f["rule"] for f in only["findings"]]
    assert "axe/color-contrast" not in rules, "the site stylesheet did not load: served from the wrong root"
    failed = [f for f in only["findings"] if f["rule"] == "CX008"]
    assert [(f["location"]["text"], f["data"]["reason"], f["severity"]) for f in failed] == [
        ("/img/missing-seal.png", "HTTP 404", "error")
    ]
    assert failed[0]["location"]["selector"].endswith("img")


def test_one_page_one_identity_in_a_folder_scan(tmp_path):
    """/ and /index.html are one page; a framed-only widget is part of its parent; home rules judge the root only."""
    site = write(
        tmp_path / "site",
        {
            "index.html": page(
                "Outdoor permits home page",
                '<p><a href="about.html">About us</a></p>'
                '<iframe src="/widgets/calc.html" title="Fee calculator"></iframe>'
                '<iframe src="/map.html" title="Trail map"></iframe>',
            ),
            "about.html": page(
                "About the Office of Outdoor Permits",
                '<p><a href="index.html">Home</a> <a href="/">Home again</a> <a href="/map.html">Trail map</a></p>',
            ),
            # Only ever shown in the home page's frame: a widget, not a page.
            "widgets/calc.html": page("Fee calculator", '<input type="number" id="nights">'),
            # Framed on the home page *and* linked from About: a page of its own too.
            "map.html": page("Trail map of the backcountry zones", "<p>Zones A to F.</p>"),
        },
    )
    results = scan(tmp_path, str(site), "--checks", "accessibility,federal")
    pages = by_path(results)
    scanned = {path for path, p in pages.items() if p["status"] == "scanned"}
    assert scanned == {"/", "/about.html", "/map.html"}
    assert "/widgets/calc.html" not in pages
    # About links to index.html: the server answers 301 to /, so the crawl records one page, not two.
    assert pages["/index.html"]["status"] == "skipped"
    assert pages["/index.html"]["reason"].startswith("redirected")
    # The widget's missing label is reported once, on the home page, inside its frame.
    labels = [
        (path, f["location"]["frames"]) for path, p in pages.items() for f in p["findings"] if f["rule"] == "axe/label"
    ]
    assert len(labels) == 1 and labels[0][0] == "/" and labels[0][1]
    # Every file of the folder is a start URL, but only the site root is the home page.
    home_only = {"FED203", "FED206", "FED207", "FED208", "FED209"}
    assert home_only <= {f["rule"] for f in pages["/"]["findings"]}
    for path in ("/about.html", "/map.html"):
        assert not home_only & {f["rule"] for f in pages[path]["findings"]}, path
        assert pages[path]["metrics"]["not_applicable"]["FED207"] == "applies to the home page only"
    assert not [f for p in pages.values() for f in p["findings"] if f["rule"] == "CX008"]


def test_a_real_server_serving_both_spellings_of_one_page_is_scanned_once(tmp_path):
    """No redirect, same bytes: / and /index.html are one page. Different bytes: two pages, never merged."""
    root = write(
        tmp_path / "www",
        {
            "index.html": page(
                "Agency home page for permits",
                '<a href="/index.html">Home</a> <a href="/about/">About</a> <a href="/about/index.html">About (old)</a>',
            ),
            "about/index.html": page("A stale copy of the About page", '<a href="/">Home</a>'),
        },
    )
    server = FixtureServer(root)
    # /about/ is a CMS route; /about/index.html a stale static file: one folder, two different documents.
    server.route("/about/", lambda p, q: html(page("About the Office of Outdoor Permits", '<a href="/">Home</a>')))
    with server:
        results = scan(tmp_path, server.url("/"), "--checks", "accessibility")
    pages = by_path(results)
    assert {path for path, p in pages.items() if p["status"] == "scanned"} == {"/", "/about/", "/about/index.html"}
    assert pages["/index.html"]["status"] == "skipped"
    assert pages["/index.html"]["reason"] == f"same page ({server.url('/')})"
    assert server.hits["/index.html"] == 1  # loaded once, found to be the home page, not reported twice
