"""Baselines: the findings a team has accepted, so a build fails only on new ones.

A baseline file is JSON listing fingerprints with the page path, rule, element and
message they stand for (so it reviews well in a pull request), and how many times each
occurred: two identical elements on one page share a fingerprint, so matching counts
occurrences instead of treating the file as a set. A fix and a new problem therefore
never cancel out, as they do with a page-count threshold.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cxlint.findings.fingerprint import VERSION, page_key, version_of
from cxlint.model import Finding, Outcome

FORMAT = "cxlint-baseline"
FORMAT_VERSION = 1


class BaselineError(ValueError):
    """A baseline file that cannot be used, in one line."""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule: str
    page: str
    selector: str = ""
    message: str = ""
    count: int = 1


@dataclass
class Baseline:
    entries: list[Entry] = field(default_factory=list)
    path: str = ""

    def __post_init__(self) -> None:
        self._by_page: dict[str, Counter[str]] = {}
        for e in self.entries:
            self._by_page.setdefault(e.page, Counter())[e.fingerprint] += e.count

    @property
    def total(self) -> int:
        return sum(e.count for e in self.entries)

    def pages(self) -> set[str]:
        return set(self._by_page)

    def expected(self, page: str) -> Counter[str]:
        return Counter(self._by_page.get(page, Counter()))

    def mark(self, page_url: str, findings: Iterable[Finding]) -> None:
        """Flag as ``baselined`` the findings of one page that the baseline accepts (by count)."""
        left = self.expected(page_key(page_url) if page_url else "")
        for f in findings:
            if f.outcome is Outcome.VIOLATION and left[f.fingerprint] > 0:
                left[f.fingerprint] -= 1
                f.baselined = True

    @classmethod
    def load(cls, path: str | Path) -> Baseline:
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            hint = f"create it with 'cxlint baseline TARGET --output {p}'"
            raise BaselineError(f"baseline '{p}': no such file ({hint})") from None
        except (OSError, UnicodeDecodeError) as e:
            raise BaselineError(f"baseline '{p}': cannot read it ({e})") from None
        except json.JSONDecodeError as e:
            raise BaselineError(f"baseline '{p}': not valid JSON (line {e.lineno}: {e.msg})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BaselineError(f"baseline '{p}': not a cxlint baseline file (no \"format\": \"{FORMAT}\")")
        if data.get("fingerprint_version") != VERSION:
            raise BaselineError(
                f"baseline '{p}': made with fingerprint version {data.get('fingerprint_version')}, this cxlint uses "
                f"{VERSION}; regenerate it with 'cxlint baseline'"
            )
        entries = []
        for i, raw in enumerate(data.get("findings", [])):
            try:
                e = Entry(
                    fingerprint=str(raw["fingerprint"]), rule=str(raw["rule"]), page=str(raw.get("page", "")),
                    selector=str(raw.get("selector", "")), message=str(raw.get("message", "")),
                    count=int(raw.get("count", 1)),
                )
            except (KeyError, TypeError, ValueError):
                raise BaselineError(f"baseline '{p}': findings[{i}] needs a fingerprint and a rule") from None
            if version_of(e.fingerprint) != VERSION or e.count < 1:
                raise BaselineError(f"baseline '{p}': findings[{i}] has a bad fingerprint or count")
            entries.append(e)
        return cls(entries, str(p))


def entries_from(pages: Iterable[tuple[str, list[Finding]]]) -> list[Entry]:
    """Baseline entries for every violation of the given (page URL, findings) pairs, sorted for review."""
    grouped: dict[tuple[str, str], tuple[Finding, int]] = {}
    for url, findings in pages:
        key_page = page_key(url) if url else ""
        for f in findings:
            if f.outcome is not Outcome.VIOLATION:
                continue
            k = (key_page, f.fingerprint)
            first, n = grouped.get(k, (f, 0))
            grouped[k] = (first, n + 1)
    out = [
        Entry(fp, f.rule, page, " > ".join([*f.location.frames, f.location.selector]), f.message[:200], n)
        for (page, fp), (f, n) in grouped.items()
    ]
    return sorted(out, key=lambda e: (e.page, e.rule, e.selector, e.fingerprint))


def write(path: str | Path, entries: list[Entry], meta: dict[str, Any]) -> None:
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "fingerprint_version": VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **meta,
        "findings": [
            {"fingerprint": e.fingerprint, "rule": e.rule, "page": e.page, "selector": e.selector,
             "message": e.message, "count": e.count}
            for e in entries
        ],
    }
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(p)
