"""Size of the HTML report of a 1,000-page scan with many findings, and how fast Chromium opens it.

Builds a synthetic results set (1,000 scanned pages, 26 findings a page, failed and skipped URLs),
stores realistic screenshots for it (a real JPEG element crop for every finding the report could
show, a real thumbnail for every page), renders the report from the store as the CLI does, and
opens it in Chromium: size on disk, render time, peak memory of the rendering process, and time to
the load event. Run from the repository root:

    PYTHONPATH=$PWD python bench/html_report_size.py [PAGES]
"""

from __future__ import annotations

import asyncio
import base64
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.async_api import async_playwright

from cxlint.browser import find_browser
from cxlint.model import Image
from cxlint.report.context import ReportContext
from cxlint.report.html import HtmlReport
from cxlint.store import Store
from tests.support.synthetic import synthetic_result

SAMPLE = """<!doctype html><html lang="en"><head><title>Sample</title></head><body style="font-family:sans-serif">
<header style="background:#162e51;color:#fff;padding:1rem"><h1>Renew a backcountry permit</h1></header>
<main style="padding:1rem"><p class="fine-print" style="color:#b3b3b3">This service takes about 15 minutes.
Your session ends after 20 minutes without activity.</p><form><label>Name <input></label><button>Next</button></form>
</main></body></html>"""


async def sample_images(browser_path: str) -> tuple[Image, Image]:
    """One real element crop and one real thumbnail, made the way cxlint.screenshots makes them."""
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=browser_path)
        page = await browser.new_page(viewport={"width": 1280, "height": 900})
        await page.set_content(SAMPLE)
        box = await page.locator(".fine-print").bounding_box()
        crop = await page.screenshot(type="jpeg", quality=62, clip={
            "x": box["x"] - 12, "y": box["y"] - 12, "width": box["width"] + 24, "height": box["height"] + 24})
        cdp = await page.context.new_cdp_session(page)
        shot = await cdp.send("Page.captureScreenshot", {"format": "jpeg", "quality": 55, "clip": {
            "x": 0, "y": 0, "width": 1280, "height": 900, "scale": 0.25}})
        await browser.close()
    return Image("image/jpeg", crop, "element"), Image("image/jpeg", base64.b64decode(shot["data"]), "thumbnail")


async def open_in_chromium(browser_path: str, path: Path) -> float:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=browser_path)
        page = await browser.new_page()
        t0 = time.monotonic()
        await page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        wall = time.monotonic() - t0
        nav = await page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd")
        await browser.close()
    return max(wall, nav / 1000)


def main(pages: int = 1000) -> None:
    browser_path = find_browser(None)
    element, thumb = asyncio.run(sample_images(browser_path))
    result = synthetic_result(pages, failed=10, skipped=300, extra_per_page=20)
    findings = sum(len(p.findings) for p in result.pages)
    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "bench.db") as store:
            scan_id = store.create_scan({}, {"start_urls": result.meta.start_urls})
            result.meta.scan_id = scan_id
            # Screenshots as the scanner stores them: at most 5 per rule per run, a thumbnail per page.
            taken: dict[str, int] = {}
            for p in result.pages:
                images = {f"thumb:{p.url}": thumb}
                for f in p.findings:
                    if taken.get(f.rule, 0) < 5:
                        taken[f.rule] = taken.get(f.rule, 0) + 1
                        images[f.fingerprint] = element
                store.save_images(scan_id, images)
            rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            t0 = time.monotonic()
            report = HtmlReport(ReportContext.default(store=store))
            report.begin(result.meta)
            for p in result.pages:
                report.page(p)
            report.site(result.site_findings)
            html = report.end()
            render_s = time.monotonic() - t0
            rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out = Path(tmp) / "report.html"
        out.write_text(html, encoding="utf-8")
        size = out.stat().st_size
        load_s = asyncio.run(open_in_chromium(browser_path, out))
    print(f"{pages} pages, {findings:,} findings: report {size / 1e6:.2f} MB, rendered in {render_s:.1f} s "
          f"(peak RSS {rss0 / 1024:.0f} → {rss1 / 1024:.0f} MB), Chromium load event after {load_s:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
