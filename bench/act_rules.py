"""Score cxlint against the W3C ACT Rules test cases: per ACT rule, does cxlint agree with the expected outcome?

Each ACT test case is a small page with an expected outcome for one ACT rule: ``passed``,
``failed`` or ``inapplicable``. The cxlint rules that implement that ACT rule are axe rules,
mapped by Deque's own published implementation report (``implementations/axe-core.json``), and
cxlint's own rules, mapped by hand in :data:`CXLINT_MAPPING`. Every case is served on 127.0.0.1
and scanned with cxlint's real scanner (``scan_page`` plus the engines ``page_engines`` builds),
with only the mapped rules selected so other rules' findings cannot muddy the verdict.

A case *fails* in cxlint when a mapped rule reports a violation; a needs-review finding is
"can't tell" (a person is asked, nothing is claimed). The bar is no false failures on
``passed`` and ``inapplicable`` cases: a false failure costs a developer's trust, a missed
failure is what a manual audit is for.

    .venv/bin/python bench/act_rules.py [--rules oj04fd,axe/image-alt,A11Y101] [--limit N]
                                        [--approved-only] [--concurrency 2] [--json out.json] [-v]

Skips cleanly (exit 0) when the shared corpus is absent. Exit 1 when any false failure is found.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, async_playwright

from cxlint.browser import launch
from cxlint.crawl.guard import RedirectGuard
from cxlint.engines.axe import STANDARD_TAGS
from cxlint.engines.pipeline import Selection, page_engines
from cxlint.model import Finding, Outcome, PageResult, PageStatus
from cxlint.registry import RULES_DIR, Registry, load_registry
from cxlint.scanner import BrowserCrashed, PageScanner, ScanOptions, scan_page
from cxlint.serve import LocalSite

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "act-rules"
CASES_PATH = "WAI/content-assets/wcag-act-rules"
"""Where the test cases sit below the corpus root; the root is served, as the cases use absolute asset URLs."""

CXLINT_MAPPING: dict[str, list[str]] = {
    # Element in sequential focus order has visible focus (2.4.7).
    "oj04fd": ["focus-visible"],
    # Document has an instrument to move focus to non-repeated content (2.4.1): a skip link is one.
    # The broader "Bypass Blocks" rule (cf77f2) also passes on headings or landmarks alone, which
    # skip-link deliberately does not accept, so it is not mapped.
    "ye5d6e": ["skip-link"],
    # Important letter / word spacing and line height in style attributes (1.4.12): inline
    # !important spacing defeats the user's override, which text-spacing applies and measures.
    "24afc2": ["text-spacing"],
    "9e45ec": ["text-spacing"],
    "78fd32": ["text-spacing"],
    # Audio or video element avoids automatically playing audio (1.4.2).
    "80f0bf": ["autoplay-media"],
    # Focusable element has no keyboard trap (2.1.2), and its standard-navigation half. The
    # non-standard half (ebe86a) needs the page's own instructions read, so it is not mapped.
    "80af7b": ["keyboard-trap"],
    "a1b64e": ["keyboard-trap"],
    # Zoomed text node is not clipped with CSS overflow (1.4.4).
    "59br37": ["resize-text"],
}
"""ACT rule id -> names of cxlint's own rules that implement it (names not in the registry are ignored).

Names, not codes: a rule's name is its meaning, so the mapping survives renumbering."""


@dataclass
class CaseResult:
    act: str
    case_id: str
    title: str
    expected: str
    verdict: str
    """``failed`` (a mapped rule reported a violation), ``cantTell`` (needs review only), ``none``, or ``error``."""
    rules: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    url: str = ""


@dataclass
class RuleScore:
    act: str
    name: str
    cxlint: list[str]
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, r: CaseResult) -> None:
        self.counts[f"{r.expected}:{r.verdict}"] += 1
        self.counts[r.expected] += 1

    def agreeing(self) -> int:
        c = self.counts
        return (
            c["passed:none"]
            + c["passed:cantTell"]
            + c["inapplicable:none"]
            + c["inapplicable:cantTell"]
            + c["failed:failed"]
        )

    def scored(self) -> int:
        return sum(self.counts[e] for e in ("passed", "failed", "inapplicable")) - sum(
            self.counts[f"{e}:error"] for e in ("passed", "failed", "inapplicable")
        )


