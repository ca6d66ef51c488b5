"""The CLI as a user runs it: real processes, real Chromium, pages on 127.0.0.1.

Every kind of command here runs at least once as a real process; tests about what a command
decides (exit codes, messages, which pages) run ``cxlint.cli.main`` in the test process
(``tests.support.cli_inproc``), without a new interpreter's start-up and cold data per command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import cxlint
from tests.support.cli_inproc import cxlint_in_process, own_folder

pytestmark = pytest.mark.e2e

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
SCHEMA = Path(cxlint.__file__).parent / "schemas" / "results.schema.json"


def cxlint_cmd(
    *args: str, env: dict[str, str] | None = None, timeout: float = 240, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    # A job summary file of the CI running these tests must not receive the tests' summaries.
    base = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    full_env = {**base, "CI": "true", **(env or {})}
    root = str(Path(__file__).resolve().parents[2])
    full_env["PYTHONPATH"] = root + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "cxlint", *args],
        cwd=cwd if cwd is not None else own_folder(),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        stdin=subprocess.DEVNULL,
    )


def test_scan_a_folder_writes_reports_and_exits_1_on_errors(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("violations.html", "clean.html"):
        (site / name).write_text((PAGES / name).read_text())
    out = tmp_path / "out"
    proc = cxlint_cmd("scan", str(site), "--out", str(out), "--format", "json,html,console")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads((out / "results.json").read_text())
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    assert data["schema_version"] == "2.0"
    assert data["meta"]["axe_version"].startswith("4.")
    assert data["meta"]["standard"] == "wcag21aa"
    category = {code: rule["category"] for code, rule in data["rules"].items()}
    by_page = {Path(p["url"]).name: {f["rule"] for f in p["findings"] if category[f["rule"]] == "accessibility"} for p in data["pages"]}
    assert by_page["violations.html"] == {"axe/image-alt", "axe/label", "axe/button-name", "axe/link-name"}
    assert by_page["clean.html"] == set()
    html = (out / "report.html").read_text()
    assert "axe/image-alt" in html and html.lower().count("<script") == 1  # the report's own filter script
    assert "axe/label" in proc.stdout  # console format groups findings by page


def test_fail_on_never_exits_0(tmp_path):
    proc = cxlint_in_process("scan", str(PAGES / "violations.html"), "--out", str(tmp_path), "--fail-on", "never",
                             "-f", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "results.json").read_text())
    assert data["summary"]["findings"]["error"] > 0  # there were errors, and they did not fail the run


def test_clean_page_exits_0(tmp_path):
    proc = cxlint_in_process(
        "scan", str(PAGES / "clean.html"), "--no-follow", "--checks", "accessibility", "--out", str(tmp_path), "-f", "json"
    )
    assert proc.returncode == 0, (tmp_path / "results.json").read_text()


def test_unresolvable_host_exits_2_with_one_line(tmp_path):
    proc = cxlint_in_process("scan", "http://nonexistent.invalid/", "--out", str(tmp_path))
    assert proc.returncode == 2
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert lines == ["cxlint: error: nothing could be scanned (http://nonexistent.invalid/: DNS lookup failed)"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "no-such-folder"], "cxlint: error: 'no-such-folder': no such file or folder"),
        (["scan", "ftp://example.gov/"], "cxlint: error: 'ftp://example.gov/': only http:// and https:// URLs can be scanned"),
        (["scan", "x.html", "--format", "pdf"], "cxlint: error: --format: unknown format 'pdf'"),
        (["scan", "x.html", "--max-pagse", "3"], "cxlint: error: No such option: --max-pagse"),
        (["scan", "x.html", "--timeout", "inf"], "cxlint: error: --timeout 'inf': must be a finite number"),
        (["scan", "x.html", "--format", ","], "cxlint: error: --format: name at least one format"),
        (["rules", "imagealt"], "cxlint: error: no rule 'imagealt' (did you mean"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args, message, tmp_path):
    proc = cxlint_in_process(*args)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith(message), proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_missing_browser_exits_2_with_how_to_get_one(tmp_path):
    proc = cxlint_in_process("scan", str(PAGES / "clean.html"), "--browser", "/nonexistent/chrome")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "cxlint: error: browser '/nonexistent/chrome' is not an executable file"


def test_version_names_cxlint_and_axe():
    proc = cxlint_cmd("--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith(f"cxlint {cxlint.__version__} (axe-core 4.")


def test_rules_lists_and_explains():
    listing = cxlint_cmd("rules")
    assert listing.returncode == 0
    assert "axe/image-alt" in listing.stdout and "CX003" in listing.stdout
    one = cxlint_in_process("rules", "CX003")
    assert one.returncode == 0
    assert "How to fix it" in one.stdout and "Why it matters" in one.stdout


def test_a_single_file_is_checked_alone_not_its_folder(tmp_path):
    proc = cxlint_in_process("scan", str(PAGES / "violations.html"), "--out", str(tmp_path), "-f", "json")
    data = json.loads((tmp_path / "results.json").read_text())
    assert [Path(p["url"]).name for p in data["pages"]] == ["violations.html"]
    assert proc.returncode == 1


def test_console_shows_plain_language_score_and_site_findings(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text((PAGES / "clean.html").read_text())
    proc = cxlint_in_process("scan", str(site), "--out", str(tmp_path / "out"), "-f", "console")
    assert "plain language: median score" in proc.stdout
    assert "Whole site" in proc.stdout and "FED320" in proc.stdout  # no robots.txt in the folder
