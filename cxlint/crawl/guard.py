"""Which redirects the browser may follow while loading a page: plain data, built where pages load.

A redirect within the same origin (scheme, host and port: another port on one host is
another site), from a start URL, or into the crawl's scope is followed; anything else
is stopped and recorded as "redirected off scope". A start URL may land elsewhere
(http://agency.gov → https://www.agency.gov): the crawler then widens its scope to
the landing site, so redirects from start URLs are always followed.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from cxlint.crawl.scope import Scope
from cxlint.crawl.urls import InvalidURL, normalize_url, origin


@dataclass
class RedirectGuard:
    start_urls: list[str]
    sitemaps: list[str] = field(default_factory=list)
    scope: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._scope = Scope([*self.start_urls, *self.sitemaps], prefixes=self.scope)
        self._starts: set[str] = set()
        for u in self.start_urls:
            with contextlib.suppress(InvalidURL):
                self._starts.add(normalize_url(u))

    def allowed(self, src: str, dst: str) -> bool:
        with contextlib.suppress(InvalidURL, ValueError):
            if origin(normalize_url(src)) == origin(normalize_url(dst)):
                return True
        with contextlib.suppress(InvalidURL):
            if normalize_url(src) in self._starts:
                return True
        return self._scope.in_scope(dst)
