"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Results are streamed into the file as pages pass; ``tool.driver.rules`` comes
after them in the same run object (JSON does not order keys), so nothing is
held back. GitHub's documented limits per run are 25,000 results, 25,000
rules, 1,000 locations per result and 20 tags per rule: results beyond the cap
are counted, not written, and the run says so in a tool notification and in
``properties``. A local scan names files relative to the repository
(``build/apply/step-1.html``) so alerts land on the file that produced the page.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from cxlint import __version__
from cxlint.model import Finding, Outcome, PageResult, PageStatus
from cxlint.report.base import RunInfo, Tally
from cxlint.report.catalog import RuleMeta

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
MAX_RESULTS = 25_000
MAX_TAGS = 20
INFORMATION_URI = "https://pypi.org/project/cxlint/"

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SECURITY_SEVERITY = None
"""cxlint's rules are not security rules: no ``security-severity`` is set."""


def level_of(f: Finding) -> str:
    """Needs-review items are notes whatever their severity: a person decides, so they never gate a check."""
    return "note" if f.outcome is Outcome.NEEDS_REVIEW else LEVEL[f.severity.value]


def rule_descriptor(meta: RuleMeta) -> dict[str, Any]:
    tags = [meta.category, *(f"WCAG {sc}" for sc in meta.wcag), *meta.tags]
    tags = list(dict.fromkeys(t for t in tags if t))[:MAX_TAGS]
    help_text = meta.help or meta.summary or meta.code
    markdown = f"{help_text}\n\n**Why:** {meta.rationale}" if meta.rationale else help_text
    if meta.source:
        markdown += f"\n\n**Source:** {meta.source}"
    if meta.help_url:
        markdown += f"\n\n[Learn more]({meta.help_url})"
    d: dict[str, Any] = {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary or meta.name},
        "fullDescription": {"text": meta.rationale or meta.summary or meta.name},
        "help": {"text": help_text, "markdown": markdown},
        "defaultConfiguration": {"level": "note" if meta.needs_review else LEVEL.get(meta.severity, "warning")},
        "properties": {"tags": tags, "category": meta.category, "wcag": list(meta.wcag)},
    }
    if meta.help_url:
        d["helpUri"] = meta.help_url
    return d


class SarifReporter:
    name = "sarif"
    filename = "results.sarif"

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / self.filename
        self._out: IO[str] | None = None
        self._written = 0
        self._dropped = 0
        self._rules: dict[str, int] = {}

    def begin(self, run: RunInfo) -> None:
        self.run = run
        self._out = self.path.open("w", encoding="utf-8")
        self._out.write(
            '{\n  "$schema": "' + SARIF_SCHEMA + '",\n  "version": "2.1.0",\n  "runs": [\n    {\n      "results": ['
        )

    def _index(self, f: Finding) -> int:
        idx = self._rules.get(f.rule)
        if idx is None:
            self.run.catalog.get(f.rule, f)
            idx = self._rules[f.rule] = len(self._rules)
        return idx

    def _result(self, f: Finding, url: str) -> dict[str, Any]:
        paths = self.run.paths
        loc = f.location
        message = f.message
        if f.suggestion and f.suggestion not in message:
            message += f"\n\nFix: {f.suggestion}"
        logical = [{"name": sel, "kind": "element"} for sel in [*loc.frames, loc.selector] if sel]
        location: dict[str, Any] = {
            "physicalLocation": {"artifactLocation": {"uri": paths.artifact(url)}, "region": {"startLine": 1}},
        }
        if logical:
            chain = " >>> ".join(x["name"] for x in logical)
            location["logicalLocations"] = [{**logical[-1], "fullyQualifiedName": chain}]
        if loc.snippet:
            location["physicalLocation"]["region"]["snippet"] = {"text": loc.snippet}
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": self._index(f),
            "level": level_of(f),
            "message": {"text": message},
            "locations": [location],
            "partialFingerprints": {"cxlint/v1": f.fingerprint} if f.fingerprint else {},
            "properties": {"severity": f.severity.value, "outcome": f.outcome.value, "page": paths.display(url)},
        }
        if f.outcome is Outcome.NEEDS_REVIEW:
            result["kind"] = "review"
        if getattr(self.run.meta, "baseline", None):
            result["baselineState"] = "unchanged" if f.baselined else "new"
        if loc.text:
            result["properties"]["text"] = loc.text
        return result

    def _write(self, f: Finding, url: str) -> None:
        assert self._out is not None
        if self._written >= MAX_RESULTS:
            self._dropped += 1
            return
        sep = "\n        " if not self._written else ",\n        "
        self._out.write(sep + json.dumps(self._result(f, url), ensure_ascii=False))
        self._written += 1

    def page(self, page: PageResult) -> None:
        if page.status is PageStatus.SKIPPED:
            return
        for f in page.findings:
            self._write(f, page.final_url or page.url)

    def site(self, findings: list[Finding]) -> None:
        for f in findings:
            urls = f.data.get("urls") if isinstance(f.data.get("urls"), list) else []
            self._write(f, (urls or [f.data.get("origin") or (self.run.meta.start_urls or [""])[0]])[0])

    def end(self, tally: Tally) -> list[Path]:
        assert self._out is not None
        run = self.run
        notes = []
        if self._dropped:
            notes.append(
                {
                    "level": "warning",
                    "message": {
                        "text": f"{self._dropped} results left out: GitHub code scanning accepts at most "
                        f"{MAX_RESULTS:,} results per run; see results.json for all of them"
                    },
                }
            )
        rules = [rule_descriptor(run.catalog.get(code)) for code in self._rules]
        tail = {
            "tool": {
                "driver": {
                    "name": "cxlint",
                    "version": run.meta.tool_version or __version__,
                    "semanticVersion": run.meta.tool_version or __version__,
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
            "automationDetails": {"id": f"cxlint/{run.meta.scan_id}" if run.meta.scan_id else "cxlint/"},
            "properties": {
                "standard": run.scope.standard,
                "categories": run.scope.categories,
                "results_total": self._written + self._dropped,
                "results_written": self._written,
                "start_urls": [run.paths.display(u) for u in run.meta.start_urls],
            },
        }
        body = json.dumps(tail, indent=2, ensure_ascii=False)
        body = "\n".join("      " + line for line in body[1:-1].strip("\n").splitlines())
        self._out.write("\n      ],\n" + body + "\n    }\n  ]\n}\n")
        self._out.close()
        return [self.path]
