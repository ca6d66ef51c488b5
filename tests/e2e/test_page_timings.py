"""Every scanned page says where its time went (``metrics.timings``), typed in the results schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

import cxlint
from cxlint.config import Plan
from cxlint.engines import load_rules
from cxlint.report.json_report import page_dict
from cxlint.scanner import PageScanner, scan_page

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def scanned(chromium, pages_server):
    url = pages_server.url("plain-language.html")
    scanner = PageScanner.from_plan(Plan.model_validate({"page": {"timeout": 20}}), load_rules(), [url])
    page = chromium.call(lambda b: scan_page(b, url, scanner))
    assert page.status.value == "scanned", page.reason
    return page


def test_each_engine_and_check_has_a_sane_time(scanned):
    t = scanned.metrics["timings"]
    steps = {k: v for k, v in t.items() if "." not in k}
    assert {"load", "axe", "text", "dom", "stage"} <= set(steps)
    assert all(v >= 0 for v in t.values())
    # the steps are disjoint parts of the page's wall time
    assert sum(steps.values()) <= scanned.duration_ms
    # a dotted key breaks its step down and is counted inside it
    for parent in ("dom", "text"):
        parts = [v for k, v in t.items() if k.startswith(parent + ".")]
        assert parts, parent
        assert sum(parts) <= t[parent] + 0.5  # each part is rounded to 0.1 ms
    assert {"dom.facts", "dom.query", "dom.reflow", "dom.keyboard-trap", "text.rules"} <= set(t)


def test_timings_are_written_to_results_json_and_match_the_schema(scanned):
    schema = json.loads((Path(cxlint.__file__).parent / "schemas" / "results.schema.json").read_text())
    metrics_schema = {**schema["$defs"]["metrics"], "$defs": schema["$defs"]}
    written = page_dict(scanned)["metrics"]
    assert written["timings"] == scanned.metrics["timings"]
    jsonschema.validate(written, metrics_schema)
    bad = {**written, "timings": {"axe": -1.0}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, metrics_schema)
