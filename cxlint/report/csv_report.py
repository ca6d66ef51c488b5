"""CSV: one row per finding, for spreadsheets and audit trackers.

Every cell that came from a scanned page (text, snippet, title, message) is
untrusted. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return would be run as a formula by Excel or LibreOffice, so it is
prefixed with a single quote, as OWASP's CSV-injection guidance says; the
csv module then quotes it as needed.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO

from cxlint.model import Finding, PageResult, PageStatus
from cxlint.report.base import RunInfo, Tally

COLUMNS = (
    "page", "page_title", "rule", "name", "category", "severity", "outcome", "wcag", "message", "selector",
    "frames", "text", "snippet", "suggestion", "help_url", "fingerprint", "baselined",
)  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Defuse a would-be formula (OWASP CSV injection): ``=1+1`` → ``'=1+1``."""
    return "'" + value if value.startswith(FORMULA_START) else value


class CsvReporter:
    name = "csv"
    filename = "results.csv"

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / self.filename
        self._fh: IO[str] | None = None

    def begin(self, run: RunInfo) -> None:
        self.run = run
        # UTF-8 with a BOM so Excel reads non-ASCII page text correctly.
        self._fh = self.path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._fh, lineterminator="\r\n")
        self._writer.writerow(COLUMNS)

    def _row(self, f: Finding, page: str, title: str) -> None:
        meta = self.run.catalog.get(f.rule, f)
        loc = f.location
        row = (
            page, title, f.rule, meta.name, meta.category, f.severity.value, f.outcome.value, " ".join(f.wcag),
            f.message, loc.selector, " > ".join(loc.frames), loc.text, loc.snippet, f.suggestion, meta.help_url,
            f.fingerprint, "yes" if f.baselined else "",
        )  # fmt: skip
        self._writer.writerow([neutralise(str(v)) for v in row])

    def page(self, page: PageResult) -> None:
        if page.status is PageStatus.SKIPPED:
            return
        where = self.run.paths.display(page.final_url or page.url)
        for f in page.findings:
            self._row(f, where, page.title)

    def site(self, findings: list[Finding]) -> None:
        for f in findings:
            urls = f.data.get("urls") if isinstance(f.data.get("urls"), list) else []
            pages = " ".join(self.run.paths.display(u) for u in urls) or "(whole site)"
            self._row(f, pages, "")

    def end(self, tally: Tally) -> list[Path]:
        assert self._fh is not None
        self._fh.close()
        return [self.path]
