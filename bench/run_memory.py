"""Peak memory of cxlint's own process over a whole ``cxlint scan`` without browser work: 200 vs 2,000 pages.

    .venv/bin/python bench/run_memory.py [--pages 200 2000] [--findings 30]

What grows with the number of pages in cxlint's process (crawler records, frontier, store, findings
stage, the run's result, site checks, gate, reports) is independent of how a page is checked, and a
real crawl of 2,000 pages takes hours on a small shared machine. So each size runs the real CLI
(``cxlint scan URL --max-pages N --format json``) in a fresh process where only the browser session
is replaced: its ``scan(url)`` returns a realistic page result at once (30 findings from axe, DOM and
text rules with snippets and suggestions, site-check facts, 40 links to further pages: the pages of
``bench/report_memory.py``) after the run's own findings stage. Everything else is the real run,
robots/sitemap/origin probes included (nothing listens at the address, so they fail fast). The
process's peak RSS (``ru_maxrss``) is printed per size. ``bench/memory.py`` measures real scans,
browser included, at the sizes a machine can afford.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import resource
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class FakeSession:
    """``BrowserSession``'s interface; each page is a synthetic result through the run's findings stage."""

    def __init__(self, launch: Any, scan_page: Any, scanner: Any, **_: Any) -> None:
        self.scanner = scanner
        self.launches = 0
        self.browser_version = "synthetic"

    async def start(self) -> None:
        self.launches += 1

    async def scan(self, url: str) -> Any:
        from report_memory import _page

        from cxlint.model import PageResult

        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        path = parts.path.rsplit("page-", 1)
        n = int(path[1].split(".")[0]) if len(path) == 2 else 0
        data = _page(random.Random(n), n, FINDINGS)
        data["url"] = data["final_url"] = url
        data["links"]["pages"] = [f"{origin}/section-{j % 20}/page-{j}.html" for j in range(n + 1, n + 41)]
        data["links"]["documents"] = [f"{origin}/forms/{n}.pdf"]
        for f in data["findings"]:
            f["fingerprint"] = ""
        result = PageResult.from_dict(data)
        self.scanner.stage.process_page(result)
        return result

    async def recover(self) -> None:
        return None

    async def close(self) -> None:
        return None


FINDINGS = 30


def child(pages: int, findings: int, work: Path) -> None:
    global FINDINGS
    FINDINGS = findings
    import cxlint.cluster.backend
    from cxlint.cli import app

    cxlint.cluster.backend.BrowserSession = FakeSession  # type: ignore[assignment,misc]  (the in-process backend's)
    url = f"http://127.0.0.1:{unused_port()}/"
    t0 = time.monotonic()
    with contextlib.suppress(SystemExit):
        app(["scan", url, "--no-config", "--no-cache", "--store", str(work / "store.db"), "--out", str(work / "out"),
             "--format", "json", "--max-pages", str(pages), "--exit-zero", "--quiet", "--concurrency", "4"],
            standalone_mode=False)  # fmt: skip
    wall = time.monotonic() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before this script reads anything big
    with contextlib.closing(sqlite3.connect(work / "store.db")) as db:
        scanned = db.execute("SELECT COUNT(*) FROM pages WHERE status = 'scanned'").fetchone()[0]
    if scanned < pages:
        sys.exit(f"only {scanned} of {pages} pages were scanned: the fake browser session was not used")
    print(json.dumps({"pages": scanned, "wall_s": round(wall, 1), "peak_rss_mb": round(peak, 1)}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--findings", type=int, default=30)
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--work", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.child, args.findings, args.work)
        return
    runs = []
    for n in args.pages:
        with tempfile.TemporaryDirectory(prefix="cxlint-runmem-") as tmp:
            proc = subprocess.run(
                [sys.executable, __file__, "--child", str(n), "--findings", str(args.findings), "--work", tmp],
                capture_output=True, text=True,
            )  # fmt: skip
            if proc.returncode != 0:
                sys.exit(f"run of {n} pages failed: {proc.stderr.strip()[-800:]}")
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    ratio = round(runs[-1]["peak_rss_mb"] / runs[0]["peak_rss_mb"], 3)
    print(json.dumps({"findings_per_page": args.findings, "runs": runs, "peak_ratio_large_over_small": ratio},
                     indent=2))  # fmt: skip


if __name__ == "__main__":
    main()
