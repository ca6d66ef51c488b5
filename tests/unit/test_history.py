"""Listing and pruning the scans a store remembers."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.history import list_history, matches_site, prune, scan_site
from cxlint.model import Finding, Outcome, PageResult, Severity
from cxlint.store import ScanInfo, Store


def info(*urls: str, targets: list[str] | None = None) -> ScanInfo:
    config: dict = {"crawl": {"start_urls": list(urls)}}
    if targets is not None:
        config["plan"] = {"targets": targets}  # as the runner stores the run plan
    return ScanInfo(id="x", started="", config=config)


@pytest.mark.parametrize(
    ("site", "url", "expected"),
    [
        ("www.example.gov", "https://www.example.gov/", True),
        ("https://www.example.gov", "http://www.example.gov/forms/a", True),  # scheme ignored
        ("example.gov", "https://www.example.gov/", True),  # subdomains of the host
        ("ample.gov", "https://www.example.gov/", False),  # not a suffix at a dot
        ("www.example.gov/forms", "https://www.example.gov/forms/renew", True),
        ("www.example.gov/forms/", "https://www.example.gov/forms", True),
        ("www.example.gov/forms", "https://www.example.gov/about", False),
        ("WWW.Example.GOV", "https://www.example.gov/", True),
        ("127.0.0.1", "http://127.0.0.1:41234/index.html", True),  # a local folder on any port
        ("127.0.0.1:8000", "http://127.0.0.1:41234/index.html", False),
        ("127.0.0.1:8000/", "http://127.0.0.1:8000/index.html", True),
        ("localhost", "http://127.0.0.1:8000/", False),
    ],
)
def test_site_filter(site: str, url: str, expected: bool) -> None:
    assert matches_site(info(url), site) is expected


def test_a_served_folder_is_recognised_when_the_config_records_it(tmp_path: Path, monkeypatch) -> None:
    build = tmp_path / "build"
    (build / "docs").mkdir(parents=True)
    scan = info("http://127.0.0.1:40000/index.html", targets=[str(build / "docs"), "https://x.gov/"])
    monkeypatch.chdir(tmp_path)
    assert matches_site(scan, "build")
    assert matches_site(scan, str(build / "docs"))
    (tmp_path / "other").mkdir()
    assert not matches_site(scan, str(tmp_path / "other"))
    assert scan_site(scan) == f"{build / 'docs'} (+1)"
    assert scan_site(info("http://127.0.0.1:40000/index.html")) == "127.0.0.1:40000/index.html"


def _scan(store: Store, url: str, errors: int, *, status: str = "complete", score: float = 50.0) -> str:
    sid = store.create_scan({"crawl": {"start_urls": [url]}}, {"status": "running"})
    findings = [
        Finding(rule="axe/label", name="label", severity=Severity.ERROR, outcome=Outcome.VIOLATION, message="m",
                category="accessibility", fingerprint=f"{i:016x}")
        for i in range(errors)
    ]
    page = PageResult(url=url, findings=findings, metrics={"plain_language_score": score})
    store.save_page(sid, page, [UrlRecord(url, UrlState.SCANNED)])
    if status == "running":
        return sid
    store.finish_scan(sid, status=status)
    return sid


def test_history_newest_first_with_counts_and_filters(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        a1 = _scan(store, "https://a.gov/", 3, score=40)
        b1 = _scan(store, "https://b.gov/", 1)
        a2 = _scan(store, "https://a.gov/", 2, score=60)
        running = _scan(store, "https://a.gov/", 5, status="running")
        rows = list_history(store)
        assert [r.id for r in rows] == [running, a2, b1, a1]
        assert [r.findings["error"] for r in rows] == [5, 2, 1, 3]
        assert [r.status for r in rows] == ["running", "complete", "complete", "complete"]
        assert rows[1].plain_language_score == 60 and rows[1].pages == {"scanned": 1, "failed": 0, "skipped": 0}
        assert [r.id for r in list_history(store, "a.gov", limit=2)] == [running, a2]
        assert [r.id for r in list_history(store, "https://b.gov/")] == [b1]
        assert list_history(store, "c.gov") == []


def test_history_reads_the_finished_summary_not_the_pages(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        _scan(store, "https://a.gov/", 2)
        store._db.execute("DELETE FROM findings")  # the stored summary alone must carry the counts
        assert list_history(store)[0].findings["error"] == 2


def test_prune_keeps_the_newest_and_never_a_running_scan(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store(db) as store:
        old_running = _scan(store, "https://a.gov/", 1, status="running")
        a1 = _scan(store, "https://a.gov/", 400)
        b1 = _scan(store, "https://b.gov/", 1)
        a2 = _scan(store, "https://a.gov/", 1, status="interrupted")
        b2 = _scan(store, "https://b.gov/", 1)
        a3 = _scan(store, "https://a.gov/", 1)

        pages_before = store._db.execute("PRAGMA page_count").fetchone()[0]
        report = prune(store, 1, "a.gov")
        assert [r.id for r in report.deleted] == [a2, a1]
        assert store._db.execute("PRAGMA page_count").fetchone()[0] < pages_before  # vacuumed
        assert [r.id for r in report.running] == [old_running]
        assert [r.id for r in report.kept] == [a3]
        assert [r.id for r in list_history(store)] == [a3, b2, b1, old_running]
        assert list(store.iter_findings(a1)) == [] and store.get_scan(a1) is None

        report = prune(store, 2)
        assert [r.id for r in report.deleted] == [b1]
        assert [r.id for r in list_history(store)] == [a3, b2, old_running]
        assert prune(store, 0, "b.gov").deleted[0].id == b2
        with pytest.raises(ValueError):
            prune(store, -1)


def test_the_table_prints_sites_as_text_not_markup(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from cxlint.cli import app

    db = tmp_path / "c.db"
    with Store(db) as store:
        _scan(store, "https://a.gov/[bold]x[/bold]", 1)
    r = CliRunner().invoke(app, ["history", "--store", str(db)])
    assert r.exit_code == 0, r.output
    assert "a.gov/[bold]x[/bold]" in r.output
