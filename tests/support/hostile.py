"""A hostile site on 127.0.0.1: pages that misbehave in the ways the hardening tests need.

Every route is computed, nothing is read from disk, and the big bodies are
generated lazily in chunks (``Stream``), so a 200 MB robots.txt costs the test
process no memory and stops as soon as the client hangs up.
"""

from __future__ import annotations

import base64
import re
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler

from tests.support.server import FixtureServer, Reply, html, redirect

PAGE = "<!doctype html><html lang='en'><head><title>{title}</title></head><body><main><h1>{title}</h1>{body}</main></body></html>"
"""A page with nothing for the checks to find except what ``body`` adds."""


def page(title: str, body: str = "", head: str = "") -> Reply:
    text = PAGE.format(title=title, body=body)
    if head:
        text = text.replace("</head>", head + "</head>")
    return html(text)


@dataclass
class Stream:
    """A body sent in chunks without Content-Length (chunked encoding), produced on demand."""

    chunks: Callable[[], Iterator[bytes]]
    headers: dict[str, str] = field(default_factory=dict)
    sent: list[int] = field(default_factory=lambda: [0])
    """Bytes actually written, so a test can show the client stopped reading early."""


class HostileServer(FixtureServer):
    """``FixtureServer`` plus streamed bodies: a route may return a ``Stream`` instead of a ``Reply``."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        super().__init__(None, host=host, hang_cap=60.0)
        self._streams: dict[str, Callable[[str, str], Stream]] = {}
        self._local = threading.local()
        self.seen_headers: dict[str, list[dict[str, str]]] = {}
        """Request headers by path, every request: what the site received."""

    def stream(self, path: str, make: Callable[[str, str], Stream]) -> HostileServer:
        self._streams[path] = make
        return self

    def request_headers(self) -> dict[str, str]:
        """The headers of the request being answered (for handlers that echo them)."""
        return dict(getattr(self._local, "headers", {}))

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        path = req.path.split("?", 1)[0]
        self._local.headers = {k.lower(): v for k, v in req.headers.items()}
        with self._lock:
            self.seen_headers.setdefault(path, []).append(self._local.headers)
        make = self._streams.get(path)
        if make is None:
            super()._handle(req)
            return
        with self._lock:
            self.hits[path] += 1
        body = make(path, req.path.partition("?")[2])
        try:
            req.send_response(200)
            for name, value in body.headers.items():
                req.send_header(name, value)
            req.send_header("Transfer-Encoding", "chunked")
            req.end_headers()
            for chunk in body.chunks():
                if self._stopping.is_set():
                    break
                req.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                body.sent[0] += len(chunk)
            req.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass
        req.close_connection = True


def endless_text(line: bytes, total: int) -> Callable[[], Iterator[bytes]]:
    """``total`` bytes of ``line`` repeated, 64 KiB at a time."""
    block = line * max(1, (64 * 1024) // len(line))

    def chunks() -> Iterator[bytes]:
        sent = 0
        while sent < total:
            piece = block[: total - sent]
            sent += len(piece)
            yield piece

    return chunks


def gzip_bomb(unpacked: int, prefix: bytes, filler: bytes) -> bytes:
    """A gzip file that inflates to about ``unpacked`` bytes, built without holding them in memory."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [comp.compress(prefix)]
    block = filler * max(1, (1024 * 1024) // len(filler))
    done = len(prefix)
    while done < unpacked:
        parts.append(comp.compress(block))
        done += len(block)
    parts.append(comp.flush())
    return b"".join(parts)


def _chain(prefix: str, hops: int) -> Callable[[str, str], Reply]:
    """``/{prefix}N`` redirects to ``/{prefix}N+1`` up to ``hops``, then a page: a chain, not a loop."""

    def handler(path: str, _query: str) -> Reply:
        n = int(path.rsplit(prefix, 1)[1])
        if n >= hops:
            return page("End of the chain")
        return Reply(302, b"", {"Location": f"/{prefix}{n + 1}"})

    return handler


def wrong_states_site() -> tuple[HostileServer, HostileServer]:
    """(site, other): ``other`` runs on the same host, another port, and has a missing alt text."""
    other = HostileServer()
    other.route("/other", lambda p, q: page("Another site", "<img src='/x.png'>"))
    other.start()
    site = HostileServer()
    links = ["/jsnav", "/refresh", "/r0", "/loop-a", "/auth", "/dl"]
    site.route("/", lambda p, q: page("Home", "".join(f"<p><a href='{u}'>{u}</a></p>" for u in links)))
    site.route(
        "/jsnav",
        lambda p, q: page(
            "Moves to another port",
            "<p>This page sends the browser to another port once it has loaded.</p>",
            f"<script>addEventListener('load', () => setTimeout(() => location.href = '{other.url('/other')}', 10))"
            "</script>",
        ),
    )
    site.route(
        "/refresh",
        lambda p, q: page("Refreshes", "<p>This page moves.</p>", "<meta http-equiv='refresh' content='0; url=/moved'>"),
    )
    site.route("/moved", lambda p, q: page("Where the refresh goes"))
    site.route(re.compile(r"/r\d+"), _chain("r", 25))
    site.route("/loop-a", redirect("/loop-b"))
    site.route("/loop-b", redirect("/loop-a"))
    site.route(
        "/auth",
        lambda p, q: Reply(401, b"<h1>Sign in</h1>", {"WWW-Authenticate": 'Basic realm="staff"', "Content-Type": "text/html"}),
    )
    site.route(
        "/dl",
        lambda p, q: Reply(200, b"a,b\n1,2\n", {"Content-Type": "text/csv", "Content-Disposition": "attachment; filename=data.csv"}),
    )
    site.route(
        "/busy",
        lambda p, q: page(
            "Stops answering", "<p>Busy.</p>", "<script>addEventListener('load', () => setTimeout(() => { for (;;) {} }, 50))</script>"
        ),
    )
    site.start()
    return site, other


def secrets_site(user: str, password: str) -> tuple[HostileServer, HostileServer]:
    """(site, third_party): the site wants HTTP Basic auth and echoes every request header it gets.

    Its page loads an image from itself and one from ``third_party`` (another
    origin), which only records what it was sent.
    """
    third = HostileServer(host="localhost")
    third.route("/pixel.png", lambda p, q: Reply(200, b"", {"Content-Type": "image/png"}))
    third.start()
    site = HostileServer()
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def debug_page(_p: str, _q: str) -> Reply:
        headers = site.request_headers()
        if headers.get("authorization") != expected:
            return Reply(401, b"<h1>Sign in</h1>", {"WWW-Authenticate": 'Basic realm="staff"', "Content-Type": "text/html"})
        shown = "".join(f"<li>{escape(k)}: {escape(v)}</li>" for k, v in sorted(headers.items()))
        token = escape(headers.get("x-token", "none"))
        return page(
            f"Debug {token}",
            f"<p>Your token is {token}.</p><ul>{shown}</ul>"
            f"<img src='/own.png' alt='Own image'><img src='{third.url('/pixel.png')}' alt='Partner image'>",
        )

    site.route("/", debug_page)
    site.route("/own.png", lambda p, q: Reply(200, b"", {"Content-Type": "image/png"}))
    site.start()
    return site, third
