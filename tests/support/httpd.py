"""A loopback HTTP server for tests: a folder of files plus routes that misbehave on purpose.

Routes: ``/status/NNN`` answers with that status; ``/hang`` accepts the
request and never answers (until ``hang_cap`` seconds, so a broken test can
never hold the process forever); ``/redirect-loop``; ``/download.pdf`` with a
PDF content type. Everything else is served from ``root``.
"""

from __future__ import annotations

import functools
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

MINIMAL_PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class _Handler(SimpleHTTPRequestHandler):
    hang_cap = 60.0
    seen: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            body = f"<!doctype html><title>{code}</title><h1>Status {code}</h1>".encode()
            self.send_response(code)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if path == "/hang":
            deadline = time.monotonic() + self.hang_cap
            while time.monotonic() < deadline and not getattr(self.server, "stopping", False):
                time.sleep(0.1)
            return
        if path == "/redirect-to":
            from urllib.parse import parse_qs, urlsplit

            self.send_response(302)
            self.send_header("Location", parse_qs(urlsplit(self.path).query)["u"][0])
            self.end_headers()
            return
        if path == "/redirect-loop":
            self.send_response(302)
            self.send_header("Location", "/redirect-loop")
            self.end_headers()
            return
        if path == "/download.pdf":
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(MINIMAL_PDF)))
            self.end_headers()
            self.wfile.write(MINIMAL_PDF)
            return
        super().do_GET()


class FixtureServer:
    def __init__(self, root: Path, host: str = "127.0.0.1") -> None:
        self.requests: list[str] = []
        handler_cls = type("Handler", (_Handler,), {"seen": self.requests})
        handler = functools.partial(handler_cls, directory=str(root))
        self.httpd = ThreadingHTTPServer((host, 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.origin = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"{self.origin}/{path.lstrip('/')}"

    def start(self) -> FixtureServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.stopping = True  # type: ignore[attr-defined]
        self.httpd.shutdown()
        self.httpd.server_close()
