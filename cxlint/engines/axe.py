"""axe-core in every frame of a page, with its results mapped onto cxlint findings.

axe-playwright-python injects axe only into the top document, so violations
inside iframes would be silently lost. Here axe is injected into each frame
(same-origin and cross-origin alike: Playwright reaches out-of-process
frames) and run there on its own, and each finding records the chain of iframe
selectors that leads to it. axe's ``incomplete`` results are kept as
needs-review findings: they are exactly where a person has to look.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame, Page

from cxlint.engines.axe_refresh import drop_ignored_refreshes
from cxlint.model import Finding, Location, Outcome, Severity

CSS_PATH_JS = (Path(__file__).parent / "js" / "css_path.js").read_text(encoding="utf-8")

STANDARD_TAGS: dict[str, list[str]] = {
    "wcag20aa": ["wcag2a", "wcag2aa", "section508"],
    "wcag21aa": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "section508"],
    "wcag22aa": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "section508"],
}
"""axe tags that make up each accessibility standard cxlint offers."""

STANDARDS = tuple(STANDARD_TAGS)
DEFAULT_STANDARD = "wcag21aa"

IMPACT_SEVERITY = {
    "critical": Severity.ERROR,
    "serious": Severity.ERROR,
    "moderate": Severity.WARNING,
    "minor": Severity.INFO,
}
"""axe's impact says how much a problem hurts, not whether it is one: it is the severity of
best-practice results, and the floor of nothing else."""

WCAG_FLOOR = Severity.WARNING
"""A violation of a WCAG success criterion is a conformance failure whatever axe's impact says
(empty headings, empty table headers, redundant image-link text and alt on presentational images
are "minor" to axe, yet each fails 1.3.1, 1.1.1 or 2.4.4/2.4.6): it never drops to info, where
users do not see it by default."""

FAILS_A_CRITERION = {
    "empty-heading": "2.4.6 (a heading with no text describes no topic; H42)",
    "empty-table-header": "1.3.1 (a header cell with no text identifies no data; H51, H63)",
    "presentation-role-conflict": "1.3.1 (an element marked decorative is still exposed; ACT 46ca7f)",
}
"""axe-core 4.12 tags these "best-practice" and rates them minor, yet each result is a failure of
the criterion named, so they take the WCAG floor too. image-redundant-alt is not here: alt text
that repeats the link text is verbose, not a failure of any criterion, so it stays info."""


SNIPPET_MAX = 400

RUN_SLIM = """(opts) => axe.run(document, opts).then((r) => {
  const node = (n) => ({ target: n.target, html: n.html, impact: n.impact, failureSummary: n.failureSummary });
  const rule = (x) => ({ id: x.id, tags: x.tags, impact: x.impact, help: x.help, helpUrl: x.helpUrl,
                         nodes: x.nodes.map(node) });
  return { violations: r.violations.map(rule), incomplete: r.incomplete.map(rule) };
})"""
"""axe.run, returning only what ``findings_from_results`` reads. The full result carries every
check of every node with its data and related nodes: on a 40 KB page several times the size,
and each byte crosses to this process and is validated there."""


def axe_version() -> str:
    """The version of the axe-core bundled in axe-playwright-python."""
    head = AXE_SCRIPT[:80]
    marker = "axe v"
    i = head.find(marker)
    if i < 0:
        return "unknown"
    return head[i + len(marker) :].split()[0]


TOP_DOCUMENT_ONLY = (
    "bypass",
    "page-has-heading-one",
    "landmark-one-main",
    "region",
    "document-title",
    "html-has-lang",
    "meta-viewport",
    "meta-viewport-large",
    "aria-hidden-body",
)
"""Rules about the page as a whole (ACT: "the document is not embedded"); in a child frame they
would misfire on the widget document. Found by bench/act_rules.py (ACT 2779a5 passed example 2)."""


def run_options(
    standard: str, best_practice: bool = True, *, child_frame: bool = False, disabled: tuple[str, ...] = ()
) -> dict[str, Any]:
    tags = list(STANDARD_TAGS[standard])
    if best_practice:
        tags.append("best-practice")
    # cxlint runs axe in every frame itself, so axe's "frame-tested" reminder is noise.
    off = ["frame-tested", *(TOP_DOCUMENT_ONLY if child_frame else ()), *disabled]
    return {
        "runOnly": {"type": "tag", "values": tags},
        "rules": {rule: {"enabled": False} for rule in off},
        "resultTypes": ["violations", "incomplete"],
        "iframes": False,
        "elementRef": False,
    }


def wcag_from_tags(tags: list[str]) -> list[str]:
    """Turn axe tags such as ``wcag111`` into success criteria such as ``1.1.1``."""
    out = []
    for t in tags:
        if t.startswith("wcag") and t[4:].isdigit() and len(t) >= 7:
            digits = t[4:]
            out.append(f"{digits[0]}.{digits[1]}.{digits[2:]}")
    return out


def _severity(impact: str | None, tags: list[str], rule_id: str = "") -> Severity:
    sev = IMPACT_SEVERITY.get(impact or "", Severity.WARNING)
    is_wcag = bool(wcag_from_tags(tags))
    if sev is Severity.INFO and (is_wcag or rule_id in FAILS_A_CRITERION):
        sev = WCAG_FLOOR
    elif sev is Severity.ERROR and not is_wcag:
        # Best practices are advice, not conformance failures.
        sev = Severity.WARNING
    return sev


def _selector_text(target: Any) -> str:
    """axe targets are lists; shadow-DOM targets are nested lists."""
    if isinstance(target, list):
        return " >>> ".join(_selector_text(t) for t in target)
    return str(target)


def findings_from_results(results: dict[str, Any], frames: list[str]) -> list[Finding]:
    out: list[Finding] = []
    for kind, outcome in (("violations", Outcome.VIOLATION), ("incomplete", Outcome.NEEDS_REVIEW)):
        for rule in results.get(kind, []):
            tags = rule.get("tags", [])
            for node in rule.get("nodes", []):
                target = node.get("target", [])
                selector = _selector_text(target[-1] if len(target) == 1 else target) if target else ""
                impact = node.get("impact") or rule.get("impact")
                out.append(
                    Finding(
                        rule=f"axe/{rule['id']}",
                        name=rule["id"],
                        severity=_severity(impact, tags, rule.get("id", "")),
                        outcome=outcome,
                        message=rule.get("help", ""),
                        category="accessibility",
                        location=Location(
                            selector=selector,
                            snippet=(node.get("html") or "")[:SNIPPET_MAX],
                            frames=list(frames),
                        ),
                        wcag=wcag_from_tags(tags),
                        help_url=rule.get("helpUrl", ""),
                        suggestion=(node.get("failureSummary") or "").strip(),
                        engine="axe",
                        tags=tags,
                        data={"impact": impact or ""},
                    )
                )
    return out


async def frame_chain(frame: Frame) -> list[str]:
    """Selectors of the iframe elements from the top document down to ``frame``."""
    chain: list[str] = []
    current: Frame | None = frame
    while current is not None and current.parent_frame is not None:
        try:
            handle = await current.frame_element()
            chain.insert(0, await handle.evaluate(CSS_PATH_JS))
        except PlaywrightError:
            chain.insert(0, f"iframe[name='{current.name}']" if current.name else "iframe")
        current = current.parent_frame
    return chain


async def run_axe(
    page: Page, standard: str = DEFAULT_STANDARD, timeout_s: float = 60.0, *, disabled: tuple[str, ...] = ()
) -> list[Finding]:
    """Run axe in the page and every frame inside it; never raises for page problems.

    Suppressions (``data-cxlint-ignore``) are not applied here: the findings stage applies
    them to every engine alike.
    """
    findings: list[Finding] = []
    for frame in list(page.frames):
        options = run_options(standard, child_frame=frame is not page.main_frame, disabled=disabled)
        if frame.is_detached():
            continue
        frames = await frame_chain(frame)
        try:
            await asyncio.wait_for(frame.evaluate(AXE_SCRIPT), timeout_s)
            results = await asyncio.wait_for(frame.evaluate(RUN_SLIM, options), timeout_s)
            await asyncio.wait_for(drop_ignored_refreshes(frame, results), timeout_s)
        except (PlaywrightError, TimeoutError) as exc:
            if page.is_closed() or _is_gone(exc):
                raise
            findings.append(_frame_error(frames, exc))
            continue
        findings.extend(findings_from_results(results, frames))
    return findings


def _is_gone(exc: BaseException) -> bool:
    """The page, context or browser closed under us: the scanner handles that, not this engine."""
    text = str(exc)
    return "has been closed" in text or "Target crashed" in text or "disconnected" in text


def _frame_error(frames: list[str], exc: BaseException) -> Finding:
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    where = "this frame" if frames else "this page"
    return Finding(
        rule="CX007",
        name="frame-not-checked",
        severity=Severity.WARNING,
        outcome=Outcome.NEEDS_REVIEW,
        message=f"axe-core could not run in {where}: {reason}",
        category="scan",
        location=Location(selector=frames[-1] if frames else "html", frames=frames[:-1]),
        engine="axe",
    )
