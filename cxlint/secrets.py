"""Keeping secrets out of everything cxlint writes: results, reports, the store, the terminal.

A scan can carry secrets: ``--header 'Authorization: $TOKEN'`` values and
``http://user:password@host/`` credentials. They must reach the site being
scanned and nothing else, and never come back out: a debug page that echoes
request headers, or an error page that prints its URL, would otherwise put
them into a report that is mailed around or uploaded as a CI artefact.

Two pure pieces, applied at the boundaries (where pages are saved, where
reports are written):

* ``Redactor(values)`` replaces every known secret value, and the forms a page
  is likely to echo it in (percent-encoded, HTML-escaped, base64 as in a Basic
  ``Authorization``), with ``[redacted]`` in text or in any JSON-like object.
* ``split_credentials(url)`` takes ``user:password@`` out of a URL, so that
  only the clean URL is ever recorded and the credentials go to the browser
  as HTTP credentials for that origin alone.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

from cxlint.crawl.urls import InvalidURL, normalize_url, origin

__all__ = ["MIN_SECRET_LENGTH", "REDACTED", "Credentials", "Redactor", "split_credentials"]

REDACTED = "[redacted]"
MIN_SECRET_LENGTH = 4
"""Shorter values (``X-Debug: 1``) cannot be told apart from ordinary text and are not treated as secrets."""

T = TypeVar("T")


def _forms(value: str) -> set[str]:
    """The spellings in which a page may echo ``value`` back."""
    forms = {value, quote(value, safe=""), quote_plus(value, safe=""), html.escape(value, quote=True)}
    forms.add(html.escape(value, quote=False))
    return {f for f in forms if len(f) >= MIN_SECRET_LENGTH}


class Redactor:
    """Replaces known secret values in text and in JSON-like objects (dicts, lists, dataclasses)."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        forms: set[str] = set()
        for value in values:
            value = str(value)
            if len(value.strip()) < MIN_SECRET_LENGTH:
                continue
            forms |= _forms(value)
            forms |= _forms(value.strip())
            if ":" in value:  # user:password, as a Basic Authorization header carries it
                forms.add(base64.b64encode(value.encode()).decode())
        # Longest first, so a secret that contains another is replaced whole.
        ordered = sorted(forms, key=len, reverse=True)
        self._pattern = re.compile("|".join(re.escape(f) for f in ordered)) if ordered else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def text(self, s: str) -> str:
        if self._pattern is None or not s:
            return s
        return self._pattern.sub(REDACTED, s)

    def obj(self, o: T) -> T:
        """A copy of ``o`` with every string (keys included) redacted; enums, numbers and None are kept."""
        if self._pattern is None:
            return o
        return self._walk(o)  # type: ignore[no-any-return]

    def _walk(self, o: Any) -> Any:
        if isinstance(o, Enum):
            return o
        if isinstance(o, str):
            return self.text(o)
        if isinstance(o, dict):
            return {self._walk(k): self._walk(v) for k, v in o.items()}
        if isinstance(o, list | tuple | set | frozenset):
            return type(o)(self._walk(v) for v in o)
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            changes = {f.name: self._walk(getattr(o, f.name)) for f in dataclasses.fields(o) if f.init}
            return dataclasses.replace(o, **changes)
        return o


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials from a URL, for one origin only (Playwright's ``http_credentials``)."""

    origin: str
    username: str
    password: str

    def playwright(self) -> dict[str, str]:
        return {"username": self.username, "password": self.password, "origin": self.origin}

    def secrets(self) -> list[str]:
        """What must never be written: the password, and ``user:password`` (Basic auth's payload)."""
        return [self.password, f"{self.username}:{self.password}"] if self.password else []


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """``http://u:p@host/x`` → (``http://host/x``, Credentials). URLs without them come back unchanged."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url, None
    if "@" not in parts.netloc or parts.scheme.lower() not in ("http", "https"):
        return url, None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    clean = urlunsplit((parts.scheme, hostport, parts.path, parts.query, parts.fragment))
    try:
        site = origin(normalize_url(clean))
    except InvalidURL:
        return clean, None
    return clean, Credentials(site, unquote(user), unquote(password))
