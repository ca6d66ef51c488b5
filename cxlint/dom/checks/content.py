"""Content and semantics checks that need a script: grouping of choices, fake headings."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cxlint.dom.checks.base import PageRun, hits_to_findings, page_check
from cxlint.model import Finding
from cxlint.registry import Rule


class GroupParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_size: int = Field(default=2, ge=2)


@page_check("choice-group", GroupParams)
async def choice_group(run: PageRun, rule: Rule, params: GroupParams) -> list[Finding]:
    hits = await run.evaluate("groups", {"min_size": params.min_size})
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f'{h["data"]["size"]} {h["data"]["type"]} inputs named "{h["data"]["name"]}" are not '
            "grouped in a fieldset with a legend (or a named radiogroup/group)"
        ),
    )


class HeadingLikeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    size_ratio: float = Field(default=1.25, gt=1)
    """Text this much larger than the page's median paragraph text looks like a heading."""
    bold_size_ratio: float = Field(default=1.1, gt=0)
    """Bold text needs only this much larger."""
    max_chars: int = Field(default=80, ge=10)
    max: int = Field(default=20, ge=1)


@page_check("heading-like-text", HeadingLikeParams)
async def heading_like_text(run: PageRun, rule: Rule, params: HeadingLikeParams) -> list[Finding]:
    hits = await run.evaluate("headinglike", params.model_dump())
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f'"{h.get("text", "")[:60]}" is styled like a heading ({h["data"]["font_size_px"]:g} px'
            f"{', bold' if h['data']['bold'] else ''}) but is not marked up as one"
        ),
    )
