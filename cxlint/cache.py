"""The re-scan cache: an unchanged page is not checked again, its stored results are reused.

Checking a page (axe, DOM and text checks, screenshots) costs far more than
fetching it, so a re-scan of an unchanged site is mostly wasted browser work.
A cache entry holds what the page's checks produced *before* the findings
stage (findings, markers, metrics, links, screenshots by hash), and is valid
only while every input of those checks is the same:

- the **key**: cxlint's build (version, a digest of its own source files and
  axe-core's version), the browser's version, every rule's data (bundled and
  ``--rules``), the plan's result-affecting settings and the start URLs
  (home-page rules judge the site root);
- the **inputs**: every response the page's browser context received while
  it was checked (the document after its redirects, stylesheets, scripts,
  images, frames, fetch/XHR, form journeys' GETs), each as status, final URL,
  the headers checks read and a SHA-256 of the body, hashed in the browser as
  the page loaded. A failed request is an input too (it must still fail).

On a re-scan an entry is checked without a browser: each input URL is fetched
again over HTTP (with the scan's headers and cookies, from its own origins
only) and must give the same digest. Resources shared by many pages are
fetched once per run. Any difference, or an input that cannot be replayed
(a non-GET request, a WebSocket), means a fresh check. A hit still goes
through the findings stage, so baselines, suppressions and fingerprints apply
exactly as on a fresh scan; site-level checks run over all pages as always.

Entries live in the results store (``page_cache``), one per URL and key,
owned by the scan that last wrote or used them: ``history prune`` deleting
that scan drops them too, and an entry of another cxlint build is replaced
the next time its URL is checked, so the cache is bounded by the pages of the
scans that are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxlint import __version__
from cxlint.config import Plan
from cxlint.crawl.fetch import Fetch, FetchResult
from cxlint.findings.suppress import PageMarkers
from cxlint.model import Image, PageResult, PageStatus
from cxlint.registry import Registry
from cxlint.store import Store

if TYPE_CHECKING:
    from playwright.async_api import Page, Request, Response

    from cxlint.findings.stage import FindingsStage
    from cxlint.screenshots import ShotBudget

__all__ = ["CacheStats", "PageRecorder", "ScanCache", "build_digest", "plan_key"]

FORMAT = 1
"""Version of the entry layout; part of every key, so a new layout never reads an old entry."""

READ_HEADERS = (
    "content-type", "content-language", "strict-transport-security", "content-security-policy",
    "x-frame-options", "last-modified", "cache-control", "server", "refresh", "link", "location",
)
"""Response headers that checks read (HSTS, framing, language, refresh…) or that change what the
browser does with a body (a stylesheet served as text/plain is not applied): part of each digest."""

IGNORED_FAILURES = ("net::ERR_ABORTED", "net::ERR_BLOCKED_BY_CLIENT")
"""Requests the page cancelled itself or cxlint blocked: what they would have returned never mattered."""

BODY_TIMEOUT_S = 10.0
"""Longest wait for one response body to be hashed; a body that cannot be read makes the page uncacheable."""

SHARED_MEMO = 4096
"""Resource digests remembered per run (shared stylesheets and scripts are fetched once)."""

# Plan keys that change what is reported or whether the build fails, never what a page's checks find.
_NOT_RESULT = {
    "targets", "root", "fail-on", "max-findings", "exit-zero", "baseline", "out", "format", "quiet",
    "verbose", "title", "agency", "store", "cache", "cluster",
}
_CRAWL_RESULT = ("scope", "sitemaps")
"""Crawl keys that reach a page's checks (the redirect guard and which origins get --header)."""


# -- the key ----------------------------------------------------------------------------------------


@cache
def build_digest() -> str:
    """cxlint's version, axe-core's and a digest of cxlint's own source: a development build that
    changed a check must not reuse results of the check it replaced."""
    from cxlint.engines.axe import axe_version  # the engines import Playwright; the key is only made at run time

    h = hashlib.sha256(f"{FORMAT}\0{__version__}\0{axe_version()}".encode())
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(root)).encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _storage_digest(path: str | None) -> str | None:
    if not path:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def plan_key(plan: Plan, registry: Registry, start_urls: list[str], browser_version: str) -> str:
    """What every cached result depends on besides the page's own responses, as one digest.

    Header *values* are left out (they are secrets and must not be derivable from the store):
    their names count, and what they change on the server shows in the responses' digests.
    """
    data = plan.model_dump(mode="json", by_alias=True)
    kept = {k: v for k, v in data.items() if k not in _NOT_RESULT and k not in ("crawl", "page")}
    kept["crawl"] = {k: data["crawl"][k] for k in _CRAWL_RESULT}
    page = dict(data["page"])
    page.pop("browser", None)  # the path; the browser's version is keyed below
    page["headers"] = sorted(k.lower() for k in plan.page.headers)
    page["storage-state"] = _storage_digest(plan.page.storage_state)
    kept["page"] = page
    rules = {code: rule.spec.model_dump(mode="json") for code, rule in sorted(registry.rules.items())}
    blob = json.dumps(
        {"build": build_digest(), "browser": browser_version, "plan": kept, "rules": rules,
         "start": sorted(start_urls)},
        sort_keys=True, default=str,
    )  # fmt: skip
    return hashlib.sha256(blob.encode()).hexdigest()


