"""Loads rule packs (YAML) from ``rules/`` and validates each rule strictly.

The folder is the registry: a rule exists because its file exists. Each rule
names a *kind*; engines register the kinds they implement together with a
pydantic model for the kind's options, so a typo in a rule file is caught at
load time with the file and key named, not silently ignored at scan time.
One bad file never takes down the other rules: errors are collected.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cxlint.model import Severity
from cxlint.paths import RULES_DIR

Category = Literal["accessibility", "plain-language", "federal", "scan"]


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # Each example is either plain text or a mapping understood by the kind's
    # example runner (for instance ``{html: ..., lang: ...}``).
    passing: list[Any] = Field(default_factory=list, alias="pass")
    failing: list[Any] = Field(default_factory=list, alias="fail")


class RuleSpec(BaseModel):
    """One rule, as declared in a YAML file."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    code: str = Field(pattern=r"^(?:[A-Z][A-Z0-9]{1,5}\d{3}|axe/[a-z0-9-]+)$")
    name: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    category: Category
    kind: str
    severity: Severity
    summary: str = Field(min_length=5)
    rationale: str = Field(min_length=5)
    help: str = Field(min_length=5)
    source: str = Field(min_length=3)
    status: str = "guidance"
    """Legal status of the source: law, omb-memo, standard, pending, draft, guidance, heuristic."""
    wcag: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    scope: list[str] = Field(default_factory=list)
    options: dict[str, Any] = Field(default_factory=dict)
    examples: Examples = Field(default_factory=Examples)
    help_url: str = ""
    enabled: bool = True
    needs_review: bool = False
    """Findings of this rule are judgements for a person, not certainties."""


@dataclass
class Kind:
    name: str
    options_model: type[BaseModel]
    category: str


_KINDS: dict[str, Kind] = {}


def register_kind(name: str, options_model: type[BaseModel], category: str) -> None:
    """Called by engines at import time to declare a kind they can execute."""
    _KINDS[name] = Kind(name, options_model, category)


def kinds() -> dict[str, Kind]:
    return dict(_KINDS)


@dataclass
class Rule:
    spec: RuleSpec
    options: BaseModel
    path: Path

    @property
    def code(self) -> str:
        return self.spec.code


@dataclass
class RuleLoadError:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Registry:
    rules: dict[str, Rule] = field(default_factory=dict)
    errors: list[RuleLoadError] = field(default_factory=list)

    def by_category(self, category: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.spec.category == category and r.spec.enabled]

    def by_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules.values() if r.spec.kind == kind and r.spec.enabled]

    def get(self, code_or_name: str) -> Rule | None:
        if code_or_name in self.rules:
            return self.rules[code_or_name]
        low = code_or_name.lower()
        for r in self.rules.values():
            if r.spec.name == low or r.spec.code.lower() == low:
                return r
        return None

    def suggest(self, code_or_name: str) -> list[str]:
        names = list(self.rules) + [r.spec.name for r in self.rules.values()]
        return difflib.get_close_matches(code_or_name, names, n=3)


def _format_validation(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"])
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            known = []
            parts.append(f"unknown key '{loc}'" + (f" (did you mean {known}?)" if known else ""))
        else:
            parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def _load_file(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if data is None:
        return []
    if isinstance(data, dict) and "rules" in data and isinstance(data["rules"], list):
        return data["rules"]
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise ValueError("a rule file holds a mapping (one rule) or a list of rules")


def _validate(raw: dict[str, Any], path: Path) -> Rule:
    spec = RuleSpec.model_validate(raw)
    kind = _KINDS.get(spec.kind)
    if kind is None:
        close = difflib.get_close_matches(spec.kind, list(_KINDS), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ValueError(f"rule {spec.code}: unknown kind '{spec.kind}'{hint}")
    try:
        options = kind.options_model.model_validate(spec.options)
    except ValidationError as e:
        raise ValueError(f"rule {spec.code}: options: {_format_validation(e)}") from None
    return Rule(spec=spec, options=options, path=path)


def load_registry(dirs: Iterable[Path] | None = None) -> Registry:
    """Load every ``*.yaml`` rule below the given folders (default: bundled)."""
    import cxlint.engines  # noqa: F401  (engines register their kinds on import)

    reg = Registry()
    for d in dirs or [RULES_DIR]:
        for path in sorted(Path(d).rglob("*.y*ml")):
            try:
                raws = _load_file(path)
            except (yaml.YAMLError, ValueError, OSError) as e:
                reg.errors.append(RuleLoadError(path, f"cannot read: {e}".splitlines()[0]))
                continue
            for raw in raws:
                if not isinstance(raw, dict) or "code" not in raw:
                    # Data files that sit beside rules (word lists) are not rules.
                    continue
                try:
                    rule = _validate(raw, path)
                except ValidationError as e:
                    reg.errors.append(RuleLoadError(path, f"rule {raw.get('code')}: {_format_validation(e)}"))
                    continue
                except ValueError as e:
                    reg.errors.append(RuleLoadError(path, str(e)))
                    continue
                if rule.code in reg.rules:
                    reg.errors.append(RuleLoadError(path, f"duplicate rule code {rule.code}"))
                    continue
                reg.rules[rule.code] = rule
    return reg
