"""First scan vs re-scan of an unchanged generated site with the same store (the re-scan cache).

    .venv/bin/python bench/rescan.py [--pages 100] [--port 0] [--concurrency N] [--keep DIR]

Generates a deterministic site (``make_site.py``: this repository's ``bench/`` if present, else
``../shared/bench/``), serves it on 127.0.0.1, and runs ``cxlint scan`` through the CLI three times
against one store: a first scan, a re-scan, and a re-scan after one shared-by-few file changed.
Prints wall seconds and pages per second of each, the first/re-scan ratio, the cache counts each run
recorded, and whether the re-scan's results equal the first's (pages, states, every finding with
its fingerprint, site findings, summary). Each run is a fresh process, so browser start-up counts.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path

from sitekit import GENERATORS, ROOT, Quiet, free_port  # bench/ is on sys.path when a bench runs


def generate(out: Path, pages: int, port: int) -> None:
    gen = next((g for g in GENERATORS if g.is_file()), None)
    if gen is None:
        sys.exit("bench/rescan.py: no make_site.py (bench/ or ../shared/bench/)")
    subprocess.run([sys.executable, str(gen), "--port", str(port), "--out", str(out), "--pages", str(pages)],
                   check=True, capture_output=True)  # fmt: skip


def scan(url: str, store: Path, out: Path, pages: int, concurrency: int | None) -> tuple[float, dict]:
    args = [sys.executable, "-m", "cxlint", "scan", url, "--no-config", "--store", str(store), "--out", str(out),
            "--format", "json", "--max-pages", str(pages), "--exit-zero", "--quiet"]  # fmt: skip
    if concurrency:
        args += ["--concurrency", str(concurrency)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI": "true"}
    t0 = time.monotonic()
    proc = subprocess.run(args, env=env, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        sys.exit(f"cxlint scan failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return wall, json.loads((out / "results.json").read_text())


def comparable(data: dict) -> dict:
    """What must not change between a fresh scan and a cached one (timings and the cache flag may)."""
    pages = []
    for p in data["pages"]:
        metrics = {k: v for k, v in p["metrics"].items() if k != "cached"}
        pages.append({**{k: v for k, v in p.items() if k not in ("started", "duration_ms", "metrics")},
                      "metrics": metrics})  # fmt: skip
    return {"pages": pages, "site_findings": data["site_findings"], "summary": data["summary"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--concurrency", type=int, default=None)
    ap.add_argument("--keep", type=Path, default=None, help="keep the site, store and results here")
    args = ap.parse_args()
    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="cxlint-rescan-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        site, store = work / "site", work / "store.db"
        generate(site, args.pages, port)
        handler = functools.partial(Quiet, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{port}/"
        try:
            first_s, first = scan(url, store, work / "first", args.pages, args.concurrency)
            again_s, again = scan(url, store, work / "again", args.pages, args.concurrency)
            # One page's own file changes (not a shared stylesheet): exactly that page is rechecked.
            target = sorted(site.glob("page*.html"))[0]
            target.write_text(target.read_text().replace("</main>", "<p>Updated today.</p></main>", 1))
            changed_s, changed = scan(url, store, work / "changed", args.pages, args.concurrency)
        finally:
            server.shutdown()
        n = sum(1 for p in first["pages"] if p["status"] == "scanned")
        report = {
            "pages_scanned": n,
            "first": {"wall_s": round(first_s, 1), "pages_per_s": round(n / first_s, 2),
                      "cache": first["meta"]["config"].get("cache")},
            "rescan": {"wall_s": round(again_s, 1), "pages_per_s": round(n / again_s, 2),
                       "cache": again["meta"]["config"].get("cache")},
            "one_page_changed": {"wall_s": round(changed_s, 1), "cache": changed["meta"]["config"].get("cache")},
            "ratio_first_over_rescan": round(first_s / again_s, 1),
            "rescan_results_identical": comparable(first) == comparable(again),
        }  # fmt: skip
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
