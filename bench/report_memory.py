"""Peak memory of the reporting step at 200 and 2,000 stored pages (it must not grow with the pages).

    .venv/bin/python bench/report_memory.py [--pages 200 2000] [--findings 30]

Builds a synthetic results store per size (realistic pages: 30 findings each
from axe, the DOM checks and the text rules, with snippets, suggestions,
metrics, the facts the site checks keep, and 40 links), then renders every
format from the store in a fresh process and reads that process's peak RSS
(``ru_maxrss``) before and after the reporting pass. Two runs per size: the
machine formats (JSON, SARIF, JUnit, CSV, Markdown, console) and all formats
with the HTML report, which still gathers the whole run before rendering; and
the machine formats again from the results.json the first run wrote (ijson).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ORIGIN = "https://www.agency.gov"
MACHINE = ["json", "sarif", "junit", "csv", "markdown", "console"]


def _finding(rng: random.Random, i: int, url: str) -> dict:
    kind = i % 3
    if kind == 0:
        rule, cat, engine = rng.choice(["axe/image-alt", "axe/label", "axe/link-name", "axe/color-contrast"]), "accessibility", "axe"
        snippet = f'<img src="/assets/img/photo-{i}.jpg" class="usa-card__img hero-{i}" width="640" height="480">'
        text, suggestion = "", "Fix any of the following:\n  Element does not have an alt attribute\n  aria-label is missing"
    elif kind == 1:
        rule, cat, engine = rng.choice(["PL102", "PL105", "PL106", "PL107"]), "plain-language", "text"
        snippet = ""
        text = "In accordance with the regulations, applicants shall submit the required documentation " * 2
        suggestion = "Write: Send us the documents we need before the deadline."
    else:
        rule, cat, engine = rng.choice(["A11Y304", "FED201", "A11Y302", "A11Y313"]), rng.choice(["accessibility", "federal"]), "dom"
        snippet = f'<a href="/forms/{i}.pdf" target="_blank">Download form {i}</a>'
        text, suggestion = f"Download form {i}", "Say that the link opens a new window, and give the file type and size."
    return {
        "rule": rule, "name": rule.split("/")[-1].lower(), "severity": rng.choice(["error", "warning", "info"]),
        "outcome": "violation" if i % 7 else "needs-review", "message": f"Problem {i} found on this element of the page",
        "category": cat,
        "location": {"selector": f"main > div.grid-row:nth-child({i}) > .usa-card", "snippet": snippet,
                     "frames": [], "text": text},
        "wcag": ["1.1.1"] if cat == "accessibility" else [], "help_url": "", "suggestion": suggestion,
        "engine": engine, "tags": ["wcag2a", "wcag111"] if engine == "axe" else [], "data": {"count": i},
        "fingerprint": f"{rng.getrandbits(64):016x}",
    }


def _page(rng: random.Random, n: int, findings: int) -> dict:
    url = f"{ORIGIN}/section-{n % 20}/page-{n}.html"
    links = [f"{ORIGIN}/section-{j % 20}/page-{j}.html" for j in range(n, n + 40)]
    return {
        "url": url, "status": "scanned", "final_url": url, "http_status": 200,
        "title": f"Page {n} of the service | Agency", "lang": "en", "reason": "",
        "findings": [_finding(rng, i, url) for i in range(findings)],
        "metrics": {
            "plain_language_score": rng.uniform(30, 90), "reading_grade": rng.uniform(5, 15), "words": 800,
            "sentences": 40, "checked": True, "reason": "", "lang": "en", "lang_source": "declared",
            "not_applicable": {"FED103": "production-only rule"}, "headers": {"content-type": "text/html"},
            "facts": {"title": f"Page {n} of the service | Agency", "description": "About the service " * 5,
                      "navs": [{"label": "Main", "region": "banner", "selector": "nav",
                                "links": [{"name": f"Section {j}", "href": f"/section-{j}/"} for j in range(12)]}],
                      "chrome": [{"region": "contentinfo", "name": "Contact us", "href": "/contact"}]},
        },
        "links": {"pages": links, "documents": [f"{ORIGIN}/forms/{n}.pdf"], "other": []},
        "depth": 1, "started": "2026-01-01T00:00:00+00:00", "duration_ms": 900.0,
    }


def build_store(path: Path, pages: int, findings: int) -> str:
    from dataclasses import asdict

    from cxlint.crawl.states import UrlRecord, UrlState
    from cxlint.model import RunMeta
    from cxlint.store import Store

    rng = random.Random(pages)
    with Store(path) as store:
        scan_id = store.create_scan({"crawl": {"start_urls": [ORIGIN + "/"]}}, {"status": "running"})
        store.record_urls(scan_id, [UrlRecord(f"{ORIGIN}/section-{n % 20}/page-{n}.html", UrlState.SCANNED,
                                              admitted=True, seq=n) for n in range(pages)])
        with store._tx() as db:
            db.executemany(
                "INSERT INTO pages (scan_id, url, result, saved) VALUES (?, ?, ?, ?)",
                ((scan_id, p["url"], json.dumps(p), "2026-01-01") for p in (_page(rng, n, findings) for n in range(pages))),
            )
        meta = RunMeta(tool_version="bench", standard="wcag21aa", start_urls=[ORIGIN + "/"], scan_id=scan_id,
                       config={"checks": ["accessibility", "federal", "plain-language"]})
        store.save_report_record(scan_id, asdict(meta), [])
    return scan_id


def render(target: str, store: Path, formats: list[str], out: Path) -> dict:
    """In this process: import and load everything, then measure the reporting pass alone."""
    from rich.console import Console

    from cxlint.registry import load_registry
    from cxlint.report import write_reports
    from cxlint.report.source import open_source

    registry = load_registry()
    source = open_source(target, store)
    source.registry = registry
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    # The console goes to /dev/null: a StringIO would itself grow with the pages.
    with open(os.devnull, "w") as sink:
        written = write_reports(source, formats, out, console=Console(file=sink, width=160))
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    source.close()
    return {"before_mb": before / 1024, "peak_mb": peak / 1024, "growth_mb": (peak - before) / 1024,
            "seconds": seconds, "bytes": {p.name: p.stat().st_size for p in written}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--findings", type=int, default=30)
    parser.add_argument("--render", nargs=4, metavar=("TARGET", "STORE", "FORMATS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.render:
        target, store, formats, out = args.render
        print(json.dumps(render(target, Path(store), formats.split(","), Path(out))))
        return 0
    with tempfile.TemporaryDirectory(prefix="cxlint-bench-") as tmp:
        for n in args.pages:
            db = Path(tmp) / f"{n}.db"
            scan_id = build_store(db, n, args.findings)
            out = Path(tmp) / f"out-{n}"
            runs = (
                ("store, machine formats", scan_id, MACHINE),
                ("results.json, machine", str(out / "results.json"), MACHINE),
                ("store, all incl. HTML", scan_id, [*MACHINE, "html"]),
            )
            for label, target, formats in runs:
                dest = out if target == scan_id and formats is MACHINE else Path(tmp) / f"again-{n}"
                proc = subprocess.run(
                    [sys.executable, __file__, "--render", target, str(db), ",".join(formats), str(dest)],
                    capture_output=True, text=True, check=True,
                )
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                print(f"{n:>5} pages x {args.findings} findings, {label:<23}: peak RSS {r['peak_mb']:.0f} MB "
                      f"(before the pass {r['before_mb']:.0f} MB, growth {r['growth_mb']:.0f} MB), "
                      f"{r['seconds']:.1f} s, results.json {r['bytes'].get('results.json', 0) / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
