"""`cxlint demo` finds every planted problem of the bundled site, and nothing on its clean pages.

The ground truth is ``cxlint/demo/expected.yaml``, written with the site and
checked against axe-core by hand; this test holds every engine to it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import yaml

from cxlint.demo import EXPECTED

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_results(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("demo")
    proc = subprocess.run(
        [sys.executable, "-m", "cxlint", "demo", "--out", str(out), "--format", "json,html"],
        capture_output=True, text=True, timeout=300, env={**os.environ, "CI": "true"}, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Open the report: file://" in proc.stdout
    assert (out / "report.html").is_file()
    return json.loads((out / "results.json").read_text())


@pytest.fixture(scope="module")
def expected() -> dict:
    return yaml.safe_load(EXPECTED.read_text())


def by_path(results: dict) -> dict[str, dict]:
    """The demo site's own pages by path (off-site links are recorded as skipped, with other hosts)."""
    home = urlsplit(results["meta"]["start_urls"][0]).netloc
    return {urlsplit(p["url"]).path: p for p in results["pages"] if urlsplit(p["url"]).netloc == home}


def test_every_page_of_the_site_is_scanned(demo_results, expected):
    pages = by_path(demo_results)
    scanned = {path for path, p in pages.items() if p["status"] == "scanned"}
    assert scanned == set(expected["pages"])
    origin = demo_results["meta"]["start_urls"][0].rstrip("/")
    for embedded in expected["embedded_pages"]:
        # Part of its parent page, checked in its frame there; never loaded as a page of its own.
        assert embedded["path"] not in pages
        parent = pages[embedded["embedded_in"]]
        assert parent["links"]["frames"] == [origin + embedded["path"]]
        # Location.frames holds short selectors (#fee-calculator for iframe#fee-calculator).
        in_frame = {
            f["rule"] for f in parent["findings"]
            if f["location"]["frames"] and embedded["frame"].endswith(f["location"]["frames"][-1])
        }
        spec = expected["expected"][embedded["embedded_in"]]["expect"]
        assert in_frame >= {e["rule"] for e in spec if e.get("frame") == embedded["frame"]} != set(), embedded
    assert not [p for p in pages.values() if p["status"] == "failed"]
    assert not [p for p in demo_results["pages"] if p["status"] == "skipped"]
    home = urlsplit(demo_results["meta"]["start_urls"][0]).netloc
    links = {urlsplit(x["url"]).path: x for x in demo_results["links_not_followed"] if urlsplit(x["url"]).netloc == home}
    assert links["/docs/permit-rules.pdf"]["reason"] == "non-HTML"
    offsite = [x for x in demo_results["links_not_followed"] if urlsplit(x["url"]).netloc != home]
    assert offsite and all(x["state"] == "skipped" and x["reason"] == "out of scope" for x in offsite)


def test_clean_pages_have_no_findings(demo_results, expected):
    pages = by_path(demo_results)
    for path in expected["clean_pages"]:
        found = [(f["rule"], f["location"]["selector"], f["message"]) for f in pages[path]["findings"]]
        assert found == [], path


def test_every_planted_problem_is_reported(demo_results, expected):
    pages = by_path(demo_results)
    missing = []
    for path, spec in expected["expected"].items():
        if spec.get("clean"):
            continue
        findings = pages[path]["findings"]
        entries = list(spec.get("expect", [])) + [e for e in spec.get("federal", []) if e.get("rule")]
        for entry in entries:
            if entry.get("reported_on_loopback") is False:
                continue
            hits = [f for f in findings if f["rule"] == entry["rule"]]
            if "outcome" in entry:
                hits = [f for f in hits if f["outcome"] == entry["outcome"]]
            if "frame" in entry:
                hits = [f for f in hits if f["location"]["frames"]]
            if not hits:
                missing.append((path, entry["rule"], entry.get("why", "")))
    assert missing == []


def test_production_only_rules_are_not_applicable_on_loopback(demo_results):
    for page in demo_results["pages"]:
        if page["status"] != "scanned":
            continue
        assert {"FED103", "FED104", "FED105", "FED401"} <= set(page["metrics"]["not_applicable"])
        assert not {f["rule"] for f in page["findings"]} & {"FED103", "FED104", "FED105", "FED401"}
    assert "FED106" in demo_results["meta"]["config"]["not_applicable"]
    assert "FED106" not in {f["rule"] for f in demo_results["site_findings"]}


def test_plain_language_score_and_grade_are_reported(demo_results):
    pages = by_path(demo_results)
    assert pages["/"]["metrics"]["reading_grade"] <= 8
    assert pages["/news.html"]["metrics"]["reading_grade"] > 12
    assert pages["/"]["metrics"]["plain_language_score"] > pages["/news.html"]["metrics"]["plain_language_score"]
