"""Where a page's scan time goes: milliseconds per step, kept in ``PageResult.metrics["timings"]``.

Users compare cxlint's speed with the tool they already have; these numbers say which
engine or check a slow page spends its time in, on their own site, without a profiler.
Top-level keys (``load``, ``axe``, ``text``, ``dom``…) are disjoint steps of the page;
keys with a dot (``dom.reflow``) break one step down and are counted inside it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Stopwatch:
    """Sums wall milliseconds per named step; a step that runs twice is added up."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, (time.perf_counter() - t0) * 1000)

    def add(self, name: str, ms: float) -> None:
        self.ms[name] = self.ms.get(name, 0.0) + max(0.0, ms)

    def rounded(self) -> dict[str, float]:
        return {k: round(v, 1) for k, v in self.ms.items()}
