"""Diffing two scans: fingerprint matching with multiplicity, inputs, outputs and the CLI's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxlint.cli import app
from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.diff import (
    DiffInputError,
    DiffItem,
    Side,
    diff,
    failing,
    load_side,
    render_console,
    render_markdown,
    to_json,
)
from cxlint.model import Finding, Location, Outcome, PageResult, RunMeta, RunResult, Severity
from cxlint.store import Store


def item(fp: str, page: str = "https://a.gov/x", rule: str = "axe/label", severity: str = "error",
         outcome: str = "violation") -> DiffItem:
    return DiffItem(fingerprint=fp, rule=rule, name=rule, severity=severity, outcome=outcome,
                    category="accessibility", page=page, selector=f"#{fp[-3:]}", message=f"message {fp}")


def side(*items: DiffItem) -> Side:
    return Side(label="s", items=list(items))


FP = [f"{n:016x}" for n in range(10)]


@pytest.mark.parametrize(
    ("old", "new", "added", "fixed", "unchanged"),
    [
        ([], [], 0, 0, 0),
        ([FP[0]], [FP[0]], 0, 0, 1),
        ([], [FP[0]], 1, 0, 0),
        ([FP[0]], [], 0, 1, 0),
        ([FP[0]] * 3, [FP[0]] * 4, 1, 0, 3),  # one more of the same: one new, not zero
        ([FP[0]] * 4, [FP[0]] * 3, 0, 1, 3),
        ([FP[0], FP[1]], [FP[1], FP[2]], 1, 1, 1),  # a fix and a regression never cancel out
        ([FP[0]] * 2 + [FP[1]], [FP[0]] + [FP[1]] * 3, 2, 1, 2),
    ],
)
def test_matching_counts_multiplicity(old, new, added, fixed, unchanged):
    result = diff(side(*map(item, old)), side(*map(item, new)))
    assert (len(result.added), len(result.fixed), len(result.unchanged)) == (added, fixed, unchanged)


def test_matching_ignores_host_port_and_scheme_and_never_uses_the_url():
    old = side(item(FP[0], "http://127.0.0.1:41000/forms/"), item(FP[1], "https://www.agency.gov/forms/"))
    new = side(item(FP[0], "https://preview-42.agency.gov/forms/"), item(FP[2], "https://www.agency.gov/forms/"))
    result = diff(old, new)
    assert [i.page for i in result.unchanged] == ["https://preview-42.agency.gov/forms/"]  # shown as NEW has it
    assert [i.fingerprint for i in result.added] == [FP[2]]  # same URL, another element: new
    assert [i.fingerprint for i in result.fixed] == [FP[1]]


def test_fingerprints_of_another_version_are_refused():
    v2 = "cx2-" + "ab" * 8
    with pytest.raises(DiffInputError, match="has fingerprints v1 and s v2: scan both with one cxlint version"):
        diff(side(item(FP[0])), side(item(v2)))
    assert diff(side(), side(item(v2))).added  # an empty side has no version to disagree with
    assert diff(side(item(v2)), side(item(v2))).unchanged


@pytest.mark.parametrize(
    ("severity", "outcome", "fail_on", "fails"),
    [
        ("error", "violation", "error", True),
        ("warning", "violation", "error", False),
        ("warning", "violation", "warning", True),
        ("info", "violation", "warning", False),
        ("info", "violation", "info", True),
        ("error", "needs-review", "info", False),  # needs-review never fails, as in a scan
        ("error", "violation", "never", False),
    ],
)
def test_fail_on(severity, outcome, fail_on, fails):
    result = diff(side(), side(item(FP[0], severity=severity, outcome=outcome)))
    assert bool(failing(result, fail_on)) is fails


def test_only_new_findings_fail():
    result = diff(side(item(FP[0])), side(item(FP[0])))
    assert failing(result, "info") == []


def _finding(rule: str, selector: str, fp: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(rule=rule, name=rule, severity=severity, outcome=Outcome.VIOLATION, message=f"{rule} | bad",
                   category="accessibility", location=Location(selector=selector), fingerprint=fp)


def _results(path: Path, *page_findings: Finding, site: list[Finding] | None = None, host: str = "a.gov") -> Path:
    result = RunResult(
        meta=RunMeta(start_urls=[f"https://{host}/"]),
        pages=[PageResult(url=f"https://{host}/p", findings=list(page_findings))],
        site_findings=site or [],
    )
    path.write_text(json.dumps(result.to_dict()))
    return path


def test_results_files_and_report_folders(tmp_path: Path):
    old = _results(tmp_path / "old.json", _finding("axe/label", "#a", FP[0]), site=[_finding("FED320", "", FP[5])])
    (tmp_path / "report").mkdir()
    _results(tmp_path / "report" / "results.json", _finding("axe/label", "#a", FP[0]),
             _finding("axe/image-alt", "img", FP[1]), host="preview.a.gov")
    result = diff(load_side(str(old), tmp_path / "none.db"), load_side(str(tmp_path / "report"), tmp_path / "x.db"))
    assert [(i.rule, i.page) for i in result.added] == [("axe/image-alt", "https://preview.a.gov/p")]
    assert [(i.rule, i.page) for i in result.fixed] == [("FED320", "")]
    assert [i.rule for i in result.unchanged] == ["axe/label"]
    text = render_console(result)
    assert "1 new, 1 fixed, 1 unchanged" in text and "(site-wide)" in text and "[error] img: axe/image-alt" in text
    md = render_markdown(result)
    assert "axe/image-alt \\| bad" in md  # a pipe in a message cannot break the table
    assert to_json(result)["counts"] == {"new": 1, "fixed": 1, "unchanged": 1}
    assert to_json(result)["failed"] is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a cxlint results file (invalid JSON"),
        ("[]", "not a cxlint results file"),
        ('{"schema_version": "3.0", "pages": []}', "results of schema 3.0; this cxlint reads schema 1.x and 2.x"),
        ('{"schema_version": "1.0", "pages": [{"url": "u", "findings": [{"rule": "r"}]}]}', "finding r has severity"),
        ('{"schema_version": "1.0", "pages": {}}', "pages is not a list"),
    ],
)
def test_bad_results_files(tmp_path: Path, content: str, message: str):
    path = tmp_path / "r.json"
    path.write_text(content)
    with pytest.raises(DiffInputError) as err:
        load_side(str(path), tmp_path / "c.db")
    assert message in str(err.value) and "\n" not in str(err.value)


def test_a_newer_minor_version_with_extra_fields_is_read(tmp_path: Path):
    path = _results(tmp_path / "r.json", _finding("axe/label", "#a", FP[0]))
    data = json.loads(path.read_text())
    data["schema_version"] = "1.7"
    data["pages"][0]["findings"][0]["future_field"] = {"x": 1}
    path.write_text(json.dumps(data))
    assert [i.fingerprint for i in load_side(str(path), tmp_path / "c.db").items] == [FP[0]]


def _stored_scan(store: Store, *findings: Finding, site: list[Finding] | None = None) -> str:
    sid = store.create_scan({"crawl": {"start_urls": ["https://a.gov/"]}})
    store.save_page(sid, PageResult(url="https://a.gov/p", findings=list(findings)),
                    [UrlRecord("https://a.gov/p", UrlState.SCANNED)])
    store.save_site_findings(sid, site or [])
    store.finish_scan(sid, status="complete")
    return sid


def test_scan_ids_from_the_store_and_one_line_errors(tmp_path: Path):
    db = tmp_path / "c.db"
    with Store(db) as store:
        old = _stored_scan(store, _finding("axe/label", "#a", FP[0]), site=[_finding("FED320", "", FP[5])])
        new = _stored_scan(store, _finding("axe/label", "#a", FP[0]), _finding("axe/label", "#a", FP[0]))
    result = diff(load_side(old, db), load_side(new[:-2], db))  # a unique prefix of an id is enough
    assert [(i.rule, i.selector) for i in result.added] == [("axe/label", "#a")]
    assert [(i.rule, i.page) for i in result.fixed] == [("FED320", "")]
    with pytest.raises(DiffInputError, match="no such file or scan id"):
        load_side("20990101T000000Z-ffffff", db)
    with pytest.raises(DiffInputError, match="ambiguous scan id"):
        load_side(old[:4], db)
    with pytest.raises(DiffInputError, match="no results store at"):
        load_side("20990101T000000Z-ffffff", tmp_path / "none.db")
    with pytest.raises(DiffInputError, match="no such file"):
        load_side(str(tmp_path / "missing.json"), db)


runner = CliRunner()


def test_cli_diff_formats_and_exit_codes(tmp_path: Path):
    old = _results(tmp_path / "old.json", _finding("axe/label", "#a", FP[0]))
    warn = _results(tmp_path / "warn.json", _finding("axe/label", "#a", FP[0]),
                    _finding("axe/region", "p", FP[1], Severity.WARNING))
    r = runner.invoke(app, ["diff", str(old), str(warn)])
    assert r.exit_code == 0, r.output  # the new finding is a warning; --fail-on error
    assert "1 new, 0 fixed, 1 unchanged" in r.output
    assert runner.invoke(app, ["diff", str(old), str(warn), "--fail-on", "warning"]).exit_code == 1
    r = runner.invoke(app, ["diff", str(warn), str(old), "--fail-on", "info", "-f", "json"])
    assert r.exit_code == 0 and json.loads(r.output)["counts"] == {"new": 0, "fixed": 1, "unchanged": 1}
    r = runner.invoke(app, ["diff", str(old), str(warn), "-f", "markdown", "--fail-on", "warning"])
    assert r.exit_code == 1 and r.output.startswith("## cxlint diff") and "`axe/region`" in r.output
    r = runner.invoke(app, ["diff", str(old), "nope.json"])
    assert r.exit_code == 2 and r.output.strip() == "cxlint: error: 'nope.json': no such file"


def test_cli_history_and_prune(tmp_path: Path):
    db = tmp_path / "c.db"
    with Store(db) as store:
        first = _stored_scan(store, _finding("axe/label", "#a", FP[0]))
        second = _stored_scan(store)
    r = runner.invoke(app, ["history", "a.gov", "--store", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert [(row["id"], row["findings"]["error"]) for row in json.loads(r.output)] == [(second, 0), (first, 1)]
    r = runner.invoke(app, ["history", "--store", str(db)])
    assert r.exit_code == 0 and first in r.output and "a.gov/" in r.output
    r = runner.invoke(app, ["history", "prune", "--keep", "1", "--store", str(db)])
    assert r.exit_code == 0 and f"deleted {first}" in r.output and "1 scan(s) deleted, 1 kept" in r.output
    r = runner.invoke(app, ["history", "--store", str(db), "prune", "--keep", "0"])  # the group's --store
    assert r.exit_code == 0 and f"deleted {second}" in r.output
    r = runner.invoke(app, ["history", "--store", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "no results store at" in r.output


@pytest.mark.parametrize("args", [["history"], ["history", "prune"], ["diff"]])
def test_cli_help(args: list[str]):
    r = runner.invoke(app, [*args, "--help"])
    assert r.exit_code == 0, r.output
    assert "Usage" in r.output
