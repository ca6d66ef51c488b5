"""cxlint's scan speed against its peers, side by side on the same pages in the same run.

    .venv/bin/python bench/speed.py [--pages 100] [--repeat 1] [--sites plain,template]
                                    [--peers DIR] [--setup-peers] [--tools ...] [--out bench/results]

For each generated site (``bench/make_site.py``: ``plain``, and ``template`` where every
page shares a USWDS-style frame) this serves the pages on 127.0.0.1 and times, one after
the other and interleaved over ``--repeat`` rounds so that machine load drifts evenly:

* ``load``: the naive Playwright loop loading the pages only (``../shared/bench/naive_axe.py
  --mode load -c 2``), the floor of any browser-based scan;
* ``naive-axe``: the same loop with axe-playwright-python (``--mode axe -c 2``);
* ``pa11y-ci``: pa11y-ci 4 with its axe runner, at ``--pa11y-concurrency`` (4, its best on
  two cores in ../shared/bench/README.md); installed by ``../shared/bench/setup_peers.sh``
  into ``--peers`` (``--setup-peers`` runs it); skipped, saying why, when it is not there;
* ``cxlint``: ``cxlint scan`` with every check and its defaults;
* ``cxlint-a11y``: ``cxlint scan --checks accessibility``;
* ``cxlint-axe``: ``cxlint scan --select axe/``, axe's rules and nothing else: cxlint's own page
  flow (loading, axe in every frame, screenshots, findings stage, store, reports) doing the
  peers' job, so the distance between it and ``cxlint`` is what the checks beyond axe cost;
* ``cxlint-base`` (with ``--base DIR``): ``cxlint scan`` from another checkout, e.g. the
  commit before a change, for a before/after comparison made in the same run;
* ``cxlint-jN`` (with ``--jobs 1,2,3,4``): ``cxlint scan -j N``, to choose the default concurrency.

Wall seconds are medians over the rounds. The ratios say how many times faster cxlint is
than each peer (above 1: cxlint is ahead). cxlint's own time is broken down by engine and
by DOM check, summed over pages from ``metrics.timings`` in its results.json. The report
is printed and saved as Markdown and JSON under ``--out``. Absolute seconds drift with
the machine's load; compare ratios taken in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "bench"
if not SHARED.is_dir():
    SHARED = Path("/work/shared/bench")
sys.path.insert(0, str(HERE))

import cputree  # noqa: E402  (bench/ is not a package)
from make_site import write_site  # noqa: E402  (bench/ is not a package)

TOOLS = ("load", "naive-axe", "pa11y-ci", "cxlint", "cxlint-a11y", "cxlint-axe")
EXTRA = ("cxlint-base",)
PEERS = ("naive-axe", "pa11y-ci")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[int]:
    """Serve ``root`` on 127.0.0.1 (a free port) for as long as the block runs."""
    handler = functools.partial(_Quiet, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(httpd.server_address[1])
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Site:
    name: str
    root: Path
    port: int


@dataclass
class Run:
    tool: str
    site: str
    seconds: float
    ok: bool
    note: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    pages: int = 0
    load: float = 0.0
    """The machine's 1-minute load average when the run started: other work skews wall seconds."""


CPU: dict[tuple[str, str], dict[str, float]] = {}
"""CPU seconds by process kind of the last run of each (tool, site)."""


def _timed(
    cmd: list[str], log: Path, env: dict[str, str] | None = None, timeout: float = 3600, *, key: tuple[str, str]
) -> tuple[float, int]:
    secs, rc, cpu = cputree.run(cmd, log, env, timeout)
    CPU[key] = cpu
    return secs, rc


