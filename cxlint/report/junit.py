"""JUnit XML for CI test views (Jenkins, GitLab): a test suite per page, a test case per rule checked.

A rule with a violation at or above ``--fail-on`` on the page is a failure;
a rule that did not apply to the page (a production-only rule on a local
scan, English rules on a Spanish page) is skipped with the reason; every other
rule that ran passed. Needs-review items never fail a build, so they ride in
``system-out``. A page that could not be loaded is one failing case with the
reason. Suites are written to a spool file and the root's totals put in front
at the end.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import IO
from xml.sax.saxutils import quoteattr

from cxlint.model import Finding, Outcome, PageResult, PageStatus
from cxlint.report.base import RunInfo, Tally

SITE_KINDS = ("site-check", "origin-check")
_XML_BAD = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])


def clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, and page text can contain anything."""
    return str(text).translate(_XML_BAD)


def esc(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text: str) -> str:
    return quoteattr(clean(text))


def _describe(f: Finding, paths_display: str) -> str:
    where = " > ".join(x for x in [*f.location.frames, f.location.selector] if x)
    lines = [f"[{f.severity.value}] {f.message}"]
    if where:
        lines.append(f"  element: {where}")
    if f.location.text:
        lines.append(f"  text: {f.location.text}")
    if f.location.snippet:
        lines.append(f"  html: {f.location.snippet}")
    if f.suggestion:
        lines.append(f"  fix: {f.suggestion}")
    lines.append(f"  page: {paths_display}")
    return "\n".join(lines)


class JunitReporter:
    name = "junit"
    filename = "results.junit.xml"

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / self.filename
        self._spool: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed in end()
        self.tests = self.failures = self.skipped = self.errors = 0
        self._page_rules: list[str] = []
        self._suite_id = 0
        self._labels: dict[str, str] = {}

    def begin(self, run: RunInfo) -> None:
        self.run = run
        kinds = {code: run.catalog.kind(code) for code in run.scope.rules_run}
        self._page_rules = [
            c for c in run.scope.rules_run if kinds[c] not in SITE_KINDS and run.catalog.get(c).category != "scan"
        ]
        self._site_rules = [c for c in run.scope.rules_run if kinds[c] in SITE_KINDS]

    def _suite(self, name: str, cases: list[str], failures: int, skipped: int, errors: int = 0) -> None:
        self._suite_id += 1
        self.tests += len(cases)
        self.failures += failures
        self.skipped += skipped
        self.errors += errors
        self._spool.write(
            f"  <testsuite id=\"{self._suite_id}\" name={attr(name)} tests=\"{len(cases)}\" failures=\"{failures}\" "
            f"errors=\"{errors}\" skipped=\"{skipped}\" time=\"0\">\n"
        )
        self._spool.writelines(cases)
        self._spool.write("  </testsuite>\n")

    def _cases(
        self, classname: str, rules: list[str], findings: list[Finding], na: dict[str, str], where: str,
        file: str = "",
    ) -> tuple[list[str], int, int]:
        opts = self.run.options
        by_rule: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            by_rule[f.rule].append(f)
        cases: list[str] = []
        failures = skipped = 0
        # GitLab shows a case's file: a local scan's cases point at the page's source file.
        cls = attr(classname) + (f" file={attr(file)}" if file and "://" not in file else "")
        for code in [*rules, *sorted(set(by_rule) - set(rules))]:
            label = self._labels.get(code)
            if label is None:
                meta = self.run.catalog.get(code, by_rule[code][0] if by_rule.get(code) else None)
                label = self._labels[code] = attr(f"{code} {meta.name}")
            if code not in by_rule and code not in na:
                # The common case, a rule that ran and passed: one short line, no lookups.
                cases.append(f'    <testcase classname={cls} name={label} time="0"/>\n')
                continue
            head = f'    <testcase classname={cls} name={label} time="0"'
            failing = [f for f in by_rule.get(code, []) if opts.fails(f)]
            other = [f for f in by_rule.get(code, []) if not opts.fails(f)]
            inner = ""
            if failing:
                failures += 1
                body = "\n\n".join(_describe(f, where) for f in failing)
                msg = f"{len(failing)} × {failing[0].message}" if len(failing) > 1 else failing[0].message
                kind = attr(failing[0].severity.value)
                inner += f"      <failure message={attr(msg[:500])} type={kind}>{esc(body)}</failure>\n"
            elif code in na and not other:
                skipped += 1
                inner += f"      <skipped message={attr('not applicable: ' + na[code])}/>\n"
            if other:
                kinds = "needs review" if any(f.outcome is Outcome.NEEDS_REVIEW for f in other) else "below --fail-on"
                text = kinds + ":\n" + "\n".join(_describe(f, where) for f in other)
                inner += f"      <system-out>{esc(text)}</system-out>\n"
            case = f"{head}>\n{inner}    </testcase>\n" if inner else f"{head}/>\n"
            cases.append(case)
        return cases, failures, skipped

    def page(self, page: PageResult) -> None:
        if page.status is PageStatus.SKIPPED:
            return
        where = self.run.paths.display(page.url)
        if page.status is PageStatus.FAILED:
            cases, failures, skipped = self._cases(where, [], page.findings, {}, where)
            if not cases:
                why = attr(page.reason or "not scanned")
                cases = [
                    f'    <testcase classname={attr(where)} name="page loads" time="0">\n'
                    f'      <failure message={why} type="error"/>\n    </testcase>\n'
                ]
                failures = 1
            self._suite(where, cases, failures, skipped)
            return
        na = dict(page.metrics.get("not_applicable") or {})
        if page.metrics.get("checked") is False:
            reason = str(page.metrics.get("reason") or "plain language not checked on this page")
            for code in self._page_rules:
                if self.run.catalog.get(code).category == "plain-language":
                    na.setdefault(code, reason)
        file = self.run.paths.artifact(page.final_url or page.url)
        cases, failures, skipped = self._cases(where, self._page_rules, page.findings, na, where, file)
        self._suite(where, cases, failures, skipped)

    def site(self, findings: list[Finding]) -> None:
        na = dict(self.run.scope.site_not_applicable)
        if not findings and not self._site_rules:
            return
        cases, failures, skipped = self._cases("site", self._site_rules, findings, na, "whole site")
        self._suite("whole site", cases, failures, skipped)

    def end(self, tally: Tally) -> list[Path]:
        with self.path.open("w", encoding="utf-8") as out:
            out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
            out.write(
                f"<testsuites name=\"cxlint\" tests=\"{self.tests}\" failures=\"{self.failures}\" "
                f"errors=\"{self.errors}\" skipped=\"{self.skipped}\" time=\"0\">\n"
            )
            self._spool.flush()
            self._spool.seek(0)
            shutil.copyfileobj(self._spool, out, 1 << 20)
            self._spool.close()
            out.write("</testsuites>\n")
        return [self.path]
