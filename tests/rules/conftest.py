"""Fixtures for the DOM rule example runner: the DOM rules, and a loopback server with per-test routes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from cxlint.dom import kinds as dom_kinds
from cxlint.registry import RULES_DIR, Registry, Rule, load_registry
from tests.support import server


@pytest.fixture(scope="session")
def dom_registry() -> Registry:
    return load_registry([RULES_DIR / "federal", RULES_DIR / "accessibility"])


@pytest.fixture(scope="session")
def dom_rules(dom_registry: Registry) -> dict[str, Rule]:
    return {c: r for c, r in dom_registry.rules.items() if r.spec.kind in dom_kinds.DOM_KINDS}


class RouteServer(server.FixtureServer):
    """A 127.0.0.1 server answering from what each example sets (robots.txt, sitemaps, soft 404s, redirects)."""

    def __init__(self) -> None:
        super().__init__(None)

    def serve(self, files: dict[str, str], fallback_status: int = 404, redirect_to: str = "") -> None:
        def ctype(path: str) -> str:
            return (
                "application/xml" if path.endswith(".xml") else "text/plain" if path.endswith(".txt") else "text/html"
            )

        self.routes = []
        if redirect_to:
            self.route(re.compile(r".*"), server.redirect(redirect_to.replace("{origin}", self.origin), 301))
            return
        for path, body in files.items():
            reply = server.Reply(200, body.replace("{origin}", self.origin).encode(), {"Content-Type": ctype(path)})
            self.route(path, lambda _p, _q, r=reply: r)
        fallback = server.Reply(fallback_status, b"<title>fallback</title>", {"Content-Type": "text/html"})
        self.route(re.compile(r".*"), lambda _p, _q: fallback)


@pytest.fixture(scope="session")
def route_server() -> Iterator[RouteServer]:
    srv = RouteServer().start()
    yield srv
    srv.stop()
