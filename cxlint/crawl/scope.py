"""Which URLs belong to the crawl: origin or prefix scope, include/exclude patterns, depth.

Pattern syntax (``--include`` / ``--exclude``), chosen so that a URL never has
to be escaped:

* ``re:<regex>`` is a Python regular expression, *searched* in the full
  normalised URL (``re:/forms/\\d+$``). Only the ``re:`` prefix makes a regex:
  guessing from "regex-looking" characters would misread ordinary URLs, which
  are full of ``?``, ``.`` and ``+``.
* Anything else is a glob over the *whole* string, where ``*`` matches any run
  of characters except ``/``, ``**`` matches anything (``/`` included), and
  every other character, ``?`` and ``[`` included, is literal.

  - A glob starting with ``http://`` or ``https://`` is matched against the full
    normalised URL.
  - A glob starting with ``/`` is matched against path + query (``/search?q=*``).
    Queries are normalised, so write parameters in sorted order.
  - Any other glob matches at any depth: ``*.aspx`` is ``**/*.aspx``.
  - A glob ending in ``/`` covers the folder and everything below it: ``/private/``
    is ``/private/**``.

Exclude wins over include. When includes are given, a URL must match one of
them, except the start URLs themselves: a crawl has to be able to start from a
home page to reach the included section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from cxlint.crawl.states import CrawlConfigError, Reason
from cxlint.crawl.urls import InvalidURL, normalize_url, origin

__all__ = ["Pattern", "Scope", "compile_pattern"]


@dataclass(frozen=True)
class Pattern:
    raw: str
    regex: re.Pattern[str]
    full_url: bool
    """Matched against the full URL (else against path + query)."""
    search: bool
    """True for ``re:`` patterns (search); globs must match the whole string."""

    def matches(self, url: str) -> bool:
        if self.full_url:
            target = url
        else:
            parts = urlsplit(url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
        return bool(self.regex.search(target) if self.search else self.regex.fullmatch(target))


def _glob_to_regex(glob: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
        elif glob[i] == "*":
            out.append("[^/]*")
            i += 1
        else:
            out.append(re.escape(glob[i]))
            i += 1
    return "".join(out)


def compile_pattern(text: str) -> Pattern:
    """Compile one ``--include``/``--exclude`` value; raises ``CrawlConfigError`` with a one-line message."""
    raw = text
    text = text.strip()
    if not text:
        raise CrawlConfigError("empty --include/--exclude pattern")
    if text.startswith("re:"):
        try:
            return Pattern(raw, re.compile(text[3:]), full_url=True, search=True)
        except re.error as exc:
            raise CrawlConfigError(f"invalid regex in pattern {raw!r}: {exc}") from None
    full_url = text.startswith(("http://", "https://"))
    if not full_url and not text.startswith("/"):
        text = "**/" + text
    if text.endswith("/"):
        text += "**"
    return Pattern(raw, re.compile(_glob_to_regex(text)), full_url=full_url, search=False)


class Scope:
    """Decides whether a URL is in the crawl; ``check`` returns ``None`` or a skip reason."""

    def __init__(
        self,
        start_urls: Sequence[str],
        *,
        prefixes: Sequence[str] = (),
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        max_depth: int | None = None,
    ) -> None:
        if max_depth is not None and max_depth < 0:
            raise CrawlConfigError("--max-depth must be 0 or more")
        self.max_depth = max_depth
        self.prefixes: list[str] = []
        for p in prefixes:
            try:
                norm = normalize_url(p)
            except InvalidURL as exc:
                raise CrawlConfigError(f"--scope: {exc}") from None
            self.prefixes.append(norm)
        self.origins: set[str] = set()
        for u in start_urls:
            try:
                self.origins.add(origin(normalize_url(u)))
            except InvalidURL as exc:
                raise CrawlConfigError(str(exc)) from None
        self.include = [compile_pattern(p) for p in include]
        self.exclude = [compile_pattern(p) for p in exclude]

    def in_scope(self, url: str) -> bool:
        """Origin/prefix test only: what "on this site" means for redirects and iframes."""
        if self.prefixes:
            return any(url.startswith(p) for p in self.prefixes)
        return origin(url) in self.origins

    def check(self, url: str, depth: int = 0, *, start: bool = False) -> str | None:
        """``None`` if ``url`` (normalised) should be crawled at ``depth``, else the skip reason."""
        if not self.in_scope(url):
            return Reason.OUT_OF_SCOPE
        if any(p.matches(url) for p in self.exclude):
            return Reason.EXCLUDED
        if self.include and not start and not any(p.matches(url) for p in self.include):
            return Reason.NOT_INCLUDED
        if self.max_depth is not None and depth > self.max_depth:
            return Reason.MAX_DEPTH
        return None
