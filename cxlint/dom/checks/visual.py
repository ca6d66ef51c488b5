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
            f"at {params.width} CSS px this content extends to {h['data']['right_px']} px, "
            + ("so the page scrolls horizontally" if res["scrolls"] else "and is cut off")
        ),
    )


_MEASURE_DONE = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"


class SpacingParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_overflow_px: int = Field(default=4, ge=1)
    """New overflow smaller than this is rounding, not clipped text."""


@page_check("text-spacing", SpacingParams, phase=STYLES)
async def text_spacing(run: PageRun, rule: Rule, params: SpacingParams) -> list[Finding]:
    before = await run.evaluate("spacing", {"action": "measure"})
    try:
        await run.evaluate("spacing", {"action": "apply"})
        await run.evaluate_js(_MEASURE_DONE)
        after = await run.evaluate("spacing", {"action": "measure"})
        grow = params.min_overflow_px
        new = [
            sel
            for sel, m in after.items()
            if m["dy"] - (before.get(sel) or {"dy": 0})["dy"] >= grow
            or m["dx"] - (before.get(sel) or {"dx": 0})["dx"] >= grow
        ]
        # Keep only the outermost element of each overflowing subtree, described while spacing applies.
        outer = await run.evaluate("describe", {"selectors": new[:40]})
    finally:
        await run.evaluate("spacing", {"action": "remove"})
    for h in outer:
        m = after[h["key"]]
        h["data"] = {"overflow_x_px": m["dx"], "overflow_y_px": m["dy"], "clipped": m["clipped"]}
    return hits_to_findings(
        rule,
        outer[:15],
        lambda h: (
            "with WCAG text spacing applied, text no longer fits this box "
            f"({'clipped' if h['data']['clipped'] else 'overlaps what follows'}, "
            f"{max(h['data']['overflow_x_px'], h['data']['overflow_y_px'])} px over)"
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
