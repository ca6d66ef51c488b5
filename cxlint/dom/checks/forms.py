"""Form journeys: submit each form empty and with clearly bad values, then judge the error state.

The journey runs once per page in a throwaway tab (``sandbox.Sandbox``) and is shared by
the A11Y50x rules, each reading the part it judges. Search forms, forms without a submit
button and forms with nothing required or formatted are left alone. A page without such
a form costs one read-only script call.

What counts as what (the rules' rationales say why):

* Native constraint validation (the browser's bubble) identifies the error in text and moves
  focus to the field, so it passes 3.3.1; its message is judged for 3.3.3 like any other.
* A JavaScript ``alert()`` naming the problem is sufficient technique SCR18 for 3.3.1.
* A form that goes on to another page with its required fields empty is needs-review: the
  service may really accept it, so only a person can tell whether validation is missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cxlint.dom.checks.base import (
    EVALUATE_TIMEOUT_S,
    READS,
    SUBMITS,
    NotApplicable,
    PageHung,
    PageRun,
    hits_to_findings,
    page_check,
)
from cxlint.dom.checks.sandbox import Attempt, Sandbox
from cxlint.dom.checks.scriptless import scriptless
from cxlint.dom.findings import make_finding
from cxlint.model import Finding, Outcome
from cxlint.registry import Rule

MAX_FORMS = 4
"""Forms journeyed on one page; the rest are listed in the facts as not checked."""
JOURNEY_BUDGET_S = 20.0
"""Wall-clock cap of all form journeys on one page; a slow or hostile page gets fewer attempts."""
SETTLE_S = 0.25
"""Time a page that cancelled the submit gets to draw its errors (and a script to navigate) before it is read."""
FORM_APPEAR_S = 2.0
"""How long the throwaway tab waits for a form that scripts draw after load."""
LEAVE_TIMEOUT_S = 8.0
"""Longest wait for the page a submitted form leads to."""

SUGGESTION_RE = re.compile(
    r"for example|e\.g\.|such as|\blike\b|\bformat\b|\b\d+\s*-?\s*(digits?|numbers?|characters?|letters?)\b|"
    r"\b(digits?|numbers?|letters?) only\b|only (letters|numbers|digits)|\b(mm|dd|yy|yyyy)\b|@|between .+ and|"
    r"at least|no more than|greater than|less than|must (be|include|contain|start|have|use)|include an?\b",
    re.I,
)
"""What an error message or hint that suggests a correction says: an example, a format, a length, a rule."""
GENERIC_RE = re.compile(
    r"^\W*(error|invalid|invalid (input|value|entry|field|format|data)|"
    r"this (field|value) is (invalid|not valid|incorrect)|"
    r"please match the requested format|wrong format|not valid|incorrect( value)?|please correct this field|"
    r"please fix this field|(this )?field (is )?invalid)\W*$",
    re.I,
)


async def form_journey(run: PageRun) -> dict[str, Any]:
    """Every form attempt on this page, computed once and shared by the A11Y50x rules."""
    return await run.once("form-journey", _journey)


async def _journey(run: PageRun) -> dict[str, Any]:
    forms = [f for f in await run.evaluate("formjourney", {"action": "find"}) if not _opted_out(f)]
    if not forms:
        raise NotApplicable("no form to submit (search forms and forms without a submit button are left alone)")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + JOURNEY_BUDGET_S
    planned = [
        (form, mode)
        for form in forms[:MAX_FORMS]
        for mode in (["empty"] if form["required"] else []) + (["bad"] if form["format"] else [])
    ]
    done: dict[int, dict[str, Any]] = {}
    # Without script, an attempt the browser stopped changed nothing a form reset does not undo,
    # and nothing can draw errors later: such attempts are made on the scanned page itself (the
    # form journeys run after every other check), and only those the browser lets through go to
    # a throwaway copy. One reused copy serves attempts the browser stops there too.
    static = await scriptless(run)
    todo = list(range(len(planned)))
    if static:
        todo = await _in_place(run, planned, done, deadline)
    if todo:
        async with Sandbox(run, allow_navigation=True) as sb:
            reuse = False
            for i in todo:
                form, mode = planned[i]
                if loop.time() > deadline:
                    break
                left = max(1.0, deadline - loop.time())
                try:
                    attempt = await asyncio.wait_for(_attempt(sb, form, mode, static=static, reuse=reuse), left + 5)
                except TimeoutError:
                    attempt = None
                if attempt is None:
                    break
                done[i] = attempt
                reuse = static and _stayed(attempt)
    attempts = [done[i] for i in sorted(done)]
    run.facts["form_journeys"] = {
        "forms": len(forms),
        "attempts": len(attempts),
        "not_checked": max(0, len(forms) - MAX_FORMS),
        "blocked_submissions": sum(1 for a in attempts if a["blocked"]),
    }
    return {"forms": forms, "attempts": attempts}


class InPlace:
    """The scanned page itself, offered to ``_attempt`` as a throwaway copy would be.

    Only for a page without script, after every other check has read it: its submit is cancelled
    once the browser's own validation has let it through (``inPlace`` in formjourney.js), so the
    page never leaves; such an attempt is then made again in a copy, where it may go on. An
    attempt the browser stopped is kept: it is what a fresh copy shows, and a form reset takes
    the page back to how it loaded.
    """

    def __init__(self, run: PageRun) -> None:
        self.run = run
        self.page = run.page
        self.attempt = Attempt()

    async def evaluate(self, name: str, args: dict[str, Any] | None = None) -> Any:
        args = dict(args or {})
        if args.get("action") == "prepare":
            args["inPlace"] = True
        return await self.run.evaluate(name, args)

    async def press(self, key: str) -> None:
        try:
            await asyncio.wait_for(self.page.keyboard.press(key), EVALUATE_TIMEOUT_S)
        except TimeoutError:
            self.run.hung = True
            raise PageHung(f"the page stopped responding after {key} was pressed") from None

    async def reset_forms(self) -> None:
        await self.run.evaluate("formjourney", {"action": "reset"})
        self.attempt = Attempt()

    def new_attempt(self) -> Attempt:
        self.attempt = Attempt()
        return self.attempt


async def _in_place(
    run: PageRun, planned: list[tuple[dict[str, Any], str]], done: dict[int, dict[str, Any]], deadline: float
) -> list[int]:
    """Attempts on the scanned page (``InPlace``); returns the indexes still to make in a copy."""
    here = InPlace(run)
    loop = asyncio.get_running_loop()
    later: list[int] = []
    try:
        for i, (form, mode) in enumerate(planned):
            if loop.time() > deadline:
                break
            attempt = await _attempt(here, form, mode, static=True, reuse=True)
            if attempt is None:
                break
            if attempt["obs"]["submitted"]:
                later.append(i)  # the browser would send it: a copy must show what comes back
            else:
                done[i] = attempt
    finally:
        with contextlib.suppress(Exception):
            await here.reset_forms()
    return later


def _opted_out(form: dict[str, Any]) -> bool:
    """A form whose findings are all suppressed (``data-cxlint-ignore="all"`` or an A11Y50x code) is not
    submitted: nothing it showed would be reported. ``data-cxlint-no-submit`` says the same without
    suppressing anything (the JS leaves such forms out)."""
    codes = {str(c).upper() for c in form.get("ignore") or []}
    return "ALL" in codes or any(c.startswith("A11Y50") for c in codes)


def _stayed(attempt: dict[str, Any]) -> bool:
    """The browser kept the form's page and sent nothing: its own validation stopped the submit."""
    o = attempt["obs"]
    return bool(o["sameDoc"] and not o["submitted"] and not attempt["navigated_to"] and not attempt["requests"]
                and not attempt["dialogs"] and not attempt["blocked"])