def _runnable_axe_rules(registry: Registry, standard: str) -> set[str]:
    """axe rules cxlint actually runs under ``standard``: experimental ones never run by tag."""
    tags = set(STANDARD_TAGS[standard]) | {"best-practice"}
    return {
        code
        for code, r in registry.rules.items()
        if r.spec.kind == "axe" and r.spec.enabled and "experimental" not in r.spec.tags and tags & set(r.spec.tags)
    }


def build_mapping(corpus: Path, registry: Registry, standard: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """ACT rule -> cxlint codes that run, and ACT rule -> mapped codes cxlint does not run (reported, not scored)."""
    axe_report = json.loads((corpus / "implementations" / "axe-core.json").read_text(encoding="utf-8"))
    runnable = _runnable_axe_rules(registry, standard)
    mapped: dict[str, list[str]] = defaultdict(list)
    missing: dict[str, list[str]] = defaultdict(list)
    for entry in axe_report["actRuleMapping"]:
        for proc in entry.get("procedureNames") or []:
            code = f"axe/{proc}"
            (mapped if code in runnable else missing)[entry["ruleId"]].append(code)
    own = {r.spec.name: r for r in registry.rules.values() if r.spec.kind != "axe" and r.spec.enabled}
    for act, names in CXLINT_MAPPING.items():
        for name in names:
            rule = own.get(name)
            if rule is None:
                missing[act].append(name)
            else:
                mapped[act].append(rule.code)
    return {k: sorted(set(v)) for k, v in mapped.items()}, {k: sorted(set(v)) for k, v in missing.items()}


def verdict(page: PageResult, codes: set[str]) -> tuple[str, list[Finding]]:
    """What cxlint says about one case, counting only the rules mapped to its ACT rule."""
    if page.status is not PageStatus.SCANNED:
        return "error", list(page.findings)
    relevant = [f for f in page.findings if f.rule in codes]
    broken = [f for f in relevant if f.data.get("check_error")]
    if broken:
        return "error", broken
    fails = [f for f in relevant if f.outcome is Outcome.VIOLATION]
    if fails:
        return "failed", fails
    review = [f for f in relevant if f.outcome is Outcome.NEEDS_REVIEW]
    return ("cantTell", review) if review else ("none", [])


def _options(registry: Registry, codes: list[str], standard: str, origin: str) -> PageScanner:
    own = Registry(rules={c: registry.rules[c] for c in codes if not c.startswith("axe/")})
    sel = Selection(categories=frozenset({"accessibility"}), standard=standard)
    engines = {"dom"} | ({"axe"} if any(c.startswith("axe/") for c in codes) else set())
    # Test cases are tiny static pages: a short network-quiet wait keeps media cases from idling.
    opts = ScanOptions(standard=standard, timeout_s=20.0, network_quiet_s=1.0, engines=frozenset(engines))
    # As in a crawl of the corpus site (PageScanner.from_plan always has a guard): the top document is held
    # from the first request, so a page that sends itself elsewhere (a 0-second meta refresh) is checked
    # as loaded, with the target kept as a link, instead of racing the checks.
    guard = RedirectGuard([f"{origin}/"])
    return PageScanner(opts, engines=page_engines(own, sel) if own.rules else [], guard=guard)


async def _scan_all(
    jobs: list[tuple[dict[str, Any], list[str]]],
    registry: Registry,
    origin: str,
    standard: str,
    concurrency: int,
    verbose: bool,
) -> list[CaseResult]:
    results: list[CaseResult] = []
    sem = asyncio.Semaphore(concurrency)
    options: dict[tuple[str, ...], PageScanner] = {}
    t0 = time.monotonic()
    async with async_playwright() as pw:
        holder: dict[str, Browser] = {"browser": await launch(pw)}
        relaunch = asyncio.Lock()

        async def one(case: dict[str, Any], codes: list[str]) -> None:
            key = tuple(codes)
            opts = options.setdefault(key, _options(registry, codes, standard, origin))
            url = f"{origin}/{CASES_PATH}/{case['relativePath']}"
            async with sem:
                for attempt in (1, 2):
                    browser = holder["browser"]
                    try:
                        page = await scan_page(browser, url, opts)
                        break
                    except BrowserCrashed:
                        async with relaunch:
                            if holder["browser"] is browser:
                                holder["browser"] = await launch(pw)
                        if attempt == 2:
                            page = PageResult(url=url, status=PageStatus.FAILED, reason="browser crashed twice")
            v, found = verdict(page, set(codes))
            res = CaseResult(
                act=case["ruleId"],
                case_id=case["testcaseId"],
                title=case["testcaseTitle"],
                expected=case["expected"],
                verdict=v,
                rules=sorted({f.rule for f in found}),
                messages=[f"{f.rule}: {f.message} [{f.location.selector}]" for f in found][:5]
                or ([page.reason] if page.reason else []),
                url=url,
            )
            results.append(res)
            n = len(results)
            wrong = res.expected in ("passed", "inapplicable") and v == "failed"
            if verbose or wrong or n % 25 == 0 or n == len(jobs):
                mark = "FALSE FAILURE " if wrong else ""
                print(
                    f"[{n:>4}/{len(jobs)} {time.monotonic() - t0:6.0f}s] {mark}{res.act} {res.title}: "
                    f"expected {res.expected}, cxlint {v}",
                    flush=True,
                )

        await asyncio.gather(*(one(c, codes) for c, codes in jobs))
        await holder["browser"].close()
    return results


def _select(
    cases: list[dict[str, Any]],
    mapping: dict[str, list[str]],
    wanted: list[str],
    approved_only: bool,
    limit: int | None,
) -> list[tuple[dict[str, Any], list[str]]]:
    jobs: list[tuple[dict[str, Any], list[str]]] = []
    per_rule: dict[str, int] = defaultdict(int)
    for case in cases:
        act = case["ruleId"]
        codes = mapping.get(act)
        if not codes:
            continue
        if wanted:
            codes = codes if act in wanted else [c for c in codes if c in wanted]
            if not codes:
                continue
        if approved_only and not case.get("approved"):
            continue
        if not case["relativePath"].endswith(".html"):
            continue  # SVG and XML documents: cxlint scans HTML pages only.
        if limit is not None and per_rule[act] >= limit:
            continue
        per_rule[act] += 1
        jobs.append((case, codes))
    return jobs


def report(results: list[CaseResult], mapping: dict[str, list[str]], names: dict[str, str]) -> dict[str, Any]:
    scores: dict[str, RuleScore] = {}
    for r in results:
        scores.setdefault(r.act, RuleScore(r.act, names.get(r.act, ""), mapping.get(r.act, []))).add(r)
    print(
        f"\n{'ACT':<7}{'rule':<46}{'cxlint rules':<40}{'passed ok':>10}{'failed hit':>11}{'inapp ok':>9}"
        f"{'review':>7}{'err':>5}{'agree':>7}"
    )
    totals: dict[str, int] = defaultdict(int)
    for act in sorted(scores, key=lambda a: scores[a].name):
        s = scores[act]
        c = s.counts
        review = sum(c[f"{e}:cantTell"] for e in ("passed", "failed", "inapplicable"))
        errors = sum(c[f"{e}:error"] for e in ("passed", "failed", "inapplicable"))
        p_ok = c["passed"] - c["passed:failed"] - c["passed:error"]
        i_ok = c["inapplicable"] - c["inapplicable:failed"] - c["inapplicable:error"]
        for k, v in (
            ("passed", c["passed"]),
            ("passed_ok", p_ok),
            ("failed", c["failed"]),
            ("failed_hit", c["failed:failed"]),
            ("inapplicable", c["inapplicable"]),
            ("inapplicable_ok", i_ok),
            ("review", review),
            ("errors", errors),
            ("agree", s.agreeing()),
            ("scored", s.scored()),
        ):
            totals[k] += v
        pct = f"{100 * s.agreeing() / s.scored():.0f}%" if s.scored() else "-"
        print(
            f"{act:<7}{s.name[:45]:<46}{', '.join(s.cxlint)[:39]:<40}"
            f"{p_ok:>5}/{c['passed']:<4}{c['failed:failed']:>6}/{c['failed']:<4}{i_ok:>4}/{c['inapplicable']:<4}"
            f"{review:>7}{errors:>5}{pct:>7}"
        )
    false = sorted(
        (r for r in results if r.expected in ("passed", "inapplicable") and r.verdict == "failed"),
        key=lambda r: (r.act, r.title),
    )
    errs = sorted((r for r in results if r.verdict == "error"), key=lambda r: (r.act, r.title))
    agree = f"{100 * totals['agree'] / totals['scored']:.1f}%" if totals["scored"] else "-"
    print(
        f"\n{len(scores)} ACT rules, {len(results)} cases. Passed cases without a false failure: "
        f"{totals['passed_ok']}/{totals['passed']}; failed cases detected: {totals['failed_hit']}/{totals['failed']}; "
        f"inapplicable cases without a failure: {totals['inapplicable_ok']}/{totals['inapplicable']}; "
        f"needs-review: {totals['review']}; errors: {totals['errors']}. Agreement {agree}."
    )
    if false:
        print(f"\nFalse failures ({len(false)}):")
        for r in false:
            print(f"  {r.act} {r.title} ({r.expected}) {r.url}")
            for m in r.messages:
                print(f"      {m[:220]}")
    if errs:
        print(f"\nCases cxlint could not check ({len(errs)}):")
        for r in errs:
            print(f"  {r.act} {r.title}: {'; '.join(m[:160] for m in r.messages[:2])}")
    return {
        "totals": dict(totals),
        "rules": {a: {"name": s.name, "cxlint": s.cxlint, "counts": dict(s.counts)} for a, s in scores.items()},
        "false_failures": [r.__dict__ for r in false],
        "errors": [r.__dict__ for r in errs],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument(
        "--rules", default="", help="comma-separated ACT rule ids and/or cxlint codes (default: all mapped)"
    )
    ap.add_argument("--limit", type=int, default=None, help="at most this many cases per ACT rule")
    ap.add_argument("--approved-only", action="store_true", help="only the cases of approved ACT rules")
    ap.add_argument("--standard", default="wcag22aa", choices=sorted(STANDARD_TAGS))
    ap.add_argument("--concurrency", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None, help="write the per-rule numbers and false failures here")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    testcases = args.corpus / "testcases.json"
    if not testcases.is_file():
        print(f"ACT rules corpus not found at {args.corpus}: skipping")
        return 0
    registry = load_registry([RULES_DIR / "accessibility", RULES_DIR / "federal"])
    for e in registry.errors:
        print(f"rule load error: {e}", file=sys.stderr)
    cases = json.loads(testcases.read_text(encoding="utf-8"))["testcases"]
    names = {c["ruleId"]: c["ruleName"] for c in cases}
    mapping, missing = build_mapping(args.corpus, registry, args.standard)
    wanted = [w.strip() for w in args.rules.split(",") if w.strip()]
    jobs = _select(cases, mapping, wanted, args.approved_only, args.limit)
    for act, codes in sorted(missing.items()):
        if act not in mapping and (not wanted or act in wanted):
            print(f"not scored: {act} {names.get(act, '')[:60]} maps to {', '.join(codes)}, which cxlint does not run")
    if not jobs:
        print("no test cases selected")
        return 0
    print(f"{len(jobs)} test cases over {len({c['ruleId'] for c, _ in jobs})} ACT rules, standard {args.standard}\n")
    site = LocalSite(args.corpus).start()
    origin = site.origin
    try:
        results = asyncio.run(_scan_all(jobs, registry, origin, args.standard, args.concurrency, args.verbose))
    finally:
        site.stop()
    summary = report(results, mapping, names)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 1 if summary["false_failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
