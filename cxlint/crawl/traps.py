"""Crawler traps: URL patterns that keep producing the same page.

An endless calendar (``?month=N+1``), a faceted search that multiplies
parameters, a session id in the path: each new URL is "new" to the frontier,
so without help they eat the page budget. They share two signs: the URLs
follow one pattern (``cxlint.crawl.sampling.template_key``), and the pages
say nearly the same thing. A real paginated listing follows a pattern too,
but each page lists different items, so it is told apart by its text.

The text signature is a bottom-k sketch (the ``K`` smallest 32-bit hashes)
of the page's word 3-shingles with digits folded to ``0`` (month 3 and month 4
of an empty calendar read the same). Two sketches estimate the Jaccard
similarity of the pages' shingle sets; it costs one hash per shingle and 256
characters per page. A pattern becomes a suspected trap when ``window`` pages
of it in a row are all at least ``min_similarity`` alike; from then on its URLs
are not loaded, and the report says why.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections import deque
from dataclasses import dataclass, field

from cxlint.crawl.sampling import template_key

__all__ = ["MAX_TEXT", "TrapDetector", "TrapGroup", "similarity", "text_signature"]

MAX_TEXT = 200_000
"""Characters of a page's text that go into its signature: plenty to tell pages apart."""

_WORD = re.compile(r"\w+", re.UNICODE)
_DIGITS = re.compile(r"\d+")


K = 32


def text_signature(text: str) -> str:
    """Bottom-k sketch of the page's visible text (hex), digits folded: equal for pages that differ by numbers."""
    words = [_DIGITS.sub("0", w.lower()) for w in _WORD.findall(text[:MAX_TEXT])]
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    hashes = {int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "big") for s in shingles}
    return "".join(f"{h:08x}" for h in heapq.nsmallest(K, hashes))


def _hashes(signature: str) -> set[int]:
    return {int(signature[i : i + 8], 16) for i in range(0, len(signature), 8)}


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of two pages' shingle sets (1.0: the same text, numbers aside)."""
    ha, hb = _hashes(a), _hashes(b)
    union = heapq.nsmallest(K, ha | hb)
    if not union:
        return 1.0
    both = ha & hb
    return sum(1 for h in union if h in both) / len(union)


@dataclass
class TrapGroup:
    key: str
    """The URL pattern (``template_key``)."""
    scanned: list[str] = field(default_factory=list)
    """Pages of the pattern that were loaded, the ones that showed it repeats among them."""
    skipped: list[str] = field(default_factory=list)
    """URLs of the pattern not loaded once it was suspected."""


class TrapDetector:
    def __init__(self, *, window: int = 5, min_similarity: float = 0.9) -> None:
        if window < 2:
            raise ValueError("a trap needs a window of at least 2 pages")
        self.window = window
        self.min_similarity = min_similarity
        self._recent: dict[str, deque[tuple[str, str]]] = {}
        self._traps: dict[str, TrapGroup] = {}

    def key(self, url: str) -> str:
        return template_key(url)

    def is_trap(self, url: str) -> bool:
        return template_key(url) in self._traps

    def observe(self, url: str, signature: str) -> TrapGroup | None:
        """Note a scanned page; returns its pattern's group the moment the pattern becomes a suspected trap."""
        key = template_key(url)
        if key in self._traps:
            self._traps[key].scanned.append(url)
            return None
        recent = self._recent.setdefault(key, deque(maxlen=self.window))
        recent.append((url, signature))
        if len(recent) < self.window:
            return None
        first = recent[0][1]
        if all(similarity(first, sig) >= self.min_similarity for _, sig in recent):
            group = self._traps[key] = TrapGroup(key, scanned=[u for u, _ in recent])
            del self._recent[key]
            return group
        return None

    def skip(self, url: str) -> None:
        """Record a URL of a trap pattern that will not be loaded."""
        self._traps[template_key(url)].skipped.append(url)

    def restore(self, url: str) -> None:
        """Replay a past decision (``--resume``): ``url`` was skipped as part of a trap."""
        key = template_key(url)
        self._traps.setdefault(key, TrapGroup(key)).skipped.append(url)

    def summary(self) -> list[TrapGroup]:
        return list(self._traps.values())