async def _attempt(
    sb: Sandbox | InPlace, form: dict[str, Any], mode: str, *, static: bool = False, reuse: bool = False
) -> dict[str, Any] | None:
    """One submit of ``form``; ``reuse``: reset the copy the last attempt left (``_stayed``) rather than reload."""
    if reuse:
        await sb.reset_forms()
    else:
        assert isinstance(sb, Sandbox)
        await sb.load()
    prep = await sb.evaluate("formjourney", {"action": "prepare", "form": form["selector"], "mode": mode})
    if prep.get("missing") and isinstance(sb, Sandbox):
        # A form drawn by scripts after load (a single-page app): give it a moment, once.
        assert sb.page is not None
        with contextlib.suppress(Exception):
            await sb.page.wait_for_selector(form["selector"], state="attached", timeout=FORM_APPEAR_S * 1000)
        prep = await sb.evaluate("formjourney", {"action": "prepare", "form": form["selector"], "mode": mode})
    if prep.get("missing"):
        return None
    net = sb.new_attempt()
    if prep["focused"]:
        await sb.press("Enter")
    else:
        await sb.evaluate("formjourney", {"action": "submit", "form": form["selector"]})
    if isinstance(sb, Sandbox):
        await _settle(sb, static=static)
    # In place the submit was cancelled if the browser let it through: the outcome is known now.
    args = {
        "action": "observe",
        "form": form["selector"],
        "baseline": prep["baseline"],
        "title": prep["title"],
        "expected": prep["expected"],
        "typed": prep["typed"],
    }
    obs = await sb.evaluate("formjourney", args)
    blocked = [n for n in net.navigations + net.requests if n["blocked"]]
    went = [n for n in net.navigations if not n["blocked"]]
    return {
        "form": form,
        "mode": mode,
        "prep": {"expected": prep["expected"], "typed": prep["typed"]},
        "obs": obs,
        "dialogs": list(net.dialogs),
        "navigated_to": went[-1]["url"] if went and not obs["sameDoc"] else "",
        "blocked": blocked[:3],
        "requests": len(net.requests),
    }


