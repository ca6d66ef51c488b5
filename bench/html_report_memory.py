"""Peak memory of the HTML reporter fed page by page, at 200 and 2,000 pages (26 findings a page).

Pages are generated one at a time, as the store streams them, so the figure is the reporter's own
state (bounded per rule, one small row per page) plus the rendered HTML. Run from the repository root:

    PYTHONPATH=$PWD python bench/html_report_memory.py
"""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cxlint.model import PageResult
from cxlint.report.context import ReportContext
from cxlint.report.html import HtmlReport
from tests.support.synthetic import ORIGIN, extra_findings, page_findings, synthetic_result


def pages(n: int) -> Iterator[PageResult]:
    for i in range(n):
        url = f"{ORIGIN}/section-{i // 50}/page-{i}.html"
        yield PageResult(url=url, title=f"Page {i}", findings=page_findings(i, url) + extra_findings(i, url, 20),
                         metrics={"plain_language_score": 60 + (i % 41), "reading_grade": 6 + (i % 7)})


def peak(n: int, context: ReportContext) -> tuple[float, float, int]:
    meta = synthetic_result(1).meta
    tracemalloc.start()
    report = HtmlReport(context)
    report.begin(meta)
    for page in pages(n):
        report.page(page)
    _, fed = tracemalloc.get_traced_memory()
    html = report.end()
    _, total = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return fed / 1e6, total / 1e6, len(html)


def main() -> None:
    context = ReportContext.default()
    for n in (200, 2000):
        fed, total, size = peak(n, context)
        print(f"{n:>5} pages: reporter state peak {fed:.1f} MB while fed, {total:.1f} MB with rendering "
              f"({size / 1e6:.2f} MB of HTML)")


if __name__ == "__main__":
    main()
