"""A threaded loopback server for crawl tests: a folder of files plus programmable routes.

Routes are matched on the path (exact string or compiled regex) and return a
``Reply``; ``HANG`` holds the connection open without answering, bounded by
``hang_cap`` and released at once when the server stops, so a test can never
hang the process. Text files get ``{{ORIGIN}}`` replaced by the server's own
origin, because robots.txt and sitemaps must carry absolute URLs and the port
is chosen at random. Every request is counted in ``hits``.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

TEXT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".js": "text/javascript",
    ".css": "text/css",
}
BINARY_TYPES = {".pdf": "application/pdf", ".gz": "application/gzip", ".png": "image/png"}


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


HANG = Reply(status=-1)
"""Sentinel: accept the request and never answer."""

Handler = Callable[[str, str], Reply]
"""(path, query) -> Reply"""


def redirect(location: str, status: int = 302) -> Handler:
    return lambda path, query: Reply(status, b"", {"Location": location})


def status(code: int) -> Handler:
    body = f"<!doctype html><html lang='en'><title>{code}</title><h1>Status {code}</h1></html>".encode()
    return lambda path, query: Reply(code, body, {"Content-Type": "text/html"})


def hang() -> Handler:
    return lambda path, query: HANG


def html(body: str) -> Reply:
    return Reply(200, body.encode(), {"Content-Type": "text/html; charset=utf-8"})


class FixtureServer:
    def __init__(
        self, root: Path | None = None, *, host: str = "127.0.0.1", hang_cap: float = 20.0, file_delay: float = 0.0
    ) -> None:
        self.root = root
        self.file_delay = file_delay
        """Seconds each file (not route) response waits: slows a crawl down so a test can kill it mid-way."""
        self.host = host
        self.hang_cap = hang_cap
        self.routes: list[tuple[str | re.Pattern[str], Handler]] = []
        self.hits: Counter[str] = Counter()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- configuration --------------------------------------------------------------------------

    def route(self, pattern: str | re.Pattern[str], handler: Handler) -> FixtureServer:
        self.routes.append((pattern, handler))
        return self

    def gzip_route(self, path: str, source: str) -> FixtureServer:
        """Serve ``root/source`` (with ``{{ORIGIN}}`` filled in) gzipped at ``path``."""

        def handler(_p: str, _q: str) -> Reply:
            assert self.root is not None
            data = self._render((self.root / source).read_bytes())
            return Reply(200, gzip.compress(data), {"Content-Type": "application/gzip"})

        return self.route(path, handler)

    # -- life -----------------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        assert self._httpd is not None
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def start(self) -> FixtureServer:
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server._handle(self)

            do_HEAD = do_GET

            def do_POST(self) -> None:
                server._handle(self)

        self._httpd = ThreadingHTTPServer((self.host, 0), RequestHandler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="crawl-fixture-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving --------------------------------------------------------------------------------

    def _render(self, data: bytes) -> bytes:
        return data.replace(b"{{ORIGIN}}", self.origin.encode())

    def _reply_for(self, path: str, query: str) -> Reply:
        for pattern, handler in self.routes:
            if (isinstance(pattern, str) and pattern == path) or (
                isinstance(pattern, re.Pattern) and pattern.fullmatch(path)
            ):
                return handler(path, query)
        if self.root is None:
            return status(404)(path, query)
        target = (self.root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file() or self.root.resolve() not in target.parents:
            return status(404)(path, query)
        if self.file_delay:
            self._stopping.wait(self.file_delay)
        data = target.read_bytes()
        suffix = target.suffix.lower()
        if suffix in TEXT_TYPES:
            return Reply(200, self._render(data), {"Content-Type": TEXT_TYPES[suffix]})
        return Reply(200, data, {"Content-Type": BINARY_TYPES.get(suffix, "application/octet-stream")})

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(req.path)
        with self._lock:
            self.hits[parts.path + (f"?{parts.query}" if parts.query else "")] += 1
        query = parts.query
        if req.command == "POST":
            # A form post: routes see its urlencoded body where a GET's query string would be.
            length = int(req.headers.get("Content-Length") or 0)
            query = req.rfile.read(min(length, 1_000_000)).decode("utf-8", "replace")
            with self._lock:
                self.hits["POST " + parts.path] += 1
        reply = self._reply_for(parts.path, query)
        if reply is HANG:
            self._stopping.wait(self.hang_cap)
            req.close_connection = True
            return
        try:
            req.send_response(reply.status)
            for name, value in reply.headers.items():
                req.send_header(name, value)
            req.send_header("Content-Length", str(len(reply.body)))
            req.end_headers()
            if req.command != "HEAD":
                req.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
