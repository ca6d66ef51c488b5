"""Word lists shipped beside the rules (``rules/plain-language/data/``).

A rule names a list as ``file`` or ``file#key`` (a key of a YAML mapping);
lists keep their source and licence header lines, so provenance survives audits.
Lines starting with ``#`` are comments; TSV lists have a header row.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from cxlint.registry import RULES_DIR

DATA_DIR = RULES_DIR / "plain-language" / "data"


def resolve(ref: str, base: Path | None = None) -> tuple[Path, str]:
    """Split ``file#key`` and find the file beside the rule, else in the bundled data folder."""
    name, _, key = ref.partition("#")
    for folder in ([base / "data", base] if base else []) + [DATA_DIR]:
        if (folder / name).is_file():
            return folder / name, key
    raise FileNotFoundError(f"word list '{name}' not found (looked beside the rule and in {DATA_DIR})")


@lru_cache(maxsize=64)
def _load(path: Path, key: str) -> Any:
    if path.suffix in (".yml", ".yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return data[key] if key else data
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    if path.suffix == ".tsv":
        return [dict(row) for row in csv.DictReader(lines, delimiter="\t")]
    return [ln.strip() for ln in lines]


def load(ref: str, base: Path | None = None) -> Any:
    """The list as stored: a list of strings (txt, YAML list), rows (TSV) or a mapping (YAML)."""
    path, key = resolve(ref, base)
    return _load(path, key)


def words(ref: str, base: Path | None = None) -> list[str]:
    """A list reference flattened to strings (mapping keys, or the first TSV column)."""
    data = load(ref, base)
    if isinstance(data, dict):
        return [str(k) for k in data]
    if data and isinstance(data[0], dict):
        first = next(iter(data[0]))
        return [row[first] for row in data]
    return [str(x) for x in data]


def pairs(ref: str, base: Path | None = None) -> dict[str, str]:
    """A list reference as bad → good (mapping, or the first two TSV columns; plain lists map to "")."""
    data = load(ref, base)
    if isinstance(data, dict):
        return {str(k): "" if v is None else str(v) for k, v in data.items()}
    if data and isinstance(data[0], dict):
        a, b = list(data[0])[:2]
        return {row[a]: row[b] or "" for row in data}
    return {str(x): "" for x in data}
