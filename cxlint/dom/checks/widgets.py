"""Interactive widgets, operated as a keyboard or mouse user would, in a throwaway tab.

Dialog triggers are opened with Enter; then focus must move into the dialog, stay inside a
modal while Tab is pressed, Escape must close it and focus must return to the trigger.
Navigation sub-menus that appear on hover must also open from the keyboard. Tooltips that
appear on hover must be dismissible, hoverable and persistent (1.4.13). A select or input
whose change starts a navigation or submits is a change of context (3.2.2). Navigations are
always aborted in the throwaway tab (the attempt is what matters), so nothing leaves the
machine and the scanned page is never touched. One journey per page serves the A11Y60x rules.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cxlint.dom.checks.base import READS, NotApplicable, PageHung, PageRun, hits_to_findings, page_check
from cxlint.dom.checks.sandbox import Sandbox
from cxlint.model import Finding, Outcome
from cxlint.registry import Rule

MAX_WIDGETS = 8
"""Widgets of each sort tried on one page."""
JOURNEY_BUDGET_S = 20.0
"""Wall-clock cap of the widget journey on one page."""
REACT_S = 0.2
"""Time a menu or tooltip gets to appear or go after a pointer move or key press."""
SETTLE_S = 1.0
"""Longest a dialog gets to open with focus inside, or to close with focus back on its trigger."""
POLL_S = 0.05
PERSIST_S = 0.8
"""How long hover content must stay while the pointer rests on its trigger."""


async def widget_journey(run: PageRun) -> dict[str, Any]:
    return await run.once("widget-journey", _journey)


def _opted_out(widget: dict[str, Any]) -> bool:
    codes = {str(c).upper() for c in widget.get("ignore") or []}
    return "ALL" in codes or any(c.startswith("A11Y60") for c in codes)


async def _journey(run: PageRun) -> dict[str, Any]:
    found = await run.evaluate("widgets", {"action": "find", "max": MAX_WIDGETS})
    for kind in ("dialogs", "menus", "tips", "changes"):
        # data-cxlint-ignore="all" (or an A11Y60x code) keeps a widget from being operated at all.
        found[kind] = [w for w in found[kind] if not _opted_out(w)]
    if found["changes"]:
        found["changes"] = await _listening(run, found["changes"])
    result: dict[str, Any] = {"found": found, "dialogs": [], "menus": [], "tips": [], "changes": [], "complete": False}
    if not any(found.values()):
        return result
    async with Sandbox(run, allow_navigation=False) as sb:
        await sb.load()
        try:
            await asyncio.wait_for(_operate(sb, found, result), JOURNEY_BUDGET_S)
            result["complete"] = True
        except TimeoutError:
            pass  # partial results stand; the facts say the journey was cut short
    run.facts["widget_journeys"] = {k: len(result[k]) for k in ("dialogs", "menus", "tips", "changes")}
    run.facts["widget_journeys"]["complete"] = result["complete"]
    return result


_CONTAINS = """function (sels) {
  return sels.filter((s) => {
    const el = document.querySelector(s);
    return !!el && (this === document || this.contains(el));
  });
}"""


async def _listening(run: PageRun, controls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Only controls with a change or input listener on them or an ancestor can change the context.

    Listeners are visible only to the DevTools protocol (as in the click-handler check); reading
    them is read-only and far cheaper than opening a throwaway tab for selects that do nothing.
    On any protocol error every control is kept.
    """
    client = await run.page.context.new_cdp_session(run.page)
    try:
        return await asyncio.wait_for(_listening_cdp(client, controls), 5)
    except Exception:
        return controls
    finally:
        with contextlib.suppress(Exception):
            await client.send("Runtime.releaseObjectGroup", {"objectGroup": "cxlint-change"})
            await client.detach()


