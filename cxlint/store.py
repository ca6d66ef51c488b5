"""The results store: every page persisted the moment it finishes (SQLite, ``.cxlint/cxlint.db``).

A crawl of thousands of pages must survive Ctrl-C, a crash or SIGKILL without
losing or repeating a page. Each finished page is written in one transaction
together with its URL's new state and the links it revealed, so the database
is always at a state boundary: a page is either fully recorded or not at all.
WAL mode with ``synchronous=NORMAL`` makes that hold against a killed process
(not against power loss, which a lint run can simply redo).

Writes come from one asyncio task at a time: the methods are synchronous, so
the crawl loop's single thread serialises them. Results are streamed back with
``iter_pages`` rather than held in memory, which is what keeps a large crawl's
memory flat.

Secrets never reach the database: configuration is redacted on the way in (by
key), and every page result, meta value and URL detail is passed through the
store's ``redactor`` (by value: the scan's header values and passwords), so a
page that echoes a secret cannot write it here.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.model import PageResult
from cxlint.secrets import Redactor

__all__ = ["DEFAULT_PATH", "SCHEMA_VERSION", "Lease", "ScanInfo", "Store", "StoreBusy", "StoreError", "redact"]

DEFAULT_PATH = Path(".cxlint") / "cxlint.db"

_V1 = (
    """CREATE TABLE scans (
        id TEXT PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        config TEXT NOT NULL DEFAULT '{}',
        meta TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE urls (
        scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        state TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT '',
        depth INTEGER NOT NULL DEFAULT 0,
        discovered_from TEXT NOT NULL DEFAULT '',
        admitted INTEGER NOT NULL DEFAULT 0,
        seq INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (scan_id, url)
    )""",
    "CREATE INDEX urls_state ON urls(scan_id, state)",
    """CREATE TABLE pages (
        scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        result TEXT NOT NULL,
        saved TEXT NOT NULL,
        PRIMARY KEY (scan_id, url)
    )""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1,)
"""``MIGRATIONS[i]`` takes the schema from version ``i`` to ``i + 1``. Append, never edit."""

SCHEMA_VERSION = len(MIGRATIONS)

_SECRET_KEY = re.compile(r"authori[sz]ation|cookie|password|passwd|secret|token|api[-_]?key|credential", re.I)
REDACTED = "[redacted]"
_ENV_REF = re.compile(r"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$")


class StoreError(RuntimeError):
    """The database cannot be used (not a database, newer schema, locked): a one-line message."""


class StoreBusy(StoreError):
    """Another live process is running a scan in this store (one line, exit 2)."""


