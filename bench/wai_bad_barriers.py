"""Score cxlint per annotated barrier on the W3C "Before and After" demo (BAD).

Errors per page say little about what a tool finds: one missing-alt rule can fire thirty times
on one page. W3C annotated 45 key barriers in the demo's ``before/`` pages; this bench asks, for
each one, whether a full ``cxlint scan`` (axe, DOM rules, plain language) reports a finding at
the annotated element or its region. The barriers and their elements are data,
``bench/wai_bad_barriers.yaml``, transcribed from the corpus's annotated pages (see its header);
a hit needs the finding's element to be the target, inside it, or inside the region, and for
large targets or regions also a shared success criterion (so a stray finding does not count).

It also scans the repaired ``after/`` pages and lists their error-severity violations under
WCAG 2.0 AA (the standard W3C repaired them to: there must be none) and under WCAG 2.1 AA (the
demo's fixed-width layout does not reflow at 320 CSS px, a real 1.4.10 failure).

    PYTHONPATH=. .venv/bin/python bench/wai_bad_barriers.py [--corpus PATH] [--standard wcag21aa]
        [--min-severity warning] [--results results.json] [--no-after] [--verbose]

Skips cleanly (exit 0) when the shared corpus is absent. Exit 1 when a selector of the data file
no longer matches the page, or when an ``after/`` page has a WCAG 2.0 error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from playwright.async_api import async_playwright

from cxlint.browser import launch
from cxlint.serve import LocalSite

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[1] / "shared" / "corpora" / "wai-bad"
BARRIERS = HERE / "wai_bad_barriers.yaml"
PAGES = ["home", "news", "tickets", "survey", "template"]
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
COUNTED_CATEGORIES = ("accessibility", "plain-language")
"""Federal findings (banner, required links) and scan findings are about the site, not a barrier."""

_SC = re.compile(r"\b(\d\.\d{1,2}\.\d{1,2})\b")
_GUIDELINE = re.compile(r"Guideline (\d\.\d{1,2})\b")


@dataclass
class Barrier:
    page: str
    id: str
    title: str
    sc: list[str]
    target: str
    region: str | None = None
    same_sc: bool = False
    exact: bool = False
    how: str = ""
    hits: list[dict[str, Any]] = field(default_factory=list)

    def shares_sc(self, wcag: list[str]) -> bool:
        """Success criteria match exactly; a barrier cited only under a guideline ("4.1") matches its criteria."""
        return any(w == s or (s.count(".") == 1 and w.startswith(s + ".")) for w in wcag for s in self.sc)


def criteria(annotation: dict[str, Any]) -> list[str]:
    """The annotation's success criteria; where labels.json lists none, those its references cite."""
    if annotation.get("success_criteria"):
        return list(annotation["success_criteria"])
    found: list[str] = []
    for ref in annotation.get("references", []):
        text = str(ref.get("criterion", ""))
        found += _SC.findall(text) or _GUIDELINE.findall(text)
    return list(dict.fromkeys(found))


def load_barriers(corpus: Path) -> list[Barrier]:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))["pages"]
    data = yaml.safe_load(BARRIERS.read_text(encoding="utf-8"))["barriers"]
    out = []
    for b in data:
        notes = {a["id"]: a for a in labels[f"before/{b['page']}.html"]["annotations"]}
        note = notes[b["id"]]
        out.append(
            Barrier(
                page=b["page"],
                id=b["id"],
                title=note["title"],
                sc=criteria(note),
                target=b["target"],
                region=b.get("region"),
                same_sc=bool(b.get("same_sc")),
                exact=bool(b.get("exact")),
                how=b.get("how", ""),
            )
        )
    expected = sum(len(labels[f"before/{p}.html"]["annotations"]) for p in PAGES)
    if len(out) != expected:
        raise SystemExit(f"{BARRIERS.name} lists {len(out)} barriers, the corpus annotates {expected}")
    return out


def scan(urls: list[str], standard: str, out: Path) -> dict[str, Any]:
    """One real ``cxlint scan`` of the given pages, as a user runs it; returns results.json."""
    cmd = [
        sys.executable, "-m", "cxlint", "scan", *urls, "--no-follow", "--format", "json",
        "--out", str(out), "--store", str(out / "scan.db"), "--fail-on", "never", "--standard", standard,
    ]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"cxlint scan failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return json.loads((out / "results.json").read_text(encoding="utf-8"))


_LOCATE = """({barriers, selectors}) => {
  const one = (sel) => { try { return Array.from(document.querySelectorAll(sel)); } catch (e) { return null; } };
  const out = {missing: [], hits: []};
  const areas = barriers.map((b) => {
    const targets = one(b.target) || [];
    const region = b.region ? (one(b.region) || []) : [];
    if (!targets.length) out.missing.push(b.id + ' target ' + b.target);
    if (b.region && !region.length) out.missing.push(b.id + ' region ' + b.region);
    return {targets, region};
  });
  selectors.forEach((sel, i) => {
    const found = sel ? one(sel) : null;
    const el = found && found[0];
    if (!el) return;
    areas.forEach((a, j) => {
      const b = barriers[j];
      const inRegion = a.region.some((r) => r.contains(el));
      const at = b.exact
        ? a.targets.some((t) => t === el || (inRegion && el.contains(t)))
        : a.targets.some((t) => t === el || t.contains(el)) || inRegion;
      if (at) out.hits.push([i, j]);
    });
  });
  return out;
}"""


