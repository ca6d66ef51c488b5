"""Visual checks: reflow at 320 CSS px, text spacing, target size, small and justified text.

The two that change the page (CSS injection, viewport resize) restore it in ``finally``
and run last (phases STYLES and VIEWPORT) so the read-only checks see the page as loaded.
"""

from __future__ import annotations

import asyncio

from pydantic import BaseModel, ConfigDict, Field

from cxlint.dom.checks.base import STYLES, VIEWPORT, NotApplicable, PageRun, hits_to_findings, page_check
from cxlint.model import Finding
from cxlint.registry import Rule


class ReflowParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    width: int = Field(default=320, ge=200, le=1280)
    max: int = Field(default=10, ge=1)


@page_check("reflow", ReflowParams, phase=VIEWPORT)
async def reflow(run: PageRun, rule: Rule, params: ReflowParams) -> list[Finding]:
    page = run.page
    original = page.viewport_size
    if original is None:
        raise NotApplicable("the page has no fixed viewport to resize")
    try:
        await asyncio.wait_for(page.set_viewport_size({"width": params.width, "height": original["height"]}), 5)
        # Two animation frames: media queries and layout settle after the resize.
        await run.evaluate_js("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        res = await run.evaluate("reflow", {"max": params.max})
    finally:
        await asyncio.wait_for(page.set_viewport_size(original), 5)
    return hits_to_findings(
        rule,
        res["hits"],
        lambda h: (
            f"at {params.width} CSS px this box scrolls sideways: its content is {h['data']['width_px']} px wide"
            if h["data"].get("scroll_box")
            else f"at {params.width} CSS px this content extends to {h['data']['right_px']} px, "
            + ("so the page scrolls horizontally" if res["scrolls"] else "and is cut off")
        ),
    )


_MEASURE_DONE = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


class SpacingParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_overflow_px: int = Field(default=4, ge=1)
    """New overflow smaller than this is rounding, not clipped text."""


async def _new_overflow(
    run: PageRun, apply: dict[str, object], remove: dict[str, object], grow: int
) -> tuple[list[dict[str, object]], dict[str, dict[str, int]]]:
    """Elements whose text overflows its box only once ``apply`` has changed the page.

    Measured before and after, the change always undone in ``finally``; only the outermost
    element of each overflowing subtree is kept, described while the change applies.
    The page before any change is measured once and reused by the next such check (text
    spacing, then text resize, which run back to back and each undo their change): one
    layout pass and one walk over the page fewer, and nothing reads the layout between
    undoing one change and making the next, so Chromium lays the page out once for both.
    """
    before = run.shared.get("overflow-before")
    if before is None:
        before = await run.evaluate("spacing", {"action": "measure"})
        run.shared["overflow-before"] = before
    try:
        await run.evaluate("spacing", apply)
        await run.evaluate_js(_MEASURE_DONE)
        after = await run.evaluate("spacing", {"action": "measure"})
        new = [
            sel
            for sel, m in after.items()
            if m["dy"] - (before.get(sel) or {"dy": 0})["dy"] >= grow
            or m["dx"] - (before.get(sel) or {"dx": 0})["dx"] >= grow
        ]
        outer = await run.evaluate("describe", {"selectors": new[:40]})
    finally:
        await run.evaluate("spacing", remove)
    for h in outer:
        m = after[h["key"]]
        h["data"] = {"overflow_x_px": m["dx"], "overflow_y_px": m["dy"], "clipped": m["clipped"]}
    return outer, after


@page_check("text-spacing", SpacingParams, phase=STYLES)
async def text_spacing(run: PageRun, rule: Rule, params: SpacingParams) -> list[Finding]:
    outer, _ = await _new_overflow(run, {"action": "apply"}, {"action": "remove"}, params.min_overflow_px)
    return hits_to_findings(
        rule,
        outer[:15],
        lambda h: (
            "with WCAG text spacing applied, text no longer fits this box "
            f"({'clipped' if h['data']['clipped'] else 'overlaps what follows'}, "
            f"{max(h['data']['overflow_x_px'], h['data']['overflow_y_px'])} px over)"
        ),
    )


class ResizeTextParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    factor: float = Field(default=2.0, ge=1.25, le=4)
    """200% is what 1.4.4 asks for."""
    min_overflow_px: int = Field(default=4, ge=1)
    max: int = Field(default=15, ge=1)


@page_check("resize-text", ResizeTextParams, phase=STYLES)
async def resize_text(run: PageRun, rule: Rule, params: ResizeTextParams) -> list[Finding]:
    """Text resized to 200% without zoom: what a text-only zoom (Firefox "Zoom text only", or
    a user stylesheet) does, and the case 1.4.4 exists for.

    Page zoom is not used: at 200% it is the same layout as a 640 CSS px viewport, which the
    reflow check (320 px) already covers, and it never clips text that fits at 100%. CDP's
    page scale factor is a pinch zoom that changes no layout at all. ``html{font-size:200%}``
    only grows text sized in rem/em and misses every px font size, and ``zoom`` on the body
    scales boxes with the text, so nothing could clip. So each element gets twice its own
    computed font size (and line height when it is fixed), as inline ``!important`` styles
    saved and restored afterwards; boxes with a fixed height or width keep their size, and
    the text that no longer fits them is found as in the text-spacing check, keeping only
    boxes that hide their overflow (text that is cut off, F69).
    """
    outer, after = await _new_overflow(
        run, {"action": "zoom", "factor": params.factor}, {"action": "unzoom"}, params.min_overflow_px
    )
    # Only text cut off by overflow:hidden/clip is certain loss: visible overflow is as often
    # floats spilling out of a collapsed parent as text overlapping, and auto/scroll can scroll.
    clipped = [h for h in outer if after[h["key"]].get("hidden")]
    pct = round(params.factor * 100)
    return hits_to_findings(
        rule,
        clipped[: params.max],
        lambda h: (
            f"with text resized to {pct}%, text is cut off by this box "
            f"({max(h['data']['overflow_x_px'], h['data']['overflow_y_px'])} px hidden)"
        ),
    )


class TargetParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min: float = Field(default=24, gt=0)
    max: int = Field(default=30, ge=1)


@page_check("target-size", TargetParams)
async def target_size(run: PageRun, rule: Rule, params: TargetParams) -> list[Finding]:
    hits = await run.evaluate("targets", {"min": params.min, "max": params.max})
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f"target is {h['data']['width_px']:g}×{h['data']['height_px']:g} CSS px, under "
            f"{params.min:g}×{params.min:g}, and too close to {h['data']['too_close_to']}"
        ),
    )


class SmallTextParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_px: float = Field(default=12, gt=0)
    max: int = Field(default=20, ge=1)


@page_check("small-text", SmallTextParams)
async def small_text(run: PageRun, rule: Rule, params: SmallTextParams) -> list[Finding]:
    res = await run.evaluate(
        "typography",
        {"small": True, "justified": False, "min_px": params.min_px, "max": params.max, "min_justified_chars": 0},
    )
    return hits_to_findings(
        rule, res["small"], lambda h: f"text is {h['data']['font_size_px']:g} CSS px, smaller than {params.min_px:g} px"
    )


class JustifiedParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_chars: int = Field(default=80, ge=1)
    """Short lines are left alone: justification only hurts across long runs of text."""
    max: int = Field(default=20, ge=1)


@page_check("justified-text", JustifiedParams)
async def justified_text(run: PageRun, rule: Rule, params: JustifiedParams) -> list[Finding]:
    res = await run.evaluate(
        "typography",
        {"small": False, "justified": True, "min_px": 0, "max": params.max, "min_justified_chars": params.min_chars},
    )
    return hits_to_findings(rule, res["justified"], "text is justified, which leaves uneven gaps between words")


class LongLinesParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_chars: int = Field(default=80, ge=20)
    """WCAG 1.4.8 asks for no more than 80 characters a line (40 for CJK, which this skips)."""
    max: int = Field(default=10, ge=1)


@page_check("long-lines", LongLinesParams)
async def long_lines(run: PageRun, rule: Rule, params: LongLinesParams) -> list[Finding]:
    """Measured at the width the page was loaded with (1280 CSS px, a desktop window, by default)."""
    hits = await run.evaluate("longlines", params.model_dump())
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f"the longest line of this paragraph holds {h['data']['chars_per_line']} characters, "
            f"more than {params.max_chars}"
        ),
    )
