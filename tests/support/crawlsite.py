"""The crawl fixture site: files in tests/fixtures/crawlsite plus the routes that misbehave.

Shared by the e2e tests and the subprocess they SIGKILL, so both see the same site.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.server import FixtureServer, Reply, hang, html, redirect, status

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "crawlsite"
_CAL = re.compile(r"/cal/(\d{4})/(\d{2})")


def _calendar(path: str, _query: str) -> Reply:
    """An infinite link space: every month links to the next one, forever."""
    m = _CAL.fullmatch(path)
    assert m is not None
    year, month = int(m.group(1)), int(m.group(2))
    nxt = (year + 1, 1) if month == 12 else (year, month + 1)
    return html(
        f"<!doctype html><html lang='en'><title>Events {year}-{month:02d}</title>"
        f"<main><h1>Events</h1><a href='/cal/{nxt[0]}/{nxt[1]:02d}'>Next month</a></main></html>"
    )


def crawl_site(*, page_delay: float = 0.0, hang_cap: float = 20.0) -> tuple[FixtureServer, FixtureServer]:
    """(site, partner): the fixture site and a second origin that ``/offsite`` redirects to."""
    partner = FixtureServer(hang_cap=hang_cap)
    partner.route("/landing.html", lambda p, q: html("<!doctype html><title>Partner</title><a href='/x'>x</a>"))
    partner.start()
    site = FixtureServer(SITE, hang_cap=hang_cap, file_delay=page_delay)
    site.route(_CAL, _calendar)
    site.route("/redirect/1", redirect("/redirect/2", 301))
    site.route("/redirect/2", redirect("/redirect/3", 302))
    site.route("/redirect/3", redirect("/level1/chain-end.html", 307))
    site.route("/loop/a", redirect("/loop/b"))
    site.route("/loop/b", redirect("/loop/a"))
    site.route("/offsite", redirect(partner.url("/landing.html")))
    site.route("/error", status(500))
    site.route("/slow", hang())
    site.gzip_route("/sitemap-pages.xml.gz", "sitemap-pages.xml")
    site.start()
    return site, partner


def expected(origin: str, max_depth: int = 5) -> dict[str, dict[str, str]]:
    """The exact per-URL outcome of crawling the site from ``/`` with the given depth (robots respected)."""
    o = origin
    scanned = [
        "/", "/about.html", "/about.html?a=1&b=2", "/level1/", "/js.html", "/base.html", "/area.html",
        "/frame-child.html", "/orphan.html", "/js-target.html", "/level1/based.html",
        "/level1/chain-end.html", "/level1/level2/", "/level1/level2/level3/", "/level1/level2/level3/deep.html",
    ] + [f"/cal/2024/{m:02d}" for m in range(1, max_depth + 1)]  # fmt: skip
    # /frame.html is only ever shown in the home page's iframe: part of that page, never loaded on its own.
    # /frame-child.html is linked from inside the frame, so the crawl still finds it.
    skipped = {
        "/private/secret.html": "disallowed by robots.txt",
        "/private/from-sitemap.html": "disallowed by robots.txt",
        "/docs/report.pdf": "non-HTML",
        "/redirect/1": "redirected",
        "/offsite": "redirected off scope",
        f"/cal/2024/{max_depth + 1:02d}": "max depth",
    }
    failed = {"/loop/a": "redirect loop", "/missing.html": "HTTP 404", "/error": "HTTP 500", "/slow": "timeout"}
    out: dict[str, dict[str, str]] = {"scanned": {o + p: "" for p in scanned}, "skipped": {}, "failed": {}}
    out["skipped"] = {o + p: r for p, r in skipped.items()}
    out["skipped"]["https://www.usa.gov/"] = "out of scope"
    out["failed"] = {o + p: r for p, r in failed.items()}
    return out
