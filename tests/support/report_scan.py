"""Real scans kept in a results store, as report tests need them (screenshots, history)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from cxlint.config import Plan
from cxlint.model import RunResult
from cxlint.report.context import ReportContext
from cxlint.report.html import stream
from cxlint.runner import RunRequest, run
from cxlint.store import Store


def scan_into_store(urls: list[str], store_path: Path, *, follow: bool = False) -> RunResult:
    """Scan ``urls`` (crawling from them if ``follow``) into the store, then record the summary a report
    reads back as history (findings by severity and scores), as the end of a scan does."""
    plan = Plan.model_validate({
        "store": str(store_path), "page": {"timeout": 15},
        "crawl": {"follow": follow, "auto_sitemaps": False, "respect_robots": False, "max_pages": 20, "concurrency": 2},
    })
    result = asyncio.run(run(RunRequest(plan=plan, start_urls=list(urls)))).result
    with Store(store_path) as store:
        store.update_meta(result.meta.scan_id, **stream(result, ReportContext.default()).meta_summary())
    return result
