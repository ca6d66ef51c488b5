"""Time the results store's history features on a large store (no browser needed).

    .venv/bin/python bench/store_history.py [--scans 5] [--pages 1000] [--findings 30]

Builds a schema-1 store (as older cxlint versions wrote it) of SCANS scans of PAGES pages with
FINDINGS findings each, then reports: the upgrade to the current schema (findings indexed from the
stored page JSON), the cost ``save_page`` pays for writing finding rows, ``scan_summary`` of one
scan, ``cxlint history`` over all scans, a diff of two scans by id, and pruning all but one.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.diff import diff, load_side
from cxlint.findings.fingerprint import fingerprint
from cxlint.history import list_history, prune
from cxlint.model import Finding, Location, Outcome, PageResult, Severity
from cxlint.store import MIGRATIONS, Store


def page(scan: int, n: int, findings: int) -> PageResult:
    url = f"https://www.agency.gov/section-{n % 20}/page-{n}"
    out = []
    for i in range(findings):
        f = Finding(
            rule=f"axe/rule-{i % 12}", name="rule", severity=[Severity.ERROR, Severity.WARNING, Severity.INFO][i % 3],
            outcome=Outcome.NEEDS_REVIEW if i % 7 == 0 else Outcome.VIOLATION,
            message="Element has insufficient color contrast of 3.2 (foreground #777, background #fff)",
            category="accessibility",
            # one finding in five differs between scans, so the diff has work to do
            location=Location(selector=f"main > p:nth-child({i})" if i % 5 else f"#s{scan}-{i}", snippet=f"<p>{i}</p>"),
        )
        f.fingerprint = fingerprint(f.rule, url, f.location)
        out.append(f)
    return PageResult(url=url, findings=out, metrics={"plain_language_score": 40 + n % 50})


def build_v1(path: Path, scans: int, pages: int, findings: int) -> list[str]:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1)")
    ids = []
    for s in range(scans):
        sid = f"2025010{s}T000000Z-{s:06x}"
        ids.append(sid)
        con.execute(
            "INSERT INTO scans (id, started, finished, config, meta) VALUES (?, ?, ?, ?, ?)",
            (sid, f"2025-01-0{s}T00:00:00+00:00", f"2025-01-0{s}T01:00:00+00:00",
             json.dumps({"crawl": {"start_urls": ["https://www.agency.gov/"]}}), json.dumps({"status": "complete"})),
        )
        for n in range(pages):
            p = page(s, n, findings)
            con.execute("INSERT INTO pages (scan_id, url, result, saved) VALUES (?, ?, ?, ?)",
                        (sid, p.url, json.dumps(p.to_dict()), ""))
            con.execute("INSERT INTO urls (scan_id, url, state, seq) VALUES (?, ?, 'scanned', ?)", (sid, p.url, n))
    con.commit()
    con.close()
    return ids


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn()
    print(f"{label:<48} {1000 * (time.perf_counter() - start):9.1f} ms")
    return value


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scans", type=int, default=5)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--findings", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "old.db"
        ids = build_v1(db, args.scans, args.pages, args.findings)
        rows = args.scans * args.pages * args.findings
        print(f"{args.scans} scans x {args.pages} pages x {args.findings} findings = {rows} findings")
        store = timed("upgrade schema 1 -> 2 (backfill)", lambda: Store(db))
        timed("scan_summary of one scan", lambda: store.scan_summary(ids[0]))
        timed(f"history of {args.scans} scans (no stored summaries)", lambda: list_history(store))
        for sid in ids:
            store.finish_scan(sid, status="complete")
        timed(f"history of {args.scans} scans (stored summaries)", lambda: list_history(store))
        result = timed("diff of two scans by id", lambda: diff(load_side(ids[0], db), load_side(ids[1], db)))
        print(f"  {len(result.added)} new, {len(result.fixed)} fixed, {len(result.unchanged)} unchanged")
        with Store(Path(tmp) / "new.db") as fresh:
            sid = fresh.create_scan({})
            pages = [page(0, n, args.findings) for n in range(200)]
            start = time.perf_counter()
            for p in pages:
                fresh.save_page(sid, p, [UrlRecord(p.url, UrlState.SCANNED)])
            per_page = 1000 * (time.perf_counter() - start) / len(pages)
            print(f"{'save_page with finding rows, per page':<48} {per_page:9.2f} ms")
        before = db.stat().st_size
        timed("prune --keep 1 (delete, VACUUM)", lambda: prune(store, 1))
        store.close()
        print(f"store size {before / 1e6:.1f} MB -> {db.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
