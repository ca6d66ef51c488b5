"""Session-wide fixtures: one real Chromium, and loopback servers over fixture pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import BrowserThread
from tests.support.httpd import FixtureServer

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def chromium() -> Iterator[BrowserThread]:
    bt = BrowserThread().start()
    yield bt
    bt.stop()


@pytest.fixture(scope="session")
def pages_server() -> Iterator[FixtureServer]:
    """Fixture pages on 127.0.0.1."""
    srv = FixtureServer(FIXTURES / "pages").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def other_origin_server() -> Iterator[FixtureServer]:
    """The same pages on another origin ('localhost' vs '127.0.0.1'), for cross-origin iframes."""
    srv = FixtureServer(FIXTURES / "pages", host="localhost").start()
    yield srv
    srv.stop()
