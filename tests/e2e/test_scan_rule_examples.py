"""Every scan rule's pass/fail examples, executed against real pages in a real Chromium.

Scan rules describe server and browser behaviour, so each example names a
behaviour (``status``, ``hang``, ``crash``…) that the fixture server or a
test engine produces on demand.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.async_api import Page

from cxlint.model import PageResult
from cxlint.registry import load_registry
from cxlint.scanner import PageScanner, ScanOptions, scan_page

pytestmark = pytest.mark.e2e

RULES = load_registry().by_category("scan")
CASES = [
    (rule.code, verdict, example)
    for rule in RULES
    for verdict, examples in (("pass", rule.spec.examples.passing), ("fail", rule.spec.examples.failing))
    for example in examples
]


async def crash_the_page(page: Page, _result: PageResult) -> None:
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("Page.crash")


LOADS = PageScanner(ScanOptions(engines=frozenset({"axe"}), timeout_s=8, network_quiet_s=0.5), reuse_tabs=True)
HANGS = PageScanner(ScanOptions(engines=frozenset({"axe"}), timeout_s=3), reuse_tabs=True)
"""The examples' scanners keep a tab from example to example, as a run keeps one from page to page (a new
context per example costs a renderer process); a tab whose page failed or hung is closed, not reused."""


@pytest.fixture(scope="module", autouse=True)
def _close_kept_tabs(chromium) -> Iterator[None]:
    yield
    for scanner in (LOADS, HANGS):
        chromium.run(scanner.tabs.close())


def scenario(example: dict[str, Any], server) -> tuple[str, PageScanner]:
    opts = LOADS
    if "url" in example:
        return example["url"], opts
    if "page" in example:
        return server.url(example["page"]), opts
    if "status" in example:
        path = "clean.html" if example["status"] == 200 else f"status/{example['status']}"
        return server.url(path), opts
    if example.get("hang"):
        return server.url("hang"), HANGS
    if "content_type" in example:
        assert example["content_type"] == "application/pdf"
        return server.url("download.pdf"), opts
    if example.get("redirect_loop"):
        return server.url("redirect-loop"), opts
    if example.get("crash"):
        return server.url("clean.html"), PageScanner(ScanOptions(engines=frozenset(), timeout_s=8), engines=[crash_the_page])
    if example.get("frame_error"):
        return server.url("frame-unscannable.html"), opts
    if "page_resources" in example:
        return server.url(f"resources-{example['page_resources']}.html"), opts
    raise AssertionError(f"unknown scan example {example}")


@pytest.mark.parametrize(("code", "verdict", "example"), CASES, ids=[f"{c}-{v}-{i}" for i, (c, v, _) in enumerate(CASES)])
def test_scan_rule_example(chromium, pages_server, code, verdict, example):
    url, opts = scenario(example, pages_server)
    page = chromium.call(lambda b: scan_page(b, url, opts))
    chromium.ensure_connected()
    codes = {f.rule for f in page.findings}
    if verdict == "fail":
        assert code in codes, (page.status, page.reason, codes)
    else:
        assert code not in codes, (page.status, page.reason, codes)
