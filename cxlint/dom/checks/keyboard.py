"""Keyboard and focus checks, made with real key presses where the browser's behaviour matters."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cxlint.dom.checks.base import EVALUATE_TIMEOUT_S, FOCUS, PageRun, hits_to_findings, page_check
from cxlint.dom.findings import is_suppressed, make_finding
from cxlint.dom.js import element_function
from cxlint.model import Finding, Location, Outcome
from cxlint.registry import Rule


class FocusParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_elements: int = Field(default=200, ge=1)
    max_pixel_checks: int = Field(default=15, ge=0)
    """Elements whose styles did not change are confirmed by comparing screenshots."""


_RECT = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return null;
  el.scrollIntoView({block: 'center', inline: 'center'});
  const r = el.getBoundingClientRect();
  return {x: r.left, y: r.top, w: r.width, h: r.height, vw: innerWidth, vh: innerHeight};
}"""
_FOCUS = (
    "(sel) => { const el = document.querySelector(sel); if (el) el.focus({preventScroll: true}); "
    "for (const a of document.getAnimations()) { try { a.finish(); } catch (e) {} } "
    "return !!el && document.activeElement === el; }"
)
_BLUR = (
    "() => { const a = document.activeElement; if (a && a.blur) a.blur(); "
    "for (const x of document.getAnimations()) { try { x.finish(); } catch (e) {} } }"
)


async def _pixels_change(run: PageRun, selector: str) -> bool | None:
    """Whether focusing the element changes any pixel around it (None: could not tell)."""
    rect = await run.evaluate_js(_RECT, selector)
    if not rect or rect["w"] <= 0 or rect["h"] <= 0:
        return None
    pad = 6
    x, y = max(0.0, rect["x"] - pad), max(0.0, rect["y"] - pad)
    w = min(rect["vw"] - x, rect["w"] + 2 * pad)
    h = min(rect["vh"] - y, rect["h"] + 2 * pad)
    if w < 1 or h < 1:
        return None
    clip = {"x": x, "y": y, "width": w, "height": h}
    await run.evaluate_js(_BLUR)
    plain = await asyncio.wait_for(run.page.screenshot(clip=clip, animations="disabled"), EVALUATE_TIMEOUT_S)
    if not await run.evaluate_js(_FOCUS, selector):
        return None
    focused = await asyncio.wait_for(run.page.screenshot(clip=clip, animations="disabled"), EVALUATE_TIMEOUT_S)
    await run.evaluate_js(_BLUR)
    return plain != focused


@page_check("focus-visible", FocusParams, phase=FOCUS)
async def focus_visible(run: PageRun, rule: Rule, params: FocusParams) -> list[Finding]:
    # One real Tab press puts Chromium in keyboard modality, so :focus-visible styles apply
    # to the programmatic focus() calls that follow, as they would for a keyboard user.
    await run.evaluate("skiplink", {"action": "start"})
    await run.page.keyboard.press("Tab")
    try:
        res = await run.evaluate("focus", {"max": params.max_elements})
        out: list[Finding] = hits_to_findings(
            rule,
            res.get("lost", []),
            "focus is taken away as soon as this element receives it, so keyboard users cannot see or use it",
            outcome=Outcome.VIOLATION,
        )
        for i, hit in enumerate(res["suspects"]):
            if is_suppressed(rule, hit):
                continue
            changed: bool | None = None
            if i < params.max_pixel_checks:
                changed = await _pixels_change(run, hit["selector"])
            if changed:
                continue
            outcome = Outcome.VIOLATION if changed is False else Outcome.NEEDS_REVIEW
            out.append(
                make_finding(
                    rule,
                    "no visible change when this element receives keyboard focus",
                    hit,
                    outcome=outcome,
                    data={"pixel_checked": changed is not None},
                )
            )
        return out
    finally:
        await run.evaluate("skiplink", {"action": "cleanup"})


class SkipLinkParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = r"skip|jump to|bypass|go to (main )?content|saltar|ir al contenido"
    within: int = Field(default=3, ge=1, le=10)
    """The skip link must be among the first this many Tab stops."""
    min_before_main: int = Field(default=5, ge=1)
    """A skip link is expected only when at least this many Tab stops come before the main content."""


