"""What the memory and re-scan benches share: the generated site's generator and a quiet loopback server."""

from __future__ import annotations

import socket
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATORS = [ROOT / "bench" / "make_site.py", ROOT.parent / "shared" / "bench" / "make_site.py"]
"""Our own generator first; the shared one it was written from when run from an older checkout."""


class Quiet(SimpleHTTPRequestHandler):
    """Serves the generated site without a log line per request (the bench prints its own table)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
