"""DOM engine fixtures: the fixture pages under tests/fixtures/dom, served on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.formserver import echo
from tests.support.httpd import FixtureServer

DOM_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dom"


@pytest.fixture(scope="session")
def dom_server() -> Iterator[FixtureServer]:
    srv = FixtureServer(DOM_FIXTURES).route("/forms/echo", echo).start()
    yield srv
    srv.stop()
