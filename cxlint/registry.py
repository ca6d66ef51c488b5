"""Loads rule packs (YAML) from ``rules/`` and user rule folders, and validates each rule strictly.

The folder is the registry: a rule exists because its file exists. Rule data
loads without importing any engine, so ``cxlint rules``, configuration checks
and the findings stage never pull in Playwright. Each rule names a *kind* from
the closed list in :data:`KIND_NAMES`; engines declare, when they are imported,
the pydantic model that validates their kinds' ``options`` (``register_kind``).
Options of a kind whose engine is not loaded stay as plain data
(:class:`RawOptions`) until it is; loading the engines
(``cxlint.engines.load_rules``) validates every option.

One bad file never takes down the other rules: errors are collected, each
naming the file, the line and, for an unknown key, the closest known one.
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

__all__ = [
    "KIND_NAMES",
    "RULES_DIR",
    "Category",
    "Registry",
    "Rule",
    "RuleLoadError",
    "RuleSpec",
    "format_validation",
    "kinds",
    "load_registry",
    "register_kind",
]

Category = Literal["accessibility", "plain-language", "federal", "scan"]
CATEGORIES: tuple[str, ...] = ("accessibility", "plain-language", "federal", "scan")

KIND_NAMES: dict[str, str] = {
    "scan": "scan",
    "axe": "accessibility",
    "dom-query": "dom",
    "browser-check": "dom",
    "site-check": "dom",
    "origin-check": "dom",
    "existence": "plain-language",
    "substitution": "plain-language",
    "capitalization": "plain-language",
    "link-text": "plain-language",
    "passive": "plain-language",
    "nominalization": "plain-language",
    "occurrence": "plain-language",
    "readability": "plain-language",
    "density": "plain-language",
    "abbreviation": "plain-language",
}
"""Every kind a rule file may name, and the engine family that runs it. A test keeps it equal to
the kinds the engines register, so a typo is caught without importing an engine."""


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
    aliases: list[str] = Field(default_factory=list)
    """Former codes or names, so suppressions and baselines written for them keep working."""


class RawOptions(BaseModel):
    """Options of a kind whose engine is not loaded: kept as given, validated when it is."""

    model_config = ConfigDict(extra="allow")


@dataclass
class Kind:
    name: str
    options_model: type[BaseModel]
    category: str


_KINDS: dict[str, Kind] = {}


def register_kind(name: str, options_model: type[BaseModel], category: str) -> None:
    """Called by an engine module when it is imported, to declare how its kind's options validate."""
    if name not in KIND_NAMES:
        raise ValueError(f"kind '{name}' is not in cxlint.registry.KIND_NAMES")
    _KINDS[name] = Kind(name, options_model, category)


def kinds() -> dict[str, Kind]:
    return dict(_KINDS)


@dataclass
class Rule:
    spec: RuleSpec
    options: BaseModel
    path: Path
    line: int = 0

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def bound(self) -> bool:
        """Whether ``options`` went through the kind's own model (its engine is loaded)."""
        return not isinstance(self.options, RawOptions)


@dataclass
class RuleLoadError:
    path: Path
    message: str
    line: int = 0

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


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
            names = {r.spec.name, r.spec.code.lower(), *(a.lower() for a in r.spec.aliases)}
            if low in names or (r.spec.kind == "axe" and low == r.spec.name):
                return r
        return None

    def suggest(self, code_or_name: str) -> list[str]:
        names = list(self.rules) + [r.spec.name for r in self.rules.values()]
        return difflib.get_close_matches(code_or_name, names, n=3)

    def bind(self) -> None:
        """Validate the options of rules loaded before their engine was (see module doc)."""
        for code, rule in list(self.rules.items()):
            kind = _KINDS.get(rule.spec.kind)
            if rule.bound or kind is None:
                continue
            try:
                rule.options = _options(rule.spec, kind)
            except ValueError as e:
                del self.rules[code]
                self.errors.append(RuleLoadError(rule.path, str(e), rule.line))


def _model_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The pydantic model that holds the last key of ``loc``, for "did you mean" suggestions."""
    for part in loc[:-1]:
        if model is None:
            return None
        fld = model.model_fields.get(str(part))
        if fld is None:
            for f in model.model_fields.values():
                if f.alias == part:
                    fld = f
                    break
        if fld is None:
            return None
        ann = fld.annotation
        model = ann if isinstance(ann, type) and issubclass(ann, BaseModel) else None
    return model


def known_keys(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _in_section(model: type[BaseModel], key: str) -> str:
    """``max-pages`` given at the top of a file belongs in ``[crawl]``: say so."""
    for name, fld in model.model_fields.items():
        ann = fld.annotation
        if isinstance(ann, type) and issubclass(ann, BaseModel) and key in known_keys(ann):
            return f" (did you mean '{fld.alias or name}.{key}'?)"
    return ""


def format_validation(err: ValidationError, model: type[BaseModel] | None = None, prefix: str = "") -> str:
    """pydantic's errors as one line each: the dotted key path, the value, and a suggestion."""
    parts = []
    for e in err.errors():
        loc = tuple(e["loc"])
        dotted = ".".join(str(x) for x in (prefix, *loc) if x != "")
        if e["type"] == "extra_forbidden":
            holder = _model_at(model, loc) if model is not None else None
            hint = ""
            if holder is not None:
                hint = _in_section(holder, str(loc[-1])) or did_you_mean(loc[-1], known_keys(holder))
            parts.append(f"unknown key '{dotted}'{hint}")
        else:
            value = e.get("input")
            shown = f" (got {value!r})" if value is not None and not isinstance(value, dict | list) else ""
            hint = ""
            if e["type"] == "literal_error" and isinstance(value, str):
                import re

                hint = did_you_mean(value, re.findall(r"'([^']*)'", str((e.get("ctx") or {}).get("expected", ""))))
            parts.append(f"{dotted}: {e['msg']}{shown}{hint}")
    return "; ".join(parts)