def cxlint_timings(results: Path) -> tuple[dict[str, float], int]:
    """Milliseconds per step summed over every scanned page of a results.json, and the page count."""
    data = json.loads(results.read_text())
    total: Counter[str] = Counter()
    pages = 0
    for page in data.get("pages", []):
        t = (page.get("metrics") or {}).get("timings") or {}
        if t:
            pages += 1
        for k, v in t.items():
            total[k] += float(v)
    return dict(total), pages


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.python = args.python
        self.peers = Path(args.peers)

    def pa11y(self) -> tuple[Path, Path] | None:
        binary = self.peers / "pa11y" / "node_modules" / ".bin" / "pa11y-ci"
        config = self.peers / f"pa11yci-axe-c{self.args.pa11y_concurrency}.json"
        return (binary, config) if binary.exists() and config.exists() else None

    def run(self, tool: str, site: Site, rnd: int) -> Run:
        base = f"http://127.0.0.1:{site.port}"
        out = self.work / f"{site.name}-{tool}-{rnd}"
        out.mkdir(parents=True, exist_ok=True)
        log = out / "log.txt"
        urls = site.root / "urls.txt"
        if tool in ("load", "naive-axe"):
            mode = "load" if tool == "load" else "axe"
            cmd = [self.python, str(SHARED / "naive_axe.py"), "--urls", str(urls), "--mode", mode, "-c", "2"]
            cmd += ["--json", str(out / "naive.json")]
            secs, rc = _timed(cmd, log, key=(tool, site.name))
            return Run(tool, site.name, secs, rc == 0, "" if rc == 0 else f"exit {rc}, see {log}")
        if tool == "pa11y-ci":
            found = self.pa11y()
            if found is None:
                return Run(tool, site.name, 0.0, False, f"not installed in {self.peers} (run with --setup-peers)")
            binary, config = found
            cmd = [str(binary), "-c", str(config), "--sitemap", f"{base}/sitemap.xml", "--json"]
            secs, rc = _timed(cmd, log, key=(tool, site.name))
            # pa11y-ci exits 2 when it found issues: that is a finished run.
            return Run(tool, site.name, secs, rc in (0, 2), "" if rc in (0, 2) else f"exit {rc}, see {log}")
        cmd = [self.python, "-m", "cxlint", "scan", f"{base}/page001.html", "--sitemap", f"{base}/sitemap.xml"]
        cmd += ["--no-follow", "--no-config", "-q", "--format", "json", "--out", str(out)]
        cmd += ["--store", str(out / "scan.db")]
        jobs = int(tool.rsplit("-j", 1)[1]) if tool.startswith("cxlint-j") else self.args.cxlint_jobs
        if jobs:
            cmd += ["-j", str(jobs)]
        if tool == "cxlint-a11y":
            cmd += ["--checks", "accessibility"]
        if tool == "cxlint-axe":
            cmd += ["--select", "axe/"]
        code = Path(self.args.base) if tool == "cxlint-base" else ROOT
        env = {**os.environ, "PYTHONPATH": str(code)}
        secs, rc = _timed(cmd, log, env, key=(tool, site.name))
        results = out / "results.json"
        if rc not in (0, 1) or not results.exists():
            return Run(tool, site.name, secs, False, f"exit {rc}, see {log}")
        timings, pages = cxlint_timings(results)
        return Run(tool, site.name, secs, True, timings=timings, pages=pages)

    def setup_peers(self) -> None:
        script = SHARED / "setup_peers.sh"
        rc = subprocess.run(["bash", str(script), str(self.peers)], check=False).returncode
        if rc != 0:
            print(f"setup_peers.sh failed (exit {rc}): pa11y-ci is left out", file=sys.stderr)


def _median(runs: list[Run]) -> float | None:
    ok = [r.seconds for r in runs if r.ok]
    return round(statistics.median(ok), 1) if ok else None


