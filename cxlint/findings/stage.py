"""The findings stage: every engine's findings, made consistent and filtered in one place.

Order per finding: rule metadata from ``rules/`` (so a ``CX…`` finding says what its
YAML says); severity (axe's impact under the catalogue's ceiling, then the user's
overrides); ``--select``/``--ignore``; per-URL ignores; inline suppressions; the
fingerprint; the baseline. Then unused inline suppressions become findings of their own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cxlint.findings.baseline import Baseline
from cxlint.findings.fingerprint import fingerprint
from cxlint.findings.selectors import RuleRef, Selection, best, severity_for, specificity
from cxlint.findings.suppress import Marker, PageMarkers, suppressing_marker
from cxlint.model import Finding, Location, Outcome, PageResult, PageStatus, Severity
from cxlint.registry import Registry, Rule

UNUSED_SUPPRESSION = "CX010"
PAGE_LEVEL = frozenset({"", "html", ":root"})


@dataclass
class StageSettings:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_url_ignores: dict[str, list[str]] = field(default_factory=dict)
    """URL glob (``/legacy/**``, ``*/print/*``) or ``re:`` pattern → rule tokens ignored on those pages."""
    severity: dict[str, str] = field(default_factory=dict)
    """Rule token → ``error``/``warning``/``info``: the most specific entry wins."""


def ref_of(rule: Rule) -> RuleRef:
    s = rule.spec
    return RuleRef(s.code, s.name, s.category, tuple(s.tags), tuple(s.aliases))


def url_matches(pattern: str, url: str) -> bool:
    """A per-URL pattern against a page: ``re:`` regex on the whole URL, else a glob on the path.

    ``*`` stays within one path segment and ``**`` spans any depth, as in ``--include``.
    """
    if pattern.startswith("re:"):
        try:
            return re.search(pattern[3:], url) is not None
        except re.error:
            return False
    parts = urlsplit(url)
    path = parts.path or "/"
    target = url if "://" in pattern else path
    rx = re.escape(pattern).replace(r"\*\*", "\x00").replace(r"\*", "[^/]*").replace("\x00", ".*")
    rx = rx.replace(r"\?", "[^/]")
    return re.fullmatch(rx, target) is not None


class FindingsStage:
    def __init__(
        self,
        registry: Registry,
        settings: StageSettings | None = None,
        *,
        baseline: Baseline | None = None,
        running: Iterable[str] = (),
    ) -> None:
        self.registry = registry
        self.settings = settings or StageSettings()
        self.selection = Selection(list(self.settings.select), list(self.settings.ignore))
        self.baseline = baseline
        self.running = set(running)
        """Codes of the rules this run executes: an unused suppression is judged only against them."""
        self._refs: dict[str, RuleRef] = {}
        self._all_refs = [ref_of(r) for r in registry.rules.values()]

    # -- rules ------------------------------------------------------------------------------------

    def rule_runs(self, rule: Rule) -> bool:
        """Whether ``--select``/``--ignore`` keep this rule (engines run only these)."""
        return self.selection.keeps(ref_of(rule), enabled=rule.spec.enabled)

    def _ref(self, f: Finding) -> RuleRef:
        ref = self._refs.get(f.rule)
        if ref is None:
            rule = self.registry.get(f.rule)
            ref = ref_of(rule) if rule else RuleRef(f.rule, f.name, f.category, tuple(f.tags))
            self._refs[f.rule] = ref
        return ref

    def _enrich(self, f: Finding) -> None:
        rule = self.registry.rules.get(f.rule)
        if rule is not None:
            s = rule.spec
            f.name, f.category = s.name, s.category
            f.wcag = f.wcag or list(s.wcag)
            f.help_url = f.help_url or s.help_url
            f.tags = list(dict.fromkeys([*f.tags, *s.tags]))
            if f.engine == "axe":
                # The catalogue's severity is a ceiling on what axe's impact says.
                if f.severity.rank > s.severity.rank:
                    f.severity = s.severity
            else:
                f.severity = s.severity
        override = severity_for(self.settings.severity, self._ref(f))
        if override:
            f.severity = Severity(override)

    def _url_tokens(self, url: str) -> list[str]:
        out: list[str] = []
        for pattern, tokens in self.settings.per_url_ignores.items():
            if url_matches(pattern, url):
                out.extend(tokens)
        return out

    # -- pages ------------------------------------------------------------------------------------

    def process_page(self, page: PageResult, markers: PageMarkers | None = None) -> None:
        """Make one page's findings final, in place."""
        url = page.final_url or page.url
        url_tokens = self._url_tokens(url)
        by_id = {m.id: m for m in markers.markers} if markers else {}
        used: set[str] = set()
        kept: list[Finding] = []
        dropped: Counter[str] = Counter()
        for i, f in enumerate(page.findings):
            self._enrich(f)
            ref = self._ref(f)
            if not self.selection.keeps(ref):
                dropped["ignored"] += 1
                continue
            if url_tokens and best(url_tokens, ref) > 0:
                dropped["per_url"] += 1
                continue
            if markers and i < len(markers.covers) and markers.covers[i]:
                covering = [by_id[x] for x in markers.covers[i] if x in by_id]
                hit = suppressing_marker(ref, covering)
                if hit is not None:
                    used.add(hit.id)
                    dropped["inline"] += 1
                    continue
            kept.append(f)
        if markers and page.status is PageStatus.SCANNED:
            for finding in self._unused(page, [m for m in markers.markers if m.id not in used]):
                self._enrich(finding)
                ref = self._ref(finding)
                if self.selection.keeps(ref) and not (url_tokens and best(url_tokens, ref)):
                    kept.append(finding)
        for f in kept:
            f.fingerprint = fingerprint(f.rule, url, f.location)
        if self.baseline is not None:
            self.baseline.mark(url, kept)
        page.findings = kept
        if dropped:
            page.metrics["suppressed"] = dict(sorted(dropped.items()))

    def process_site(self, findings: list[Finding]) -> list[Finding]:
        """Site-level findings: the same stage, without a page (no inline markers)."""
        kept: list[Finding] = []
        for f in findings:
            self._enrich(f)
            ref = self._ref(f)
            if not self.selection.keeps(ref):
                continue
            where = str(f.data.get("origin") or (f.data.get("urls") or [""])[0])
            if where and best(self._url_tokens(where), ref) > 0:
                continue
            f.fingerprint = fingerprint(f.rule, "" if f.data.get("origin") else where, f.location)
            kept.append(f)
        if self.baseline is not None:
            self.baseline.mark("", kept)
        return kept

    # -- unused suppressions ----------------------------------------------------------------------

    def _ran_on(self, page: PageResult) -> set[str]:
        ran = set(self.running)
        ran -= set(page.metrics.get("not_applicable", {}) or {})
        if page.metrics.get("checked") is False:
            ran -= {r.code for r in self.registry.by_category("plain-language")}
        return ran

    def _unused(self, page: PageResult, markers: Iterable[Marker]) -> list[Finding]:
        if UNUSED_SUPPRESSION not in self.running:
            return []
        ran = self._ran_on(page)
        out: list[Finding] = []
        for m in markers:
            unknown = [t for t in m.tokens if not any(specificity(t, r) for r in self._all_refs)]
            named = {r.code for r in self._all_refs if any(specificity(t, r) for t in m.tokens)}
            if unknown:
                why = f"names no cxlint rule: {', '.join(unknown)}"
            elif not m.tokens:
                why = "names no rule (write the codes to ignore, or 'all')"
            else:
                ran_named = named & ran
                plain = {r.code for r in self.registry.by_category("plain-language")}
                # Rules that did not run here cannot have used it; plain-language rules may have used it
                # to leave text out of a page-level measure, which leaves no finding to point at.
                if not ran_named or ran_named & plain:
                    continue
                why = "suppressed nothing on this page"
            what = "data-cxlint-ignore" if m.kind == "attribute" else "cxlint-disable comment"
            out.append(
                Finding(
                    rule=UNUSED_SUPPRESSION,
                    name="unused-suppression",
                    severity=Severity.WARNING,
                    outcome=Outcome.VIOLATION,
                    message=f"Unused {what} \"{' '.join(m.tokens)}\": it {why}",
                    category="scan",
                    location=Location(selector=m.selector, snippet=m.snippet, frames=list(m.frames)),
                    engine="stage",
                    data={"tokens": list(m.tokens), "marker": m.kind},
                )
            )
        return out