async def score(origin: str, results: dict[str, Any], barriers: list[Barrier], min_rank: int) -> list[str]:
    """Attach every counted finding to the barriers it hits; returns selectors that match nothing."""
    by_url = {p["url"].rsplit("/", 1)[-1].removesuffix(".html"): p for p in results["pages"]}
    missing: list[str] = []
    async with async_playwright() as pw:
        browser = await launch(pw)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        for name in PAGES:
            mine = [b for b in barriers if b.page == name]
            findings = [
                f
                for f in by_url[name]["findings"]
                if f["category"] in COUNTED_CATEGORIES
                and SEVERITY_RANK.get(f["severity"], 0) >= min_rank
                and not f["location"].get("frames")
            ]
            await page.goto(f"{origin}/before/{name}.html", wait_until="load")
            located = await page.evaluate(
                _LOCATE,
                {
                    "barriers": [{"id": b.id, "target": b.target, "region": b.region, "exact": b.exact} for b in mine],
                    "selectors": [f["location"]["selector"] for f in findings],
                },
            )
            missing += [f"{name} {m}" for m in located["missing"]]
            for i, j in located["hits"]:
                b, f = mine[j], findings[i]
                if b.same_sc and not b.shares_sc(f["wcag"]):
                    continue
                b.hits.append(f)
        await browser.close()
    return missing


def report(barriers: list[Barrier], verbose: bool) -> tuple[int, int]:
    """Print each barrier; returns (detected, any finding there).

    Detected: a finding at the element that shares a success criterion with W3C's annotation.
    "near": some finding is at the element, but about another criterion.
    """
    detected = [b for b in barriers if any(b.shares_sc(f["wcag"]) for f in b.hits)]
    near = [b for b in barriers if b.hits]
    for b in barriers:
        same = [f for f in b.hits if b.shares_sc(f["wcag"])]
        mark = "HIT " if same else "near" if b.hits else "miss"
        rules = Counter(f["rule"] for f in (same or b.hits))
        listed = ", ".join(f"{r}×{n}" if n > 1 else r for r, n in sorted(rules.items()))
        print(f"{mark} {b.page:<9}{b.id}  [{', '.join(b.sc) or '-'}] {b.title[:58]:<58} {listed}")
        if verbose:
            for f in b.hits:
                print(f"        {f['rule']} {f['severity']}/{f['outcome']} {f['wcag']} {f['location']['selector'][:90]}")
    per_page = Counter(b.page for b in detected)
    print("\ndetected per page: " + ", ".join(f"{p} {per_page[p]}/{sum(b.page == p for b in barriers)}" for p in PAGES))
    return len(detected), len(near)


def after_errors(results: dict[str, Any]) -> Counter[str]:
    return Counter(
        f["rule"]
        for p in results["pages"]
        for f in p["findings"]
        if f["category"] == "accessibility" and f["severity"] == "error" and f["outcome"] == "violation"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--standard", default="wcag21aa", choices=["wcag20aa", "wcag21aa", "wcag22aa"])
    ap.add_argument("--min-severity", default="warning", choices=list(SEVERITY_RANK))
    ap.add_argument("--results", type=Path, help="score this results.json of the before/ pages instead of scanning")
    ap.add_argument("--no-after", action="store_true", help="do not scan the after/ pages")
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    if not (args.corpus / "labels.json").is_file():
        print(f"skipped: no WAI BAD corpus at {args.corpus}")
        return 0
    barriers = load_barriers(args.corpus)
    site = LocalSite(args.corpus).start()
    status = 0
    try:
        with tempfile.TemporaryDirectory(prefix="cxlint-bad-") as tmp:
            if args.results:
                before = json.loads(args.results.read_text(encoding="utf-8"))
                origin = before["meta"]["start_urls"][0].split("/before/")[0]
                site_origin = site.origin
                for p in before["pages"]:
                    p["url"] = p["url"].replace(origin, site_origin)
            else:
                before = scan([f"{site.origin}/before/{p}.html" for p in PAGES], args.standard, Path(tmp) / "before")
            missing = asyncio.run(score(site.origin, before, barriers, SEVERITY_RANK[args.min_severity]))
            if missing:
                for m in missing:
                    print(f"selector matches nothing: {m}", file=sys.stderr)
                return 1
            detected, near = report(barriers, args.verbose)
            print(
                f"annotated barriers detected ({args.standard}, {args.min_severity} and above; a finding at the "
                f"element on a criterion W3C cites): {detected} of {len(barriers)}\n"
                f"annotated barriers with any finding at the element: {near} of {len(barriers)}"
            )
            if not args.no_after:
                after_urls = [f"{site.origin}/after/{p}.html" for p in PAGES]
                for std in ("wcag20aa", "wcag21aa"):
                    errs = after_errors(scan(after_urls, std, Path(tmp) / f"after-{std}"))
                    listed = ", ".join(f"{r}×{n}" for r, n in sorted(errs.items())) or "none"
                    print(f"after/ pages, {std}: {sum(errs.values())} accessibility errors ({listed})")
                    if std == "wcag20aa" and errs:
                        status = 1
    finally:
        site.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
