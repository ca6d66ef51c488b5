"""Engines turn a loaded page into findings.

Importing this package declares, to the rule registry, how each engine's rule kinds
validate their options (engines depend on the registry, never the reverse);
:func:`load_rules` is the registry with every option validated.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cxlint.dom import kinds as dom_kinds  # noqa: F401
from cxlint.engines import scan_kinds  # noqa: F401
from cxlint.registry import RULES_DIR, Registry, load_registry
from cxlint.text import kinds  # noqa: F401


def load_rules(extra: Iterable[str | Path] = (), *, bundled: bool = True) -> Registry:
    """The bundled rules (and user rule folders after them), every option validated by its engine."""
    dirs = [*([RULES_DIR] if bundled else []), *(Path(d) for d in extra)]
    registry = load_registry(dirs)
    registry.bind()
    return registry
