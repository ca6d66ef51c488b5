"""History and diff as a team uses them: scan a built folder, change a page, scan again, compare."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.test_cli import cxlint_cmd
from tests.support.cli_inproc import cxlint_in_process

pytestmark = pytest.mark.e2e

GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACw="

HOME = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Renew your boat permit online</title></head>
<body>
<main>
  <h1>Renew your boat permit</h1>
  <p>You can renew your permit online. It takes about 10 minutes.</p>
  {image}
  <p><a href="fees.html">See the fees</a></p>
  {extra}
</main>
</body>
</html>
"""

FEES = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Boat permit fees and payment</title></head>
<body>
<main>
  <h1>Fees</h1>
  <p>A one-year permit costs $25. You can pay by card.</p>
  <form><input type="text" id="amount" name="amount"></form>
  <p><a href="index.html">Back to renewal</a></p>
</main>
</body>
</html>
"""


def _scan(site: Path, store: Path, out: Path) -> dict:
    """A scan into the store, in this process: each command under test (history, diff, prune) runs once as a
    real process, its other spellings (by folder, by host, by results file, a deleted scan) in this one."""
    proc = cxlint_in_process(
        "scan", str(site), "--store", str(store), "--out", str(out), "-f", "json",
        "--checks", "accessibility,plain-language",
    )
    assert proc.returncode == 1, proc.stderr  # each scan has an error (the unlabelled field at least)
    return json.loads((out / "results.json").read_text())


def page_name(url: str) -> str:
    """The file a page came from: the folder's home page is its root, "/" (its /index.html redirects there)."""
    return Path(urlsplit(url).path).name or "index.html"


def test_two_scans_listed_and_diffed_by_scan_id_and_by_file(tmp_path: Path) -> None:
    site, store = tmp_path / "site", tmp_path / "store.db"
    site.mkdir()
    (site / "fees.html").write_text(FEES)
    (site / "index.html").write_text(HOME.format(image=f'<img src="{GIF}" id="seal">', extra=""))
    first = _scan(site, store, tmp_path / "out1")
    # Fix the image's text alternative; add a button with no name.
    fixed_page = HOME.format(
        image=f'<img src="{GIF}" id="seal" alt="Seal of the agency">',
        extra='<p><button type="button" id="go"></button></p>',
    )
    (site / "index.html").write_text(fixed_page)
    second = _scan(site, store, tmp_path / "out2")

    # history: both scans, newest first, with the results files' counts and median score
    proc = cxlint_cmd("history", "--store", str(store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["id"] for r in rows] == [second["meta"]["scan_id"], first["meta"]["scan_id"]]
    for row, results in zip(rows, (second, first), strict=True):
        assert row["status"] == "complete"
        assert row["findings"] == results["summary"]["findings"]
        assert row["pages"] == results["summary"]["pages"]
        scores = [p["metrics"]["plain_language_score"] for p in results["pages"]]
        assert row["plain_language_score"] == round(statistics.median(scores), 1)
        assert row["site"] == str(site)  # the served folder, not its throwaway port
    by_folder = cxlint_in_process("history", str(site), "--store", str(store), "--format", "json")
    assert [r["id"] for r in json.loads(by_folder.stdout)] == [r["id"] for r in rows]
    table = cxlint_in_process("history", "127.0.0.1", "--store", str(store), "--limit", "1")
    assert table.returncode == 0, table.stderr
    assert second["meta"]["scan_id"] in table.stdout and first["meta"]["scan_id"] not in table.stdout
    assert "complete" in table.stdout

    # diff by scan id (the store) and by results file agree: exactly one new and one fixed finding
    by_id = cxlint_cmd("diff", first["meta"]["scan_id"], second["meta"]["scan_id"], "--store", str(store), "-f", "json")
    by_file = cxlint_in_process("diff", str(tmp_path / "out1" / "results.json"), str(tmp_path / "out2"), "-f", "json")
    for proc in (by_id, by_file):
        assert proc.returncode == 1, proc.stderr  # the new finding is an error
        report = json.loads(proc.stdout)
        new, fixed = report["findings"]["new"], report["findings"]["fixed"]
        assert [(f["rule"], page_name(f["page"]), f["selector"]) for f in new] == [
            ("axe/button-name", "index.html", "#go")
        ]
        assert [(f["rule"], page_name(f["page"]), f["selector"]) for f in fixed] == [
            ("axe/image-alt", "index.html", "#seal")
        ]
        unchanged = {(f["rule"], page_name(f["page"])) for f in report["findings"]["unchanged"]}
        assert ("axe/label", "fees.html") in unchanged
        assert report["counts"]["unchanged"] == len(report["findings"]["unchanged"]) > 0

    # prune keeps the newest scan only, and diffing the deleted one is now bad input
    pruned = cxlint_cmd("history", "prune", "--keep", "1", "--store", str(store))
    assert pruned.returncode == 0, pruned.stderr
    assert f"deleted {first['meta']['scan_id']}" in pruned.stdout
    gone = cxlint_in_process("diff", first["meta"]["scan_id"], second["meta"]["scan_id"], "--store", str(store))
    assert gone.returncode == 2
    assert gone.stderr.strip().splitlines() == [
        f"cxlint: error: '{first['meta']['scan_id']}': no such file or scan id in {store} (see 'cxlint history')"
    ]
