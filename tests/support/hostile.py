"""A hostile site on 127.0.0.1: pages that misbehave in the ways the hardening tests need.

Every route is computed, nothing is read from disk, and the big bodies are
generated lazily in chunks (``Stream``), so a 200 MB robots.txt costs the test
process no memory and stops as soon as the client hangs up.
"""

from __future__ import annotations

import base64
import re
import struct
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
    """A gzip file that inflates to about ``unpacked`` bytes, built in well under a second.

    One megabyte of ``filler`` is deflated once, ending in a full flush (no back
    references across it), and that segment is repeated: the way parallel gzip
    tools join independently compressed pieces.
    """
    block = filler * max(1, (1024 * 1024) // len(filler))
    n = max(1, (unpacked - len(prefix)) // len(block))
    comp = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    segment = comp.compress(block) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.flush(zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    for _ in range(n):
        crc = zlib.crc32(block, crc)
    size = len(prefix) + n * len(block)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + head + segment * n + tail + struct.pack("<II", crc, size & 0xFFFFFFFF)


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


SITEMAP_NS = b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'


def with_prefix(prefix: bytes, rest: Callable[[], Iterator[bytes]]) -> Callable[[], Iterator[bytes]]:
    def chunks() -> Iterator[bytes]:
        yield prefix
        yield from rest()

    return chunks


def huge_files_site(size: int = 200 * 1024 * 1024, bomb: int = 400 * 1024 * 1024) -> tuple[HostileServer, dict[str, Stream]]:
    """A site whose robots.txt and sitemaps are enormous: streamed without a length, or gzip bombs.

    Returns the server and its streams (their ``sent`` counters show how much a client really read).
    """
    site = HostileServer()
    streams: dict[str, Stream] = {}
    origin = ""

    def robots(_p: str, _q: str) -> Stream:
        head = f"User-agent: *\nDisallow: /private/\nSitemap: {origin}/sitemap-index.xml\n".encode()
        streams["robots"] = Stream(with_prefix(head, endless_text(b"# nothing to see here\n", size)), {"Content-Type": "text/plain"})
        return streams["robots"]

    def big(_p: str, _q: str) -> Stream:
        entry = f"<url><loc>{origin}/from-big-sitemap</loc></url>".encode()
        streams["big"] = Stream(with_prefix(SITEMAP_NS, endless_text(entry, size)), {"Content-Type": "application/xml"})
        return streams["big"]

    filler = b"<url><loc>http://127.0.0.1/from-bomb</loc></url>"
    packed = gzip_bomb(bomb, SITEMAP_NS, filler)
    site.stream("/robots.txt", robots)
    site.stream("/big.xml", big)
    site.route("/bomb.xml.gz", lambda p, q: Reply(200, packed, {"Content-Type": "application/gzip"}))
    site.route("/encoded.xml", lambda p, q: Reply(200, packed, {"Content-Type": "application/xml", "Content-Encoding": "gzip"}))
    site.route(
        "/sitemap-index.xml",
        lambda p, q: Reply(
            200,
            (
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<sitemap><loc>{origin}{u}</loc></sitemap>" for u in ("/big.xml", "/bomb.xml.gz", "/encoded.xml", "/ok.xml"))
                + "</sitemapindex>"
            ).encode(),
            {"Content-Type": "application/xml"},
        ),
    )
    site.route("/ok.xml", lambda p, q: Reply(200, SITEMAP_NS + f"<url><loc>{origin}/from-sitemap</loc></url></urlset>".encode(), {"Content-Type": "application/xml"}))
    site.route("/", lambda p, q: page("Home", "<a href='/private/report'>Private</a>"))
    site.route("/from-sitemap", lambda p, q: page("Listed in a sitemap"))
    site.start()
    origin = site.origin
    return site, streams


NEWS = [
    "Trail crews reopen the Ridge Loop after winter storm damage",
    "New fee schedule for backcountry camping permits starts in May",
    "Ranger station hours change for the summer season",
    "Wildfire risk is high: campfires are banned in the east district",
    "Volunteers planted 4,000 native seedlings along the river",
    "Road to the north trailhead closes for paving in June",
    "Apply now for seasonal visitor center jobs",
    "Public comment open on the draft river management plan",
]


def trap_site() -> HostileServer:
    """An endless events calendar (``?month=N`` links to N+1 forever) beside a real 8-page news listing."""
    site = HostileServer()

    def events(_p: str, query: str) -> Reply:
        month = int(query.partition("=")[2] or 0)
        label = f"{2024 + month // 12}-{month % 12 + 1:02d}"
        return page(
            f"Events {label}",
            f"<p>No events are scheduled for {label}.</p>"
            f"<a href='/events?month={month - 1}'>Previous month</a> <a href='/events?month={month + 1}'>Next month</a>",
        )

    def news(_p: str, query: str) -> Reply:
        n = int(query.partition("=")[2] or 1)
        story = NEWS[n - 1]
        more = f"<a href='/news?page={n + 1}'>Older news</a>" if n < len(NEWS) else ""
        return page(f"News: {story}", f"<article><h2>{story}</h2><p>{story}. Read the full notice at the office.</p></article>{more}")

    site.route("/", lambda p, q: page("Home", "<a href='/events?month=0'>Events</a> <a href='/news?page=1'>News</a>"))
    site.route("/events", events)
    site.route("/news", news)
    site.start()
    return site
