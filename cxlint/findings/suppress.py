"""Inline suppressions, one meaning for every engine.

``data-cxlint-ignore="TOKENS"`` on an element covers that element and everything inside
it: its subtree, open shadow roots and the documents of iframes within it. A
``<!-- cxlint-disable TOKENS -->`` comment covers every element that starts after it in
its document, up to the next ``<!-- cxlint-enable -->`` (or ``cxlint-enable TOKENS``
naming the same tokens), or the end of the document. A finding about the page as a whole
(located at ``html``, or with no element) is covered by markers on ``<html>`` or
``<body>``. TOKENS use the rule grammar of :mod:`cxlint.findings.selectors`.

A marker that suppressed nothing on its page is itself reported (as ruff reports an
unused ``noqa``), and so is a token that names no rule at all: a suppression that hides
nothing is either stale or a typo, and both leave the page unchecked where the author
believed it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cxlint.findings.selectors import RuleRef, specificity


@dataclass(frozen=True)
class Marker:
    id: str
    """Unique within the page: ``a3`` (attribute) or ``c1`` (comment range), frame-qualified."""
    kind: str
    """``attribute`` or ``comment``."""
    tokens: tuple[str, ...]
    selector: str = ""
    """The element carrying the attribute, or the element right after the comment."""
    frames: tuple[str, ...] = ()
    snippet: str = ""


@dataclass
class PageMarkers:
    """What the page says about suppressions: its markers and which cover each finding."""

    markers: list[Marker] = field(default_factory=list)
    covers: list[list[str]] = field(default_factory=list)
    """``covers[i]``: ids of the markers covering the i-th finding handed to the collector."""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PageMarkers:
        markers = [
            Marker(
                id=str(m["id"]),
                kind=str(m.get("kind", "attribute")),
                tokens=tuple(str(t) for t in m.get("tokens", [])),
                selector=str(m.get("selector", "")),
                frames=tuple(str(f) for f in m.get("frames", [])),
                snippet=str(m.get("snippet", ""))[:300],
            )
            for m in data.get("markers", [])
        ]
        covers = [[str(x) for x in c] for c in data.get("covers", [])]
        return cls(markers, covers)


@dataclass
class Suppressed:
    by_marker: dict[str, int] = field(default_factory=dict)
    count: int = 0


def suppressing_marker(rule: RuleRef, covering: list[Marker]) -> Marker | None:
    """The most specific covering marker that names ``rule`` (None: the finding stands)."""
    chosen: tuple[int, Marker] | None = None
    for m in covering:
        s = max((specificity(t, rule) for t in m.tokens), default=0)
        if s and (chosen is None or s > chosen[0]):
            chosen = (s, m)
    return chosen[1] if chosen else None
