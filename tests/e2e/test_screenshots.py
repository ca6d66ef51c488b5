"""Element screenshots and thumbnails on a real page: outlined crops, hard limits, the page left as it was."""

from __future__ import annotations

import base64
import struct
from pathlib import Path

import pytest

from cxlint.findings.fingerprint import fingerprint
from cxlint.model import Finding, Location, Outcome, PageResult, Severity, thumb_key
from cxlint.screenshots import ShotBudget, capture
from tests.support.httpd import FixtureServer

pytestmark = pytest.mark.e2e

REPORT_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "report"


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG's start-of-frame marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5 : i + 9])
            return w, h
        i += 2 + length
    raise ValueError("no SOF marker")


def finding(rule: str, selector: str, url: str) -> Finding:
    f = Finding(rule=rule, name=rule, severity=Severity.ERROR, outcome=Outcome.VIOLATION, message="m",
                category="accessibility", location=Location(selector=selector))
    f.fingerprint = fingerprint(f.rule, url, f.location)
    return f


COUNT_PIXELS = """async (b64) => {
  const img = new Image();
  img.src = 'data:image/jpeg;base64,' + b64;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  let red = 0, dark = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] > 170 && d[i + 1] < 110 && d[i + 2] < 110) red++;
    if (d[i] < 90 && d[i + 1] < 90 && d[i + 2] < 90) dark++;
  }
  return {red, dark};
}"""


def test_capture_crops_outlined_elements_within_the_limits(chromium):
    srv = FixtureServer(REPORT_FIXTURES).start()
    url = srv.url("shots.html")

    async def shoot(browser):
        ctx = await browser.new_context(viewport={"width": 1280, "height": 900})
        page = await ctx.new_page()
        await page.goto(url)
        result = PageResult(url=url, findings=[
            *(finding("axe/button-name", f"#b{i}", url) for i in (1, 2, 3, 4)),
            finding("A11Y999", "#gone", url),          # no box: skipped
            finding("A11Y998", "#far", url),           # below the fold: scrolled to
            finding("A11Y997", "html", url),           # the whole page: not an element picture
        ])
        budget = ShotBudget(per_rule=2, page_seconds=60)  # no time pressure here: the counts are under test
        shots = await capture(page, result, budget)
        untouched = await page.evaluate(
            "() => [document.querySelector('#b1').getAttribute('style'), document.querySelector('#b2').getAttribute('style'),"
            " document.querySelectorAll('[data-cxlint-shot]').length]")
        rushed = await capture(page, result, ShotBudget(page_seconds=0))
        # What each crop shows, read back by the browser: outline-red pixels (the overlay) and dark ones (text).
        far = next(f.fingerprint for f in result.findings if f.location.selector == "#far")
        seen = await page.evaluate(COUNT_PIXELS, base64.b64encode(shots[far].data).decode()) if far in shots else None
        await ctx.close()
        # A page gone before its pictures: nothing raised, nothing taken, every claim given back.
        late = ShotBudget(per_rule=2, page_seconds=60)
        gone = await capture(page, result, late)
        return result, shots, untouched, budget, rushed, seen, (gone, sum(late.taken.values()))

    try:
        result, shots, untouched, budget, rushed, seen, after_close = chromium.call(shoot)
    finally:
        srv.stop()
    fps = {f.location.selector: f.fingerprint for f in result.findings}
    assert set(shots) == {thumb_key(url), fps["#b1"], fps["#b2"], fps["#far"]}
    assert budget.taken["axe/button-name"] == 2 and budget.taken["A11Y999"] == 0
    thumb = shots[thumb_key(url)]
    assert thumb.kind == "thumbnail" and jpeg_size(thumb.data) == (320, 225)
    w, h = jpeg_size(shots[fps["#b1"]].data)
    assert 20 < w < 200 and 20 < h < 80  # the button plus a margin, not the page
    assert all(s.mime == "image/jpeg" and s.data[:2] == b"\xff\xd8" for s in shots.values())
    # The outline is an overlay, removed again: the page's own elements are never changed.
    assert untouched == ["color: red", None, 0]
    assert rushed == {}  # the time budget per page is a hard limit
    assert after_close == ({}, 0)
    # The element far down the page was scrolled to and pictured where it is, outlined, with its text.
    assert seen is not None and seen["red"] > 50 and seen["dark"] > 20, seen