class Lease:
    """The right to write a scan into a store, held for the scan's lifetime.

    An exclusive ``flock`` on ``<store>.lock``: the kernel drops it when the
    process dies, however it dies, so a crashed scan never blocks a resume and
    a live one can never be taken over (two writers would load pages twice).
    The file names the holder's pid and scan id for the refusal message.
    """

    def __init__(self, store_path: str) -> None:
        self.path = f"{store_path}.lock"
        self._fd: int | None = None
        if store_path == ":memory:":
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").split()
            os.close(fd)
            who = f"scan {holder[1]}, pid {holder[0]}" if len(holder) > 1 else f"pid {holder[0]}" if holder else "?"
            raise StoreBusy(
                f"results store {store_path} is in use by a running scan ({who}); "
                "wait for it to finish or stop it, or use another --store"
            ) from None
        except OSError as exc:
            os.close(fd)
            raise StoreError(f"cannot lock results store {store_path}: {exc.strerror or exc}") from None
        self._fd = fd
        self.record("")

    def record(self, scan_id: str) -> None:
        """Name the scan being written, for whoever is refused."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()} {scan_id}".strip().encode() + b"\n", 0)

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the only descriptor releases the flock

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def redact(value: Any, key: str = "") -> Any:
    """Copy of ``value`` with header values and secret-looking fields replaced by ``[redacted]``."""
    if key.lower() in ("header", "headers", "extra_http_headers"):
        if isinstance(value, dict):
            # A "$VAR" reference names where the secret lives, not the secret: it is kept for --resume.
            return {k: v if isinstance(v, str) and _ENV_REF.match(v) else REDACTED for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [f"{str(h).split(':', 1)[0].strip()}: {REDACTED}" for h in value]
        return REDACTED
    if key and _SECRET_KEY.search(key):
        return REDACTED
    if isinstance(value, dict):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    return value


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class ScanInfo:
    id: str
    started: str
    finished: str | None = None
    config: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    """URLs per state."""


class Store:
    def __init__(self, path: str | os.PathLike[str] = DEFAULT_PATH, *, redactor: Redactor | None = None) -> None:
        self.path = str(path)
        self.redactor = redactor or Redactor()
        """Applied to everything written; set it to the scan's secrets before the first page is saved."""
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=10.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot use results store {self.path}: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot create results store {self.path}: {exc.strerror or exc}") from None

    # -- plumbing -------------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"results store {self.path} was written by a newer cxlint (schema {current}, this one knows "
                f"{SCHEMA_VERSION}); upgrade cxlint or use another --store"
            )
        for version in range(current, SCHEMA_VERSION):
            with self._tx() as db:
                for statement in MIGRATIONS[version]:
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))

    def lease(self) -> Lease:
        """Hold this store for one running scan; raises ``StoreBusy`` if another live process holds it."""
        return Lease(self.path)

    # -- scans ----------------------------------------------------------------------------------

    def create_scan(self, config: dict[str, Any], meta: dict[str, Any] | None = None) -> str:
        """A new scan; its id sorts by start time (``20250101T120000Z-1a2b3c``)."""
        started = datetime.now(UTC)
        scan_id = f"{started:%Y%m%dT%H%M%SZ}-{os.urandom(3).hex()}"
        with self._tx() as db:
            db.execute(
                "INSERT INTO scans (id, started, config, meta) VALUES (?, ?, ?, ?)",
                (
                    scan_id,
                    started.isoformat(timespec="seconds"),
                    json.dumps(self.redactor.obj(redact(config))),
                    json.dumps(self.redactor.obj(redact(meta or {}))),
                ),
            )
        return scan_id

    def _info(self, row: tuple[Any, ...]) -> ScanInfo:
        counts = dict(
            self._db.execute("SELECT state, COUNT(*) FROM urls WHERE scan_id = ? GROUP BY state", (row[0],)).fetchall()
        )
        return ScanInfo(row[0], row[1], row[2], json.loads(row[3]), json.loads(row[4]), counts)

    def get_scan(self, scan_id: str) -> ScanInfo | None:
        row = self._db.execute(
            "SELECT id, started, finished, config, meta FROM scans WHERE id = ?", (scan_id,)
        ).fetchone()
        return self._info(row) if row else None

    def list_scans(self) -> list[ScanInfo]:
        """All scans, newest first."""
        rows = self._db.execute("SELECT id, started, finished, config, meta FROM scans ORDER BY id DESC").fetchall()
        return [self._info(r) for r in rows]

    def latest_scan(self, *, unfinished: bool = False) -> ScanInfo | None:
        """The newest scan (or the newest one not completed: what ``--resume`` without an id means)."""
        for info in self.list_scans():
            if not unfinished or info.meta.get("status") != "complete":
                return info
        return None

    def update_meta(self, scan_id: str, **meta: Any) -> None:
        with self._tx() as db:
            self._merge_meta(db, scan_id, meta)

    def _merge_meta(self, db: sqlite3.Connection, scan_id: str, meta: dict[str, Any]) -> None:
        row = db.execute("SELECT meta FROM scans WHERE id = ?", (scan_id,)).fetchone()
        if row is None:
            raise StoreError(f"no scan {scan_id} in {self.path}")
        merged = json.loads(row[0])
        merged.update(self.redactor.obj(redact(meta)))
        db.execute("UPDATE scans SET meta = ? WHERE id = ?", (json.dumps(merged), scan_id))

    def finish_scan(self, scan_id: str, **meta: Any) -> None:
        with self._tx() as db:
            self._merge_meta(db, scan_id, meta)
            db.execute("UPDATE scans SET finished = ? WHERE id = ?", (_now(), scan_id))

    def delete_scan(self, scan_id: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM pages WHERE scan_id = ?", (scan_id,))
            db.execute("DELETE FROM urls WHERE scan_id = ?", (scan_id,))
            db.execute("DELETE FROM scans WHERE id = ?", (scan_id,))

    # -- urls and pages -------------------------------------------------------------------------

    def _upsert(self, db: sqlite3.Connection, scan_id: str, records: Iterable[UrlRecord]) -> None:
        text = self.redactor.text
        db.executemany(
            """INSERT INTO urls (scan_id, url, state, reason, detail, depth, discovered_from, admitted, seq)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (scan_id, url) DO UPDATE SET
                 state = excluded.state, reason = excluded.reason, detail = excluded.detail,
                 depth = excluded.depth, discovered_from = excluded.discovered_from,
                 admitted = excluded.admitted, seq = excluded.seq""",
            [
                (scan_id, r.url, r.state.value, text(r.reason), text(r.detail), r.depth, r.discovered_from,
                 int(r.admitted), r.seq)
                for r in records
            ],
        )

    def record_urls(self, scan_id: str, records: Iterable[UrlRecord], **meta: Any) -> None:
        """Insert or update URL records (and optionally merge scan meta) in one transaction."""
        with self._tx() as db:
            self._upsert(db, scan_id, records)
            if meta:
                self._merge_meta(db, scan_id, meta)

    def mark_in_flight(self, scan_id: str, url: str) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE urls SET state = ? WHERE scan_id = ? AND url = ?", (UrlState.IN_FLIGHT.value, scan_id, url)
            )

    def requeue(self, scan_id: str, urls: Iterable[str]) -> None:
        """Put URLs that were in flight back in the queue (interrupted before they finished)."""
        with self._tx() as db:
            db.executemany(
                "UPDATE urls SET state = ? WHERE scan_id = ? AND url = ? AND state = ?",
                [(UrlState.QUEUED.value, scan_id, u, UrlState.IN_FLIGHT.value) for u in urls],
            )

    def save_page(self, scan_id: str, result: PageResult | None, records: Iterable[UrlRecord]) -> None:
        """One finished page: its result (if kept), its URL's state and what it discovered, atomically.

        A page is saved once per scan; saving it again is a bug in the caller and
        raises ``sqlite3.IntegrityError`` rather than silently keeping two results.
        """
        with self._tx() as db:
            if result is not None:
                db.execute(
                    "INSERT INTO pages (scan_id, url, result, saved) VALUES (?, ?, ?, ?)",
                    (scan_id, result.url, json.dumps(self.redactor.obj(result.to_dict())), _now()),
                )
            self._upsert(db, scan_id, records)

    def load_urls(self, scan_id: str, *, requeue_in_flight: bool = True) -> list[UrlRecord]:
        """Every URL record of a scan in discovery order; in-flight ones go back to queued for ``--resume``."""
        if requeue_in_flight:
            with self._tx() as db:
                db.execute(
                    "UPDATE urls SET state = ? WHERE scan_id = ? AND state = ?",
                    (UrlState.QUEUED.value, scan_id, UrlState.IN_FLIGHT.value),
                )
        rows = self._db.execute(
            """SELECT url, state, reason, detail, depth, discovered_from, admitted, seq
               FROM urls WHERE scan_id = ? ORDER BY seq, url""",
            (scan_id,),
        ).fetchall()
        return [UrlRecord(r[0], UrlState(r[1]), r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in rows]

    def iter_pages(self, scan_id: str, *, where: Callable[[PageResult], bool] | None = None) -> Iterator[PageResult]:
        """Stream a scan's page results in the order they were saved, without loading them all."""
        cursor = self._db.execute("SELECT result FROM pages WHERE scan_id = ? ORDER BY rowid", (scan_id,))
        for (raw,) in cursor:
            page = PageResult.from_dict(json.loads(raw))
            if where is None or where(page):
                yield page

    def page_urls(self, scan_id: str) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT url FROM pages WHERE scan_id = ? ORDER BY rowid", (scan_id,))]
