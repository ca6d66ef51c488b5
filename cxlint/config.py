"""The run plan: everything a run can set, in one validated, serialisable model.

Layers, later wins: built-in defaults < the configuration file (``cxlint.toml``, or
``[tool.cxlint]`` in ``pyproject.toml``, found from the current folder upwards) or
``--config PATH`` < command-line flags. The result is a plain :class:`Plan` with no
closures: it is stored with the scan (secrets never), written into the results,
reloaded by ``--resume`` and shipped to wherever pages are scanned. Engines, the
redirect guard and the findings stage are built from it where they run.

Every error is one line naming the key path (or the flag), the value and, for an
unknown key, the closest known one.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cxlint.findings.selectors import specificity
from cxlint.findings.stage import ref_of
from cxlint.registry import CATEGORIES, Registry, did_you_mean, format_validation
from cxlint.report import FORMATS

__all__ = [
    "CHANGEABLE_ON_RESUME",
    "CONFIG_NAMES",
    "ConfigError",
    "Plan",
    "build_plan",
    "find_config_file",
    "load_config_file",
    "plan_for_resume",
    "resolve_env",
    "starter_config",
    "validate_rule_tokens",
]

CONFIG_NAMES = ("cxlint.toml", ".cxlint.toml", "pyproject.toml")
STANDARDS = ("wcag20aa", "wcag21aa", "wcag22aa")
CHECK_NAMES = ("accessibility", "plain-language", "federal")
FORMAT_NAMES = (*FORMATS, "github")
REDACTED = "[redacted]"
_ENV_REF = re.compile(r"^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$")
CLUSTER_LOCAL = re.compile(r"local:([1-9]|[1-5][0-9]|6[0-4])")
"""``local:N``: N Dask workers started on this machine for the run."""
CLUSTER_ADDRESS = re.compile(
    r"(tcp|tls)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?)"
    r":(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})/?"
)
"""A Dask scheduler's address: ``tcp://host:port`` or ``tls://host:port`` (the port is required)."""


