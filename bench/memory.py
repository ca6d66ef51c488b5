"""Peak memory of a whole ``cxlint scan`` at two crawl sizes: cxlint's own process and its browser, apart.

    .venv/bin/python bench/memory.py [--pages 200 2000] [--checks plain-language] [--concurrency N]

Generates one deterministic site as large as the largest size (``make_site.py``: this repository's
``bench/`` if present, else ``../shared/bench/``), serves it on 127.0.0.1, and runs ``cxlint scan
--max-pages N`` through the CLI for each size, in a fresh store with ``--no-cache`` (every page is
loaded and checked). While it runs, the process tree is sampled every ``--interval`` seconds from
/proc and the peak of each group is kept:

- ``cxlint``: the Python process (crawl, checks' results, store, site checks, reports);
- ``driver``: Playwright's Node driver, which relays every call and event;
- ``browser``: every Chromium process (browser, renderers, GPU, utility), RSS summed per sample.

The flat-memory target is each peak at the larger size within 10 % of the smaller one's. ``--checks``
keeps a large crawl feasible on a small machine: axe is the costly part of a page's check, not what
grows with the number of pages.
"""

from __future__ import annotations

import argparse
import contextlib
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

MB = 1024 * 1024




def _children(pid: int) -> list[int]:
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError):
                out += [int(x) for x in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    return out


def _rss_and_name(pid: int) -> tuple[int, str]:
    rss, name = 0, ""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("Name:"):
                name = line.split(None, 1)[1].lower() if len(line.split()) > 1 else ""
            elif line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
    return rss, name


def sample(root: int) -> dict[str, int]:
    """RSS per group of the process tree under ``root`` right now (bytes)."""
    out = {"cxlint": 0, "driver": 0, "browser": 0}
    todo, seen = [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo += _children(pid)
        rss, name = _rss_and_name(pid)
        out["cxlint" if pid == root else "driver" if "node" in name else "browser"] += rss
    return out


def measure(url: str, pages: int, work: Path, checks: str, concurrency: int | None, interval: float) -> dict:
    store, out = work / f"store-{pages}.db", work / f"out-{pages}"
    args = [sys.executable, "-m", "cxlint", "scan", url, "--no-config", "--no-cache", "--store", str(store),
            "--out", str(out), "--format", "json", "--max-pages", str(pages), "--checks", checks,
            "--exit-zero", "--quiet"]  # fmt: skip
    if concurrency:
        args += ["--concurrency", str(concurrency)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CI": "true"}
    t0 = time.monotonic()
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks = {"cxlint": 0, "driver": 0, "browser": 0}
    timeline: list[tuple[float, int, int]] = []
    while proc.poll() is None:
        now = sample(proc.pid)
        for k, v in now.items():
            peaks[k] = max(peaks[k], v)
        timeline.append((round(time.monotonic() - t0, 1), now["cxlint"] // MB, now["browser"] // MB))
        time.sleep(interval)
    wall = time.monotonic() - t0
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        sys.exit(f"cxlint scan failed ({proc.returncode}): {err.strip()[-500:]}")
    data = json.loads((out / "results.json").read_text())
    scanned = sum(1 for p in data["pages"] if p["status"] == "scanned")
    step = max(1, len(timeline) // 12)
    return {
        "pages": scanned, "wall_s": round(wall, 1), "pages_per_s": round(scanned / wall, 2),
        "peak_mb": {k: round(v / MB, 1) for k, v in peaks.items()},
        "timeline_s_cxlint_browser_mb": timeline[::step],
    }  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--checks", default="plain-language")
    ap.add_argument("--concurrency", type=int, default=None)
    ap.add_argument("--interval", type=float, default=0.5)
    ap.add_argument("--keep", type=Path, default=None, help="keep the site, stores and results here")
    args = ap.parse_args()
    gen = next((g for g in GENERATORS if g.is_file()), None)
    if gen is None:
        sys.exit("bench/memory.py: no make_site.py (bench/ or ../shared/bench/)")
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="cxlint-memory-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        site = work / "site"
        if not (site / "index.html").is_file():
            subprocess.run([sys.executable, str(gen), "--port", str(port), "--out", str(site),
                            "--pages", str(max(args.pages))], check=True, capture_output=True)  # fmt: skip
            (site / ".port").write_text(str(port))
        port = int((site / ".port").read_text())
        server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            runs = [measure(f"http://127.0.0.1:{port}/", n, work, args.checks, args.concurrency, args.interval)
                    for n in args.pages]  # fmt: skip
        finally:
            server.shutdown()
    small, large = runs[0], runs[-1]
    ratios = {k: round(large["peak_mb"][k] / small["peak_mb"][k], 3) if small["peak_mb"][k] else None
              for k in small["peak_mb"]}  # fmt: skip
    print(json.dumps({"checks": args.checks, "runs": runs, "peak_ratio_large_over_small": ratios}, indent=2))


if __name__ == "__main__":
    main()