def _options(spec: RuleSpec, kind: Kind) -> BaseModel:
    try:
        return kind.options_model.model_validate(spec.options)
    except ValidationError as e:
        raise ValueError(
            f"rule {spec.code}: {format_validation(e, kind.options_model, prefix='options')}"
        ) from None


def _line_index(text: str) -> list[tuple[int, dict[str, int]]]:
    """Line of each rule mapping in a file, and the line of each of its keys (1-based)."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError:
        return []
    if root is None:
        return []
    nodes: list[yaml.Node] = []
    if isinstance(root, yaml.MappingNode):
        rules = next((v for k, v in root.value if getattr(k, "value", None) == "rules"), None)
        nodes = list(rules.value) if isinstance(rules, yaml.SequenceNode) else [root]
    elif isinstance(root, yaml.SequenceNode):
        nodes = list(root.value)
    out = []
    for n in nodes:
        keys = {}
        if isinstance(n, yaml.MappingNode):
            keys = {str(k.value): k.start_mark.line + 1 for k, _ in n.value}
        out.append((n.start_mark.line + 1, keys))
    return out


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_file(path: Path) -> tuple[list[dict[str, Any]], str]:
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=_LOADER)
    if data is None:
        return [], text
    if isinstance(data, dict) and "rules" in data and isinstance(data["rules"], list):
        raws = data["rules"]
    elif isinstance(data, dict):
        raws = [data]
    elif isinstance(data, list):
        raws = data
    else:
        raise ValueError("a rule file holds a mapping (one rule) or a list of rules")
    return raws, text


def _validate(raw: dict[str, Any], path: Path, line: int) -> Rule:
    spec = RuleSpec.model_validate(raw)
    if spec.kind not in KIND_NAMES:
        raise _RuleError(f"rule {spec.code}: unknown kind '{spec.kind}'{did_you_mean(spec.kind, KIND_NAMES)}", "kind")
    kind = _KINDS.get(spec.kind)
    try:
        options: BaseModel = _options(spec, kind) if kind is not None else RawOptions.model_validate(spec.options)
    except ValueError as e:
        raise _RuleError(str(e), "options") from None
    return Rule(spec=spec, options=options, path=path, line=line)


class _RuleError(ValueError):
    """A rule that cannot be used, with the top-level key the problem sits under."""

    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


class _Lines:
    """Lines of a file's rules, parsed again only when there is an error to place."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[tuple[int, dict[str, int]]] | None = None

    def __call__(self, i: int) -> tuple[int, dict[str, int]]:
        if self._lines is None:
            self._lines = _line_index(self.text)
        return self._lines[i] if i < len(self._lines) else (0, {})


def load_registry(dirs: Iterable[Path] | None = None) -> Registry:
    """Load every ``*.yaml`` rule below the given folders (default: the bundled rules)."""
    reg = Registry()
    for d in dirs or [RULES_DIR]:
        root = Path(d)
        if not root.is_dir():
            reg.errors.append(RuleLoadError(root, "no such rule folder"))
            continue
        for path in sorted(root.rglob("*.y*ml")):
            try:
                raws, text = _load_file(path)
            except yaml.MarkedYAMLError as e:
                mark = e.problem_mark or e.context_mark
                line = mark.line + 1 if mark else 0
                reg.errors.append(RuleLoadError(path, f"cannot read: {e.problem or e}".splitlines()[0], line))
                continue
            except (yaml.YAMLError, ValueError, OSError, UnicodeDecodeError) as e:
                reg.errors.append(RuleLoadError(path, f"cannot read: {e}".splitlines()[0]))
                continue
            where = _Lines(text)

            for i, raw in enumerate(raws):
                if not isinstance(raw, dict) or "code" not in raw:
                    # Data files that sit beside rules (word lists) are not rules.
                    continue
                try:
                    rule = _validate(raw, path, 0)
                except ValidationError as e:
                    line, keys = where(i)
                    first = str(e.errors()[0]["loc"][0]) if e.errors() and e.errors()[0]["loc"] else ""
                    msg = f"rule {raw.get('code')}: {format_validation(e, RuleSpec)}"
                    reg.errors.append(RuleLoadError(path, msg, keys.get(first, line)))
                    continue
                except _RuleError as e:
                    line, keys = where(i)
                    reg.errors.append(RuleLoadError(path, str(e), keys.get(e.key, line)))
                    continue
                rule.line = where(i)[0] if rule.code in reg.rules else 0
                if rule.code in reg.rules:
                    reg.errors.append(RuleLoadError(path, f"duplicate rule code {rule.code}", rule.line))
                    continue
                reg.rules[rule.code] = rule
    return reg