@page_check("skip-link", SkipLinkParams, phase=FOCUS)
async def skip_link(run: PageRun, rule: Rule, params: SkipLinkParams) -> list[Finding]:
    pattern = re.compile(params.name, re.I)
    page = run.page
    try:
        await run.evaluate("skiplink", {"action": "start"})
        stops: list[dict[str, Any]] = []
        for _ in range(params.within):
            await page.keyboard.press("Tab")
            active = await run.evaluate("skiplink", {"action": "active"})
            if not active:
                break
            stops.append(active)
        link = next(
            (s for s in stops if s.get("isLink") and s["href"].startswith("#") and pattern.search(s["name"])), None
        )
        if link is None:
            before = await run.evaluate("skiplink", {"action": "count-before-main"})
            if before >= params.min_before_main:
                first = stops[0] if stops else None
                return [
                    make_finding(
                        rule,
                        f"no skip link among the first {params.within} Tab stops, and {before} "
                        "Tab stops come before the main content",
                        first or None,
                        location=None if first else Location(selector="html"),
                        data={"tab_stops_before_main": before},
                    )
                ]
            return []
        if is_suppressed(rule, link):
            return []
        if not link.get("target"):
            return [
                make_finding(
                    rule,
                    f"the skip link points to {link['href']}, which is not on the page",
                    link,
                    outcome=Outcome.VIOLATION,
                )
            ]
        # Activate it as a keyboard user would and see where focus, or the next Tab, lands.
        await run.evaluate("skiplink", {"action": "start"})
        for _ in range(stops.index(link) + 1):
            await page.keyboard.press("Tab")
        await page.keyboard.press("Enter")
        landed = await run.evaluate("skiplink", {"action": "landed", "target": link["target"]})
        if not landed:
            await page.keyboard.press("Tab")
            landed = await run.evaluate("skiplink", {"action": "landed", "target": link["target"]})
        if not landed:
            return [
                make_finding(
                    rule,
                    f"activating the skip link does not move focus to {link['href']}",
                    link,
                    outcome=Outcome.VIOLATION,
                    data={"target": link["target"]},
                )
            ]
        return []
    finally:
        await run.evaluate("skiplink", {"action": "cleanup"})
        if "#" in page.url and run.ctx.final_url and "#" not in run.ctx.final_url:
            await run.evaluate_js(
                "(u) => { try { history.replaceState(history.state, '', u); } catch (e) {} }", run.ctx.final_url
            )


class ClickParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_candidates: int = Field(default=300, ge=1)
    events: list[str] = Field(default_factory=lambda: ["click", "mousedown", "mouseup", "pointerdown", "pointerup"])


@page_check("click-handler-keyboard", ClickParams)
async def click_handler_keyboard(run: PageRun, rule: Rule, params: ClickParams) -> list[Finding]:
    """Event listeners are only visible to the DevTools protocol, so this asks Chromium directly."""
    if run.hung:
        raise RuntimeError("the page stopped responding to scripts")
    client = await run.page.context.new_cdp_session(run.page)
    try:
        return await asyncio.wait_for(_click_handlers(client, rule, params), EVALUATE_TIMEOUT_S * 2)
    finally:
        try:
            await client.send("Runtime.releaseObjectGroup", {"objectGroup": "cxlint"})
            await client.detach()
        except Exception:
            pass


async def _click_handlers(client: Any, rule: Rule, params: ClickParams) -> list[Finding]:
    # One call lists every listener in the document with the node it sits on.
    root = await client.send("Runtime.evaluate", {"expression": "document.documentElement", "objectGroup": "cxlint"})
    listeners = await client.send(
        "DOMDebugger.getEventListeners",
        {
            "objectId": root["result"]["objectId"],
            "depth": -1,
            "pierce": False,
        },
    )
    nodes: dict[int, set[str]] = {}
    for x in listeners.get("listeners", []):
        if x.get("type") in params.events and x.get("backendNodeId"):
            nodes.setdefault(x["backendNodeId"], set()).add(x["type"])
    hits = []
    func = element_function("clickables")
    for backend_id, types in list(nodes.items())[: params.max_candidates]:
        try:
            obj = await client.send("DOM.resolveNode", {"backendNodeId": backend_id, "objectGroup": "cxlint"})
        except Exception:
            continue
        res = await client.send(
            "Runtime.callFunctionOn",
            {
                "objectId": obj["object"]["objectId"],
                "functionDeclaration": func,
                "returnByValue": True,
            },
        )
        desc = res.get("result", {}).get("value")
        if desc:
            desc.setdefault("data", {})["events"] = sorted(types)
            hits.append(desc)
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f"this {h['data']['tag']} responds to {', '.join(h['data']['events'])}"
            " but cannot be reached or operated with the keyboard"
        ),
    )
