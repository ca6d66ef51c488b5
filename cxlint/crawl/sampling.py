"""Template sampling: scan at most N pages per URL pattern.

Large federal sites are mostly a few templates filled thousands of times
(``/forms/1040``, ``/forms/941``…). Scanning a handful of each finds the
template's problems at a fraction of the cost. A path segment becomes ``{id}``
when it is clearly an identifier rather than a section name: all digits, a
UUID, a date, a hex string of 8+ characters, or a slug of 5+ characters with
a digit in it (``form-1040``, ``page2x``). Short segments with digits
(``v2``, ``es3``) stay, because they are usually versions or languages.
The query contributes its parameter names, not their values.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = ["SampleGroup", "Sampler", "template_key"]

_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)
_DATE = re.compile(r"\d{4}[-_/.]?\d{2}([-_/.]?\d{2})?")
_HEX = re.compile(r"[0-9a-f]{8,}", re.IGNORECASE)
_SLUG_WITH_DIGIT = re.compile(r"(?=.*\d)[\w.~-]{5,}")


def _segment_key(segment: str) -> str:
    if not segment:
        return segment
    stem, dot, ext = segment.rpartition(".")
    if not dot or not stem or not ext.isalpha() or len(ext) > 5:
        stem, ext = segment, ""
    if (
        stem.isdigit()
        or _UUID.fullmatch(stem)
        or _DATE.fullmatch(stem)
        or (_HEX.fullmatch(stem) and any(c.isdigit() for c in stem))
        or _SLUG_WITH_DIGIT.fullmatch(stem)
    ):
        stem = "{id}"
    return f"{stem}.{ext}" if ext else stem


def template_key(url: str) -> str:
    """``https://x.gov/forms/1040?lang=es`` → ``https://x.gov/forms/{id}?lang``."""
    parts = urlsplit(url)
    path = "/".join(_segment_key(s) for s in parts.path.split("/"))
    names = sorted({p.split("=", 1)[0] for p in parts.query.split("&") if p})
    query = "?" + "&".join(names) if names else ""
    return f"{parts.scheme}://{parts.netloc}{path}{query}"


@dataclass
class SampleGroup:
    key: str
    admitted: list[str] = field(default_factory=list)
    sampled_out: list[str] = field(default_factory=list)


class Sampler:
    """Admits the first ``n`` URLs of each template key and remembers the rest.

    "First" is discovery order, which the frontier keeps deterministic
    (breadth first, then the order links appear), so the same site gives the
    same sample on every run.
    """

    def __init__(self, n: int) -> None:
        if n < 1:
            raise ValueError("--sample must be 1 or more")
        self.n = n
        self._groups: OrderedDict[str, SampleGroup] = OrderedDict()

    def _group(self, url: str) -> SampleGroup:
        key = template_key(url)
        group = self._groups.get(key)
        if group is None:
            group = self._groups[key] = SampleGroup(key)
        return group

    def admit(self, url: str) -> bool:
        """True if ``url`` is within its template's quota (and counts it); False if sampled out."""
        group = self._group(url)
        if len(group.admitted) < self.n:
            group.admitted.append(url)
            return True
        group.sampled_out.append(url)
        return False

    def note(self, url: str, *, sampled_out: bool = False) -> None:
        """Replay a past decision (on ``--resume``) without re-deciding it."""
        group = self._group(url)
        (group.sampled_out if sampled_out else group.admitted).append(url)

    def summary(self) -> list[SampleGroup]:
        """Only the templates where something was sampled out: what a report must disclose."""
        return [g for g in self._groups.values() if g.sampled_out]