_STATE = (
    "() => { const s = window.__cxlintFormJourney; "
    "return s ? (s.leaving ? 'leaving' : 'stayed') : document.readyState; }"
)


async def _settle(sb: Sandbox, *, static: bool = False) -> None:
    """Wait until the submit's outcome can be read: client-side errors drawn, or the next page loaded.

    A flag set after the page's own submit handlers says whether the browser is leaving the page;
    then the new document is awaited (bounded), else the page gets ``SETTLE_S`` to draw its errors.
    A page without script (``static``) has nothing that could draw them later: the browser's own
    validation is done when the key press returns.
    """
    assert sb.page is not None
    loop = asyncio.get_running_loop()
    until = loop.time() + LEAVE_TIMEOUT_S
    waited = 0.0
    while loop.time() < until:
        try:
            state = await asyncio.wait_for(sb.page.evaluate(_STATE), 5)
        except Exception:
            state = "navigating"  # the old document went away mid-call
        if state == "complete":
            await asyncio.sleep(0.1)  # scripts that move focus or fill the title on load
            return
        if state == "stayed" and (waited >= SETTLE_S or static) and not [
            n for n in sb.attempt.navigations if not n["blocked"]
        ]:
            return
        if state == "leaving" and sb.attempt.navigations and all(n["blocked"] for n in sb.attempt.navigations):
            return  # the guard stopped it: the old page is what there is to read
        await asyncio.sleep(0.05)
        waited += 0.05


# --- judging one attempt -----------------------------------------------------------------------


def _expects_errors(a: dict[str, Any]) -> bool:
    return bool(a["prep"]["expected"])


def _identified(a: dict[str, Any]) -> bool:
    o = a["obs"]
    return bool(o["nativeBlocked"] or a["dialogs"] or o["visibleErrors"])


def _custom_errors(a: dict[str, Any]) -> bool:
    """Errors the page wrote itself (not the browser's bubble, not an alert box)."""
    o = a["obs"]
    return bool(o["visibleErrors"]) and not o["nativeBlocked"]


def _form_desc(a: dict[str, Any]) -> dict[str, Any]:
    return dict(a["form"])


def _what(a: dict[str, Any]) -> str:
    n = len(a["prep"]["expected"])
    if a["mode"] == "empty":
        return f"submitted with {n} required field{'s' if n != 1 else ''} empty"
    return f"submitted with clearly wrong values in {n} formatted field{'s' if n != 1 else ''}"


def _evidence(a: dict[str, Any]) -> dict[str, Any]:
    o = a["obs"]
    return {
        "mode": a["mode"],
        "fields": [f.get("label") or f.get("name") or f.get("id") for f in a["prep"]["expected"]][:10],
        "errors_shown": [e["text"] for e in o["errors"]][:5],
        "browser_validation": o["nativeBlocked"],
        "alerts": a["dialogs"][:3],
        "result_url": a["navigated_to"] or o["url"],
        "result_title": o["title"][:120],
    }


async def _attempts(run: PageRun) -> list[dict[str, Any]]:
    """Attempts there is something to judge on: errors were expected, and nothing was held back.

    When the guard stopped a submission (a host the user did not allow), what follows is the
    browser's own error page or a script's reaction to a failed request, not the service's answer.
    """
    return [a for a in (await form_journey(run))["attempts"] if _expects_errors(a) and not a["blocked"]]


class FormParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max: int = Field(default=10, ge=1)


@page_check("form-error-identified", FormParams, phase=SUBMITS)
async def form_error_identified(run: PageRun, rule: Rule, params: FormParams) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for a in await _attempts(run):
        sel = a["form"]["selector"]
        if sel in seen or _identified(a):
            continue
        o = a["obs"]
        if a["mode"] == "bad" and (a["navigated_to"] or a["requests"]):
            continue  # a wrong value the service accepts is not an error it detected (3.3.1 starts there)
        seen.add(sel)
        if a["navigated_to"]:
            msg = (
                f"{_what(a)}, the form went on to {a['navigated_to']} without an error message: check that the "
                "service tells people what is missing or wrong"
            )
            outcome = Outcome.NEEDS_REVIEW
        elif o["markedInvalid"]:
            msg = f"{_what(a)}, fields were marked invalid but no error message appeared in text"
            outcome = Outcome.VIOLATION
        elif a["requests"]:
            msg = f"{_what(a)}, the form sent its data in the background and showed no error message"
            outcome = Outcome.NEEDS_REVIEW
        else:
            msg = f"{_what(a)}, nothing on the page says what is missing or wrong"
            outcome = Outcome.VIOLATION
        out += hits_to_findings(rule, [dict(_form_desc(a), data=_evidence(a))], msg, outcome=outcome)
    return out[: params.max]


@page_check("form-error-associated", FormParams, phase=SUBMITS)
async def form_error_associated(run: PageRun, rule: Rule, params: FormParams) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for a in await _attempts(run):
        if not _custom_errors(a):
            continue
        for f in a["obs"]["fields"]:
            if not f.get("present") or f["selector"] in seen or f["associated"]:
                continue
            if not (f["near"] or f["ariaInvalid"] or f["linkedFromSummary"]):
                continue  # no error shown for this field: nothing to associate
            seen.add(f["selector"])
            label = f.get("label") or f.get("name") or "this field"
            if f["ariaInvalid"] and not f["near"]:
                msg = f'"{label}" is marked aria-invalid, but no error message is linked to it'
                outcome = Outcome.NEEDS_REVIEW
            else:
                msg = (
                    f'the error shown for "{label}" is not linked to the field (aria-describedby, '
                    "aria-errormessage or its label), so a screen reader does not read it with the field"
                )
                outcome = Outcome.VIOLATION
            data = {"message": f["message"], "aria_invalid": f["ariaInvalid"], "mode": a["mode"]}
            out += hits_to_findings(rule, [dict(f["desc"], data=data)], msg, outcome=outcome)
    return out[: params.max]


@page_check("form-error-focus", FormParams, phase=SUBMITS)
async def form_error_focus(run: PageRun, rule: Rule, params: FormParams) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for a in await _attempts(run):
        o = a["obs"]
        sel = a["form"]["selector"]
        if sel in seen or not _custom_errors(a) or o["focusOnField"] or o["focusInError"] or o["summary"]:
            continue
        seen.add(sel)
        where = "back at the top of a new page" if not o["sameDoc"] else f"on the {o['activeTag'] or 'page'}"
        msg = (
            f"{_what(a)}, the errors appear only beside the fields: focus stays {where} and there is no error "
            "summary, so people must hunt for what went wrong"
        )
        out += hits_to_findings(rule, [dict(_form_desc(a), data=_evidence(a))], msg)
    return out[: params.max]


@page_check("form-error-announced", FormParams, phase=SUBMITS)
async def form_error_announced(run: PageRun, rule: Rule, params: FormParams) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for a in await _attempts(run):
        o = a["obs"]
        sel = a["form"]["selector"]
        if sel in seen or not _custom_errors(a) or a["dialogs"]:
            continue
        if o["live"] or o["titleError"] or o["focusOnField"] or o["focusInError"]:
            continue
        seen.add(sel)
        if o["sameDoc"]:
            msg = (
                f"{_what(a)}, error messages appear but nothing announces them: they are not in a live region "
                "and focus does not move to them"
            )
        else:
            msg = (
                f'{_what(a)}, the server\'s error page keeps the title "{o["title"][:80]}" and does not move '
                "focus to the errors, so a screen reader user hears the same page again"
            )
        out += hits_to_findings(rule, [dict(_form_desc(a), data=_evidence(a))], msg)
    return out[: params.max]


