"""Option models shared by every text kind (strict: unknown keys are errors)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Region = Literal["main", "header", "navigation", "footer", "complementary", "other", "head"]
ALL_REGIONS: list[Region] = ["main", "header", "navigation", "footer", "complementary", "other", "head"]


class TextOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regions: list[Region] = Field(default_factory=lambda: ["main", "head"])
    """Landmark regions the rule judges; navigation and footers are left out unless named."""


class Pattern(BaseModel):
    model_config = ConfigDict(extra="forbid")
    regex: str
    suggestion: str = ""
    requires: list[str] = Field(default_factory=list)
    """Words one of which a block must contain before the regex runs: a cheap filter, as the
    regex engine would otherwise try the pattern at every position of every block."""

    @field_validator("regex")
    @classmethod
    def _compiles(cls, v: str) -> str:
        try:
            re.compile(v.replace("{words}", "x"))
        except re.error as e:
            raise ValueError(f"invalid regex: {e}") from None
        return v
