"""Markdown for a pull-request comment: the verdict, a summary table, then each rule with its pages.

A GitHub comment holds at most 65,536 characters, so the report keeps a
bounded sample while the pages stream past (a few pages and examples per
rule) and, at the end, shortens itself to fit: examples go first, then the
rules with the fewest pages; the last line says what was left out. Text from
scanned pages is escaped, so a page cannot inject links, images or HTML into
the comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cxlint.model import Finding, Outcome, PageResult, PageStatus
from cxlint.report.base import SEVERITY_ORDER, RunInfo, Tally

MAX_CHARS = 65_536
BUDGET = MAX_CHARS - 1_000
"""Room kept for the footer and for a CI tool that prepends a heading."""
PAGES_PER_RULE = 10
EXAMPLES_PER_RULE = 5

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(text: str, limit: int = 300) -> str:
    """Page-derived text as inert Markdown: HTML escaped, Markdown punctuation backslashed, one line."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass
class RuleDigest:
    code: str
    violations: int = 0
    needs_review: int = 0
    worst: str = "info"
    pages: int = 0
    page_names: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)


class MarkdownReporter:
    name = "markdown"
    filename = "results.md"

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / self.filename
        self.rules: dict[str, RuleDigest] = {}
        self.failed: list[str] = []
        self.failed_count = 0
        self.baselined = 0
        """Findings the baseline accepts: counted, not listed (a PR comment is about what is new)."""

    def begin(self, run: RunInfo) -> None:
        self.run = run

    def _add(self, f: Finding, where: str, new_page: bool) -> None:
        if f.baselined:
            self.baselined += 1
            return
        d = self.rules.setdefault(f.rule, RuleDigest(f.rule))
        if f.outcome is Outcome.NEEDS_REVIEW:
            d.needs_review += 1
        else:
            d.violations += 1
            if SEVERITY_ORDER[f.severity.value] < SEVERITY_ORDER[d.worst]:
                d.worst = f.severity.value
        if new_page:
            d.pages += 1
            if len(d.page_names) < PAGES_PER_RULE:
                d.page_names.append(md(where, 120))
        if len(d.examples) < EXAMPLES_PER_RULE:
            target = " > ".join(x for x in [*f.location.frames, f.location.selector] if x)
            quote = f.location.text or target
            d.examples.append(f"{md(where, 120)}: {md(f.message, 200)}" + (f" ({md(quote, 120)})" if quote else ""))

    def page(self, page: PageResult) -> None:
        if page.status is PageStatus.SKIPPED:
            return
        where = self.run.paths.display(page.final_url or page.url)
        if page.status is PageStatus.FAILED:
            self.failed_count += 1
            if len(self.failed) < PAGES_PER_RULE:
                self.failed.append(f"{md(where, 200)}: {md(page.reason, 200)}")
        seen: set[str] = set()
        for f in page.findings:
            self.run.catalog.get(f.rule, f)
            self._add(f, where, f.rule not in seen)
            if not f.baselined:
                seen.add(f.rule)

    def site(self, findings: list[Finding]) -> None:
        for f in findings:
            self.run.catalog.get(f.rule, f)
            urls = f.data.get("urls") if isinstance(f.data.get("urls"), list) else []
            names = [self.run.paths.display(u) for u in urls] or ["whole site"]
            self._add(f, names[0], True)
            digest = self.rules[f.rule]
            digest.pages += len(names) - 1
            for name in names[1:]:
                if len(digest.page_names) < PAGES_PER_RULE:
                    digest.page_names.append(md(name, 120))

    # -- rendering ----------------------------------------------------------------------------

    def _head(self, tally: Tally) -> list[str]:
        run = self.run
        c, p = tally.findings, tally.pages
        verdict = run.verdict
        if verdict is not None:
            ok = bool(verdict.get("passed"))
            reasons = "; ".join(str(r) for r in verdict.get("reasons") or [])
        else:
            ok = tally.failing == 0
            reasons = (
                f"{tally.failing} findings at or above --fail-on {run.options.fail_on}" if tally.failing else ""
            )
        labels = dict.fromkeys(run.paths.site_label(u) for u in run.meta.start_urls[:3])
        sites = ", ".join(md(x, 120) for x in labels) or "the site"
        lines = [
            f"## cxlint: {'✅ passed' if ok else '❌ failed'}",
            "",
            f"Scanned {sites} against {md(run.scope.standard)} "
            f"({', '.join(run.scope.categories)}): {p['scanned']} {_plural(p['scanned'], 'page')} scanned, "
            f"{p['failed']} failed, {p['skipped']} {_plural(p['skipped'], 'link')} not followed.",
        ]
        if verdict is not None and reasons:
            lines += ["", f"**Why:** {md(reasons, 1000)}"]
        elif reasons:
            lines += ["", f"**Why:** {reasons}"]
        lines += [
            "",
            "| Errors | Warnings | Suggestions | Need review |",
            "|---:|---:|---:|---:|",
            f"| {c['error']} | {c['warning']} | {c['info']} | {c['needs-review']} |",
        ]
        if tally.by_category:
            lines += ["", "| Standard | Errors | Warnings | Suggestions | Need review |", "|---|---:|---:|---:|---:|"]
            for cat, n in sorted(tally.by_category.items()):
                lines.append(f"| {cat} | {n['error']} | {n['warning']} | {n['info']} | {n['needs-review']} |")
        if self.baselined:
            lines += ["", f"{self.baselined} known {_plural(self.baselined, 'finding')} accepted by the baseline "
                      "are not listed."]
        if self.failed:
            lines += ["", f"**Pages that could not be checked ({self.failed_count}):**", ""]
            lines += [f"- {x}" for x in self.failed]
            if self.failed_count > len(self.failed):
                lines.append(f"- … and {self.failed_count - len(self.failed)} more")
        return lines

    def _rule_block(self, d: RuleDigest, with_examples: bool) -> str:
        meta = self.run.catalog.get(d.code)
        worst = {"error": "error", "warning": "warning", "info": "suggestion"}[d.worst]
        kind = f"{d.violations} {_plural(d.violations, worst)}" if d.violations else ""
        if d.needs_review:
            kind += (", " if kind else "") + f"{d.needs_review} to review"
        title = f"**{md(d.code)}** {md(meta.summary or meta.name, 160)} ({kind}; {d.pages} {_plural(d.pages, 'page')})"
        if meta.help_url:
            title += f" · [how to fix]({meta.help_url})"
        parts = [f"- {title}"]
        pages = ", ".join(d.page_names)
        if d.pages > len(d.page_names):
            pages += f", … {d.pages - len(d.page_names)} more"
        parts.append(f"  - pages: {pages}")
        if with_examples and d.examples:
            inner = "\n".join(f"  - {e}" for e in d.examples)
            parts.append(f"  <details><summary>examples</summary>\n\n{inner}\n\n  </details>")
        return "\n".join(parts)

    def render(self, tally: Tally) -> str:
        head = "\n".join(self._head(tally)) + "\n"
        order = sorted(
            self.rules.values(),
            key=lambda d: (d.violations == 0, SEVERITY_ORDER[d.worst], -d.pages, d.code),
        )
        footer = "\n\n<sub>Full details: results.json, results.sarif and the HTML report.</sub>\n"
        for with_examples in (True, False):
            blocks = [self._rule_block(d, with_examples) for d in order]
            body = "\n### Findings by rule\n\n" + "\n".join(blocks) if blocks else "\nNo findings.\n"
            if len(head) + len(body) + len(footer) <= BUDGET:
                return head + body + footer
        kept: list[str] = []
        size = len(head) + len(footer) + 200
        for d in order:
            block = self._rule_block(d, False)
            if size + len(block) + 1 > BUDGET:
                break
            kept.append(block)
            size += len(block) + 1
        left = len(order) - len(kept)
        note = f"\n\n… {left} more {_plural(left, 'rule')} left out to fit a comment; see results.json."
        return head + "\n### Findings by rule\n\n" + "\n".join(kept) + note + footer

    def end(self, tally: Tally) -> list[Path]:
        self.path.write_text(self.render(tally), encoding="utf-8")
        return [self.path]


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"
