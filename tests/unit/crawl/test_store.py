from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.model import PageResult, PageStatus
from cxlint.secrets import Redactor
from cxlint.store import SCHEMA_VERSION, Store, StoreBusy, StoreError, redact


def test_scan_lifecycle_and_resume_requeues_in_flight(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "cxlint.db"
    with Store(db) as store:
        sid = store.create_scan({"crawl": {"start_urls": ["https://x.gov/"]}})
        store.record_urls(
            sid,
            [UrlRecord("https://x.gov/", seq=1, admitted=True), UrlRecord("https://x.gov/a", seq=2, admitted=True)],
            seeded=True,
        )
        store.mark_in_flight(sid, "https://x.gov/")
        store.mark_in_flight(sid, "https://x.gov/a")
        rec = UrlRecord("https://x.gov/", UrlState.SCANNED, seq=1, admitted=True)
        store.save_page(sid, PageResult(url="https://x.gov/", title="Home"), [rec, UrlRecord("https://x.gov/b", seq=3)])
    with Store(db) as store:  # as after a crash: a fresh connection
        assert store.get_scan(sid).meta["seeded"] is True  # type: ignore[union-attr]
        urls = {r.url: r for r in store.load_urls(sid)}
        assert urls["https://x.gov/"].state is UrlState.SCANNED
        assert urls["https://x.gov/a"].state is UrlState.QUEUED  # was in flight
        assert urls["https://x.gov/b"].state is UrlState.QUEUED
        assert [p.title for p in store.iter_pages(sid)] == ["Home"]
        assert store.latest_scan(unfinished=True).id == sid  # type: ignore[union-attr]
        store.finish_scan(sid, status="complete")
        assert store.latest_scan(unfinished=True) is None
        assert store.list_scans()[0].counts == {"queued": 2, "scanned": 1}


def test_saving_a_page_twice_is_refused(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        sid = store.create_scan({})
        page = PageResult(url="https://x.gov/", status=PageStatus.FAILED, reason="HTTP 500")
        store.save_page(sid, page, [])
        with pytest.raises(sqlite3.IntegrityError):
            store.save_page(sid, page, [UrlRecord("https://x.gov/zz")])
        assert store.page_urls(sid) == ["https://x.gov/"]
        assert [r.url for r in store.load_urls(sid)] == []  # the failed transaction left nothing behind


def test_schema_version_and_newer_database(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
    with Store(db) as store:  # reopening does not migrate twice
        assert store.schema_version() == SCHEMA_VERSION
    con = sqlite3.connect(db)
    con.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer cxlint"):
        Store(db)


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError) as err:
        Store(bad)
    assert "\n" not in str(err.value)


def test_secrets_are_redacted(tmp_path: Path) -> None:
    cfg = {
        "headers": ["Authorization: Bearer abc123", "X-Api-Key: k"],
        "nested": {"cookie": "sid=1", "api_key": "zzz", "depth": 3},
        "extra_http_headers": {"Authorization": "Bearer abc123"},
    }
    with Store(tmp_path / "c.db") as store:
        sid = store.create_scan(cfg, {"token": "t0k"})
        info = store.get_scan(sid)
    assert info is not None
    dumped = repr(info.config) + repr(info.meta)
    for secret in ("abc123", "sid=1", "zzz", "t0k", "X-Api-Key: k"):
        assert secret not in dumped
    assert info.config["nested"]["depth"] == 3
    assert redact({"headers": ["A: b"]}) == {"headers": ["A: [redacted]"]}


def test_a_running_scan_holds_the_store_and_a_second_writer_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store(db) as first, Store(db) as second:
        lease = first.lease()
        lease.record("20250101T000000Z-abcdef")
        with pytest.raises(StoreBusy, match=r"in use by a running scan \(scan 20250101T000000Z-abcdef, pid \d+\)"):
            second.lease()
        lease.release()
        second.lease().release()  # released: the next scan may write


def test_the_lease_dies_with_its_process(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    Store(db).close()
    code = f"from cxlint.store import Store; Store({str(db)!r}).lease().record('x'); import os; os._exit(0)"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    with Store(db) as store:
        store.lease().release()


def test_the_store_redacts_secret_values_in_pages_meta_and_url_details(tmp_path: Path) -> None:
    secret = "tok-7f3a9c-staging-secret"
    db = tmp_path / "c.db"
    with Store(db, redactor=Redactor([secret])) as store:
        sid = store.create_scan({"note": f"x {secret}"}, {"status": "running"})
        rec = UrlRecord("https://x.gov/", UrlState.SKIPPED, reason="redirected", detail=f"https://x.gov/?t={secret}")
        store.save_page(sid, PageResult(url="https://x.gov/", title=f"Debug {secret}"), [rec])
        store.update_meta(sid, echoed=secret)
        [page] = list(store.iter_pages(sid))
    assert page.title == "Debug [redacted]"
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert secret.encode() not in raw
