"""Inline suppressions in a real Chromium: one meaning for the axe, DOM and text engines."""

from __future__ import annotations

import pytest

from cxlint.config import Plan
from cxlint.engines import load_rules
from cxlint.scanner import PageScanner, scan_page

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def scanned(chromium, pages_server):
    url = pages_server.url("suppression.html")
    plan = Plan.model_validate({"page": {"timeout": 20}})
    scanner = PageScanner.from_plan(plan, load_rules(), [url])
    page = chromium.call(lambda b: scan_page(b, url, scanner))
    assert page.status.value == "scanned", page.reason
    return page


def where(page, rule):
    return [" ".join([*f.location.frames, f.location.selector]) for f in page.findings if f.rule == rule]


def test_attribute_covers_its_subtree_case_insensitively_for_every_engine(scanned):
    assert not any("legacy" in s for s in where(scanned, "axe/image-alt"))  # axe
    assert not any("legacy" in s for s in where(scanned, "A11Y301"))  # DOM
    assert not any("quoted" in s for s in where(scanned, "PL119"))  # text
    # and what is not covered is still reported, by each engine
    assert any("bare" in s for s in where(scanned, "axe/image-alt"))
    assert any("range-out" in s for s in where(scanned, "A11Y301"))
    assert any("plain" in s or s.endswith("main > p") for s in where(scanned, "PL119"))


def test_comment_range_covers_until_enable(scanned):
    links = where(scanned, "A11Y301")
    assert not any("range-in" in s for s in links)
    assert any("range-out" in s for s in links)


def test_a_marker_on_an_iframe_or_shadow_host_covers_what_is_inside(scanned):
    alts = where(scanned, "axe/image-alt")
    assert not any("widget" in s or "shadow" in s or "host" in s for s in alts), alts


def test_unused_and_mistyped_markers_are_reported(scanned):
    unused = {f.location.selector: f.message for f in scanned.findings if f.rule == "CX010"}
    assert unused == {
        "#stale": 'Unused data-cxlint-ignore "A11Y302": it suppressed nothing on this page',
        "#typo": 'Unused data-cxlint-ignore "A11Y3O1": it names no cxlint rule: A11Y3O1',
    }
    assert scanned.metrics["suppressed"]["inline"] >= 6


def test_without_markers_the_same_elements_are_reported(chromium, pages_server, scanned):
    """Control: the elements the markers cover really have these problems."""
    url = pages_server.url("suppression.html")
    scanner = PageScanner.from_plan(Plan.model_validate({"page": {"timeout": 20}, "checks": ["accessibility"]}),
                                    load_rules(), [url])
    scanner.suppressions = False
    page = chromium.call(lambda b: scan_page(b, url, scanner))
    alts = where(page, "axe/image-alt")
    assert any("legacy" in s for s in alts) and any("widget" in s for s in alts) and any("host" in s for s in alts)
    assert any("range-in" in s for s in where(page, "A11Y301"))
