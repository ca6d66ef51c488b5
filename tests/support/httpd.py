"""The loopback server for page tests: fixture files plus routes that misbehave on purpose.

Built on the crawl tests' server (``tests.support.server``), with the routes the
scanner tests need: ``/status/NNN`` answers with that status; ``/hang`` accepts
the request and never answers (bounded, so a broken test cannot hold the process);
``/redirect-loop``; ``/redirect-to?u=URL``; ``/download.pdf`` served as a PDF.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs

from tests.support import server

MINIMAL_PDF = (
    b"%PDF-1.1\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _redirect_to(_path: str, query: str) -> server.Reply:
    return server.Reply(302, b"", {"Location": parse_qs(query)["u"][0]})


class FixtureServer(server.FixtureServer):
    def __init__(self, root: Path, host: str = "127.0.0.1") -> None:
        super().__init__(root, host=host, hang_cap=60.0)
        self.route(re.compile(r"/status/\d{3}"), lambda p, q: server.status(int(p.rsplit("/", 1)[1]))(p, q))
        self.route("/hang", server.hang())
        self.route("/redirect-loop", server.redirect("/redirect-loop"))
        self.route("/redirect-to", _redirect_to)
        self.route("/download.pdf", lambda p, q: server.Reply(200, MINIMAL_PDF, {"Content-Type": "application/pdf"}))

    def url(self, path: str = "/") -> str:
        return super().url("/" + path.lstrip("/"))
