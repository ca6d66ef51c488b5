"""bench/make_site.py: the same pages as the shared generator, and --template gives every page one frame."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "bench" / "make_site.py"


def _make_site():
    spec = importlib.util.spec_from_file_location("bench_make_site", ROOT / "bench" / "make_site.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _frame(html: str) -> tuple[str, str]:
    """The part before the page's hero, and the part after its aside: the shared frame."""
    head = html[html.index("<body>") : html.index('<div class="p')]
    tail = html[html.index("</aside>") :]
    return head, tail


def test_template_pages_share_one_uswds_frame(tmp_path):
    summary = _make_site().write_site(tmp_path, 6, 8123, template=True)
    pages = [(tmp_path / f"page{i:03d}.html").read_text() for i in range(1, 7)]
    frames = {_frame(p) for p in pages}
    assert len(frames) == 1
    head, tail = frames.pop()
    assert "An official website of the United States government" in head
    assert 'class="usa-header"' in head and 'aria-label="Primary navigation"' in head
    assert 'class="usa-footer"' in tail and "usa-identifier" in tail
    # the bodies still differ from page to page, and keep the benchmark's sizes
    assert len({re.sub(r"page \d+", "", p) for p in pages}) == 6
    assert summary["min"] >= 20_000 and summary["max"] <= 70_000
    assert (tmp_path / "css" / "template.css").exists()
    assert len((tmp_path / "urls.txt").read_text().split()) == 6


def test_plain_pages_have_no_shared_frame(tmp_path):
    _make_site().write_site(tmp_path, 12, 8123)  # each page links to 8 of the 12 at random
    pages = [(tmp_path / f"page{i:03d}.html").read_text() for i in range(1, 13)]
    assert len({_frame(p)[0] for p in pages}) > 1
    assert not any("usa-banner" in p for p in pages)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/bench is not here")
def test_without_template_the_output_is_the_shared_generators(tmp_path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    _make_site().write_site(ours, 5, 8123)
    subprocess.run(
        [sys.executable, str(SHARED), "--port", "8123", "--out", str(theirs), "--pages", "5"],
        check=True,
        capture_output=True,
    )
    for f in sorted(p.relative_to(theirs) for p in theirs.rglob("*") if p.is_file()):
        assert (ours / f).read_bytes() == (theirs / f).read_bytes(), f
