"""robots.txt, fetched once per origin and kept for the crawl.

Status handling follows RFC 9309 with one deliberate change:

* 2xx: the file is parsed with protego (group ``cxlint``, else ``*``).
* 4xx: there are no rules; everything is allowed.
* 5xx: the site is temporarily unavailable; everything is disallowed, and
  every URL skipped for it says so in its ``detail``.
* no response at all (DNS, refused, timeout): everything is allowed, so the
  page loads themselves fail and report the real network error instead of a
  misleading "disallowed by robots.txt" (the RFC would disallow).

Concurrent callers for one origin share a single fetch.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from protego import Protego

from cxlint.crawl.fetch import Fetch
from cxlint.crawl.urls import origin

__all__ = ["USER_AGENT", "RobotsCache", "RobotsInfo"]

USER_AGENT = "cxlint"
MAX_ROBOTS_BYTES = 512 * 1024
"""RFC 9309 asks crawlers to parse at least 500 KiB; more is never read (Google stops at 500 KiB too)."""


@dataclass
class RobotsInfo:
    origin: str
    status: int
    """HTTP status of robots.txt; 0 when it could not be fetched."""
    note: str = ""
    """What a report should say about this robots.txt, e.g. ``robots.txt unavailable (HTTP 503)``."""
    sitemaps: list[str] = field(default_factory=list)
    crawl_delay: float | None = None
    disallow_all: bool = False
    parser: Protego | None = None

    def allowed(self, url: str, user_agent: str = USER_AGENT) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        try:
            return bool(self.parser.can_fetch(url, user_agent))
        except Exception:
            return True  # a rule protego cannot evaluate is no rule


def _parse(origin_url: str, status: int, text: str, user_agent: str) -> RobotsInfo:
    try:
        parser = Protego.parse(text)
        sitemaps = [s.strip() for s in parser.sitemaps if s and s.strip()]
        delay = parser.crawl_delay(user_agent)
    except Exception as exc:  # protego is lenient, but hostile input must never abort a crawl
        return RobotsInfo(origin_url, status, note=f"robots.txt could not be parsed ({type(exc).__name__})")
    return RobotsInfo(
        origin_url,
        status,
        sitemaps=sitemaps,
        crawl_delay=float(delay) if delay is not None and float(delay) >= 0 else None,
        parser=parser,
    )


class RobotsCache:
    def __init__(self, fetch: Fetch, *, user_agent: str = USER_AGENT) -> None:
        self._fetch = fetch
        self.user_agent = user_agent
        self._info: dict[str, RobotsInfo] = {}
        self._pending: dict[str, asyncio.Task[RobotsInfo]] = {}

    def known(self) -> list[RobotsInfo]:
        """Every robots.txt read so far, for the report's methodology section."""
        return list(self._info.values())

    def cached(self, url: str) -> RobotsInfo | None:
        """The robots.txt of ``url``'s origin if it was already read; lets discovery run without awaiting."""
        return self._info.get(origin(url))

    async def get(self, url: str) -> RobotsInfo:
        """The robots.txt of ``url``'s origin (``url`` must be normalised)."""
        key = origin(url)
        if key in self._info:
            return self._info[key]
        task = self._pending.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(key))
            self._pending[key] = task
        try:
            info = await asyncio.shield(task)
        finally:
            if task.done():
                self._pending.pop(key, None)
        self._info[key] = info
        return info

    async def allowed(self, url: str) -> bool:
        return (await self.get(url)).allowed(url, self.user_agent)

    async def _load(self, origin_url: str) -> RobotsInfo:
        result = await self._fetch(f"{origin_url}/robots.txt", max_bytes=MAX_ROBOTS_BYTES)
        if result.status == 0:
            return RobotsInfo(origin_url, 0, note=f"robots.txt not fetched ({result.error}); all URLs allowed")
        if 200 <= result.status < 300:
            text = result.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
            return _parse(origin_url, result.status, text, self.user_agent)
        if 400 <= result.status < 500:
            return RobotsInfo(origin_url, result.status)
        return RobotsInfo(
            origin_url,
            result.status,
            note=f"robots.txt unavailable (HTTP {result.status}); all URLs disallowed",
            disallow_all=True,
        )
