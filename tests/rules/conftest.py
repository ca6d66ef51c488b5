"""Fixtures for the DOM rule example runner: the DOM rules, and a loopback server with per-test routes."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from cxlint.dom import kinds as dom_kinds
from cxlint.registry import RULES_DIR, Registry, Rule, load_registry


@pytest.fixture(scope="session")
def dom_registry() -> Registry:
    return load_registry([RULES_DIR / "federal", RULES_DIR / "accessibility"])


@pytest.fixture(scope="session")
def dom_rules(dom_registry: Registry) -> dict[str, Rule]:
    return {c: r for c, r in dom_registry.rules.items() if r.spec.kind in dom_kinds.DOM_KINDS}


class _RouteHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        server: RouteServer = self.server.owner  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        if server.redirect_to:
            self.send_response(301)
            self.send_header("Location", server.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, ctype, body = server.routes.get(path, (server.fallback_status, "text/html", b"<title>fallback</title>"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class RouteServer:
    """A 127.0.0.1 server answering from a dict the test sets (robots.txt, sitemaps, soft 404s)."""

    def __init__(self) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_RouteHandler))
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.httpd.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.fallback_status = 404
        self.redirect_to = ""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def serve(self, files: dict[str, str], fallback_status: int = 404, redirect_to: str = "") -> None:
        def ctype(path: str) -> str:
            return (
                "application/xml" if path.endswith(".xml") else "text/plain" if path.endswith(".txt") else "text/html"
            )

        self.routes = {p: (200, ctype(p), body.replace("{origin}", self.origin).encode()) for p, body in files.items()}
        self.fallback_status = fallback_status
        self.redirect_to = redirect_to.replace("{origin}", self.origin)


@pytest.fixture(scope="session")
def route_server() -> Iterator[RouteServer]:
    srv = RouteServer()
    srv._thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()
