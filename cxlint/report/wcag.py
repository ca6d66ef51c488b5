"""WCAG success criteria by number, with name, level and the Section 508 provision that requires them.

A bare "4.1.2" means nothing to an agency leader or a contracting officer; the
report names the criterion, its level and whether Section 508 makes it a legal
obligation. The facts are data (``wcag.yaml``) so a reviewer can check them
against the W3C text line by line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("wcag.yaml")


@dataclass(frozen=True)
class Criterion:
    sc: str
    name: str
    level: str
    since: str
    removed: str = ""
    section508: str = ""
    """The 508 provision(s) that incorporate this criterion, or why it is not a 508 requirement."""

    @property
    def label(self) -> str:
        """``4.1.2 Name, Role, Value (Level A)``."""
        return f"{self.sc} {self.name} (Level {self.level})" if self.name else self.sc

    @property
    def is_508(self) -> bool:
        return self.since == "2.0" and self.level in ("A", "AA")


def _section508(sc: str, level: str, since: str, exceptions: set[str]) -> str:
    if level == "AAA":
        return "Not a Section 508 requirement (Level AAA)"
    if since != "2.0":
        return f"Not a Section 508 requirement (added in WCAG {since}; 508 incorporates WCAG 2.0)"
    if sc in exceptions:
        return "Section 508 E205.4 (web content); E207.2 applies it to software except non-web software"
    return "Section 508 E205.4 (web content) and E207.2 (software)"


@cache
def criteria() -> dict[str, Criterion]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    exceptions = set(raw["section508"]["non_web_software_exceptions"])
    out: dict[str, Criterion] = {}
    for sc, c in raw["criteria"].items():
        out[sc] = Criterion(
            sc=sc, name=c["name"], level=c["level"], since=c["since"], removed=c.get("removed", ""),
            section508=_section508(sc, c["level"], c["since"], exceptions),
        )
    return out


def criterion(sc: str) -> Criterion:
    """The criterion numbered ``sc``; an unknown number is shown as it is, never guessed."""
    return criteria().get(sc) or Criterion(sc=sc, name="", level="", since="", section508="")
