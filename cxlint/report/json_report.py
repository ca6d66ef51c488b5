"""results.json (schema 2.0): the machine contract, described by ``cxlint/schemas/results.schema.json``.

Pages are written one per line to a spool file as they stream past; the
header (summary, scope, rules) needs the whole run, so the file is assembled
at ``end`` by copying the spool behind it. Memory holds one page at a time.

What changed from 1.x: each rule's metadata is written once in ``rules``, and
findings keep only what is theirs; ``metrics`` carries only typed page numbers
(the facts the site checks read stay internal); links that were not followed
are listed in ``links_not_followed``, apart from the pages that were loaded;
``scope`` says what ran and what did not apply; ``verdict`` is the run's
pass/fail with its reasons when the run recorded one.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

from cxlint.model import Finding, PageResult, PageStatus
from cxlint.report.base import RunInfo, Tally
from cxlint.report.source import meta_to_dict

SCHEMA_VERSION = "2.0"

METRIC_KEYS = (
    "plain_language_score", "reading_grade", "grades", "words", "sentences", "scored_words", "avg_sentence_words",
    "passive_share", "you_per_100_words", "long_word_share", "low_confidence", "lang", "lang_source", "checked",
    "reason", "not_applicable", "headers", "crash", "navigated_to", "cached", "timings",
)  # fmt: skip
"""Page metrics the schema types; anything else a page carries (``facts``) stays out of the file."""



def finding_dict(f: Finding) -> dict[str, Any]:
    """Built by hand, not with ``asdict``: this runs for every finding of every page."""
    loc = f.location
    return {
        "rule": f.rule, "severity": f.severity.value, "outcome": f.outcome.value, "message": f.message,
        "suggestion": f.suggestion,
        "location": {"selector": loc.selector, "snippet": loc.snippet, "frames": list(loc.frames), "text": loc.text},
        "wcag": list(f.wcag), "data": f.data, "fingerprint": f.fingerprint, "baselined": f.baselined,
    }  # fmt: skip


def metrics_dict(metrics: dict[str, Any]) -> dict[str, Any]:
    return {k: metrics[k] for k in METRIC_KEYS if k in metrics}


def page_dict(page: PageResult) -> dict[str, Any]:
    return {
        "url": page.url, "status": page.status.value, "final_url": page.final_url, "http_status": page.http_status,
        "title": page.title, "lang": page.lang, "reason": page.reason,
        "findings": [finding_dict(f) for f in page.findings], "metrics": metrics_dict(page.metrics),
        "links": page.links, "depth": page.depth, "started": page.started, "duration_ms": page.duration_ms,
    }  # fmt: skip


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonReporter:
    name = "json"
    filename = "results.json"

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / self.filename
        self._pages: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in end()
        self._links: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in end()
        self._n_pages = 0
        self._n_links = 0
        self._site: list[Finding] = []
        self._rules: set[str] = set()

    def begin(self, run: RunInfo) -> None:
        self.run = run

    def page(self, page: PageResult) -> None:
        if page.status is PageStatus.SKIPPED:
            link = {"url": page.url, "state": "skipped", "reason": page.reason, "depth": page.depth}
            self._links.write(("" if not self._n_links else ",\n") + "    " + _dump(link))
            self._n_links += 1
            return
        for f in page.findings:
            self.run.catalog.get(f.rule, f)
            self._rules.add(f.rule)
        self._pages.write(("" if not self._n_pages else ",\n") + "    " + _dump(page_dict(page)))
        self._n_pages += 1

    def site(self, findings: list[Finding]) -> None:
        self._site = list(findings)
        for f in findings:
            self.run.catalog.get(f.rule, f)
            self._rules.add(f.rule)

    def _header(self, tally: Tally) -> dict[str, Any]:
        run = self.run
        meta = meta_to_dict(run.meta)
        verdict = meta.pop("verdict", None) or None
        scope = run.scope.to_dict()
        scope["not_applicable"] = [
            {"rule": code, "reason": reason, "pages": n}
            for code in sorted(tally.not_applicable)
            for reason, n in sorted(tally.not_applicable[code].items())
        ]
        scope["not_followed"] = dict(sorted(tally.skipped.items()))
        return {
            "schema_version": SCHEMA_VERSION,
            "meta": meta,
            "verdict": verdict,
            "summary": {
                "findings": dict(tally.findings),
                "pages": dict(tally.pages),
                "by_category": {c: dict(v) for c, v in sorted(tally.by_category.items())},
            },
            "scope": scope,
            "rules": {code: run.catalog.get(code).to_dict() for code in sorted(self._rules)},
        }

    def end(self, tally: Tally) -> list[Path]:
        header = self._header(tally)
        with self.path.open("w", encoding="utf-8") as out:
            head = json.dumps(header, indent=2, ensure_ascii=False)
            out.write(head[: head.rfind("}")].rstrip() + ',\n  "pages": [\n')
            _copy(self._pages, out)
            out.write('\n  ],\n  "links_not_followed": [\n')
            _copy(self._links, out)
            out.write('\n  ],\n  "site_findings": [\n')
            out.write(",\n".join("    " + _dump(finding_dict(f)) for f in self._site))
            out.write("\n  ]\n}\n")
        return [self.path]


def _copy(spool: IO[str], out: IO[str]) -> None:
    spool.flush()
    spool.seek(0)
    shutil.copyfileobj(spool, out, 1 << 20)
    spool.close()
