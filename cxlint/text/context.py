"""What every text-rule kind sees: the extracted page and a way to report a finding."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cxlint.findings.selectors import RuleRef, specificity
from cxlint.model import Finding, Location, Outcome
from cxlint.registry import Rule
from cxlint.text.extract import PROSE_SCOPES, Block, Document
from cxlint.text.readability import Sample, sample

SCOPES = frozenset(
    ["title", "heading", "paragraph", "list-item", "table-cell", "link", "button", "label", "alt", "meta-description"]
)
REGIONS = frozenset(["main", "header", "navigation", "footer", "complementary", "other", "head"])
DEFAULT_SCOPES = frozenset({*PROSE_SCOPES, "heading", "table-cell", "label", "title", "meta-description"})
"""Where word-level rules look unless a rule names its scopes: text, not link names or alt."""

QUOTE_LIMIT = 300
_WS = re.compile(r"\s+")


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class Page:
    doc: Document
    url: str
    lang: str = "en"
    _seen: set[tuple[str, str, str]] = field(default_factory=set, repr=False)
    _samples: dict[tuple[int, ...], Sample] = field(default_factory=dict, repr=False)

    def sample(self, blocks: list[Block]) -> Sample:
        """Counted prose of these blocks, computed once per distinct set of blocks."""
        key = tuple(b.index for b in blocks)
        if key not in self._samples:
            self._samples[key] = sample(blocks)
        return self._samples[key]

    def judged(self, b: Block) -> bool:
        """Blocks in another language (``lang="es"`` inside an English page) are not judged by English rules."""
        return b.lang in ("", self.lang) and "all" not in b.ignore

    def blocks(self, rule: Rule, regions: Iterable[str], default_scopes: Iterable[str] = DEFAULT_SCOPES) -> list[Block]:
        """The blocks a rule looks at: its scopes and regions, minus foreign-language blocks.

        Suppressed blocks are looked at too: the findings stage drops their findings, as it
        does for every engine, and so knows which suppressions were used.
        """
        scopes = set(rule.spec.scope) or set(default_scopes)
        regs = set(regions)
        return [b for b in self.doc.blocks if b.scope in scopes and b.region in regs and self.judged(b)]

    def prose(self, rule: Rule | None = None) -> list[Block]:
        """Running prose of the main content: what metrics and page-level rules measure."""
        code = rule.code if rule else ""
        return [
            b
            for b in self.doc.blocks
            if b.region == "main" and b.scope in PROSE_SCOPES and self.judged(b) and not (code and b.ignores(code))
        ]

    def page_suppressed(self, rule: Rule) -> bool:
        """Markers on ``html``, ``body`` or ``main`` cover the page-level measures of the text."""
        return any(specificity(t, _ref(rule)) for t in self.doc.main_ignore)

    def finding(
        self,
        rule: Rule,
        block: Block | None,
        text: str,
        message: str,
        suggestion: str = "",
        data: dict[str, Any] | None = None,
    ) -> Finding | None:
        """A finding for ``rule`` at ``block`` (None: the page's main content), or None if already reported."""
        if block is None:
            main = self.doc.root.find(".//main") if self.doc.root is not None else None
            selector = "main" if main is not None else "html"
        else:
            selector = self.doc.selector(block.el)
        quoted = quote(text)
        key = (rule.code, selector, quoted.lower())
        if key in self._seen:
            return None
        self._seen.add(key)
        snip = self.doc.snippet(block.el) if block is not None else ""
        spec = rule.spec
        return Finding(
            rule=spec.code,
            name=spec.name,
            severity=spec.severity,
            outcome=Outcome.NEEDS_REVIEW if spec.needs_review else Outcome.VIOLATION,
            message=message,
            category="plain-language",
            location=Location(selector=selector, snippet=snip, text=quoted),
            wcag=list(spec.wcag),
            help_url=spec.help_url,
            suggestion=suggestion,
            engine="text",
            tags=list(spec.tags),
            data={"page_level": block is None, **(data or {})},
        )


def _ref(rule: Rule) -> RuleRef:
    s = rule.spec
    return RuleRef(s.code, s.name, s.category, tuple(s.tags), tuple(s.aliases))
