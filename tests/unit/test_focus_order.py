"""The focus-order geometry, on measured Tab stops (no browser): what counts as reading a line backwards."""

from __future__ import annotations

from cxlint.dom.checks.keyboard import _first_pass, _line_order_breaks


def _el(top: int, left: int, w: int = 80, h: int = 20, rtl: bool = False) -> dict:
    return {"pos": {"top": top, "left": left, "w": w, "h": h, "fixed": False, "rtl": rtl}}


def test_a_hole_left_by_onfocus_blur_does_not_end_the_pass():
    # -1 after 1: focus was thrown away, Tab went on to 2 and 3; the wrap comes back to 0.
    assert _first_pass([-1, 0, 1, -1, 2, 3, -1, 0, 1], [0, 0, 0, 0]) == [0, 1, 2, 3]


def test_positive_tabindex_comes_first_from_the_pass_after_the_wrap():
    # Tab from the probe skips 3 (tabindex=1); after the wrap it comes first.
    assert _first_pass([-1, 0, 1, 2, -1, 3, 0, 1, 2, -1], [0, 0, 0, 1]) == [3, 0, 1, 2]


def test_a_row_read_left_to_right_is_in_order():
    els = [_el(0, 0), _el(0, 100), _el(0, 200), _el(40, 0)]
    assert _line_order_breaks(els, [0, 1, 2, 3]) == []


def test_a_row_reversed_by_float_or_order_is_reported():
    els = [_el(0, 200), _el(0, 100), _el(0, 0)]
    assert [(a, b) for a, b, _ in _line_order_breaks(els, [0, 1, 2])] == [(0, 1), (1, 2)]


def test_right_to_left_rows_are_read_from_the_right():
    els = [_el(0, 200, rtl=True), _el(0, 100, rtl=True)]
    assert _line_order_breaks(els, [0, 1]) == []
    assert len(_line_order_breaks(els, [1, 0])) == 1


def test_a_line_left_unfinished_and_resumed_is_reported():
    # Name radios (line 1, left), email (line 2, left), full name (line 1, right): the survey form.
    els = [_el(772, 502, 13, 13), _el(806, 448, 177, 21), _el(768, 634, 257, 21), _el(806, 690, 177, 21)]
    assert [(a, b) for a, b, _ in _line_order_breaks(els, [0, 1, 2, 3])] == [(1, 2)]


def test_a_sidebar_beside_a_long_column_is_not_a_resumed_line():
    # Article link at the top, the end of the article far below, then the sidebar at the top right.
    els = [_el(0, 0), _el(2000, 0), _el(0, 800)]
    assert _line_order_breaks(els, [0, 1, 2]) == []
