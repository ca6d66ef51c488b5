from __future__ import annotations

import asyncio

from cxlint.crawl.fetch import FetchResult
from cxlint.crawl.robots import RobotsCache
from tests.unit.crawl.fakes import FakeFetch

ROBOTS = b"""User-agent: *
Disallow: /private/
Crawl-delay: 5

User-agent: cxlint
Disallow: /nocx/
Crawl-delay: 0.5

Sitemap: https://x.gov/sitemap_index.xml
"""


def test_rules_for_cxlint_group_delay_and_sitemaps() -> None:
    async def go() -> None:
        cache = RobotsCache(FakeFetch({"https://x.gov/robots.txt": ROBOTS}))
        assert await cache.allowed("https://x.gov/nocx/a") is False
        assert await cache.allowed("https://x.gov/private/a") is True  # cxlint's own group applies, not *
        info = await cache.get("https://x.gov/")
        assert info.crawl_delay == 0.5
        assert info.sitemaps == ["https://x.gov/sitemap_index.xml"]

    asyncio.run(go())


def test_status_handling() -> None:
    async def go() -> None:
        fetch = FakeFetch(
            {
                "https://a.gov/robots.txt": 404,
                "https://b.gov/robots.txt": 503,
                "https://c.gov/robots.txt": FetchResult(0, error="dns"),
                "https://d.gov/robots.txt": b"\x00\xff garbage \n Disallow: /x",
            }
        )
        cache = RobotsCache(fetch)
        assert await cache.allowed("https://a.gov/x")
        assert not await cache.allowed("https://b.gov/x")
        assert "HTTP 503" in (await cache.get("https://b.gov/")).note
        assert await cache.allowed("https://c.gov/x")
        assert "dns" in (await cache.get("https://c.gov/")).note
        assert await cache.allowed("https://d.gov/y")

    asyncio.run(go())


def test_one_fetch_per_origin_even_when_concurrent() -> None:
    async def go() -> None:
        fetch = FakeFetch({"https://x.gov/robots.txt": ROBOTS})
        cache = RobotsCache(fetch)
        assert cache.cached("https://x.gov/a") is None
        await asyncio.gather(*(cache.allowed(f"https://x.gov/{i}") for i in range(20)))
        assert fetch.calls == ["https://x.gov/robots.txt"]
        assert cache.cached("https://x.gov/zzz") is not None

    asyncio.run(go())
