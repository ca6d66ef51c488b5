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

Since schema 2 every finding also has a row in ``findings`` (written in the
page's own transaction), and ``pages`` carries each page's status and
plain-language score, so history, summaries and diffs are SQL over small rows
instead of re-reading every page's JSON.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import sqlite3
import statistics
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.model import Finding, Image, PageResult, thumb_key
from cxlint.secrets import Redactor

__all__ = [
    "DEFAULT_PATH", "SCHEMA_VERSION", "SITE_PAGE", "Image", "Lease", "ScanInfo", "Store", "StoreBusy", "StoreError",
    "StoredPages", "redact",
]

DEFAULT_PATH = Path(".cxlint") / "cxlint.db"

SITE_PAGE = ""
"""The ``page_url`` of a site-level finding's row (duplicate titles across pages and the like)."""

Migration = str | Callable[[sqlite3.Connection], None]

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

_FINDING_COLUMNS = (
    "scan_id", "page_url", "fingerprint", "rule", "name", "category", "severity", "outcome", "baselined",
    "selector", "message", "finding",
)
_INSERT_FINDING = (
    f"INSERT INTO findings ({', '.join(_FINDING_COLUMNS)}) VALUES ({', '.join('?' * len(_FINDING_COLUMNS))})"
)


def _finding_row(scan_id: str, page_url: str, f: dict[str, Any], *, keep_json: bool) -> tuple[Any, ...]:
    """One ``findings`` row (``_FINDING_COLUMNS``) from a finding's JSON form.

    Only site-level rows keep the whole finding: a page's findings are already in its result.
    """
    location = f.get("location") or {}
    return (
        scan_id,
        page_url,
        str(f.get("fingerprint") or ""),
        str(f.get("rule") or ""),
        str(f.get("name") or ""),
        str(f.get("category") or ""),
        str(f.get("severity") or ""),
        str(f.get("outcome") or ""),
        int(bool(f.get("baselined"))),
        str(location.get("selector") or "") if isinstance(location, dict) else "",
        str(f.get("message") or ""),
        json.dumps(f) if keep_json else "",
    )


def _score(metrics: Any) -> float | None:
    value = metrics.get("plain_language_score") if isinstance(metrics, dict) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _backfill_v2(db: sqlite3.Connection) -> None:
    """Fill the new ``findings`` rows and page columns from the result JSON that v1 stores kept.

    Frozen with the v2 schema (its own column list, not ``_FINDING_COLUMNS``), so a later
    migration that changes the table still upgrades a v1 store step by step. Reads in rowid
    batches so an old store of thousands of pages never sits in memory; a row whose JSON
    cannot be read keeps an empty status rather than blocking the upgrade.
    """
    insert = """INSERT INTO findings (scan_id, page_url, fingerprint, rule, name, category, severity, outcome,
                baselined, selector, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""

    def row(scan_id: str, url: str, f: dict[str, Any]) -> tuple[Any, ...]:
        location = f.get("location") if isinstance(f.get("location"), dict) else {}
        text = [str(f.get(k) or "") for k in ("fingerprint", "rule", "name", "category", "severity", "outcome")]
        selector = str(location.get("selector") or "")
        return (scan_id, url, *text, int(bool(f.get("baselined"))), selector, str(f.get("message") or ""))

    last = 0
    while True:
        batch = db.execute(
            "SELECT rowid, scan_id, url, result FROM pages WHERE rowid > ? ORDER BY rowid LIMIT 500", (last,)
        ).fetchall()
        if not batch:
            return
        for rowid, scan_id, url, raw in batch:
            last = rowid
            try:
                page = json.loads(raw)
                findings = [f for f in page.get("findings", []) if isinstance(f, dict)]
                status = str(page.get("status") or "")
                metrics = page.get("metrics")
                score = metrics.get("plain_language_score") if isinstance(metrics, dict) else None
            except (ValueError, AttributeError, TypeError):
                continue
            db.execute(
                "UPDATE pages SET status = ?, plain_language_score = ? WHERE rowid = ?",
                (status, float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None,
                 rowid),
            )
            db.executemany(insert, [row(scan_id, url, f) for f in findings])


_V2: tuple[Migration, ...] = (
    # page_url is SITE_PAGE ('') for a site-level finding; only those rows keep their JSON in `finding`.
    """CREATE TABLE findings (
        scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        page_url TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        rule TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        outcome TEXT NOT NULL,
        baselined INTEGER NOT NULL DEFAULT 0 CHECK (baselined IN (0, 1)),
        selector TEXT NOT NULL DEFAULT '',
        message TEXT NOT NULL DEFAULT '',
        finding TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX findings_scan ON findings(scan_id)",
    "CREATE INDEX findings_fingerprint ON findings(fingerprint)",
    "ALTER TABLE pages ADD COLUMN status TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE pages ADD COLUMN plain_language_score REAL",
    _backfill_v2,
)

_IMAGES = (
    # Screenshots taken during the scan: element crops keyed by finding fingerprint, page thumbnails
    # keyed by "thumb:" + URL. The bytes live once per content hash, so an element that looks the
    # same on every page of a site costs one blob however many scans and pages show it.
    """CREATE TABLE image_blobs (
        hash TEXT PRIMARY KEY,
        mime TEXT NOT NULL,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE images (
        scan_id TEXT NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        hash TEXT NOT NULL REFERENCES image_blobs(hash),
        PRIMARY KEY (scan_id, key)
    )""",
    "CREATE INDEX images_hash ON images(hash)",
)

_CACHE = (
    # The re-scan cache (cxlint.cache): one entry per URL and key (build, rules, plan), with the digests
    # of every response its checks read (`inputs`) and what they found before the findings stage
    # (`entry`). An entry belongs to the scan that last wrote or used it and goes with that scan.
    """CREATE TABLE page_cache (
        url TEXT NOT NULL,
        key TEXT NOT NULL,
        build TEXT NOT NULL,
        inputs TEXT NOT NULL,
        entry TEXT NOT NULL,
        scan_id TEXT REFERENCES scans(id) ON DELETE CASCADE,
        used TEXT NOT NULL,
        PRIMARY KEY (url, key)
    )""",
    "CREATE INDEX page_cache_scan ON page_cache(scan_id)",
)

MIGRATIONS: tuple[tuple[Migration, ...], ...] = (_V1, _V2, _IMAGES, _CACHE)
"""``MIGRATIONS[i]`` takes the schema from version ``i`` to ``i + 1``. Append, never edit.

Each step is an SQL string or a callable given the connection (for data that SQL alone
cannot move, such as findings inside stored JSON); all steps of one version run in one
transaction, so an upgrade is applied whole or not at all.
"""

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
        self.scan_id = ""
        """The scan being written under this lease (once the crawl has created or resumed it)."""
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
        self.scan_id = scan_id
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
        self._lease: Lease | None = None
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
                for step in MIGRATIONS[version]:
                    if callable(step):
                        step(db)
                    else:
                        db.execute(step)
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))

    def lease(self) -> Lease:
        """Hold this store for one running scan; raises ``StoreBusy`` if another live process holds it."""
        self._lease = Lease(self.path)
        return self._lease

    @property
    def writing_scan(self) -> str | None:
        """The scan being written under this store's lease, if any: the owner of the cache entries it writes."""
        return (self._lease.scan_id or None) if self._lease is not None else None

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
        rows = self._db.execute(
            "SELECT id, started, finished, config, meta FROM scans ORDER BY started DESC, rowid DESC"
        ).fetchall()
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

    def save_report_record(
        self,
        scan_id: str,
        meta: dict[str, Any],
        site_findings: list[dict[str, Any]],
        failed_pages: list[dict[str, Any]] | None = None,
    ) -> None:
        """What re-rendering a report needs beyond the stored pages, under ``meta["report"]``.

        The run's meta is redacted like all meta; findings and pages are not: they
        describe pages, and a key such as ``token`` in their data is page content.
        """
        with self._tx() as db:
            row = db.execute("SELECT meta FROM scans WHERE id = ?", (scan_id,)).fetchone()
            if row is None:
                raise StoreError(f"no scan {scan_id} in {self.path}")
            merged = json.loads(row[0])
            merged["report"] = {
                "meta": redact(meta), "site_findings": site_findings, "failed_pages": failed_pages or [],
            }  # fmt: skip
            db.execute("UPDATE scans SET meta = ? WHERE id = ?", (json.dumps(merged), scan_id))

    def finish_scan(self, scan_id: str, **meta: Any) -> None:
        """Merge ``meta`` (status, counts…) and the scan's ``summary`` (see ``scan_summary``)."""
        with self._tx() as db:
            self._merge_meta(db, scan_id, {**meta, "summary": self.scan_summary(scan_id)})
            db.execute("UPDATE scans SET finished = ? WHERE id = ?", (_now(), scan_id))

    def delete_scan(self, scan_id: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM findings WHERE scan_id = ?", (scan_id,))
            db.execute("DELETE FROM pages WHERE scan_id = ?", (scan_id,))
            db.execute("DELETE FROM images WHERE scan_id = ?", (scan_id,))
            db.execute("DELETE FROM page_cache WHERE scan_id = ?", (scan_id,))
            db.execute("DELETE FROM image_blobs WHERE hash NOT IN (SELECT hash FROM images)")
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
                page = self.redactor.obj(result.to_dict())
                db.execute(
                    """INSERT INTO pages (scan_id, url, result, saved, status, plain_language_score)
                       VALUES (?, ?, ?, ?, ?, ?)""",
                    (scan_id, result.url, json.dumps(page), _now(), result.status.value, _score(result.metrics)),
                )
                db.executemany(
                    _INSERT_FINDING, [_finding_row(scan_id, result.url, f, keep_json=False) for f in page["findings"]]
                )
                # A redirect may have renamed the page since its thumbnail was taken: key it by the saved URL.
                images = {thumb_key(result.url) if i.kind == "thumbnail" else k: i for k, i in result.images.items()}
                self._save_images(db, scan_id, images)
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

    # -- findings and summaries -----------------------------------------------------------------

    def save_site_findings(self, scan_id: str, findings: Iterable[Finding]) -> None:
        """Replace the scan's site-level findings (a resumed scan computes them again) atomically.

        If the scan has already finished, its stored ``summary`` is refreshed in the same
        transaction, so the summary always counts the site-level findings too.
        """
        with self._tx() as db:
            row = db.execute("SELECT finished FROM scans WHERE id = ?", (scan_id,)).fetchone()
            if row is None:
                raise StoreError(f"no scan {scan_id} in {self.path}")
            db.execute("DELETE FROM findings WHERE scan_id = ? AND page_url = ?", (scan_id, SITE_PAGE))
            db.executemany(
                _INSERT_FINDING,
                [_finding_row(scan_id, SITE_PAGE, self.redactor.obj(f.to_dict()), keep_json=True) for f in findings],
            )
            if row[0] is not None:
                self._merge_meta(db, scan_id, {"summary": self.scan_summary(scan_id)})

    def site_findings(self, scan_id: str) -> list[Finding]:
        """The scan's site-level findings, as saved."""
        rows = self._db.execute(
            "SELECT finding FROM findings WHERE scan_id = ? AND page_url = ? ORDER BY rowid", (scan_id, SITE_PAGE)
        )
        return [Finding.from_dict(json.loads(r[0])) for r in rows if r[0]]

    def iter_findings(self, scan_id: str) -> Iterator[dict[str, Any]]:
        """Every finding row of a scan (page and site-level) in the order saved, without page JSON."""
        names = [c for c in _FINDING_COLUMNS if c not in ("scan_id", "finding")]
        cursor = self._db.execute(
            f"SELECT {', '.join(names)} FROM findings WHERE scan_id = ? ORDER BY rowid", (scan_id,)
        )
        for row in cursor:
            item = dict(zip(names, row, strict=True))
            item["baselined"] = bool(item["baselined"])
            yield item

    def scan_summary(self, scan_id: str) -> dict[str, Any]:
        """Counts and the median plain-language score of a scan, from the small rows alone.

        ``findings`` counts like a results file's summary (violations by severity, plus
        needs-review); ``severity``, ``outcome`` and ``category`` count every finding;
        ``pages`` counts each discovered URL once, as the results file lists them.
        """
        findings = {"error": 0, "warning": 0, "info": 0, "needs-review": 0}
        by: dict[str, dict[str, int]] = {"severity": {}, "outcome": {}, "category": {}}
        total = baselined = 0
        rows = self._db.execute(
            """SELECT severity, outcome, category, baselined, COUNT(*) FROM findings WHERE scan_id = ?
               GROUP BY severity, outcome, category, baselined""",
            (scan_id,),
        )
        for severity, outcome, category, known, n in rows:
            total += n
            baselined += n if known else 0
            key = "needs-review" if outcome == "needs-review" else severity
            findings[key] = findings.get(key, 0) + n
            for name, value in (("severity", severity), ("outcome", outcome), ("category", category)):
                by[name][value] = by[name].get(value, 0) + n
        pages = {"scanned": 0, "failed": 0, "skipped": 0}
        states = self._db.execute(
            """SELECT COALESCE(NULLIF(p.status, ''), CASE u.state WHEN 'scanned' THEN 'scanned'
                      WHEN 'failed' THEN 'failed' ELSE 'skipped' END), COUNT(*)
               FROM urls u LEFT JOIN pages p ON p.scan_id = u.scan_id AND p.url = u.url
               WHERE u.scan_id = ? GROUP BY 1""",
            (scan_id,),
        ).fetchall()
        orphans = self._db.execute(
            """SELECT status, COUNT(*) FROM pages WHERE scan_id = ? AND status != ''
               AND url NOT IN (SELECT url FROM urls WHERE scan_id = ?) GROUP BY status""",
            (scan_id, scan_id),
        ).fetchall()
        for status, n in [*states, *orphans]:
            pages[status] = pages.get(status, 0) + n
        scores = [
            r[0]
            for r in self._db.execute(
                """SELECT plain_language_score FROM pages
                   WHERE scan_id = ? AND status = 'scanned' AND plain_language_score IS NOT NULL""",
                (scan_id,),
            )
        ]
        median = round(statistics.median(scores), 1) if scores else None
        return {
            "findings": findings,
            "total": total,
            "baselined": baselined,
            **{name: dict(sorted(counts.items())) for name, counts in by.items()},
            "pages": pages,
            "plain_language_score": median,
        }

    def vacuum(self) -> None:
        """Give the space of deleted scans back to the file system (after ``history prune``)."""
        self._db.execute("VACUUM")
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- images ---------------------------------------------------------------------------------

    @staticmethod
    def _save_images(db: sqlite3.Connection, scan_id: str, images: dict[str, Image]) -> None:
        for key, image in images.items():
            digest = hashlib.sha256(image.data).hexdigest()
            db.execute(
                "INSERT INTO image_blobs (hash, mime, data) VALUES (?, ?, ?) ON CONFLICT (hash) DO NOTHING",
                (digest, image.mime, image.data),
            )
            db.execute(
                """INSERT INTO images (scan_id, key, kind, hash) VALUES (?, ?, ?, ?)
                   ON CONFLICT (scan_id, key) DO UPDATE SET kind = excluded.kind, hash = excluded.hash""",
                (scan_id, key, image.kind, digest),
            )

    def save_images(self, scan_id: str, images: dict[str, Image]) -> None:
        """Screenshots of a scan, by key; identical bytes are stored once whatever their key or scan."""
        with self._tx() as db:
            self._save_images(db, scan_id, images)

    def images(self, scan_id: str, keys: Iterable[str] | None = None) -> dict[str, Image]:
        """A scan's screenshots by key: all of them, or only those among ``keys`` (what a report shows)."""
        sql = """SELECT i.key, i.kind, b.mime, b.data FROM images i JOIN image_blobs b ON b.hash = i.hash
                 WHERE i.scan_id = ?"""
        if keys is None:
            rows = self._db.execute(sql, (scan_id,)).fetchall()
        else:
            wanted = list(dict.fromkeys(keys))
            rows = []
            for i in range(0, len(wanted), 500):  # stay under SQLite's bound-parameter limit
                chunk = wanted[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows += self._db.execute(f"{sql} AND i.key IN ({marks})", (scan_id, *chunk)).fetchall()
        return {key: Image(mime=mime, data=bytes(data), kind=kind) for key, kind, mime, data in rows}

    def image_blobs(self, hashes: Iterable[str]) -> dict[str, bytes]:
        """Screenshot bytes by content hash (what a re-scan cache hit shows again)."""
        wanted = list(dict.fromkeys(hashes))
        out: dict[str, bytes] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for digest, data in self._db.execute(f"SELECT hash, data FROM image_blobs WHERE hash IN ({marks})", chunk):
                out[digest] = bytes(data)
        return out

    # -- re-scan cache --------------------------------------------------------------------------

    def cache_entry(self, url: str, key: str) -> tuple[dict[str, str], dict[str, Any]] | None:
        """A page's cache entry for this key: (inputs, entry), or None."""
        row = self._db.execute("SELECT inputs, entry FROM page_cache WHERE url = ? AND key = ?", (url, key)).fetchone()
        return (json.loads(row[0]), json.loads(row[1])) if row else None

    def save_cache_entry(self, url: str, key: str, build: str, inputs: dict[str, str], entry: dict[str, Any]) -> None:
        """Store (or replace) a page's entry; entries of other builds for the URL can never be used again."""
        with self._tx() as db:
            db.execute("DELETE FROM page_cache WHERE url = ? AND build != ?", (url, build))
            db.execute(
                """INSERT INTO page_cache (url, key, build, inputs, entry, scan_id, used) VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (url, key) DO UPDATE SET build = excluded.build, inputs = excluded.inputs,
                   entry = excluded.entry, scan_id = excluded.scan_id, used = excluded.used""",
                (url, key, build, json.dumps(inputs), json.dumps(self.redactor.obj(entry)), self.writing_scan, _now()),
            )

    def touch_cache_entry(self, url: str, key: str) -> None:
        """A hit: the entry now belongs to the scan being written, which keeps it alive."""
        with self._tx() as db:
            db.execute(
                "UPDATE page_cache SET scan_id = COALESCE(?, scan_id), used = ? WHERE url = ? AND key = ?",
                (self.writing_scan, _now(), url, key),
            )

    def drop_unowned_cache(self) -> int:
        """Delete cache entries no scan owns (written outside a scan's lease); returns how many."""
        with self._tx() as db:
            return db.execute("DELETE FROM page_cache WHERE scan_id IS NULL").rowcount

    def cache_size(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM page_cache").fetchone()[0])


class StoredPages(Sequence[PageResult]):
    """A finished run's pages in report order, each read back from the store only while it is used.

    A crawl of thousands of pages must not hold every page's findings at once: the
    reporters, site checks, gate and summaries all walk the pages one at a time, so
    each walk reads them from the store again (an indexed lookup per page) and
    drops them after. Pages that were never stored (skipped, or failed before the
    scanner saw them) are small and kept here; ``append`` adds more of those. The
    store file must outlive the sequence; ``materialize`` copies it into a list for
    callers that delete the store.
    """

    def __init__(self, path: str, scan_id: str, entries: list[PageResult | tuple[str, int]]) -> None:
        self.path = path
        self.scan_id = scan_id
        self._entries = entries
        """A page kept in memory, or (url, depth) of a page to read from the store."""

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: int) -> PageResult:  # type: ignore[override]
        if isinstance(index, slice):
            raise TypeError("StoredPages does not slice: iterate it, or materialize() it")
        entry = self._entries[index]
        if isinstance(entry, PageResult):
            return entry
        with contextlib.closing(self._connect()) as db:
            return self._read(db, entry)

    def __iter__(self) -> Iterator[PageResult]:
        with contextlib.closing(self._connect()) as db:
            for entry in self._entries:
                yield entry if isinstance(entry, PageResult) else self._read(db, entry)

    def append(self, page: PageResult) -> None:
        self._entries.append(page)

    def materialize(self) -> list[PageResult]:
        return list(self)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10.0)

    def _read(self, db: sqlite3.Connection, entry: tuple[str, int]) -> PageResult:
        url, depth = entry
        row = db.execute("SELECT result FROM pages WHERE scan_id = ? AND url = ?", (self.scan_id, url)).fetchone()
        if row is None:
            raise StoreError(f"page {url} of scan {self.scan_id} is no longer in {self.path}")
        page = PageResult.from_dict(json.loads(row[0]))
        page.depth = depth
        return page
