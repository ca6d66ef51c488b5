"""What the form-journey and widget checks (A11Y5xx, A11Y6xx) cost per page, and what they find.

Serves the bundled demo site on 127.0.0.1, loads each page in Chromium and times ``check_page``
with only these rules, minus the same call with no rules (the page facts every scan gathers
anyway). Pages without a form or widget to operate should cost about one script call.

    PYTHONPATH=. python bench/journeys_cost.py [--repeat 3] [--verbose]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from playwright.async_api import async_playwright

from cxlint.browser import launch
from cxlint.dom.engine import PageContext, check_page
from cxlint.registry import RULES_DIR, load_registry
from cxlint.serve import LocalSite

SITE = Path(__file__).resolve().parents[1] / "cxlint" / "demo" / "site"
PREFIXES = ("A11Y5", "A11Y6")


async def _time(browser: object, url: str, rules: list[object]) -> tuple[float, list[object], dict[str, object]]:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page = await context.new_page()
        await page.goto(url, wait_until="load")
        ctx = PageContext(url, url, 200, {}, False)
        t0 = time.perf_counter()
        findings, facts = await check_page(page, ctx, rules)  # type: ignore[arg-type]
        ms = (time.perf_counter() - t0) * 1000
        return ms, findings, {k: facts[k] for k in ("form_journeys", "widget_journeys") if k in facts}
    finally:
        await context.close()


async def _main(repeat: int, verbose: bool) -> int:
    reg = load_registry([RULES_DIR / "accessibility"])
    rules = [r for c, r in sorted(reg.rules.items()) if c.startswith(PREFIXES)]
    site = LocalSite(SITE).start()
    try:
        async with async_playwright() as pw:
            browser = await launch(pw)
            print(f"{'page':32} {'ms (median)':>12} {'baseline':>9} findings")
            for url in site.html_pages():
                base = [(await _time(browser, url, []))[0] for _ in range(repeat)]
                runs = [await _time(browser, url, rules) for _ in range(repeat)]
                cost = statistics.median(r[0] for r in runs) - statistics.median(base)
                findings = runs[-1][1]
                path = url.split("/", 3)[-1] or "/"
                codes = ", ".join(sorted({f"{f.rule}{'?' if f.outcome.value == 'needs-review' else ''}" for f in findings}))
                print(f"{path:32} {cost:12.0f} {statistics.median(base):9.0f} {codes}")
                if verbose:
                    print(f"    {runs[-1][2]}")
                    for f in findings:
                        print(f"    {f.rule} {f.location.selector}: {f.message}")
            await browser.close()
    finally:
        site.stop()
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    return asyncio.run(_main(args.repeat, args.verbose))


if __name__ == "__main__":
    sys.exit(main())
