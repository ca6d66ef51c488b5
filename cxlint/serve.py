"""Serving local build output on 127.0.0.1, so a developer can scan before deploying.

A ``.html`` file or a folder given to ``cxlint scan`` is served by a small
threaded HTTP server bound to loopback. The server is quiet (no request log
on stderr) and stops with the scan. Its port is derived from the folder's
path, so the same folder gets the same addresses scan after scan (the re-scan
cache and URL-keyed history need that); when that port is taken, any free
port is used.

One page, one address: a folder's index file is served at the folder's URL
(``/docs/``), and a request for ``/docs/index.html`` is answered with a 301
to ``/docs/``. The merge is made here, and not by URL normalisation, because
only here is it certain that the two spellings are one file; on a real
server ``/index.html`` and ``/`` may be different resources, and there the
crawler merges them only when the server itself redirects.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

PLACEHOLDER_ORIGIN = "http://demo.invalid"
"""Sitemaps and robots.txt in bundled sites name this origin; it is rewritten at serve time."""

_REWRITE_SUFFIXES = (".xml", ".txt")
INDEX_FILES = ("index.html", "index.htm")
"""Directory index files, in the order the server picks them (``SimpleHTTPRequestHandler``'s order)."""


def index_file(folder: Path) -> Path | None:
    """The file the server answers for ``folder/``, if any."""
    return next((folder / n for n in INDEX_FILES if (folder / n).is_file()), None)


class _QuietHandler(SimpleHTTPRequestHandler):
    origin = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request log: the engine never prints."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.name in INDEX_FILES and path.is_file() and index_file(path.parent) == path:
            return self._redirect_to_folder()
        if path.is_file() and path.suffix in _REWRITE_SUFFIXES:
            body = path.read_bytes().replace(PLACEHOLDER_ORIGIN.encode(), self.origin.encode())
            self.send_response(200)
            ctype = "application/xml" if path.suffix == ".xml" else "text/plain; charset=utf-8"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io

            return io.BytesIO(body)
        return super().send_head()

    def _redirect_to_folder(self) -> None:
        """``/dir/index.html`` → 301 ``/dir/`` (query kept): the folder's URL is the page's one address."""
        parts = urlsplit(self.path)
        folder = parts.path.rsplit("/", 1)[0] + "/"
        self.send_response(301)
        self.send_header("Location", urlunsplit(("", "", folder, parts.query, "")))
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a tab mid-download (the throwaway tabs of form and widget checks do)
        breaks the pipe; that is normal here, and the engine never prints a traceback."""


PORTS = (20000, 32000)
"""The range stable ports are drawn from: above the usual development servers, below Linux's ephemeral ports."""


def preferred_port(root: Path) -> int:
    """The folder's own port: the same for the same folder on every run."""
    low, high = PORTS
    return low + int.from_bytes(hashlib.sha256(str(root).encode()).digest()[:4], "big") % (high - low)


class LocalSite:
    """A folder served on 127.0.0.1; ``origin`` is ``http://127.0.0.1:PORT``."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        handler = type("Handler", (_QuietHandler,), {})
        serve_dir = functools.partial(handler, directory=str(self.root))
        try:
            self._server = _QuietServer(("127.0.0.1", preferred_port(self.root)), serve_dir)
        except OSError:  # taken (another scan of this folder, another program): any free port
            self._server = _QuietServer(("127.0.0.1", 0), serve_dir)
        self._server.daemon_threads = True
        port = self._server.server_address[1]
        self.origin = f"http://127.0.0.1:{port}"
        handler.origin = self.origin
        self._thread = threading.Thread(target=self._server.serve_forever, name="cxlint-serve", daemon=True)

    def start(self) -> LocalSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url_for(self, path: Path) -> str:
        """The page's one address: a folder's index file is the folder's URL."""
        path = path.resolve()
        if path.is_file() and index_file(path.parent) == path:
            path = path.parent
        rel = path.relative_to(self.root).as_posix()
        if rel == ".":
            return f"{self.origin}/"
        return f"{self.origin}/{rel}/" if path.is_dir() else f"{self.origin}/{rel}"

    def html_files(self, under: Path | None = None) -> list[Path]:
        """Every HTML file in the folder (or in ``under``, a folder inside it), sorted."""
        top = (under or self.root).resolve()
        return sorted(p for p in top.rglob("*.htm*") if p.is_file() and p.suffix in (".html", ".htm"))


@contextmanager
def serve(root: Path) -> Iterator[LocalSite]:
    site = LocalSite(root).start()
    try:
        yield site
    finally:
        site.stop()
