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
    page.images = {"fp1": SHOT, "thumb:https://x.gov/": Image("image/jpeg", b"\xff\xd8 thumb", "thumbnail")}
    assert "images" not in page.to_dict()
    json.dumps(page.to_dict())  # bytes would not serialise
    with Store(db) as store:
        sid = store.create_scan({})
        store.save_page(sid, page, [UrlRecord("https://x.gov/", UrlState.SCANNED, seq=1, admitted=True)])
        assert store.images(sid) == page.images
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
