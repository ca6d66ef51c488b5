"""Kinds for rules that the scan itself raises (a page that fails to load) and for axe rules."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from cxlint.registry import register_kind


class ScanOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reasons: list[str] = []
    """Failure reasons (see cxlint.scanner.FailureReason) that this rule reports."""


class AxeOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")


register_kind("scan", ScanOptions, "scan")
register_kind("axe", AxeOptions, "accessibility")