# -- inputs -----------------------------------------------------------------------------------------


def digest(status: int, final_url: str, headers: dict[str, str], body: bytes) -> str:
    """One response as the checks saw it: status, where it ended up, the headers they read, the body."""
    h = hashlib.sha256(f"{status}\0{final_url}\0".encode())
    for name in READ_HEADERS:
        h.update(f"{name}:{headers.get(name, '')}\0".encode())
    h.update(hashlib.sha256(body).digest())
    return h.hexdigest()


def failed_digest() -> str:
    """A request that got no response (refused, DNS…): replaying it must fail too."""
    return "failed"


def fetched_digest(result: FetchResult) -> str:
    if result.status == 0:
        return failed_digest()
    if result.truncated:
        return "truncated"
    return digest(result.status, result.final_url, result.headers, result.body)


def _first_url(request: Request) -> str:
    """The URL the page asked for: the start of the request's redirect chain."""
    while request.redirected_from is not None:
        request = request.redirected_from
    return request.url


@dataclass
class Snapshot:
    """What a fresh check of one page produced before the findings stage, and what it read."""

    inputs: dict[str, str]
    """Requested URL → digest of what came back."""
    result: str
    """The page result's JSON before the findings stage."""
    markers: dict[str, Any] | None


class InputWatch:
    """Records every response a page's browser context receives while it is checked.

    Listens on the context, not the page, so the second tab that form journeys and widget
    checks open is seen too. Bodies are hashed as they arrive, in tasks gathered by
    ``checked``; anything that cannot be replayed by a GET marks the page uncacheable.
    """

    def __init__(self, page: Page, url: str, sink: dict[str, Snapshot]) -> None:
        self.url = url
        self._sink = sink
        self.inputs: dict[str, str] = {}
        self.uncacheable = ""
        self._unreadable: set[str] = set()
        """URLs of bodies Chromium no longer held when asked (a tab that navigated on): fine if the
        same URL was hashed from another response, else the page cannot be validated."""
        self._tasks: list[asyncio.Future[None]] = []
        self._hashing: set[str] = set()
        self._page = page
        self._context = page.context
        self._context.on("request", self._on_request)
        self._context.on("response", self._on_response)
        self._context.on("requestfailed", self._on_failed)
        page.on("websocket", self._on_websocket)

    def _on_websocket(self, _ws: object) -> None:
        self._refuse("a WebSocket")

    def stop(self) -> None:
        """Detach from the context, which outlives the page when its tab is reused for the next URL."""
        with contextlib.suppress(Exception):
            self._context.remove_listener("request", self._on_request)
            self._context.remove_listener("response", self._on_response)
            self._context.remove_listener("requestfailed", self._on_failed)
            self._page.remove_listener("websocket", self._on_websocket)

    def _refuse(self, why: str) -> None:
        self.uncacheable = self.uncacheable or why

    def _on_request(self, request: Request) -> None:
        if not request.url.startswith(("http:", "https:")):
            return  # data: and blob: URLs are part of a body already hashed
        if request.method not in ("GET", "HEAD"):
            self._refuse(f"a {request.method} request")

    def _on_response(self, response: Response) -> None:
        request = response.request
        if not request.url.startswith(("http:", "https:")):
            return
        if 300 <= response.status < 400 and "location" in response.headers:
            return  # a hop: the chain's last response is recorded under its first URL
        first = _first_url(request)
        if first in self._hashing:
            return  # the same URL again (each form journey reloads the page): its first answer stands
        self._hashing.add(first)
        self._tasks.append(asyncio.ensure_future(self._hash(response, request)))

    async def _hash(self, response: Response, request: Request) -> None:
        try:
            body = await asyncio.wait_for(response.body(), BODY_TIMEOUT_S)
        except Exception:  # a body Chromium no longer holds (a tab gone on), a stream, too slow
            self._unreadable.add(_first_url(request))
            self._hashing.discard(_first_url(request))  # a later answer of the same URL may be read
            return
        headers = {k.lower(): v for k, v in response.headers.items()}
        self.inputs[_first_url(request)] = digest(response.status, response.url, headers, body)

    def _on_failed(self, request: Request) -> None:
        error = request.failure or ""
        if request.url.startswith(("http:", "https:")) and not error.startswith(IGNORED_FAILURES):
            self.inputs[_first_url(request)] = failed_digest()

    async def checked(self, result: PageResult, markers: PageMarkers | None) -> None:
        """The scanner's hook, called just before the findings stage: keep what a hit will need."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        unread = sorted(self._unreadable - self.inputs.keys())
        if unread:
            self._refuse(f"an unreadable body ({unread[0][:200]})")
        if self.uncacheable or self.url not in self.inputs:
            self._sink.pop(self.url, None)
            return
        self._sink[self.url] = Snapshot(
            inputs=dict(self.inputs),
            result=json.dumps(result.to_dict()),
            markers=asdict(markers) if markers is not None else None,
        )


class PageRecorder:
    """Set as ``PageScanner.recorder``: a snapshot of each freshly checked page, taken by ``ScanCache``."""

    def __init__(self) -> None:
        self.snapshots: dict[str, Snapshot] = {}

    def watch(self, page: Page, url: str) -> InputWatch:
        self.snapshots.pop(url, None)
        return InputWatch(page, url, self.snapshots)

    def take(self, url: str) -> Snapshot | None:
        return self.snapshots.pop(url, None)


# -- the cache --------------------------------------------------------------------------------------


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    """Pages checked afresh although an entry existed or could have: changed, new or uncacheable."""
    changed: int = 0
    """Of the misses: pages whose entry existed but an input had changed."""
    stored: int = 0

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class _Memo:
    """Digests of resources fetched during this run, by URL (bounded; oldest forgotten first)."""

    limit: int = SHARED_MEMO
    items: dict[str, asyncio.Future[str]] = field(default_factory=dict)

    def get(self, url: str, make: Callable[[], Awaitable[str]]) -> asyncio.Future[str]:
        found = self.items.get(url)
        if found is None:
            found = asyncio.ensure_future(make())
            self.items[url] = found
            while len(self.items) > self.limit:
                self.items.pop(next(iter(self.items)))
        return found


ScanFn = Callable[[str], Awaitable[PageResult]]


class ScanCache:
    """Wraps the crawl's ``scan(url)``: a valid entry answers, else the page is checked and stored."""

    def __init__(
        self,
        store: Store,
        key: str,
        scan: ScanFn,
        recorder: PageRecorder,
        fetch: Fetch,
        stage: FindingsStage,
        screenshots: ShotBudget | None = None,
    ) -> None:
        self.store = store
        self.key = key
        self._scan = scan
        self.recorder = recorder
        self._fetch = fetch
        self.stage = stage
        self.screenshots = screenshots
        self.stats = CacheStats()
        self._memo = _Memo()

    async def scan(self, url: str) -> PageResult:
        started = datetime.now(UTC).isoformat(timespec="seconds")
        t0 = time.monotonic()
        entry = self.store.cache_entry(url, self.key)
        if entry is not None:
            inputs, stored = entry
            if await self._valid(url, inputs):
                hit = self._hit(url, stored)
                if hit is not None:
                    hit.started = started
                    hit.duration_ms = round((time.monotonic() - t0) * 1000, 1)
                    return hit
            self.stats.changed += 1
        self.stats.misses += 1
        result = await self._scan(url)
        snapshot = self.recorder.take(url)
        if snapshot is not None and result.status is PageStatus.SCANNED and result.url == url:
            images = {
                k: {"kind": i.kind, "mime": i.mime, "hash": hashlib.sha256(i.data).hexdigest()}
                for k, i in result.images.items()
            }
            stored = {"result": snapshot.result, "markers": snapshot.markers, "images": images}
            self.store.save_cache_entry(url, self.key, build_digest(), snapshot.inputs, stored)
            self.stats.stored += 1
        return result

    async def _valid(self, url: str, inputs: dict[str, str]) -> bool:
        """Every input gives the same digest again (the document first: most changes show there)."""
        if inputs.get(url) is None:
            return False
        if await self._digest_now(url) != inputs[url]:
            return False
        rest = [u for u in inputs if u != url]
        digests = await asyncio.gather(*(self._memo.get(u, lambda u=u: self._digest_now(u)) for u in rest))
        return all(d == inputs[u] for u, d in zip(rest, digests, strict=True))

    async def _digest_now(self, url: str) -> str:
        return fetched_digest(await self._fetch(url))

    def _hit(self, url: str, stored: dict[str, Any]) -> PageResult | None:
        """The stored result through today's findings stage; None if its screenshots are gone."""
        images: dict[str, Image] = {}
        wanted = stored.get("images") or {}
        if wanted:
            blobs = self.store.image_blobs([v["hash"] for v in wanted.values()])
            for key, v in wanted.items():
                blob = blobs.get(v["hash"])
                if blob is None:
                    return None
                images[key] = Image(mime=v["mime"], data=blob, kind=v["kind"])
        result = PageResult.from_dict(json.loads(stored["result"]))
        markers = PageMarkers.from_dict(stored["markers"]) if stored.get("markers") is not None else None
        self.stage.process_page(result, markers)
        if self.screenshots is not None:
            rules = {f.fingerprint: f.rule for f in result.findings}
            for key, image in images.items():
                if image.kind == "element" and key in rules:
                    self.screenshots.taken[rules[key]] += 1
        result.images = images
        result.metrics["cached"] = True
        self.store.touch_cache_entry(url, self.key)
        self.stats.hits += 1
        return result

    def adopt(self, scan_id: str) -> None:
        """Hand this run's entries (written or used) to its scan, which now owns them."""
        with contextlib.suppress(Exception):
            self.store.adopt_cache_entries(scan_id)
