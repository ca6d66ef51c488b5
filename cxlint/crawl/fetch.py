"""Fetching robots.txt and sitemaps: a small injected interface and two adapters.

The interface is a plain coroutine (``fetch(url, max_bytes=None)``) so tests
can pass a fake, and it never raises for network problems: a failed fetch is a
``FetchResult`` with ``status == 0`` and an ``error`` that says why.

``http_fetch`` is the one the crawl uses. It streams: a body is read in
chunks and cut at ``max_bytes`` (after inflating ``Content-Encoding: gzip``
incrementally, so a compression bomb is cut too), whether or not the server
sent a ``Content-Length``. The site's files are input from strangers: a 200 MB
``robots.txt`` must cost 500 KiB, not the memory of Playwright's driver,
which buffers every body whole. It carries the browser's settings (user
agent, the ``--header`` values and URL credentials, the storage state's
cookies), so a staging site behind login serves its robots.txt and sitemaps
to cxlint too; headers and credentials go to the scan's own origins only.

``playwright_fetch`` (over an ``APIRequestContext``) is kept for callers that
already hold one and fetch small, trusted files.
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import json
import re
import socket
import ssl
import time
import zlib
from collections.abc import Awaitable, Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    from playwright.async_api import APIRequestContext

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Fetch",
    "FetchResult",
    "classify_network_error",
    "http_fetch",
    "playwright_fetch",
    "storage_state_cookies",
]

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


class Fetch(Protocol):
    def __call__(self, url: str, *, max_bytes: int | None = None) -> Awaitable[FetchResult]:
        """GET ``url``; a body longer than ``max_bytes`` (or the adapter's default) is cut and marked truncated."""
        ...


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
    is read and by truncation after: a body without a length is read whole
    first, which is why the crawl uses ``http_fetch``.
    """
    max_bytes_default = max_bytes

    async def fetch(url: str, *, max_bytes: int | None = None) -> FetchResult:
        cap = max_bytes_default if max_bytes is None else max_bytes
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
            if length.isdigit() and int(length) > cap:
                return FetchResult(response.status, headers=headers, final_url=response.url, error="too large")
            try:
                body = await asyncio.wait_for(response.body(), timeout + 5)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                reason = "timeout" if isinstance(exc, TimeoutError) else classify_network_error(str(exc))
                return FetchResult(response.status, headers=headers, final_url=response.url, error=reason)
            truncated = len(body) > cap
            return FetchResult(response.status, body[:cap], headers, final_url=response.url, truncated=truncated)
        finally:
            try:
                await asyncio.wait_for(response.dispose(), 5)
            except asyncio.CancelledError:
                raise
            except Exception:
                pass  # disposing only frees driver memory; a failure here changes no result

    return fetch


# -- the streaming adapter ------------------------------------------------------------------------

CHUNK = 64 * 1024
_REDIRECTS = (301, 302, 303, 307, 308)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" if port is None or port == default else f"{scheme}://{host}:{port}"


def storage_state_cookies(path: str | None) -> list[dict[str, Any]]:
    """The cookies of a Playwright storage state file (already validated by ``cxlint.login``); [] if none."""
    if not path:
        return []
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return []
    cookies = data.get("cookies", []) if isinstance(data, dict) else []
    return [c for c in cookies if isinstance(c, dict) and isinstance(c.get("name"), str)]


def _cookie_header(url: str, cookies: list[dict[str, Any]]) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path or "/"
    now = time.time()
    out: list[str] = []
    for c in cookies:
        domain = str(c.get("domain") or urlsplit(str(c.get("url", ""))).hostname or "").lower()
        bare = domain.lstrip(".")
        if not bare or not (host == bare or (domain.startswith(".") and host.endswith("." + bare))):
            continue
        if not path.startswith(str(c.get("path") or "/")):
            continue
        if c.get("secure") and parts.scheme != "https":
            continue
        expires = c.get("expires", -1)
        if isinstance(expires, int | float) and 0 < expires < now:
            continue
        out.append(f"{c['name']}={c.get('value', '')}")
    return "; ".join(out)


@dataclass
class _Plan:
    user_agent: str
    headers: dict[str, str]
    origins: Collection[str]
    credentials: dict[str, str] | None
    cookies: list[dict[str, Any]]
    timeout: float
    max_redirects: int


def _request_headers(url: str, plan: _Plan) -> dict[str, str]:
    out = {"User-Agent": plan.user_agent, "Accept": "*/*", "Accept-Encoding": "gzip", "Connection": "close"}
    site = _origin(url)
    if site in plan.origins:
        out.update(plan.headers)
    creds = plan.credentials
    if creds and creds.get("origin") == site:
        token = base64.b64encode(f"{creds['username']}:{creds['password']}".encode()).decode()
        out["Authorization"] = f"Basic {token}"
    cookie = _cookie_header(url, plan.cookies)
    if cookie:
        out["Cookie"] = cookie
    return out


def _read_capped(response: http.client.HTTPResponse, cap: int, deadline: float) -> tuple[bytes, bool]:
    """Up to ``cap`` bytes of the (inflated) body, and whether there was more. Never holds more than cap + a chunk."""
    gzipped = (response.getheader("Content-Encoding") or "").strip().lower() in ("gzip", "x-gzip")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzipped else None
    out = bytearray()
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError("body too slow")
        chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        if not chunk:
            if inflater is not None:
                out += inflater.flush()[: cap + 1 - len(out)]
            return bytes(out[:cap]), len(out) > cap
        if inflater is not None:
            try:
                # max_length bounds what one compressed chunk may inflate to.
                chunk = inflater.decompress(inflater.unconsumed_tail + chunk, cap + 1 - len(out))
            except zlib.error as exc:
                raise http.client.HTTPException(f"bad gzip body: {exc}") from None
        out += chunk
        if len(out) > cap:
            return bytes(out[:cap]), True


def _get(url: str, cap: int, plan: _Plan) -> FetchResult:
    """One GET with redirects, blocking: run in a thread. Sockets time out, so the thread always ends."""
    deadline = time.monotonic() + plan.timeout
    seen: list[str] = []
    for _ in range(plan.max_redirects + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return FetchResult(0, final_url=url, error="invalid URL")
        remaining = max(0.1, deadline - time.monotonic())
        conn: http.client.HTTPConnection
        if parts.scheme == "https":
            conn = http.client.HTTPSConnection(
                parts.hostname, parts.port, timeout=remaining, context=ssl.create_default_context()
            )
        else:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=remaining)
        try:
            target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            conn.request("GET", target, headers=_request_headers(url, plan))
            response = conn.getresponse()
            headers = {k.lower(): v for k, v in response.getheaders()}
            location = headers.get("location")
            if response.status in _REDIRECTS and location:
                seen.append(url)
                url = urljoin(url, location)
                continue
            body, truncated = _read_capped(response, cap, deadline)
            headers.pop("content-encoding", None)
            return FetchResult(response.status, body, headers, final_url=url, truncated=truncated)
        finally:
            conn.close()
    return FetchResult(0, final_url=url, error="redirect loop" if url in seen else "too many redirects")


def _error_reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timeout"
    if isinstance(exc, socket.gaierror):
        return "dns"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, ConnectionResetError | BrokenPipeError):
        return "connection reset"
    if isinstance(exc, ssl.SSLError | ssl.CertificateError):
        return "tls"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "connection closed"
    if isinstance(exc, http.client.HTTPException):
        return "invalid response"
    return classify_network_error(str(exc))


def http_fetch(
    *,
    user_agent: str,
    headers: dict[str, str] | None = None,
    origins: Collection[str] = (),
    credentials: dict[str, str] | None = None,
    storage_state: str | None = None,
    timeout: float = 15.0,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = 10,
) -> Fetch:
    """A streaming ``Fetch`` (see the module's docstring).

    ``headers`` go only to ``origins`` (``scheme://host[:port]``, the scan's
    sites); ``credentials`` (Playwright's ``http_credentials`` shape) only to
    their own origin, as HTTP Basic. ``timeout`` bounds the whole request,
    redirects and body included.
    """
    plan = _Plan(
        user_agent, dict(headers or {}), frozenset(origins), credentials,
        storage_state_cookies(storage_state), timeout, max_redirects,
    )  # fmt: skip

    limit = max_bytes

    async def fetch(url: str, *, max_bytes: int | None = None) -> FetchResult:
        cap = limit if max_bytes is None else min(max_bytes, limit)
        try:
            return await asyncio.wait_for(asyncio.to_thread(_get, url, cap, plan), timeout + 5)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # every network failure is a result, never an exception
            return FetchResult(0, final_url=url, error=_error_reason(exc))

    return fetch
