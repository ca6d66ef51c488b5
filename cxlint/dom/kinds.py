"""The closed set of DOM rule kinds and their strictly validated options.

* ``dom-query``: a declarative rule, a selector plus conditions evaluated in the page
  (forbid matching elements, or require at least one). Most federal rules are this.
* ``browser-check``: a named check in Python/JS that needs more than a selector
  (reflow, focus visible, the federal banner...).
* ``site-check``: a named cross-page check over the facts stored for each page.
* ``origin-check``: a named check made once per origin over HTTP (robots.txt, 404 probe).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cxlint.dom.checks import ORIGIN_CHECKS, PAGE_CHECKS, SITE_CHECKS
from cxlint.dom.checks.base import CheckSpec
from cxlint.registry import register_kind


def _valid_regex(v: str | None) -> str | None:
    if v is not None:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"not a valid regular expression: {e}") from None
    return v


class Condition(BaseModel):
    """Everything given must hold for the element (patterns are case-insensitive)."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    """Pattern on the accessible name."""
    href: str | None = None
    text: str | None = None
    """Pattern on the normalised text content."""
    context: str | None = None
    """Pattern on name + description + the text right after the element, e.g. "(PDF, 2 MB)"."""
    attr: dict[str, str] | None = None
    """Attribute name -> pattern; the attribute must exist and match."""
    has_label: bool | None = None
    """Whether the control has a label other than its placeholder."""
    visible: bool | None = None
    min_length: int | None = Field(default=None, ge=0)
    """Minimum length of the normalised text content."""

    _check_patterns = field_validator("name", "href", "text", "context")(_valid_regex)

    @field_validator("attr")
    @classmethod
    def _attr_patterns(cls, v: dict[str, str] | None) -> dict[str, str] | None:
        for pattern in (v or {}).values():
            _valid_regex(pattern)
        return v

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if not self.model_dump(exclude_none=True):
            raise ValueError("a condition needs at least one field")
        return self


class Applicability(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pages: Literal["all", "home"] = "all"
    """``home``: only the home page and start URLs (e.g. the No FEAR Act link)."""
    production_only: bool = False
    """Not applicable on loopback hosts unless the user maps a production URL."""


class DomQueryOptions(Applicability):
    selector: str = Field(min_length=1)
    mode: Literal["forbid", "require"] = "forbid"
    """forbid: every selected element is a finding. require: a finding when fewer than min_count are selected."""
    exclude: str | None = None
    """Elements matching this, or inside an element matching it, are never selected."""
    all: list[Condition] = Field(default_factory=list)
    any: list[Condition] = Field(default_factory=list)
    none: list[Condition] = Field(default_factory=list)
    if_present: str | None = None
    """The rule applies only to pages where this selector matches (e.g. a form asking for an email)."""
    min_count: int = Field(default=1, ge=1)
    max_findings: int = Field(default=50, ge=1)
    message: str = Field(min_length=3)
    """Shown for each finding; ``{name}`` and ``{text}`` are the element's accessible name and text."""


def _validate_params(registry: dict[str, CheckSpec], kind: str, check: str, params: Any) -> BaseModel:
    spec = registry.get(check)
    if spec is None:
        known = ", ".join(sorted(registry))
        raise ValueError(f"unknown {kind} '{check}' (known: {known})")
    return spec.params.model_validate(params or {})


class BrowserCheckOptions(Applicability):
    check: str
    params: Any = None

    @model_validator(mode="after")
    def _params(self) -> BrowserCheckOptions:
        self.params = _validate_params(PAGE_CHECKS, "browser check", self.check, self.params)
        return self


class SiteCheckOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    check: str
    params: Any = None

    @model_validator(mode="after")
    def _params(self) -> SiteCheckOptions:
        self.params = _validate_params(SITE_CHECKS, "site check", self.check, self.params)
        return self


class OriginCheckOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    check: str
    params: Any = None
    production_only: bool = False
    """On a loopback origin, judge the user's production URL instead, or skip the rule without one."""

    @model_validator(mode="after")
    def _params(self) -> OriginCheckOptions:
        self.params = _validate_params(ORIGIN_CHECKS, "origin check", self.check, self.params)
        return self


DOM_KINDS = ("dom-query", "browser-check", "site-check", "origin-check")


register_kind("dom-query", DomQueryOptions, "dom")
register_kind("browser-check", BrowserCheckOptions, "dom")
register_kind("site-check", SiteCheckOptions, "dom")
register_kind("origin-check", OriginCheckOptions, "dom")
