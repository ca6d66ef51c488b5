"""The barrier data of bench/wai_bad_barriers.py agrees with the corpus it was transcribed from."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "wai-bad"


def _bench():
    spec = importlib.util.spec_from_file_location("wai_bad_barriers", ROOT / "bench" / "wai_bad_barriers.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


def test_criteria_come_from_references_when_the_annotation_lists_none():
    bench = _bench()
    note = {"success_criteria": [], "references": [{"criterion": "Success Criteria - 1.4.3 - Contrast (Minimum)"},
                                                    {"criterion": "Guideline 4.1 - Compatible"}]}  # fmt: skip
    assert bench.criteria(note) == ["1.4.3", "4.1"]
    b = bench.Barrier(page="p", id="a", title="t", sc=["4.1"], target="x")
    assert b.shares_sc(["4.1.2"]) and not b.shares_sc(["1.4.1"])


@pytest.mark.skipif(not (CORPUS / "labels.json").is_file(), reason="no WAI BAD corpus in ../shared")
def test_every_annotated_barrier_is_transcribed_once():
    bench = _bench()
    barriers = bench.load_barriers(CORPUS)
    assert len(barriers) == 45
    assert len({(b.page, b.id) for b in barriers}) == 45
    for b in barriers:
        assert b.sc, f"{b.page} {b.id} has no success criterion"
        # The annotated page marks the barrier with a link span of the same number.
        html = (CORPUS / "before" / "annotated" / f"{b.page}.html").read_text(encoding="utf-8", errors="replace")
        assert re.search(rf'id="annot_link_{b.id[-2:]}"', html), f"{b.page} {b.id} is not annotated"