def classify_message(message: str, hint: str = "") -> str:
    """How an error for a wrongly formatted value helps: "suggests", "generic" or "unclear".

    A message that gives an example, a format, a length or a rule suggests a correction; so does
    the field's own hint (read with the field) when the message itself only says "Invalid".
    """
    if SUGGESTION_RE.search(message) and not GENERIC_RE.match(message):
        return "suggests"
    if hint and SUGGESTION_RE.search(hint):
        return "suggests"
    return "generic" if GENERIC_RE.match(message) else "unclear"


def _message_for(f: dict[str, Any], a: dict[str, Any]) -> str:
    if f["message"]:
        return str(f["message"])
    if f["native"] or (a["obs"]["nativeBlocked"] and not f["valid"]):
        return " ".join(x for x in (f["validation"], f["title"]) if x)
    return " ".join(a["dialogs"])


@page_check("form-error-suggestion", FormParams, phase=SUBMITS)
async def form_error_suggestion(run: PageRun, rule: Rule, params: FormParams) -> list[Finding]:
    out: list[Finding] = []
    seen: set[str] = set()
    for a in await _attempts(run):
        if a["mode"] != "bad" or not _identified(a):
            continue
        for f in a["obs"]["fields"]:
            if not f.get("present") or f["selector"] in seen:
                continue
            text = _message_for(f, a).strip()
            if not text:
                continue  # no error for this field: nothing to judge
            seen.add(f["selector"])
            verdict = classify_message(text, str(f.get("hint") or ""))
            if verdict == "suggests":
                continue
            label = f.get("label") or f.get("name") or "this field"
            data = {"message": text[:200], "value_entered": f.get("value", ""), "kind": f.get("kind")}
            if verdict == "generic":
                msg = (
                    f'"{label}" was given "{f.get("value", "")}" and the error only says "{text[:80]}": '
                    "it does not say what to enter"
                )
                outcome = Outcome.VIOLATION
            else:
                msg = f'check that the error for "{label}" ("{text[:80]}") tells people how to correct it'
                outcome = Outcome.NEEDS_REVIEW
            out += hits_to_findings(rule, [dict(f["desc"], data=data)], msg, outcome=outcome)
    return out[: params.max]


@page_check("form-input-kept", FormParams, phase=SUBMITS)
async def form_input_kept(run: PageRun, rule: Rule, params: FormParams) -> list[Finding]:
    out: list[Finding] = []
    for a in await _attempts(run):
        if a["mode"] != "bad" or not _identified(a):
            continue
        lost = []
        for t, now in zip(a["prep"]["typed"], a["obs"]["kept"], strict=False):
            if t.get("password") or now == t["value"]:
                continue  # re-entering a password is allowed (3.3.7's security exception)
            lost.append(t.get("label") or t.get("name") or t["selector"])
        if not lost:
            continue
        msg = (
            f"after a failed submit, what the user typed is gone from {len(lost)} field"
            f"{'s' if len(lost) != 1 else ''} ({', '.join(lost[:5])}), so everything must be entered again"
        )
        out += hits_to_findings(rule, [dict(_form_desc(a), data=dict(_evidence(a), lost=lost[:10]))], msg)
    return out[: params.max]


# --- required fields marked in text (read-only, on the scanned page) ---------------------------


@page_check("required-marking", FormParams, phase=READS)
async def required_marking(run: PageRun, rule: Rule, params: FormParams) -> list[Finding]:
    hits = await run.evaluate("requiredmarks", {"max": params.max})
    out: list[Finding] = []
    for h in hits:
        why = h["data"]["why"]
        label = h["data"]["label"] or "this field"
        if why == "asterisk":
            msg = f'"{label}" is marked required only by an asterisk, and the page never says what the asterisk means'
        elif why == "colour":
            msg = f'"{label}" is marked required only by the colour of its label'
        else:
            msg = f'"{label}" is required, but nothing people can see says so (other fields in the form are optional)'
        outcome = Outcome.NEEDS_REVIEW if h["data"].get("review") else Outcome.VIOLATION
        out.append(make_finding(rule, msg, h, data=h["data"], outcome=outcome))
    return out


__all__ = ["form_journey"]
