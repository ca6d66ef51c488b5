"""Shared helpers for the text-engine tests: the bundled plain-language rules and a one-call checker."""

from __future__ import annotations

from functools import cache

from cxlint.registry import Registry, Rule, load_registry
from cxlint.text.engine import TextResult, check_html
from cxlint.text.examples import example_html


@cache
def registry() -> Registry:
    return load_registry()


def pl_rules() -> list[Rule]:
    return registry().by_category("plain-language")


def check(example: object, url: str = "https://www.example.gov/page") -> TextResult:
    return check_html(example_html(example), url, pl_rules())


def codes(result: TextResult) -> set[str]:
    return {f.rule for f in result.findings}


def check_page(html: str, url: str = "https://www.example.gov/page") -> TextResult:
    return check_html(html, url, pl_rules())
