"""The store's findings table: written with each page, backfilled into old stores, summarised."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.findings.fingerprint import fingerprint
from cxlint.model import Finding, Location, Outcome, PageResult, PageStatus, Severity
from cxlint.store import MIGRATIONS, SCHEMA_VERSION, SITE_PAGE, Store, StoreError


def finding(
    rule: str,
    selector: str = "img",
    severity: Severity = Severity.ERROR,
    outcome: Outcome = Outcome.VIOLATION,
    category: str = "accessibility",
    *,
    baselined: bool = False,
) -> Finding:
    f = Finding(
        rule=rule, name=rule.lower(), severity=severity, outcome=outcome, message=f"{rule} at {selector}",
        category=category, location=Location(selector=selector), baselined=baselined,
    )
    f.fingerprint = fingerprint(rule, "https://x.gov/", f.location)
    return f


def rows(db: Path, scan_id: str) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return con.execute(
            """SELECT page_url, fingerprint, rule, category, severity, outcome, baselined FROM findings
               WHERE scan_id = ? ORDER BY rowid""",
            (scan_id,),
        ).fetchall()
    finally:
        con.close()


def make_v1_store(path: Path) -> None:
    """A store exactly as cxlint with schema 1 wrote it, with pages of every kind."""
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1)")
    con.execute(
        "INSERT INTO scans (id, started, finished, config, meta) VALUES (?, ?, ?, ?, ?)",
        ("20240101T000000Z-aaaaaa", "2024-01-01T00:00:00+00:00", "2024-01-01T00:05:00+00:00",
         json.dumps({"crawl": {"start_urls": ["https://x.gov/"]}}), json.dumps({"status": "complete"})),
    )
    sid = "20240101T000000Z-aaaaaa"
    home = PageResult(
        url="https://x.gov/",
        findings=[
            finding("axe/image-alt"),
            finding("axe/image-alt", "img.logo"),
            finding("PL101", "p", Severity.WARNING, Outcome.NEEDS_REVIEW, "plain-language"),
        ],
        metrics={"plain_language_score": 70.0},
    )
    about = PageResult(url="https://x.gov/about", findings=[finding("FED101", "html", category="federal")],
                       metrics={"plain_language_score": 50.0})
    down = PageResult(url="https://x.gov/down", status=PageStatus.FAILED, reason="HTTP 500",
                      findings=[finding("CX001", "", category="scan")])
    for page in (home, about, down):
        d = page.to_dict()
        for f in d["findings"]:
            del f["baselined"]  # schema 1 results had no such field
        con.execute("INSERT INTO pages (scan_id, url, result, saved) VALUES (?, ?, ?, ?)",
                    (sid, page.url, json.dumps(d), "2024-01-01T00:01:00+00:00"))
    con.execute("INSERT INTO pages (scan_id, url, result, saved) VALUES (?, ?, ?, ?)",
                (sid, "https://x.gov/broken", "{not json", "2024-01-01T00:01:00+00:00"))
    for seq, (url, state) in enumerate(
        [("https://x.gov/", "scanned"), ("https://x.gov/about", "scanned"), ("https://x.gov/down", "failed"),
         ("https://x.gov/broken", "scanned"), ("https://x.gov/pdf", "skipped"), ("https://x.gov/later", "queued")]
    ):
        con.execute("INSERT INTO urls (scan_id, url, state, seq) VALUES (?, ?, ?, ?)", (sid, url, state, seq))
    con.commit()
    con.close()


def test_a_v1_store_is_upgraded_and_backfilled(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    make_v1_store(db)
    sid = "20240101T000000Z-aaaaaa"
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION == 4  # v1 → findings (2) → images (3) → re-scan cache (4)
        assert sorted(r[2] for r in rows(db, sid)) == ["CX001", "FED101", "PL101", "axe/image-alt", "axe/image-alt"]
        assert {r[0] for r in rows(db, sid)} == {"https://x.gov/", "https://x.gov/about", "https://x.gov/down"}
        assert all(r[1] for r in rows(db, sid)) and all(r[6] == 0 for r in rows(db, sid))
        summary = store.scan_summary(sid)
        assert summary["findings"] == {"error": 4, "warning": 0, "info": 0, "needs-review": 1}
        assert summary["category"] == {"accessibility": 2, "federal": 1, "plain-language": 1, "scan": 1}
        assert summary["outcome"] == {"needs-review": 1, "violation": 4}
        # the unreadable page counts by its URL's state; skipped and never-scanned URLs are skipped
        assert summary["pages"] == {"scanned": 3, "failed": 1, "skipped": 2}
        assert summary["plain_language_score"] == 60.0  # median of 70 and 50
    with Store(db):  # a second open does not backfill again
        assert len(rows(db, sid)) == 5


def test_a_failed_backfill_leaves_the_v1_store_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "old.db"
    make_v1_store(db)

    def boom(con: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    import cxlint.store as store_module

    monkeypatch.setattr(store_module, "MIGRATIONS", (MIGRATIONS[0], (*MIGRATIONS[1][:-1], boom)))
    with pytest.raises(StoreError, match="disk I/O error"):
        Store(db)
    con = sqlite3.connect(db)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "findings" not in tables
    assert con.execute("SELECT MAX(version) FROM schema_version").fetchone() == (1,)
    con.close()


def test_findings_are_written_with_their_page_or_not_at_all(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store(db) as store:
        sid = store.create_scan({})
        page = PageResult(url="https://x.gov/", findings=[finding("axe/label", "#a", baselined=True)])
        store.save_page(sid, page, [UrlRecord("https://x.gov/", UrlState.SCANNED)])
        again = PageResult(url="https://x.gov/", findings=[finding("axe/label", "#b"), finding("PL101", "p")])
        with pytest.raises(sqlite3.IntegrityError):
            store.save_page(sid, again, [])
        assert [(r[2], r[6]) for r in rows(db, sid)] == [("axe/label", 1)]
        assert [r["selector"] for r in store.iter_findings(sid)] == ["#a"]
        assert next(store.iter_findings(sid))["baselined"] is True


def test_site_findings_replace_and_refresh_the_finished_summary(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        sid = store.create_scan({}, {"status": "running"})
        store.save_page(sid, PageResult(url="https://x.gov/", findings=[finding("axe/label")]),
                        [UrlRecord("https://x.gov/", UrlState.SCANNED)])
        store.finish_scan(sid, status="complete", counts={"scanned": 1})
        meta = store.get_scan(sid).meta  # type: ignore[union-attr]
        assert meta["summary"]["findings"]["error"] == 1 and meta["counts"] == {"scanned": 1}
        dup = finding("FED320", "title", Severity.WARNING, category="federal")
        dup.data = {"urls": ["https://x.gov/", "https://x.gov/a"]}
        store.save_site_findings(sid, [dup, finding("FED321", "", Severity.WARNING, category="federal")])
        store.save_site_findings(sid, [dup])  # a resumed scan computes them again: replaced, not added
        assert [f.to_dict() for f in store.site_findings(sid)] == [dup.to_dict()]
        assert store.get_scan(sid).meta["summary"]["findings"]["warning"] == 1  # type: ignore[union-attr]
        assert [(r["page_url"], r["rule"]) for r in store.iter_findings(sid)] == [
            ("https://x.gov/", "axe/label"), (SITE_PAGE, "FED320")
        ]
        with pytest.raises(StoreError, match="no scan nope"):
            store.save_site_findings("nope", [dup])
        store.delete_scan(sid)
        assert list(store.iter_findings(sid)) == []


def test_summary_counts_pages_as_results_files_do(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        sid = store.create_scan({})
        scores = [90.0, None, 40.0, 60.0, 80.0]
        for i, score in enumerate(scores):
            url = f"https://x.gov/{i}"
            metrics = {"plain_language_score": score} if score is not None else {}
            store.save_page(sid, PageResult(url=url, metrics=metrics), [UrlRecord(url, UrlState.SCANNED)])
        # a PDF link answered as a failed page but recorded as a skipped URL counts as failed, like the report
        store.save_page(sid, PageResult(url="https://x.gov/f", status=PageStatus.FAILED),
                        [UrlRecord("https://x.gov/f", UrlState.SKIPPED)])
        store.record_urls(sid, [UrlRecord("https://x.gov/q", UrlState.QUEUED)])
        summary = store.scan_summary(sid)
        assert summary["pages"] == {"scanned": 5, "failed": 1, "skipped": 1}
        assert summary["plain_language_score"] == 70.0  # median of 40, 60, 80, 90
        assert summary["total"] == 0 and summary["baselined"] == 0


def test_finding_baselined_defaults_false_and_round_trips() -> None:
    f = finding("axe/label")
    assert f.baselined is False and f.to_dict()["baselined"] is False
    old = f.to_dict()
    del old["baselined"]
    assert Finding.from_dict(old).baselined is False
    assert Finding.from_dict({**old, "baselined": True}).baselined is True
