"""JSON results: the machine contract, described by ``cxlint/schemas/results.schema.json``."""

from __future__ import annotations

import json

from cxlint.model import RunResult
from cxlint.report.context import ReportContext


def render(result: RunResult, context: ReportContext) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
