"""Cross-page checks over the facts each page stored: pure functions, no browser."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from cxlint.dom.checks.base import site_check
from cxlint.dom.findings import make_finding
from cxlint.model import Finding, Location, PageResult, PageStatus
from cxlint.registry import Rule


def _facts(page: PageResult) -> dict[str, Any]:
    facts = page.metrics.get("facts") if isinstance(page.metrics, dict) else None
    return facts if isinstance(facts, dict) else {}


def _scanned(pages: list[PageResult]) -> list[PageResult]:
    return [p for p in pages if p.status is PageStatus.SCANNED and _facts(p)]


def _duplicates(pages: list[PageResult], key: str) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for p in _scanned(pages):
        value = _facts(p).get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        k = " ".join(value.lower().split())
        groups[k].append(p.final_url or p.url)
        shown.setdefault(k, value)
    return [(shown[k], sorted(set(urls))) for k, urls in groups.items() if len(set(urls)) > 1]


@site_check("duplicate-title")
def duplicate_title(pages: list[PageResult], rule: Rule, params: BaseModel) -> list[Finding]:
    return [
        make_finding(
            rule,
            f'{len(urls)} pages share the title "{title[:100]}"',
            location=Location(selector="head > title", text=title[:200]),
            data={"urls": urls, "title": title},
        )
        for title, urls in _duplicates(pages, "title")
    ]


@site_check("duplicate-description")
def duplicate_description(pages: list[PageResult], rule: Rule, params: BaseModel) -> list[Finding]:
    return [
        make_finding(
            rule,
            f'{len(urls)} pages share the meta description "{desc[:100]}"',
            location=Location(selector='head > meta[name="description"]', text=desc[:200]),
            data={"urls": urls, "description": desc},
        )
        for desc, urls in _duplicates(pages, "description")
    ]
