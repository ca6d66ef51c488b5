"""Keyboard and focus checks, made with real key presses where the browser's behaviour matters."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cxlint.dom.checks.base import EVALUATE_TIMEOUT_S, FOCUS, PageRun, hits_to_findings, page_check
from cxlint.dom.checks.scriptless import scriptless
from cxlint.dom.findings import make_finding
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
    min_links: int = Field(default=4, ge=2)
    """A block of navigation: at least this many links, making up most of its text."""
    min_words: int = Field(default=30, ge=1)
    """A block needs a bypass only when at least this many words (and half the page's) follow it."""


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
            return await _unbypassed_block(run, rule, params)
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
            # Nothing tabbable after the target (ACT ye5d6e passed example 1): check backwards instead.
            await run.evaluate("skiplink", {"action": "start"})
            for _ in range(stops.index(link) + 1):
                await page.keyboard.press("Tab")
            await page.keyboard.press("Enter")
            await page.keyboard.press("Shift+Tab")
            landed = await run.evaluate("skiplink", {"action": "landed-back", "target": link["target"]})
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
        return await _unbypassed_block(run, rule, params)
    finally:
        await run.evaluate("skiplink", {"action": "cleanup"})
        if "#" in page.url and run.ctx.final_url and "#" not in run.ctx.final_url:
            await run.evaluate_js(
                "(u) => { try { history.replaceState(history.state, '', u); } catch (e) {} }", run.ctx.final_url
            )


async def _unbypassed_block(run: PageRun, rule: Rule, params: SkipLinkParams) -> list[Finding]:
    """A block of navigation links that no landmark, heading or same-page link gets past."""
    block = await run.evaluate(
        "skiplink", {"action": "blocks", "min_links": params.min_links, "min_words": params.min_words}
    )
    if not block or block.get("axe"):
        return []
    return [
        make_finding(
            rule,
            f"no way to bypass this block of {block['data']['links']} navigation links: no main landmark or "
            "heading follows it and no same-page link jumps past it",
            block,
            outcome=Outcome.VIOLATION,
            data=dict(block.get("data") or {}),
        )
    ]


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


# --- One real Tab walk, shared by keyboard-trap (2.1.2) and focus-order (2.4.3) ---------------

WALK_MAX_PRESSES = 150
"""Never more Tab presses than this on one page (the walk costs a few ms a press)."""
WALK_BUDGET_S = 8.0
"""Overall time cap of the walk; a slow page gets a shorter walk, not a stuck scan. Generous, since
a page that answers each key at once on a busy machine (two test workers, a loaded CI runner) still
takes tens of ms a press, one round trip each when it has script: at 2 s, such a walk stopped
before it went round a trap, and the trap went unreported."""


async def _press(run: PageRun, key: str, times: int, deadline: float) -> int:
    loop = asyncio.get_running_loop()
    done = 0
    for _ in range(times):
        if loop.time() > deadline:
            break
        await asyncio.wait_for(run.page.keyboard.press(key), EVALUATE_TIMEOUT_S)
        done += 1
    return done


_TAB = {"modifiers": 0, "windowsVirtualKeyCode": 9, "code": "Tab", "key": "Tab", "location": 0, "isKeypad": False}
"""The Tab key as Playwright's ``keyboard.press("Tab")`` sends it to Chromium (it has no text)."""


async def _press_tabs_back_to_back(run: PageRun, times: int) -> int:
    """Real Tab presses, sent together instead of one round trip each.

    Only on a page without script (``scriptless``): there a Tab's effect (focus moves, the page
    scrolls) is done before the next key event is handled, whatever the pace, so the walk is the
    one ``_press`` makes. Chromium handles the events of one session in order.
    """
    cdp = await run.page.context.new_cdp_session(run.page)
    try:
        sends = []
        for _ in range(times):
            sends.append(cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "commands": [],
                                                              "autoRepeat": False, **_TAB}))
            sends.append(cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", **_TAB}))
        await asyncio.wait_for(asyncio.gather(*sends), EVALUATE_TIMEOUT_S + WALK_BUDGET_S)
    finally:
        with contextlib.suppress(Exception):
            await cdp.detach()
    return times


def find_trap(states: list[int], tabbable: int) -> tuple[int, list[int]] | None:
    """A cycle of Tab stops that focus never leaves, or None.

    ``states`` holds where focus was before each press and after the last one (-1: on nothing).
    In Chromium a full pass over the page always ends on nothing (the document) before it
    wraps, so an element seen twice since focus was last on nothing means focus went round in a
    cycle. It is a trap when the walk went round it at least once more than its size (it had
    every chance to leave) and the page has Tab stops outside it.
    """
    since = max((i for i, s in enumerate(states) if s < 0), default=-1) + 1
    tail = states[since:]
    start = next((i for i, s in enumerate(tail) if s in tail[i + 1 :]), None)
    if start is None:
        return None
    cycle = list(dict.fromkeys(tail[start:]))
    if len(tail) - start < len(cycle) + 2 or len(cycle) >= tabbable:
        return None
    return since + start, cycle


async def tab_walk(run: PageRun) -> dict[str, Any]:
    """Press Tab through the page once (tabbable elements + 5, capped) and record every stop.

    When the stops end in a cycle, Escape is pressed and the cycle walked once more: a dialog
    that keeps focus until Escape closes it meets 2.1.2 ("standard exit method"). The result is
    kept on the run, so a second rule reuses it; a failed walk fails both rules the same way.
    """
    return await run.once("tab-walk", _walk)


async def _walk(run: PageRun) -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WALK_BUDGET_S
    info = await run.evaluate("tabwalk", {"action": "start"})
    finished = False
    try:
        wanted = min(info["tabbable"] + 5, WALK_MAX_PRESSES)
        if await scriptless(run):
            presses = await _press_tabs_back_to_back(run, wanted)
        else:
            presses = await _press(run, "Tab", wanted, deadline)
        peek = await run.evaluate("tabwalk", {"action": "peek"})
        states = peek["log"] + [peek["last"]]
        trap = find_trap(states, info["tabbable"])
        escape: dict[str, Any] | None = None
        if trap is not None:
            mark = len(peek["log"])
            await asyncio.wait_for(run.page.keyboard.press("Escape"), EVALUATE_TIMEOUT_S)
            more = await _press(run, "Tab", len(trap[1]) + 2, deadline + 1.0)
            escape = {"mark": mark, "presses": more}
        res = await run.evaluate("tabwalk", {"action": "finish"})
        finished = True
    finally:
        if not finished:
            with contextlib.suppress(Exception):
                await run.evaluate("tabwalk", {"action": "finish"})
    res.update(tabbable=info["tabbable"], vh=info["vh"], presses=presses, states=states, trap=trap)
    if trap is not None and escape is not None:
        after = [*res["log"][escape["mark"]:], res["last"]]
        res["escaped"] = any(s not in trap[1] for s in after)
    return res


class TrapParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    report_escape_exit: bool = False
    """Also report cycles that Escape releases (a modal dialog doing its job is not a trap)."""


@page_check("keyboard-trap", TrapParams, phase=FOCUS)
async def keyboard_trap(run: PageRun, rule: Rule, params: TrapParams) -> list[Finding]:
    walk = await tab_walk(run)
    if walk["trap"] is None or (walk.get("escaped") and not params.report_escape_exit):
        return []
    _, cycle = walk["trap"]
    els = walk["elements"]
    first = els[cycle[0]]
    names = [els[i].get("name") or els[i]["selector"] for i in cycle[:5]]
    stuck = len(cycle) == 1
    msg = (
        "keyboard focus is stuck here: pressing Tab does not move it on"
        if stuck
        else f"keyboard focus cycles among {len(cycle)} elements ({', '.join(names)}) and Tab never leaves them"
    )
    if walk.get("escaped") is False:
        msg += "; Escape does not release it either"
    return [
        make_finding(
            rule,
            msg,
            first,
            data={
                "cycle": [els[i]["selector"] for i in cycle[:10]],
                "tab_stops_on_page": walk["tabbable"],
                "presses": walk["presses"],
                "escape_releases": bool(walk.get("escaped")),
            },
        )
    ]


class FocusOrderParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_jump_viewports: float = Field(default=1.0, gt=0)
    """A backward jump up the page larger than this many viewport heights is reported."""
    max: int = Field(default=5, ge=1)


def _first_pass(states: list[int], tabindex: list[int] | None = None) -> list[int]:
    """Tab stops in the order met over one pass of the page.

    The walk starts from a probe at the top of the body, and Tab from there skips elements
    with a positive tabindex (they come first only from the document itself). So the pass
    after the first wrap is used when the walk got that far; else the first one. Focus is also
    on nothing right after an element that throws it away (``onfocus="blur()"``), and Tab goes
    on from there: such a hole is a wrap only when what follows was met before or has a
    positive tabindex.
    """
    seen: set[int] = set()
    wrap = None
    for i in range(1, len(states)):
        s = states[i]
        if s >= 0:
            seen.add(s)
            continue
        nxt = next((x for x in states[i + 1 :] if x >= 0), None)
        if nxt is None or nxt in seen or (tabindex is not None and tabindex[nxt] > 0):
            wrap = i
            break

    def one_pass(seq: list[int]) -> list[int]:
        out: list[int] = []
        for s in seq:
            if s < 0:
                continue
            if s in out:
                break
            out.append(s)
        return out

    first = one_pass(states[1:wrap])
    if wrap is not None and tabindex is not None and any(t > 0 for t in tabindex):
        second = one_pass(states[wrap + 1 :])
        if len(second) >= len(first):
            return second
    return first


def _same_line(p: dict[str, Any], q: dict[str, Any]) -> bool:
    """Boxes on one line: they overlap vertically by at least half the shorter one's height."""
    overlap = min(p["top"] + p["h"], q["top"] + q["h"]) - max(p["top"], q["top"])
    return overlap >= 0.5 * min(p["h"], q["h"]) > 0


def _line_order_breaks(els: list[dict[str, Any]], stops: list[int]) -> list[tuple[int, int, str]]:
    """Tab moves that read a line against its direction: (from, to, what happened).

    * back along a line: the next stop sits wholly before the current one on the same line
      (a row reversed by ``float: right`` or flex ``order``);
    * back up to a line already read: the stop before last and the next stop share a line,
      focus went down to the line below in between and comes back up to finish the first one
      (fields laid out in a grid but coded column by column).
    Both are within a line or two of each other, where the jump check above sees nothing.
    "Before" on a line follows the writing direction of the element focus leaves.
    """
    out: list[tuple[int, int, str]] = []

    def before(q: dict[str, Any], p: dict[str, Any]) -> bool:
        return q["left"] >= p["left"] + p["w"] if p.get("rtl") else q["left"] + q["w"] <= p["left"]

    for i in range(1, len(stops)):
        a, b = stops[i - 1], stops[i]
        pa, pb = els[a]["pos"], els[b]["pos"]
        if _same_line(pa, pb) and before(pb, pa):
            out.append((a, b, "back along the same line"))
            continue
        if i < 2:
            continue
        p = els[stops[i - 2]]["pos"]
        line_h = max(p["h"], pb["h"])
        if (
            _same_line(p, pb)
            and not _same_line(p, pa)
            and pa["top"] >= max(p["top"] + p["h"], pb["top"] + pb["h"]) - 1
            and pa["top"] - (pb["top"] + pb["h"]) <= 3 * line_h
            and before(p, pb)
            and not before(pb, pa)
        ):
            out.append((a, b, "back up to a line it left unfinished"))
    return out


@page_check("focus-order", FocusOrderParams, phase=FOCUS)
async def focus_order(run: PageRun, rule: Rule, params: FocusOrderParams) -> list[Finding]:
    walk = await tab_walk(run)
    els = walk["elements"]
    limit = params.min_jump_viewports * walk["vh"]
    order = _first_pass(walk["states"], [e["tabindex"] for e in els])
    stops = [i for i in order if not els[i]["pos"]["fixed"] and els[i]["pos"]["h"] > 0]
    out: list[Finding] = []
    name = lambda i: els[i].get("name") or els[i]["selector"]  # noqa: E731
    for a, b in itertools.pairwise(stops):
        pa, pb = els[a]["pos"], els[b]["pos"]
        up = pa["top"] - pb["top"]
        # Moving up into a column to the right is how multi-column layouts are read.
        if up <= limit or pb["left"] >= pa["left"] + pa["w"]:
            continue
        # Blame the element that is out of place: a positive tabindex if there is one.
        culprit = a if els[a]["tabindex"] > 0 else b
        out.append(
            make_finding(
                rule,
                f'Tab moves focus from "{name(a)}" back up the page by {up} px to "{name(b)}": the focus '
                "order does not follow the visual order",
                els[culprit],
                data={
                    "from": els[a]["selector"],
                    "to": els[b]["selector"],
                    "jump_px": up,
                    "viewport_px": walk["vh"],
                    "tabindex": els[culprit]["tabindex"],
                },
            )
        )
        if len(out) >= params.max:
            return out
    for a, b, what in _line_order_breaks(els, stops):
        out.append(
            make_finding(
                rule,
                f'Tab moves focus {what}, from "{name(a)}" to "{name(b)}": the focus order does not follow '
                "the visual order",
                els[b],
                data={"from": els[a]["selector"], "to": els[b]["selector"], "move": what},
            )
        )
        if len(out) >= params.max:
            break
    return out


class AccesskeyParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reserved: dict[str, str] = Field(
        default_factory=lambda: {
            "d": "Alt+D moves to the address bar in Chrome, Edge and Firefox on Windows",
            "e": "Alt+E opens the Chrome and Edge menu on Windows",
            "f": "Alt+F opens the Chrome and Edge menu, and the File menu, on Windows",
        }
    )
    """Key (lower case) -> the shortcut it takes over. Accesskeys use Alt on Windows Chrome/Edge."""


@page_check("accesskey-conflict", AccesskeyParams)
async def accesskey_conflict(run: PageRun, rule: Rule, params: AccesskeyParams) -> list[Finding]:
    hits = await run.evaluate("accesskeys", {"reserved": sorted(params.reserved)})
    for h in hits:
        h["data"]["conflicts_with"] = params.reserved[h["data"]["key"]]
    return hits_to_findings(
        rule,
        hits,
        lambda h: f'accesskey="{h["data"]["key"]}" overrides a browser shortcut: {h["data"]["conflicts_with"]}',
    )
