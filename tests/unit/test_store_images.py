"""Screenshots in the results store: saved with their page, stored once per content hash, migrated in."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.model import Image, PageResult
from cxlint.store import MIGRATIONS, Store

SHOT = Image(mime="image/jpeg", data=b"\xff\xd8 same pixels", kind="element")


def blobs(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM image_blobs").fetchone()[0]
    finally:
        con.close()


def test_page_images_are_saved_with_the_page_and_never_in_its_json(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    page = PageResult(url="https://x.gov/", title="Home")
    # Taken before a redirect renamed the page: stored under the page's saved URL.
    thumb = Image("image/jpeg", b"\xff\xd8 thumb", "thumbnail")
    page.images = {"fp1": SHOT, "thumb:https://x.gov/old": thumb}
    assert "images" not in page.to_dict()
    json.dumps(page.to_dict())  # bytes would not serialise
    with Store(db) as store:
        sid = store.create_scan({})
        store.save_page(sid, page, [UrlRecord("https://x.gov/", UrlState.SCANNED, seq=1, admitted=True)])
        assert store.images(sid) == {"fp1": SHOT, "thumb:https://x.gov/": thumb}
        assert set(store.images(sid, ["fp1", "nope"])) == {"fp1"}
        assert next(store.iter_pages(sid)).images == {}


def test_identical_images_are_stored_once_and_deleted_with_their_last_scan(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        one, two = store.create_scan({}), store.create_scan({})
        store.save_images(one, {"a": SHOT, "b": SHOT})
        store.save_images(two, {"a": SHOT})
        assert blobs(db) == 1
        assert store.images(one)["b"].data == SHOT.data
        store.delete_scan(one)
        assert blobs(db) == 1 and store.images(one) == {}
        store.delete_scan(two)
        assert blobs(db) == 0


def test_a_store_from_before_images_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1)")
    con.execute("INSERT INTO scans (id, started) VALUES ('old', '2025-01-01T00:00:00+00:00')")
    con.commit()
    con.close()
    with Store(db) as store:
        assert store.schema_version() == len(MIGRATIONS)
        store.save_images("old", {"k": SHOT})
        assert store.images("old", ["k"])["k"] == SHOT


def test_trend_points_read_each_finished_scan_of_the_same_site(tmp_path: Path) -> None:
    from cxlint.registry import Registry
    from cxlint.report.context import ReportContext, trend_points

    def scan(store: Store, start: str, **meta: object) -> str:
        sid = store.create_scan({"crawl": {"start_urls": [start]}})
        if meta.pop("finished", True):
            store.finish_scan(sid, **meta)
        return sid

    with Store(tmp_path / "t.db") as store:
        # Crawler counts of URL states are not findings: that scan has no recorded counts.
        a = scan(store, "http://127.0.0.1:4001/", counts={"queued": 0, "scanned": 3})
        b = scan(store, "http://127.0.0.1:4999/index.html", plain_language_score=71.5,
                 counts={"error": 4, "warning": 2, "info": 1, "needs-review": 0})
        scan(store, "https://other.gov/", counts={"error": 1, "warning": 0, "info": 0, "needs-review": 0})
        scan(store, "http://127.0.0.1:4002/", finished=False)
        points = {p.scan_id: p for p in trend_points(store, "http://127.0.0.1:5555/")}
        assert set(points) == {a, b}  # same host and start path, any port; only finished scans
        assert points[a].counts is None and points[a].plain_language_score is None
        assert points[b].counts == {"error": 4, "warning": 2, "info": 1, "needs-review": 0}
        assert points[b].plain_language_score == 71.5
        # A report of the earlier scan does not show the later one (ids sort by start time).
        first, last = sorted((a, b))
        ctx = ReportContext(Registry(), store=store)
        assert ctx.trend("127.0.0.1/", first) == [] and [p.scan_id for p in ctx.trend("127.0.0.1/", last)] == [first]
