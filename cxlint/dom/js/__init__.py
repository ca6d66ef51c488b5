"""Injected JavaScript, read once at import so a scan never touches the disk per page."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent
COMMON = (_DIR / "common.js").read_text(encoding="utf-8")


@cache
def script(name: str) -> str:
    """One check as a self-contained function of ``args``: helpers first, then the body.

    Wrapping everything in a single arrow function keeps the helpers off the page's
    globals, so a hostile page cannot replace them between two calls.
    """
    body = (_DIR / f"{name}.js").read_text(encoding="utf-8")
    return f"(args) => {{\n{COMMON}\n{body}\n}}"


@cache
def element_function(name: str) -> str:
    """A check as a DevTools ``callFunctionOn`` declaration, with the element bound to ``this``."""
    body = (_DIR / f"{name}.js").read_text(encoding="utf-8")
    return f"function() {{\nconst el = this;\n{COMMON}\n{body}\n}}"