def report(runs: list[Run], args: argparse.Namespace, started: str) -> tuple[str, dict[str, object]]:
    sites = list(dict.fromkeys(r.site for r in runs))
    tools = list(dict.fromkeys(r.tool for r in runs))
    lines = [
        f"# cxlint scan speed against its peers ({started})",
        "",
        f"{args.pages} generated pages per site (bench/make_site.py), served on 127.0.0.1; "
        f"median wall seconds of {args.repeat} interleaved round(s) on {os.cpu_count()} CPU(s); "
        f"naive loop at concurrency 2, pa11y-ci (axe runner) at {args.pa11y_concurrency}, "
        f"cxlint at {args.cxlint_jobs or 'its default'}.",
        "A ratio is the peer's time over cxlint's: above 1, cxlint is that many times faster.",
        f"load: the machine's 1-minute load average as each run started; above {os.cpu_count()} other work "
        "competed for the cores, so compare CPU seconds per page rather than wall seconds.",
        "",
    ]
    summary: dict[str, object] = {"started": started, "pages": args.pages, "repeat": args.repeat, "sites": {}}
    for site in sites:
        med = {t: _median([r for r in runs if r.site == site and r.tool == t]) for t in tools}
        notes = {r.tool: r.note for r in runs if r.site == site and r.note}
        lines += [f"## Site: {site}", "", "| tool | wall s | runs | load | " + " | ".join(f"vs {p}" for p in PEERS) + " |"]
        lines.append("|---|---:|---|---|" + "---:|" * len(PEERS))
        for t in tools:
            all_runs = [r for r in runs if r.site == site and r.tool == t]
            secs = med[t]
            cells = []
            for p in PEERS:
                if t.startswith("cxlint") and secs and med.get(p):
                    cells.append(f"{med[p] / secs:.2f}×")  # type: ignore[operator]
                else:
                    cells.append("")
            shown = f"{secs:.1f}" if secs is not None else f"— ({notes.get(t, 'failed')})"
            each = ", ".join(f"{r.seconds:.1f}" for r in all_runs if r.ok)
            loads = ", ".join(f"{r.load:.1f}" for r in all_runs)
            lines.append(f"| {t} | {shown} | {each} | {loads} | " + " | ".join(cells) + " |")
        site_sum: dict[str, object] = {"wall_s": med, "notes": notes}
        cpu = {t: CPU[(t, site)] for t in tools if CPU.get((t, site))}
        if cpu:
            kinds = sorted({k for c in cpu.values() for k in c}, key=lambda k: -max(c.get(k, 0) for c in cpu.values()))
            lines += ["", "CPU seconds by process (last round; the whole machine has "
                      f"{os.cpu_count()} × the wall seconds):", ""]
            lines += ["| tool | total | per page | " + " | ".join(kinds) + " |", "|---|---:|---:|" + "---:|" * len(kinds)]
            for t, c in cpu.items():
                per_page = sum(c.values()) / args.pages
                cells = " | ".join(f"{c.get(k, 0):.1f}" for k in kinds)
                lines.append(f"| {t} | {sum(c.values()):.1f} | {per_page:.2f} | {cells} |")
            site_sum["cpu_s"] = cpu
        for t in [t for t in tools if t.startswith("cxlint")]:
            tr = [r for r in runs if r.site == site and r.tool == t and r.ok]
            if not tr:
                continue
            last = tr[-1]
            if not last.timings:
                continue  # a checkout from before metrics.timings
            steps = {k: v for k, v in last.timings.items() if "." not in k}
            parts = {k: v for k, v in last.timings.items() if "." in k}
            total = sum(steps.values()) or 1.0
            lines += ["", f"{t}: where the page time goes (last round, {last.pages} pages, summed over pages)", ""]
            lines += ["| step | s | share |", "|---|---:|---:|"]
            for k, v in sorted(steps.items(), key=lambda kv: -kv[1]):
                lines.append(f"| {k} | {v / 1000:.1f} | {v / total:.0%} |")
            top = sorted(parts.items(), key=lambda kv: -kv[1])[:12]
            if top:
                lines += ["", "| part | s |", "|---|---:|"]
                lines += [f"| {k} | {v / 1000:.1f} |" for k, v in top]
            site_sum[f"{t}_timings_ms"] = {k: round(v, 1) for k, v in last.timings.items()}
        summary["sites"][site] = site_sum  # type: ignore[index]
        lines.append("")
    summary["runs"] = [r.__dict__ | {"timings": {}} for r in runs]
    return "\n".join(lines), summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--sites", default="plain,template", help="comma-separated: plain, template")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ", ".join(TOOLS))
    ap.add_argument("--peers", default=str(Path(tempfile.gettempdir()) / "cxlint-peers"))
    ap.add_argument("--setup-peers", action="store_true", help="install pa11y-ci with ../shared/bench/setup_peers.sh")
    ap.add_argument("--pa11y-concurrency", type=int, choices=(1, 2, 4), default=4)
    ap.add_argument("--cxlint-jobs", type=int, default=0, help="cxlint -j (0: cxlint's default)")
    ap.add_argument("--jobs", default="", help="also run cxlint at each of these -j values, e.g. 1,2,3,4")
    ap.add_argument("--base", default="", help="another cxlint checkout to run as cxlint-base (before/after)")
    ap.add_argument("--python", default=sys.executable, help="a Python with cxlint's dependencies")
    ap.add_argument("--out", default=str(HERE / "results"))
    ap.add_argument("--keep", action="store_true", help="keep the generated sites and outputs")
    args = ap.parse_args()
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = set(tools) - set(TOOLS) - set(EXTRA)
    if args.base:
        if not (Path(args.base) / "cxlint" / "__main__.py").exists():
            ap.error(f"--base {args.base} is not a cxlint checkout")
        tools.append("cxlint-base")
    tools += [f"cxlint-j{int(j)}" for j in args.jobs.split(",") if j.strip()]
    sites = [s.strip() for s in args.sites.split(",") if s.strip()]
    if unknown or not set(sites) <= {"plain", "template"} or args.pages < 2 or args.repeat < 1:
        ap.error(f"unknown tool(s) {sorted(unknown)}" if unknown else "bad --sites, --pages or --repeat")
    if not (SHARED / "naive_axe.py").exists() and {"load", "naive-axe"} & set(tools):
        print(f"{SHARED}/naive_axe.py not found: the naive loop is left out", file=sys.stderr)
        tools = [t for t in tools if t not in ("load", "naive-axe")]
    started = datetime.now(UTC).isoformat(timespec="seconds")
    work = Path(tempfile.mkdtemp(prefix="cxlint-speed-"))
    bench = Bench(args, work)
    if args.setup_peers and "pa11y-ci" in tools and bench.pa11y() is None:
        bench.setup_peers()
    runs: list[Run] = []
    try:
        with contextlib.ExitStack() as stack:
            served: list[Site] = []
            for name in sites:
                root = work / f"site-{name}"
                root.mkdir()
                port = stack.enter_context(serve(root))
                write_site(root, args.pages, port, template=name == "template")
                served.append(Site(name, root, port))
            for rnd in range(args.repeat):
                for site in served:
                    # Rotate the order each round so no tool always runs first (or last) on a drifting machine.
                    order = tools[rnd % len(tools) :] + tools[: rnd % len(tools)]
                    for tool in order:
                        load = os.getloadavg()[0]
                        run = bench.run(tool, site, rnd)
                        run.load = round(load, 1)
                        runs.append(run)
                        state = f"{run.seconds:.1f} s" if run.ok else f"skipped: {run.note}"
                        print(f"round {rnd + 1} {site.name:8} {tool:12} {state}", file=sys.stderr, flush=True)
        text, summary = report(runs, args, started)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"outputs kept in {work}", file=sys.stderr)
    print(text)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = started.replace(":", "").replace("-", "")[:15]
    (out / f"speed-{stamp}.md").write_text(text + "\n")
    (out / f"speed-{stamp}.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(f"saved {out}/speed-{stamp}.md and .json", file=sys.stderr)


if __name__ == "__main__":
    main()
