"""The ``dom-query`` kind: all declarative rules of a page evaluated in one script call."""

from __future__ import annotations

from typing import Any

from cxlint.dom.checks.base import PageHung, PageRun
from cxlint.dom.findings import could_not_run, make_finding
from cxlint.dom.kinds import DomQueryOptions
from cxlint.model import Finding
from cxlint.registry import Rule

SEARCH_SELECTOR = (
    "form[action*=search i], form.usa-search, [role=search], input[type=search], "
    "input[name*=search i], input[id*=search i], input[class*=search i]"
)
"""Site search as GSA Site Scanning detects it (``search.ts``), plus the search landmark."""

CONTACT_NAME = r"^\s*contact( us)?\s*$"
"""The Federal Website Standards' contact link text: exactly "Contact" or "Contact us"."""


def _payload(rule: Rule) -> dict[str, Any]:
    o: DomQueryOptions = rule.options  # type: ignore[assignment]
    return {
        "code": rule.code,
        "selector": o.selector,
        "exclude": o.exclude,
        "mode": o.mode,
        "all": [c.model_dump(exclude_none=True) for c in o.all],
        "any": [c.model_dump(exclude_none=True) for c in o.any],
        "none": [c.model_dump(exclude_none=True) for c in o.none],
        "if_present": o.if_present,
        "min_count": o.min_count,
        "max": o.max_findings,
    }


def _message(template: str, hit: dict[str, Any]) -> str:
    return template.replace("{name}", str(hit.get("name", ""))[:120]).replace("{text}", str(hit.get("text", ""))[:120])


async def run_queries(run: PageRun, rules: list[Rule], not_applicable: dict[str, str]) -> list[Finding]:
    try:
        results: dict[str, Any] = await run.evaluate("query", {"rules": [_payload(r) for r in rules]})
    except (PageHung, Exception) as e:
        return [could_not_run(r, e) for r in rules]
    findings: list[Finding] = []
    for rule in rules:
        o: DomQueryOptions = rule.options  # type: ignore[assignment]
        res = results.get(rule.code) if isinstance(results, dict) else None
        if not isinstance(res, dict):
            findings.append(could_not_run(rule, "no result from the page"))
            continue
        if "error" in res:
            findings.append(could_not_run(rule, res["error"]))
            continue
        if not res.get("applies", True):
            not_applicable[rule.code] = f"no element matches {o.if_present}"
            continue
        if o.mode == "require":
            if res["count"] < o.min_count:
                findings.append(
                    make_finding(
                        rule,
                        _message(o.message, {}),
                        res.get("page"),
                        data={"found": res["count"], "required": o.min_count},
                    )
                )
            continue
        for hit in res.get("hits", []):
            findings.append(make_finding(rule, _message(o.message, hit), hit))
    return findings
