"""Scan the W3C WAI "Before and After" demo with the DOM rules and print findings per page.

The repaired ``after/`` pages are the quality bar: the accessibility DOM rules of the
Section 508 profile (WCAG 2.0 AA, the standard W3C repaired and evaluated the demo against)
must give them zero error-severity violations, while the ``before/`` pages should give many.
Rules for WCAG 2.1/2.2 criteria are counted in their own column: the demo predates them
(its fixed 48em layout, for one, does not reflow at 320 CSS px).
Federal rules are printed separately: the demo is not a federal site, so they fail it by design.

    .venv/bin/python bench/wai_bad.py [--corpus PATH] [--verbose]

Skips cleanly (exit 0) when the shared corpus is absent.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections import Counter
from pathlib import Path

from playwright.async_api import async_playwright

from cxlint.browser import launch
from cxlint.dom.engine import PageContext, check_page
from cxlint.dom.kinds import DOM_KINDS
from cxlint.model import Finding, Outcome, Severity
from cxlint.registry import RULES_DIR, load_registry
from cxlint.serve import LocalSite

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "wai-bad"
PAGES = ["home", "news", "tickets", "survey", "template"]


def _errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR and f.outcome is Outcome.VIOLATION]


async def _scan(origin: str, verbose: bool) -> int:
    reg = load_registry([RULES_DIR / "federal", RULES_DIR / "accessibility"])
    if reg.errors:
        for e in reg.errors:
            print(f"rule load error: {e}", file=sys.stderr)
    dom = [r for r in reg.rules.values() if r.spec.kind in DOM_KINDS and r.spec.enabled]
    a11y = [r for r in dom if r.spec.category == "accessibility"]
    fed = [r for r in dom if r.spec.category == "federal"]
    print(f"{len(a11y)} accessibility and {len(fed)} federal DOM rules\n")
    print(
        f"{'page':<18}{'508 errors':>11}{'2.1/2.2 errors':>15}{'warnings':>10}{'review':>8}{'info':>6}"
        f"{'federal errors':>16}{'ms':>7}"
    )
    bad_after = 0
    totals: dict[str, int] = Counter()
    async with async_playwright() as pw:
        browser = await launch(pw)
        for side in ("before", "after"):
            for name in PAGES:
                url = f"{origin}/{side}/{name}.html"
                context = await browser.new_context(viewport={"width": 1280, "height": 900})
                page = await context.new_page()
                resp = await page.goto(url, wait_until="load")
                headers = {k.lower(): v for k, v in (await resp.all_headers()).items()} if resp else {}
                ctx = PageContext(
                    url=url,
                    final_url=page.url,
                    http_status=resp.status if resp else None,
                    headers=headers,
                    is_home=name == "home",
                )
                t0 = time.perf_counter()
                found, _ = await check_page(page, ctx, a11y)
                ms = (time.perf_counter() - t0) * 1000
                fed_found, _ = await check_page(page, ctx, fed)
                await context.close()
                errs = [f for f in _errors(found) if "section508" in f.tags]
                later = [f for f in _errors(found) if "section508" not in f.tags]
                review = [f for f in found if f.outcome is Outcome.NEEDS_REVIEW]
                warn = [f for f in found if f.severity is Severity.WARNING and f.outcome is Outcome.VIOLATION]
                info = [f for f in found if f.severity is Severity.INFO and f.outcome is Outcome.VIOLATION]
                totals[f"{side} errors"] += len(errs)
                totals[f"{side} later"] += len(later)
                print(
                    f"{side + '/' + name:<18}{len(errs):>11}{len(later):>15}{len(warn):>10}{len(review):>8}{len(info):>6}"
                    f"{len(_errors(fed_found)):>16}{ms:>7.0f}"
                )
                if verbose:
                    for f in sorted(found, key=lambda f: f.rule):
                        print(f"    {f.rule} {f.severity.value}/{f.outcome.value} {f.location.selector} :: {f.message}")
                if side == "after":
                    bad_after += len(errs)
        await browser.close()
    print(
        f"\nSection 508 (WCAG 2.0 AA) errors: before/ {totals['before errors']}, after/ {totals['after errors']}; "
        f"WCAG 2.1/2.2-only errors: before/ {totals['before later']}, after/ {totals['after later']}"
    )
    if bad_after:
        print("FAIL: the repaired after/ pages must give zero Section 508 error-severity findings", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--verbose", "-v", action="store_true")
    args = ap.parse_args()
    if not (args.corpus / "before" / "home.html").is_file():
        print(f"skipped: no WAI BAD corpus at {args.corpus}")
        return 0
    site = LocalSite(args.corpus).start()
    origin = site.origin
    try:
        return asyncio.run(_scan(origin, args.verbose))
    finally:
        site.stop()


if __name__ == "__main__":
    sys.exit(main())
