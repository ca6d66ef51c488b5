"""In-memory fetch for unit tests of robots and sitemaps (the Playwright adapter has its own e2e test)."""

from __future__ import annotations

from cxlint.crawl.fetch import FetchResult


class FakeFetch:
    def __init__(self, responses: dict[str, FetchResult | bytes | int]) -> None:
        self.responses = responses
        self.calls: list[str] = []

    async def __call__(self, url: str) -> FetchResult:
        self.calls.append(url)
        r = self.responses.get(url, 404)
        if isinstance(r, FetchResult):
            return r
        if isinstance(r, int):
            return FetchResult(r, b"", {}, url)
        return FetchResult(200, r, {}, url)
