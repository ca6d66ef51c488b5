"""Where the bundled rule packs and report templates live.

In a source checkout they sit at the repository's top level (``rules/``,
``reports/``), where users customise them; in an installed wheel they are
shipped inside the package under ``cxlint/_data/``.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PKG / "_data" / name
    if installed.is_dir():
        return installed
    return _PKG.parent / name


RULES_DIR = _data_dir("rules")
REPORTS_DIR = _data_dir("reports")
