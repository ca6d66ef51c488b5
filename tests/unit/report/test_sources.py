"""The store and a results file give the same reports as the run in memory; bad input is one line."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path

import pytest

from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.dom.site import SiteAccumulator, check_site
from cxlint.model import PageResult, PageStatus
from cxlint.report import OutputError, ReportError, validate_out_dir
from cxlint.report.source import StoreSource, open_source
from cxlint.store import Store
from tests.support.report_run import golden_run
from tests.unit.report.conftest import render_all

STATE = {PageStatus.SCANNED: UrlState.SCANNED, PageStatus.FAILED: UrlState.FAILED, PageStatus.SKIPPED: UrlState.SKIPPED}


def store_golden(path: Path) -> str:
    run = golden_run()
    with Store(path) as store:
        scan_id = store.create_scan({"crawl": {"start_urls": run.meta.start_urls}}, {"status": "running"})
        run.meta.scan_id = scan_id
        records = [
            UrlRecord(p.url, STATE[p.status], p.reason if p.status is PageStatus.SKIPPED else "", "", p.depth, "",
                      p.status is not PageStatus.SKIPPED, seq)
            for seq, p in enumerate(run.pages)
        ]
        store.record_urls(scan_id, records)
        # Saved in another order than discovered: reports follow discovery order, not save order.
        for page, rec in reversed(list(zip(run.pages, records, strict=True))):
            if page.status is not PageStatus.SKIPPED:
                store.save_page(scan_id, page, [rec])
        store.save_report_record(scan_id, asdict(run.meta), [f.to_dict() for f in run.site_findings])
        store.finish_scan(scan_id, status="complete")
    return scan_id


def test_store_renders_what_the_run_in_memory_renders(tmp_path, registry, rendered):
    scan_id = store_golden(tmp_path / "scan.db")
    with StoreSource(tmp_path / "scan.db", scan_id, registry) as source:
        from_store = render_all(source, tmp_path / "store")
    # The stored scan has its own id; everything else is the same.
    expected = {k: v.replace("20260101T000000Z-abc123", scan_id) for k, v in rendered.items()}
    assert from_store == expected
    with StoreSource(tmp_path / "scan.db", "latest", registry) as source:
        assert source.scan_id == scan_id
        counted = source.summary()
    from cxlint.report import ResultSource

    assert counted == ResultSource(golden_run(), registry).summary()
    assert counted["findings"] == {"error": 4, "warning": 3, "info": 1, "needs-review": 1}


def test_unknown_scan_and_missing_store_are_one_line(tmp_path):
    store_golden(tmp_path / "scan.db")
    with pytest.raises(ReportError, match=r"no scan 'nope' in .*\(newest: "):
        open_source("nope", tmp_path / "scan.db")
    with pytest.raises(ReportError, match="no results store at"):
        open_source("latest", tmp_path / "missing.db")
    with pytest.raises(ReportError, match="no such results file"):
        open_source("gone.json", tmp_path / "scan.db")


def test_out_dir_that_is_a_file(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        validate_out_dir(target)


def test_out_dir_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot create output folder"):
        validate_out_dir(blocker / "reports")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to any folder whatever its mode")
def test_out_dir_that_is_read_only(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(OutputError, match="cannot write to output folder"):
            validate_out_dir(ro)
    finally:
        ro.chmod(0o700)


def test_out_dir_on_a_read_only_file_system():
    """/proc refuses new files even to root: the probe write is what catches it."""
    if not Path("/proc/self").is_dir():
        pytest.skip("no /proc")
    with pytest.raises(OutputError, match=r"cannot (write to|create) output folder"):
        validate_out_dir(Path("/proc/self"))


def test_a_creatable_folder_is_checked_and_nothing_is_left_behind(tmp_path):
    """A run that fails on other input after this check must not leave an empty report folder."""
    target = tmp_path / "a" / "b"
    validate_out_dir(target)
    assert not (tmp_path / "a").exists()
    (tmp_path / "kept").mkdir()
    validate_out_dir(tmp_path / "kept")
    assert (tmp_path / "kept").is_dir() and list((tmp_path / "kept").iterdir()) == []


def test_site_accumulator_keeps_only_facts_and_matches_check_site(full_registry):
    rules = [r for r in full_registry.rules.values() if r.spec.kind == "site-check"]
    pages = []
    for i, title in enumerate(["Apply", "Apply", "Status"]):
        url = f"https://a.gov/{i}"
        pages.append(PageResult(url=url, final_url=url, metrics={"facts": {"title": title}, "words": 5},
                                findings=golden_run().pages[0].findings))
    acc = SiteAccumulator(rules)
    for p in pages:
        acc.add(p)
    assert all(not p.findings and set(p.metrics) == {"facts"} for p in acc._pages)
    found = acc.finish()
    assert [(f.rule, f.data["urls"]) for f in found] == [("FED310", ["https://a.gov/0", "https://a.gov/1"])]
    assert [f.to_dict() for f in check_site(pages, rules)] == [f.to_dict() for f in found]


def test_scope_tags_match_the_engines():
    """The report derives an old run's rules without importing engines; its copies must not drift."""
    from cxlint.engines.axe import STANDARD_TAGS
    from cxlint.engines.pipeline import PROFILE_TAGS, VERSION_TAGS
    from cxlint.report import scope

    assert {k: set(v) for k, v in STANDARD_TAGS.items()} == scope.AXE_TAGS
    assert PROFILE_TAGS == scope.PROFILE_TAGS and set(VERSION_TAGS) == scope.VERSION_TAGS