async def _listening_cdp(client: Any, controls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    group = {"objectGroup": "cxlint-change"}
    kinds = ("change", "input")
    win = await client.send("Runtime.evaluate", {"expression": "window", **group})
    on_window = await client.send("DOMDebugger.getEventListeners", {"objectId": win["result"]["objectId"]})
    if any(x.get("type") in kinds for x in on_window.get("listeners", [])):
        return controls
    doc = await client.send("Runtime.evaluate", {"expression": "document", **group})
    listeners = await client.send(
        "DOMDebugger.getEventListeners", {"objectId": doc["result"]["objectId"], "depth": -1, "pierce": False}
    )
    found = [x for x in listeners.get("listeners", []) if x.get("type") in kinds]
    if any(not x.get("backendNodeId") for x in found):
        return controls  # a listener whose node is not reported: keep every control rather than guess
    nodes = {x["backendNodeId"] for x in found}
    wanted: set[str] = set()
    sels = [c["selector"] for c in controls]
    for backend_id in list(nodes)[:50]:
        obj = await client.send("DOM.resolveNode", {"backendNodeId": backend_id, **group})
        res = await client.send(
            "Runtime.callFunctionOn",
            {
                "objectId": obj["object"]["objectId"],
                "functionDeclaration": _CONTAINS,
                "arguments": [{"value": sels}],
                "returnByValue": True,
            },
        )
        wanted.update(res.get("result", {}).get("value") or [])
    return [c for c in controls if c["selector"] in wanted]


async def _operate(sb: Sandbox, found: dict[str, Any], result: dict[str, Any]) -> None:
    """Each widget from a clean state: the tab is reloaded after one that left it open or navigated
    (a stopped navigation leaves an error page behind)."""
    for kind, func in (("dialogs", _dialog), ("menus", _menu), ("tips", _tip), ("changes", _change)):
        for item in found[kind]:
            net = sb.new_attempt()
            try:
                res, dirty = await func(sb, item)
            except PageHung:
                raise
            except Exception as e:
                # The page navigated or redrew itself under the check: this widget is unjudged, the
                # others go on from a fresh copy.
                res, dirty = {"error": str(e).splitlines()[0][:200] if str(e) else type(e).__name__}, True
            if "error" not in res:
                result[kind].append(res)
            if dirty or net.navigations or net.popups:
                await sb.load()


async def _js(sb: Sandbox, action: str, **args: Any) -> Any:
    return await sb.evaluate("widgets", {"action": action, **args})


async def _until(sb: Sandbox, action: str, done: Any, **args: Any) -> Any:
    """Poll a widget state until ``done(state)`` or ``SETTLE_S``: animated dialogs move focus only
    once their transition ends (Bootstrap waits ~300 ms), and a fixed short wait would blame them."""
    loop = asyncio.get_running_loop()
    until = loop.time() + SETTLE_S
    await asyncio.sleep(POLL_S)
    state = await _js(sb, action, **args)
    while not done(state) and loop.time() < until:
        await asyncio.sleep(POLL_S)
        state = await _js(sb, action, **args)
    return state


async def _dialog(sb: Sandbox, trig: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    res: dict[str, Any] = {"trigger": trig, "opened": False}
    if not await _js(sb, "focus", selector=trig["selector"]):
        return res, False
    await sb.press("Enter")
    opened = lambda st: st["open"] and st["focusInside"]  # noqa: E731
    state = await _until(sb, "dialog-open", opened, dialog=trig.get("dialog"))
    by_keyboard = state["open"]
    if not state["open"]:
        await _js(sb, "click", selector=trig["selector"])
        state = await _until(sb, "dialog-open", opened, dialog=trig.get("dialog"))
    if not state["open"]:
        return res, False
    res.update(
        opened=True,
        by_keyboard=by_keyboard,
        **{k: state[k] for k in ("selector", "modal", "focusInside", "active", "activeName", "tabbables", "desc")},
    )
    inside = state["active"] if state["focusInside"] else ""
    if not state["focusInside"]:
        # A dialog that did not take focus (A11Y601) is still judged on the rest, from inside it.
        await _js(sb, "focus-in", dialog=state["selector"], selector="")
    if state["modal"] and state["tabbables"]:
        for _ in range(min(state["tabbables"] + 2, 25)):
            await sb.press("Tab")
    left = await _js(sb, "dialog-tabbed")
    res["focus_left"] = left if state["modal"] else []
    if left:
        # Back inside, where a user closing the dialog would be, so the return is measured from the
        # dialog and not from wherever Tab wandered.
        await _js(sb, "focus-in", dialog=state["selector"], selector=inside)
    await sb.press("Escape")
    closed = lambda st: not st["open"] and st["onTrigger"]  # noqa: E731
    after = await _until(sb, "dialog-after", closed, dialog=state["selector"], trigger=trig["selector"])
    res["escape_closes"] = not after["open"]
    closed_by = "escape" if not after["open"] else ""
    if after["open"] and state.get("close"):
        await _js(sb, "click", selector=state["close"])
        again = await _until(sb, "dialog-after", closed, dialog=state["selector"], trigger=trig["selector"])
        if not again["open"]:
            after, closed_by = again, "close button"
    res.update(
        closed_by=closed_by,
        focus_after=after["active"],
        on_trigger=after["onTrigger"],
        trigger_usable=after["triggerUsable"],
    )
    return res, bool(after["open"])


async def _hover(sb: Sandbox, selector: str) -> bool:
    rect = await _js(sb, "rect", selector=selector)
    if not rect or rect["w"] <= 0 or rect["h"] <= 0:
        return False
    assert sb.page is not None
    await asyncio.wait_for(sb.page.mouse.move(rect["x"] + rect["w"] / 2, rect["y"] + rect["h"] / 2, steps=2), 5)
    await asyncio.sleep(REACT_S)
    return True


async def _away(sb: Sandbox) -> None:
    assert sb.page is not None
    await asyncio.wait_for(sb.page.mouse.move(1, 1), 5)
    with contextlib.suppress(Exception):
        await _js(sb, "focus", selector="body")
    await asyncio.sleep(REACT_S)


async def _menu(sb: Sandbox, menu: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    res: dict[str, Any] = {"menu": menu, "hover": False, "keyboard": False}
    if not await _hover(sb, menu["selector"]):
        return res, False
    res["hover"] = await _js(sb, "visible", selector=menu["sub"])
    await _away(sb)
    if not res["hover"]:
        return res, False  # it does not open on hover either: not a hover-only menu
    # Keyboard: focus the trigger, then Tab; for a button (or aria-expanded) also Enter.
    await sb.press("Tab")  # puts the tab in keyboard modality, as a keyboard user's page is
    await _js(sb, "focus", selector=menu["selector"])
    state = await _js(sb, "menu-reachable", sub=menu["sub"])
    if not state["shown"]:
        await sb.press("Tab")
        await asyncio.sleep(REACT_S / 2)
        state = await _js(sb, "menu-reachable", sub=menu["sub"])
    if not (state["shown"] or state["focusInside"]) and (menu["expandable"] or not menu["link"]):
        await _js(sb, "focus", selector=menu["selector"])
        await sb.press("Enter")
        await asyncio.sleep(REACT_S)
        state = await _js(sb, "menu-reachable", sub=menu["sub"])
        if state["shown"]:
            await sb.press("Escape")
    res["keyboard"] = bool(state["shown"] or state["focusInside"])
    await _away(sb)
    return res, False


async def _tip(sb: Sandbox, tip: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    res: dict[str, Any] = {"trigger": tip, "shown": False}
    if not await _hover(sb, tip["selector"]):
        return res, False
    shown = await _js(sb, "new-tip", trigger=tip["selector"], tip=tip.get("tip"))
    if not shown:
        await _away(sb)
        return res, False
    res.update(shown=True, tip=shown)
    await asyncio.sleep(PERSIST_S)
    res["persistent"] = await _js(sb, "visible", selector=shown)
    await sb.press("Escape")
    await asyncio.sleep(REACT_S / 2)
    res["dismissible"] = not await _js(sb, "visible", selector=shown)
    await _away(sb)
    # Hoverable: from the trigger, move the pointer onto the tooltip itself.
    await _hover(sb, tip["selector"])
    rect = await _js(sb, "rect", selector=shown)
    if rect and rect["w"] > 0 and rect["h"] > 0 and await _js(sb, "visible", selector=shown):
        assert sb.page is not None
        await asyncio.wait_for(sb.page.mouse.move(rect["x"] + rect["w"] / 2, rect["y"] + rect["h"] / 2, steps=4), 5)
        await asyncio.sleep(REACT_S)
        res["hoverable"] = await _js(sb, "visible", selector=shown)
    await _away(sb)
    # On keyboard focus: if it shows, Escape must dismiss it there too.
    if await _js(sb, "focus", selector=tip["selector"]):
        await asyncio.sleep(REACT_S)
        if await _js(sb, "visible", selector=shown):
            await sb.press("Escape")
            await asyncio.sleep(REACT_S / 2)
            res["focus_dismissible"] = not await _js(sb, "visible", selector=shown)
        await _away(sb)
    return res, False


async def _opened(sb: Sandbox) -> int:
    """window.open calls so far (the sandbox records them instead of opening tabs)."""
    assert sb.page is not None
    try:
        n = await asyncio.wait_for(sb.page.evaluate("() => (window.__cxlintOpened || []).length"), 5)
    except TimeoutError:
        raise PageHung("the throwaway page stopped responding") from None
    except Exception:
        return 0  # the document was replaced (a navigation): its calls are gone with it
    return int(n or 0)


async def _change(sb: Sandbox, ctl: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    res: dict[str, Any] = {"control": ctl, "changed_context": False}
    assert sb.page is not None
    net = sb.attempt
    res["opened_before"] = await _opened(sb)
    await _js(sb, "focus", selector=ctl["selector"])
    if ctl["snippet"].startswith("<select"):
        # The keyboard way: ArrowDown on a focused closed select changes its value at once.
        await sb.press("ArrowDown")
    else:
        await sb.press("Space")
    await asyncio.sleep(REACT_S * 2)
    nav = net.navigations[-1]["url"] if net.navigations else ""
    popups = net.popups + await _opened(sb) - res["opened_before"]
    res.update(navigation=nav, popups=popups, changed_context=bool(nav or popups))
    return res, popups > 0


# --- rules -------------------------------------------------------------------------------------


class WidgetParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max: int = Field(default=10, ge=1)


async def _journey_or_skip(run: PageRun, part: str, what: str) -> list[dict[str, Any]]:
    j = await widget_journey(run)
    if not j["found"][part]:
        raise NotApplicable(f"no {what} on the page")
    return list(j[part])


@page_check("dialog-focus", WidgetParams, phase=READS)
async def dialog_focus(run: PageRun, rule: Rule, params: WidgetParams) -> list[Finding]:
    out: list[Finding] = []
    for d in await _journey_or_skip(run, "dialogs", "dialog trigger"):
        if not d["opened"]:
            continue
        name = d["trigger"].get("name") or "the trigger"
        if not d["by_keyboard"]:
            msg = f'the dialog opened by "{name}" opens on a click but not with the Enter key'
        elif not d["focusInside"]:
            where = f'on "{d["activeName"]}"' if d.get("activeName") else "on the page behind it"
            msg = f'opening the dialog with "{name}" leaves keyboard focus outside it, {where}'
        else:
            continue
        out += hits_to_findings(rule, [dict(d["trigger"], data={"dialog": d["selector"], "focus": d["active"]})], msg)
    return out[: params.max]


@page_check("modal-focus-contained", WidgetParams, phase=READS)
async def modal_focus_contained(run: PageRun, rule: Rule, params: WidgetParams) -> list[Finding]:
    out: list[Finding] = []
    for d in await _journey_or_skip(run, "dialogs", "dialog trigger"):
        if not d["opened"] or not d["modal"] or not d.get("focus_left"):
            continue
        msg = (
            f'while this modal dialog is open, Tab moves focus out of it to "{d["focus_left"][0]}" on the page '
            "behind, which keyboard users cannot see"
        )
        out += hits_to_findings(
            rule, [dict(d["desc"], data={"left_to": d["focus_left"], "trigger": d["trigger"]["selector"]})], msg
        )
    return out[: params.max]


@page_check("dialog-escape", WidgetParams, phase=READS)
async def dialog_escape(run: PageRun, rule: Rule, params: WidgetParams) -> list[Finding]:
    out: list[Finding] = []
    for d in await _journey_or_skip(run, "dialogs", "dialog trigger"):
        if not d["opened"] or d.get("escape_closes", True):
            continue
        how = "; its close button still works" if d.get("closed_by") == "close button" else ""
        msg = f"the Escape key does not close this dialog{how}"
        out += hits_to_findings(
            rule, [dict(d["desc"], data={"trigger": d["trigger"]["selector"], "closed_by": d.get("closed_by")})], msg
        )
    return out[: params.max]


@page_check("dialog-focus-return", WidgetParams, phase=READS)
async def dialog_focus_return(run: PageRun, rule: Rule, params: WidgetParams) -> list[Finding]:
    out: list[Finding] = []
    for d in await _journey_or_skip(run, "dialogs", "dialog trigger"):
        if not d["opened"] or not d.get("closed_by") or d.get("on_trigger") or not d.get("trigger_usable"):
            continue
        where = f'"{d["focus_after"]}"' if d.get("focus_after") else "the top of the page"
        name = d["trigger"].get("name") or "its trigger"
        msg = f'after the dialog closes ({d["closed_by"]}), focus goes to {where}, not back to "{name}"'
        out += hits_to_findings(
            rule, [dict(d["trigger"], data={"focus_after": d.get("focus_after"), "closed_by": d["closed_by"]})], msg
        )
    return out[: params.max]


@page_check("hover-only-menu", WidgetParams, phase=READS)
async def hover_only_menu(run: PageRun, rule: Rule, params: WidgetParams) -> list[Finding]:
    out: list[Finding] = []
    for m in await _journey_or_skip(run, "menus", "navigation sub-menu"):
        if not m["hover"] or m["keyboard"]:
            continue
        menu = m["menu"]
        name = menu.get("name") or "this menu item"
        if menu["link"]:
            msg = (
                f'the sub-menu under "{name}" opens on mouse hover but not from the keyboard: check that the page '
                "it links to offers the same links"
            )
            outcome = Outcome.NEEDS_REVIEW
        else:
            msg = f'the sub-menu under "{name}" opens on mouse hover only; keyboard users cannot reach its links'
            outcome = Outcome.VIOLATION
        out += hits_to_findings(rule, [dict(menu, data={"submenu": menu["sub"]})], msg, outcome=outcome)
    return out[: params.max]


@page_check("hover-content", WidgetParams, phase=READS)
async def hover_content(run: PageRun, rule: Rule, params: WidgetParams) -> list[Finding]:
    out: list[Finding] = []
    for t in await _journey_or_skip(run, "tips", "tooltip"):
        if not t["shown"]:
            continue
        problems = []
        if t.get("dismissible") is False:
            problems.append("Escape does not dismiss it")
        if t.get("hoverable") is False:
            problems.append("it disappears when the pointer moves onto it")
        if t.get("persistent") is False:
            problems.append("it disappears on its own while the pointer stays on the trigger")
        if t.get("focus_dismissible") is False and t.get("dismissible") is not False:
            problems.append("shown on keyboard focus, Escape does not dismiss it")
        if not problems:
            continue
        trig = t["trigger"]
        msg = f'the content shown for "{trig.get("name") or "this element"}": {"; ".join(problems)}'
        out += hits_to_findings(rule, [dict(trig, data={"tooltip": t.get("tip"), "problems": problems})], msg)
    return out[: params.max]


@page_check("change-of-context", WidgetParams, phase=READS)
async def change_of_context(run: PageRun, rule: Rule, params: WidgetParams) -> list[Finding]:
    out: list[Finding] = []
    for c in await _journey_or_skip(run, "changes", "select or self-submitting input"):
        if not c["changed_context"]:
            continue
        ctl = c["control"]
        what = "opens a new window" if c["popups"] else f"loads {c['navigation']}"
        msg = (
            f'changing "{ctl.get("name") or "this control"}" with the keyboard {what} at once, without a '
            "button and without warning"
        )
        out += hits_to_findings(rule, [dict(ctl, data={"navigation": c["navigation"], "popups": c["popups"]})], msg)
    return out[: params.max]
