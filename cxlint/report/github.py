"""GitHub Actions output: workflow-command annotations and the job summary.

Annotations (``::error title=…,file=…::message``) put each new problem on the run's
page; ``file`` is the page URL (the site path for a local build, which is what a
reviewer recognises). Values are escaped as the workflow-command format requires, so a
hostile page cannot inject commands of its own through a title or message.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from cxlint.crawl.urls import is_loopback
from cxlint.model import Finding, Outcome, RunResult

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def display_url(url: str) -> str:
    """A loopback URL of a local scan as its site path; any other URL as it is."""
    parts = urlsplit(url)
    if is_loopback(url):
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return url


def annotation(url: str, f: Finding) -> str:
    level = "notice" if f.outcome is Outcome.NEEDS_REVIEW else LEVEL[f.severity.value]
    where = " → ".join([*f.location.frames, f.location.selector]) if f.location.selector else ""
    title = f"{f.rule} {f.name}" + (" (needs review)" if f.outcome is Outcome.NEEDS_REVIEW else "")
    message = f.message + (f" [{where}]" if where else "") + (f" {f.help_url}" if f.help_url else "")
    target = display_url(url) if url else "site"
    return f"::{level} title={_prop(title)},file={_prop(target)}::{_data(message)}"


def annotations(result: RunResult) -> list[str]:
    """One line per finding that is not accepted by the baseline, pages in order, site last."""
    return [annotation(url, f) for url, f in result.all_findings() if not f.baselined]


def step_summary(result: RunResult) -> str:
    """A short Markdown summary for ``$GITHUB_STEP_SUMMARY``: verdict, counts, new problems by rule."""
    v = result.meta.verdict or {}
    c = result.counts()
    pages = result.page_counts()
    status = "✅ passed" if v.get("passed", True) else "❌ failed"
    lines = [
        f"## cxlint: {status}",
        "",
        f"{pages['scanned']} pages scanned, {pages['failed']} failed. "
        f"Standard {result.meta.standard}, fail on {v.get('fail_on', 'error')}.",
        "",
        "| errors | warnings | suggestions | need review |",
        "|---:|---:|---:|---:|",
        f"| {c['error']} | {c['warning']} | {c['info']} | {c['needs-review']} |",
        "",
    ]
    for reason in v.get("reasons", []):
        lines.append(f"- {reason}")
    b = result.meta.baseline
    if b:
        lines += ["", f"Baseline `{b.get('file', '')}`: {b.get('new', 0)} new, {b.get('known', 0)} known, "
                  f"{b.get('fixed', 0)} fixed."]
    by_rule: dict[str, list[tuple[str, Finding]]] = {}
    for url, f in result.all_findings():
        if f.outcome is Outcome.VIOLATION and not f.baselined:
            by_rule.setdefault(f.rule, []).append((url, f))
    if by_rule:
        lines += ["", "| rule | severity | findings | pages | what |", "|---|---|---:|---:|---|"]
        ranked = sorted(by_rule.items(), key=lambda kv: (-_rank(kv[1][0][1]), -len(kv[1]), kv[0]))
        for rule, items in ranked[:30]:
            f = items[0][1]
            what = f.message.replace("|", "\\|").replace("\n", " ")[:120]
            lines.append(f"| `{rule}` | {f.severity.value} | {len(items)} | {len({u for u, _ in items})} | {what} |")
        if len(ranked) > 30:
            lines.append(f"\n…and {len(ranked) - 30} more rules: see the full report.")
    return "\n".join(lines) + "\n"


def _rank(f: Finding) -> int:
    return f.severity.rank
