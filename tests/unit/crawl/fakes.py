"""In-memory fetch for unit tests of robots and sitemaps (the Playwright adapter has its own e2e test)."""

from __future__ import annotations

from cxlint.crawl.fetch import FetchResult


class FakeFetch:
    def __init__(self, responses: dict[str, FetchResult | bytes | int]) -> None:
        self.responses = responses
        self.calls: list[str] = []
        self.caps: list[int | None] = []

    async def __call__(self, url: str, *, max_bytes: int | None = None) -> FetchResult:
        self.calls.append(url)
        self.caps.append(max_bytes)
        r = self.responses.get(url, 404)
        if isinstance(r, FetchResult):
            return r
        if isinstance(r, int):
            return FetchResult(r, b"", {}, url)
        if max_bytes is not None and len(r) > max_bytes:
            return FetchResult(200, r[:max_bytes], {}, url, truncated=True)
        return FetchResult(200, r, {}, url)
