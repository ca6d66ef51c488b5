"""Fetching robots.txt and sitemaps: a small injected interface and its Playwright adapter.

The crawl's side requests go through the same ``APIRequestContext`` as the
browser's settings (extra headers, storage state, user agent), so a staging
site behind login serves its robots.txt and sitemaps to cxlint too. The
interface is a plain coroutine so tests can pass a fake, and it never raises
for network problems: a failed fetch is a ``FetchResult`` with ``status == 0``
and an ``error`` that says why.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.async_api import APIRequestContext

__all__ = ["DEFAULT_MAX_BYTES", "Fetch", "FetchResult", "classify_network_error", "playwright_fetch"]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""The sitemap protocol's own limit for one uncompressed file."""


@dataclass
class FetchResult:
    status: int
    """HTTP status; 0 when no response arrived (see ``error``)."""
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    """Lower-cased header names."""
    final_url: str = ""
    error: str = ""
    """Empty on success; a short reason (``timeout``, ``dns``, ``too large``…) otherwise."""
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300 and not self.error


Fetch = Callable[[str], Awaitable[FetchResult]]


_NET_CODES: dict[str, str] = {
    "ERR_TIMED_OUT": "timeout",
    "ERR_CONNECTION_TIMED_OUT": "timeout",
    "ERR_NAME_NOT_RESOLVED": "dns",
    "ERR_NAME_RESOLUTION_FAILED": "dns",
    "ERR_ADDRESS_UNREACHABLE": "unreachable",
    "ERR_CONNECTION_REFUSED": "refused",
    "ERR_TOO_MANY_REDIRECTS": "redirect loop",
    "ERR_CONNECTION_RESET": "connection reset",
    "ERR_EMPTY_RESPONSE": "connection closed",
    "ERR_CONNECTION_CLOSED": "connection closed",
    "ERR_INVALID_RESPONSE": "invalid response",
    "ERR_ABORTED": "aborted",
    "ERR_BLOCKED_BY_CLIENT": "blocked",
}

_ERROR_MARKERS: list[tuple[str, tuple[str, ...]]] = [
    ("timeout", ("timeout", "timed out")),
    ("dns", ("enotfound", "getaddrinfo", "eai_again", "name or service not known")),
    ("refused", ("econnrefused",)),
    ("redirect loop", ("max redirect", "too many redirects", "redirect count exceeded")),
    ("connection reset", ("econnreset", "socket hang up")),
    ("tls", ("err_cert", "err_ssl", "certificate", "ssl", "tls")),
]
_NET_CODE = re.compile(r"net::(ERR_[A-Z0-9_]+)")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)


def classify_network_error(message: str) -> str:
    """Map a Playwright/Chromium/Node error message to one short failure reason.

    Chromium's ``net::ERR_*`` code wins when present; otherwise known words are
    looked for with URLs removed, so a page called ``/timeout-help`` is not
    mistaken for a timeout.
    """
    m = _NET_CODE.search(message)
    if m:
        code = m.group(1)
        if code in _NET_CODES:
            return _NET_CODES[code]
        if code.startswith(("ERR_CERT", "ERR_SSL")):
            return "tls"
    low = _URL.sub(" ", message).lower()
    for reason, markers in _ERROR_MARKERS:
        if any(marker in low for marker in markers):
            return reason
    return "network error"


def playwright_fetch(
    request: APIRequestContext,
    *,
    timeout: float = 15.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = 10,
) -> Fetch:
    """A ``Fetch`` over Playwright's ``APIRequestContext``.

    ``timeout`` (seconds) bounds the whole request; an outer ``asyncio`` guard
    bounds it again in case the driver itself stalls. Playwright buffers whole
    bodies, so ``max_bytes`` is enforced from ``Content-Length`` before the body
    is read and by truncation after.
    """

    async def fetch(url: str) -> FetchResult:
        try:
            response = await asyncio.wait_for(
                request.get(url, timeout=timeout * 1000, max_redirects=max_redirects, fail_on_status_code=False),
                timeout + 5,
            )
        except asyncio.CancelledError:
            raise
        except TimeoutError:
            return FetchResult(0, final_url=url, error="timeout")
        except Exception as exc:  # Playwright raises plain Error for every network failure
            return FetchResult(0, final_url=url, error=classify_network_error(str(exc)))
        try:
            headers = {k.lower(): v for k, v in response.headers.items()}
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                return FetchResult(response.status, headers=headers, final_url=response.url, error="too large")
            try:
                body = await asyncio.wait_for(response.body(), timeout + 5)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                reason = "timeout" if isinstance(exc, TimeoutError) else classify_network_error(str(exc))
                return FetchResult(response.status, headers=headers, final_url=response.url, error=reason)
            truncated = len(body) > max_bytes
            return FetchResult(response.status, body[:max_bytes], headers, final_url=response.url, truncated=truncated)
        finally:
            try:
                await asyncio.wait_for(response.dispose(), 5)
            except asyncio.CancelledError:
                raise
            except Exception:
                pass  # disposing only frees driver memory; a failure here changes no result

    return fetch