class ConfigError(ValueError):
    """A configuration that cannot be used: one line for the user, exit 2."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=_kebab, validate_default=True)

    @field_validator("*", mode="before")
    @classmethod
    def _finite(cls, v: Any) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v


class CrawlPlan(_Section):
    """What is crawled. Stored with the scan; ``--resume`` may raise the limits, nothing else."""

    follow: bool = True
    sitemaps: list[str] = Field(default_factory=list)
    auto_sitemaps: bool = True
    scope: list[str] = Field(default_factory=list)
    include: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    max_pages: int | None = Field(default=500, ge=1)
    max_depth: int | None = Field(default=None, ge=0)
    sample: int | None = Field(default=None, ge=1)
    respect_robots: bool = True
    delay: float = Field(default=0.0, ge=0, le=600)
    concurrency: int | None = Field(default=None, ge=1, le=32)


class PagePlan(_Section):
    """How one page is loaded."""

    timeout: float = Field(default=30.0, gt=0, le=3600)
    deadline: float | None = Field(default=None, gt=0, le=3 * 3600 + 30)
    """Seconds one page may take in all, loading and checking; unset, ``3 × timeout + 30``. A script that
    keeps a page busy is cut off here, so a lower value ends such a page sooner."""
    wait_for: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    """Header name → value; ``$VAR`` reads the value from the environment when the scan starts."""
    storage_state: str | None = None
    browser: str | None = None

    @field_validator("headers")
    @classmethod
    def _header_names(cls, v: dict[str, str]) -> dict[str, str]:
        for name in v:
            if not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
                raise ValueError(f"'{name}' is not a valid header name")
        return v

    @property
    def ceiling(self) -> float:
        """The hard limit on one page, loading and checks (``deadline`` or its default)."""
        return self.deadline if self.deadline is not None else self.timeout * 3 + 30


class Plan(_Section):
    """Everything one run does. Field names are the configuration file's keys (with dashes)."""

    targets: list[str] = Field(default_factory=list)
    """URLs, local .html files or built-site folders; the command line's targets replace these."""
    root: str | None = None
    """The folder served as the web root for local targets (default: the site root found above them)."""
    # -- what is checked
    standard: Literal["wcag20aa", "wcag21aa", "wcag22aa"] = "wcag21aa"
    checks: list[Literal["accessibility", "plain-language", "federal"]] = Field(
        default_factory=lambda: list(CHECK_NAMES)
    )
    production_url: str | None = None
    submit_forms: bool = False
    rules: list[str] = Field(default_factory=list)
    """Extra rule folders (YAML), loaded after the bundled rules."""
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    per_url_ignores: dict[str, list[str]] = Field(default_factory=dict)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)
    # -- failing the build
    fail_on: Literal["error", "warning", "info", "never"] = "error"
    max_findings: dict[str, int] = Field(default_factory=dict)
    exit_zero: bool = False
    baseline: str | None = None
    # -- output
    out: str = "cxlint-report"
    format: list[str] = Field(default_factory=lambda: ["console", "html", "json"])
    quiet: bool = False
    verbose: bool = False
    title: str | None = None
    agency: str | None = None
    store: str = ".cxlint/cxlint.db"
    cache: bool = True
    """Reuse the stored results of pages whose responses are unchanged since a scan with the same rules and
    settings (``--no-cache``: check every page afresh). See ``cxlint.cache``."""
    # -- where pages are scanned
    cluster: str | None = None
    """``local:N`` (a Dask cluster of N workers on this machine) or ``tcp://host:port`` (a Dask scheduler);
    None scans in this process. It changes where pages load, never what is found."""
    # -- sections
    crawl: CrawlPlan = Field(default_factory=CrawlPlan)
    page: PagePlan = Field(default_factory=PagePlan)

    @field_validator("checks")
    @classmethod
    def _some_checks(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("name at least one of accessibility, plain-language, federal")
        return list(dict.fromkeys(v))

    @field_validator("format")
    @classmethod
    def _formats(cls, v: list[str]) -> list[str]:
        out: list[str] = []
        for item in v:
            name = str(item).strip().lower()
            if name not in FORMAT_NAMES:
                raise ValueError(f"unknown format '{item}'{did_you_mean(name, FORMAT_NAMES)}")
            if name not in out:
                out.append(name)
        if not out:
            raise ValueError(f"name at least one format ({', '.join(FORMAT_NAMES)})")
        return out

    @field_validator("max_findings")
    @classmethod
    def _limits(cls, v: dict[str, int]) -> dict[str, int]:
        keys = ("error", "warning", "info", *CATEGORIES)
        for k, n in v.items():
            if k not in keys:
                raise ValueError(f"unknown key '{k}'{did_you_mean(k, keys)}: use a severity or a category")
            if n < 0:
                raise ValueError(f"{k}: a limit is 0 or more")
        return v

    @field_validator("production_url")
    @classmethod
    def _production(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://[^/\s]+", v):
            raise ValueError("must be an http(s) URL such as https://www.agency.gov/")
        return v

    @field_validator("per_url_ignores")
    @classmethod
    def _patterns(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        for pattern in v:
            if pattern.startswith("re:"):
                try:
                    re.compile(pattern[3:])
                except re.error as e:
                    raise ValueError(f"'{pattern}' is not a valid regular expression ({e})") from None
        return v

    @field_validator("cluster")
    @classmethod
    def _cluster(cls, v: str | None) -> str | None:
        if v is None:
            return None
        text = v.strip()
        if CLUSTER_LOCAL.fullmatch(text) or CLUSTER_ADDRESS.fullmatch(text):
            return text
        raise ValueError(
            "use local:N (N from 1 to 64: workers on this machine) or tcp://host:port (a Dask scheduler; "
            "tls:// for an encrypted one)"
        )

    def public(self) -> dict[str, Any]:
        """The plan as stored and shown in results: header values and secret-looking values never."""
        data = self.model_dump(mode="json", by_alias=True)
        data["page"]["headers"] = {k: (v if _ENV_REF.match(v) else REDACTED) for k, v in self.page.headers.items()}
        return data


# -- the file ---------------------------------------------------------------------------------------


def find_config_file(start: Path | None = None) -> Path | None:
    """The nearest ``cxlint.toml``/``.cxlint.toml``, or ``pyproject.toml`` with a ``[tool.cxlint]`` table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            path = folder / name
            if not path.is_file():
                continue
            if name != "pyproject.toml":
                return path
            try:
                if "cxlint" in tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}):
                    return path
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
    return None


_PATH_KEYS = (("baseline",), ("out",), ("store",), ("root",), ("page", "storage-state"))


def load_config_file(path: Path) -> dict[str, Any]:
    """The file's settings as plain data, paths made relative to the file's folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"--config '{path}': no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read it ({e})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("cxlint")
        if data is None:
            raise ConfigError(f"{path}: has no [tool.cxlint] table")
    return relative_paths(data, path.resolve().parent)


def relative_paths(data: dict[str, Any], base: Path) -> dict[str, Any]:
    """Paths in a settings table (a config file's, or one site's of an audit) made relative to ``base``,
    the folder of the file that wrote them, not to wherever cxlint happens to run."""
    for keys in _PATH_KEYS:
        holder: Any = data
        for k in keys[:-1]:
            holder = holder.get(k, {}) if isinstance(holder, dict) else {}
        if isinstance(holder, dict) and isinstance(holder.get(keys[-1]), str):
            holder[keys[-1]] = _relative(base, holder[keys[-1]])
    if isinstance(data.get("rules"), list):
        data["rules"] = [_relative(base, r) if isinstance(r, str) else r for r in data["rules"]]
    if isinstance(data.get("targets"), list):
        data["targets"] = [t if not isinstance(t, str) or "://" in t else _relative(base, t) for t in data["targets"]]
    return data


def _relative(base: Path, value: str) -> str:
    p = Path(value).expanduser()
    return str(p if p.is_absolute() else base / p)


# -- building the plan ----------------------------------------------------------------------------

FLAG_OF: dict[str, str] = {
    "targets": "TARGETS",
    "root": "--root",
    "standard": "--standard",
    "checks": "--checks",
    "production-url": "--production-url",
    "submit-forms": "--submit-forms",
    "rules": "--rules",
    "select": "--select",
    "ignore": "--ignore",
    "fail-on": "--fail-on",
    "max-findings": "--max-findings",
    "exit-zero": "--exit-zero",
    "baseline": "--baseline",
    "out": "--out",
    "format": "--format",
    "quiet": "--quiet",
    "verbose": "--verbose",
    "title": "--title",
    "agency": "--agency",
    "store": "--store",
    "cluster": "--cluster",
    "crawl.follow": "--follow/--no-follow",
    "crawl.sitemaps": "--sitemap",
    "crawl.scope": "--scope",
    "crawl.include": "--include",
    "crawl.exclude": "--exclude",
    "crawl.max-pages": "--max-pages",
    "crawl.max-depth": "--max-depth",
    "crawl.sample": "--sample",
    "crawl.respect-robots": "--ignore-robots",
    "crawl.delay": "--delay",
    "crawl.concurrency": "--concurrency",
    "page.timeout": "--timeout",
    "page.wait-for": "--wait-for",
    "page.headers": "--header",
    "page.storage-state": "--storage-state",
    "page.browser": "--browser",
}
"""The command-line flag behind each key, so an error names what the user typed."""


def merge_settings(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``; the ``crawl`` and ``page`` sub-tables merge key by key."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k in ("crawl", "page"):
            out[k] = merge_settings(out[k], v)
        else:
            out[k] = v
    return out


def _validate(data: dict[str, Any], source: str, flags: bool) -> Plan:
    try:
        return Plan.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"] if not isinstance(x, int))
        loc = _kebab(loc)
        message = _kebab_keys(format_validation(e, Plan).split("; ")[0])
        if flags:
            flag = next((f for k, f in FLAG_OF.items() if loc == k or loc.startswith(k + ".")), None)
            if flag:
                value = first.get("input")
                shown = f" '{value}'" if value is not None and not isinstance(value, dict | list) else ""
                raise ConfigError(f"{flag}{shown}: {first['msg'].removeprefix('Value error, ')}") from None
        raise ConfigError(f"{source}: {message.replace('Value error, ', '')}") from None


def _kebab_keys(message: str) -> str:
    return re.sub(r"(?<![\w'])([a-z]+(?:_[a-z]+)+)", lambda m: _kebab(m.group(1)), message)


def build_plan(
    file_data: dict[str, Any] | None = None,
    overrides: dict[str, Any] | None = None,
    *,
    source: str = "configuration",
) -> Plan:
    """defaults < ``file_data`` < ``overrides`` (keys with dashes, ``crawl``/``page`` as sub-tables)."""
    base = file_data or {}
    if base:
        _validate(base, source, flags=False)
    return _validate(merge_settings(base, overrides or {}), source, flags=True)


def validate_rule_tokens(plan: Plan, registry: Registry, source: str = "configuration") -> None:
    """Every rule token in the plan must name at least one rule: a typo would silently check nothing."""
    refs = [ref_of(r) for r in registry.rules.values()]
    names = [*registry.rules, *(r.spec.name for r in registry.rules.values())]
    places: list[tuple[str, str]] = []
    places += [(f"select[{i}]", t) for i, t in enumerate(plan.select)]
    places += [(f"ignore[{i}]", t) for i, t in enumerate(plan.ignore)]
    places += [(f"severity.{t}", t) for t in plan.severity]
    for pattern, tokens in plan.per_url_ignores.items():
        places += [(f'per-url-ignores."{pattern}"[{i}]', t) for i, t in enumerate(tokens)]
    for where, token in places:
        if not any(specificity(token, r) for r in refs):
            # A letter O typed for a zero is the commonest slip in a code such as PL1O1.
            fixed = re.sub(r"(?<=[A-Z0-9])[Oo](?=[0-9Oo]*$)", "0", token.upper())
            hint = f" (did you mean '{fixed}'?)" if fixed in registry.rules else did_you_mean(token, names)
            prefix = f"{source}: " if source != "configuration" else ""
            raise ConfigError(f"{prefix}{where}: '{token}' names no rule{hint}")


def resolve_env(value: str, what: str) -> str:
    """``$VAR`` / ``${VAR}`` → the variable's value (secrets stay out of shell history and files)."""
    m = _ENV_REF.match(value.strip())
    if not m:
        return value
    if m.group(1) not in os.environ:
        raise ConfigError(f"{what}: environment variable {m.group(1)} is not set")
    return os.environ[m.group(1)]


# -- resume ---------------------------------------------------------------------------------------

CHANGEABLE_ON_RESUME = frozenset(
    {
        "crawl.max-pages",
        "crawl.delay",
        "crawl.concurrency",
        "page.timeout",
        "page.deadline",
        "page.headers",
        "page.storage-state",
        "page.browser",
        "page.wait-for",
        "fail-on",
        "max-findings",
        "exit-zero",
        "out",
        "format",
        "quiet",
        "verbose",
        "title",
        "agency",
        "store",
        "cluster",
    }
)
"""What ``--resume`` may change. Everything else decides which pages or findings exist, so
changing it half-way would mix two different scans in one result."""


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in data.items():
        key = f"{prefix}{k}"
        if k in ("crawl", "page") and not prefix and isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


def plan_for_resume(stored: dict[str, Any], overrides: dict[str, Any]) -> Plan:
    """The stored plan with the flags that may change applied; a flag that may not is refused."""
    base = Plan.model_validate(stored)
    given = _flatten(overrides)
    current = _flatten(base.model_dump(mode="json", by_alias=True))
    for key, value in given.items():
        if key in CHANGEABLE_ON_RESUME or key == "targets":
            continue
        if current.get(key) != value:
            flag = FLAG_OF.get(key, key)
            raise ConfigError(
                f"{flag} cannot change when resuming (the scan ran with {current.get(key)!r}); start a new scan instead"
            )
    raised = given.get("crawl.max-pages")
    if raised is not None and base.crawl.max_pages is not None and raised < base.crawl.max_pages:
        raise ConfigError(
            f"--max-pages {given['crawl.max-pages']} is below the resumed scan's {base.crawl.max_pages}: "
            "resuming can only raise it"
        )
    data = base.model_dump(mode="json", by_alias=True)
    merged = merge_settings(data, {k: v for k, v in overrides.items() if k != "targets"})
    plan = _validate(merged, "resume", flags=True)
    missing = [k for k, v in plan.page.headers.items() if v == REDACTED]
    if missing:
        raise ConfigError(
            f"--header {missing[0]}: its value was not stored with the scan; give it again (e.g. as $VAR)"
        )
    return plan


# -- cxlint init ----------------------------------------------------------------------------------


def starter_config(pyproject: bool = False) -> str:
    """A commented starter file: every key at its default, with what it does."""
    t = "[tool.cxlint]\n" if pyproject else ""
    sec = "tool.cxlint." if pyproject else ""
    return f"""{"# cxlint settings. The command line overrides anything set here." if not pyproject else ""}
{t}# What to scan when no target is given on the command line: URLs, .html files or built-site folders.
# targets = ["./build"]
# The folder served as the web root for local targets (default: the nearest folders with an index.html).
# root = "./build"

# Accessibility standard: wcag20aa (Section 508's baseline), wcag21aa, wcag22aa.
standard = "wcag21aa"
# Which standards to check.
checks = ["accessibility", "plain-language", "federal"]
# Judge production-only federal rules (HTTPS, HSTS, .gov, analytics) of a local scan against this site.
# production-url = "https://www.agency.gov/"

# Rules: a code (PL101), a prefix (PL, A11Y2), a name (long-sentence), an axe rule (axe/region or region),
# an axe tag (wcag2aa, best-practice) or a category (plain-language). The most specific entry wins.
select = []            # empty: every rule
ignore = []            # e.g. ["PL112", "axe/region"]
# Extra rule folders of your own (YAML, same format as cxlint's rules/).
# rules = ["./cxlint-rules"]

# Failing the build: the lowest severity that fails it (error, warning, info, never).
fail-on = "error"
# Only findings that are new against this baseline count ('cxlint baseline TARGET --output FILE').
# baseline = ".cxlint/baseline.json"
# exit-zero = true     # report, but always exit 0 on findings

# Output
out = "cxlint-report"
format = ["console", "html", "json"]   # also: github (workflow annotations)
# title = "Permit renewal service"
# agency = "Department of Examples"

[{sec}crawl]
max-pages = 500
# max-depth = 3
# include = ["/forms/**"]
# exclude = ["/archive/**", "re:\\\\?print=1"]
# sample = 5            # at most 5 pages per URL pattern such as /forms/{{id}}
delay = 0.0
respect-robots = true

[{sec}page]
timeout = 30
# deadline = 120        # seconds for one page in all, loading and checks (default 3 × timeout + 30)
# wait-for = "#app"
# headers = {{ Authorization = "$STAGING_TOKEN" }}   # $VAR values are read from the environment

# Findings a team accepts on some pages.
[{sec}per-url-ignores]
# "/legacy/**" = ["PL"]

# Severity per rule (error, warning, info).
[{sec}severity]
# PL112 = "info"

# Allow some findings instead of none: keys are severities or categories.
[{sec}max-findings]
# warning = 25
"""
