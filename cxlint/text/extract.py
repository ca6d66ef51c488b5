"""Visible text of a rendered page, as scoped blocks with a region and a selector.

Works on the HTML string of the rendered DOM (``page.content()``), so it is
testable without a browser. Each block knows the landmark region it sits in, so
scores come from the main content while navigation and footers are judged
separately (or not at all), and each block is segmented on its own later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

import lxml.html
from lxml import etree

from cxlint.findings.selectors import RuleRef, specificity
from cxlint.text.segment import Sentence, Token, sentences, tokens

# fmt: off
SKIP_TAGS = frozenset((
    "script", "style", "template", "noscript", "code", "pre", "svg", "math", "iframe", "object", "embed",
    "canvas", "select", "textarea", "datalist", "audio", "video", "map", "head"
))
# fmt: on
# fmt: off
INLINE_TAGS = frozenset((
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "data", "dfn", "em", "font", "i", "ins", "del",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    "nobr", "output", "meter", "progress", "slot"
))
# fmt: on
BLOCK_SCOPES: dict[str, str] = {
    "p": "paragraph",
    "blockquote": "paragraph",
    "figcaption": "paragraph",
    "address": "paragraph",
    "li": "list-item",
    "dt": "list-item",
    "dd": "list-item",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "td": "table-cell",
    "th": "table-cell",
    "caption": "table-cell",
    "label": "label",
    "legend": "label",
    "summary": "heading",
    "button": "button",
}  # fmt: skip
PROSE_SCOPES = frozenset({"paragraph", "list-item"})
"""Scopes whose text is running prose, the only text readability and length metrics score."""

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_WS = re.compile(r"\s+")
_BR = "\ue000"
"""Marks a <br> or block boundary; a private-use character, because \\s would swallow a line separator."""
_CSS_ID = re.compile(r"^[A-Za-z_][\w-]*$")


@dataclass(eq=False)
class Block:
    """One unit of visible text: a paragraph, heading, list item, link, alt text…"""

    scope: str
    text: str
    el: etree._Element
    region: str
    """main | header | navigation | footer | complementary | other | head"""
    lang: str
    ignore: frozenset[str]
    index: int
    level: int = 0
    name: str = ""
    """Accessible name, for links and buttons (aria-label wins over the text)."""
    href: str = ""

    @cached_property
    def sentences(self) -> list[Sentence]:
        return sentences(self.text)

    @cached_property
    def tokens(self) -> list[Token]:
        return tokens(self.text)

    @cached_property
    def word_count(self) -> int:
        return sum(len(s.words) for s in self.sentences)

    def ignores(self, code: str) -> bool:
        """Whether text here is left out of what ``code`` measures (page-level rules: grade, walls of text)."""
        ref = RuleRef(code, code, "plain-language")
        return any(specificity(t, ref) for t in self.ignore)


@dataclass
class Document:
    lang: str
    """The primary subtag of ``<html lang>`` (lower case), or "" when undeclared."""
    blocks: list[Block]
    root: etree._Element | None
    abbr_titles: dict[str, str] = field(default_factory=dict)
    """Abbreviations explained by an ``<abbr title>`` somewhere on the page."""
    main_ignore: frozenset[str] = frozenset()
    """Codes suppressed on the whole main content (on html, body or main)."""
    _selectors: dict[int, str] = field(default_factory=dict, repr=False)
    _snippets: dict[int, str] = field(default_factory=dict, repr=False)

    def main(self) -> list[Block]:
        return [b for b in self.blocks if b.region == "main"]

    def selector(self, el: etree._Element) -> str:
        key = id(el)
        if key not in self._selectors:
            self._selectors[key] = css_path(el, self._unique_ids, self._single_main)
        return self._selectors[key]

    def snippet(self, el: etree._Element) -> str:
        key = id(el)
        if key not in self._snippets:
            self._snippets[key] = snippet(el)
        return self._snippets[key]

    @cached_property
    def _single_main(self) -> bool:
        return self.root is not None and len(self.root.findall(".//main")) == 1

    @cached_property
    def _unique_ids(self) -> frozenset[str]:
        if self.root is None:
            return frozenset()
        seen: dict[str, int] = {}
        for v in self.root.xpath("//@id"):
            seen[str(v)] = seen.get(str(v), 0) + 1
        return frozenset(k for k, n in seen.items() if n == 1)


def css_path(el: etree._Element, unique_ids: frozenset[str], single_main: bool = True) -> str:
    """A short CSS selector: from the nearest unique id, ``main`` or ``body`` down to the element."""
    parts: list[str] = []
    node: etree._Element | None = el
    while node is not None and isinstance(node.tag, str):
        tag = node.tag
        ident = node.get("id")
        if ident and ident in unique_ids and _CSS_ID.match(ident):
            parts.append(f"#{ident}")
            break
        if tag == "meta":
            parts.append(f'meta[name="{node.get("name", "")}"]')
            node = node.getparent()
            continue
        if tag in ("html", "body", "head"):
            parts.append(tag)
            break
        parent = node.getparent()
        if tag == "main" and single_main:
            parts.append("main")
            break
        if parent is None:
            parts.append(tag)
            break
        same = [c for c in parent if c.tag == tag]
        parts.append(tag if len(same) == 1 else f"{tag}:nth-of-type({same.index(node) + 1})")
        node = parent
    return " > ".join(reversed(parts))


def snippet(el: etree._Element, limit: int = 300) -> str:
    """The element's outer HTML, shortened to its opening tag and the start of its text."""
    full = lxml.html.tostring(el, encoding=str, with_tail=False)
    if len(full) <= limit:
        return full
    attrs = "".join(f' {k}="{escape(str(v))}"' for k, v in el.attrib.items())
    opening = f"<{el.tag}{attrs}>"[: limit // 2]
    if not opening.endswith(">"):
        opening = opening[:-2] + "…>"
    close = f"</{el.tag}>"
    room = limit - len(opening) - len(close) - 1
    text = _WS.sub(" ", el.text_content()).strip()
    return f"{opening}{escape(text[:room], quote=False)}…{close}"


def is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden", "").lower() == "true":
        return True
    if el.get("data-cxlint-hidden") is not None:  # hidden by a stylesheet, marked in the browser
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    tag = el.tag
    if tag == "input" and el.get("type", "").lower() == "hidden":
        return True
    return tag == "dialog" and el.get("open") is None


def primary_lang(value: str | None) -> str:
    return (value or "").strip().split("-", 1)[0].split("_", 1)[0].lower()


@dataclass(frozen=True)
class _State:
    region: str
    lang: str
    ignore: frozenset[str]
    sectioning: bool
    """Inside article/section/aside/nav/main, where header/footer are not page landmarks."""


class _Builder:
    __slots__ = ("el", "level", "parts", "scope", "state")

    def __init__(self, scope: str, el: etree._Element, state: _State, level: int = 0) -> None:
        self.scope, self.el, self.state, self.level = scope, el, state, level
        self.parts: list[str] = []

    def text(self) -> str:
        joined = _WS.sub(" ", "".join(self.parts)).replace(f" {_BR}", _BR).replace(f"{_BR} ", _BR)
        return joined.strip().strip(_BR).replace(_BR, "\n")


class _Extractor:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.abbr_titles: dict[str, str] = {}

    def emit(self, b: _Builder, name: str = "", href: str = "") -> None:
        text = b.text()
        if not text and not name:
            return
        st = b.state
        self.blocks.append(
            Block(b.scope, text, b.el, st.region, st.lang, st.ignore, len(self.blocks), b.level, name, href)
        )

    def enter(self, el: etree._Element, st: _State) -> _State:
        tag = el.tag
        role = (el.get("role") or "").lower()
        classes = el.get("class") or ""
        region, sectioning = st.region, st.sectioning
        if tag == "main" or role == "main":
            region, sectioning = "main", True
        elif tag == "nav" or role in ("navigation", "search"):
            region, sectioning = "navigation", True
        elif tag == "aside" or role == "complementary":
            region, sectioning = "complementary", True
        elif role == "banner" or "usa-banner" in classes or (tag == "header" and not sectioning):
            region = "header"
        elif role == "contentinfo" or "usa-identifier" in classes or (tag == "footer" and not sectioning):
            region = "footer"
        elif tag in ("article", "section"):
            sectioning = True
        lang = el.get("lang")
        if lang is None:
            lang = el.get("{http://www.w3.org/XML/1998/namespace}lang")
        codes = el.get("data-cxlint-ignore")
        ignore = st.ignore | frozenset(codes.split()) if codes else st.ignore
        if (region, sectioning, ignore) == (st.region, st.sectioning, st.ignore) and lang is None:
            return st
        return _State(region, primary_lang(lang) if lang is not None else st.lang, ignore, sectioning)

    def walk(self, el: etree._Element, st: _State, sinks: list[_Builder], links: list[_Builder]) -> None:
        """Visit ``el``; its text goes to ``sinks`` (the open block) and to every open link."""
        tag = el.tag
        if not isinstance(tag, str) or tag in SKIP_TAGS or is_hidden(el):
            return
        st = self.enter(el, st)
        if tag == "br":
            for s in (*sinks, *links):
                s.parts.append(_BR)
            return
        if tag in ("img", "area") or (tag == "input" and el.get("type", "").lower() == "image"):
            alt = el.get("alt")
            if alt and alt.strip():
                b = _Builder("alt", el, st)
                b.parts.append(alt)
                self.emit(b)
                for s in links:
                    s.parts.append(f" {alt} ")
            return
        if tag == "input":
            if el.get("type", "").lower() in ("submit", "button", "reset") and el.get("value"):
                b = _Builder("button", el, st)
                self.emit(b, name=el.get("aria-label") or el.get("value", ""))
            return
        if tag == "abbr" and el.get("title"):
            self.abbr_titles[_WS.sub(" ", el.text_content()).strip()] = el.get("title", "")
        scope = BLOCK_SCOPES.get(tag)
        if scope is not None:
            level = int(tag[1]) if scope == "heading" and tag[0] == "h" else 0
            b = _Builder(scope, el, st, level)
            self.children(el, st, [b], links)
            name = _accessible_name(el, b.text()) if scope == "button" else ""
            self.emit(b, name=name)
            for s in sinks:  # a nested block interrupts the enclosing one
                s.parts.append(_BR)
            return
        if tag == "a":
            lb = _Builder("link", el, st)
            self.children(el, st, sinks, [*links, lb])
            self.emit(lb, name=_accessible_name(el, lb.text()), href=el.get("href", ""))
            return
        if tag in INLINE_TAGS:
            self.children(el, st, sinks, links)
            return
        if sinks:  # a container inside an open block flows into it, line-separated
            for s in sinks:
                s.parts.append(_BR)
            self.children(el, st, sinks, links)
            return
        # A container with no open block: its own loose text forms anonymous paragraphs.
        own = [_Builder("paragraph", el, st)]
        self.container(el, st, own, links)

    def children(self, el: etree._Element, st: _State, sinks: list[_Builder], links: list[_Builder]) -> None:
        if el.text:
            for s in (*sinks, *links):
                s.parts.append(el.text)
        for child in el:
            self.walk(child, st, sinks, links)
            if child.tail:
                for s in (*sinks, *links):
                    s.parts.append(child.tail)

    def container(self, el: etree._Element, st: _State, own: list[_Builder], links: list[_Builder]) -> None:
        if el.text:
            own[0].parts.append(el.text)
        for child in el:
            ctag = child.tag
            if isinstance(ctag, str) and ctag not in INLINE_TAGS and ctag != "br":
                self.emit(own[0])
                own[0] = _Builder("paragraph", el, st)
                self.walk(child, st, [], links)
            else:
                self.walk(child, st, own, links)
            if child.tail:
                own[0].parts.append(child.tail)
        self.emit(own[0])


def _accessible_name(el: etree._Element, text: str) -> str:
    """aria-labelledby, then aria-label, then the content, then title (accname, simplified)."""
    ids = (el.get("aria-labelledby") or "").split()
    if ids:
        root = el.getroottree()
        parts = [_WS.sub(" ", n[0].text_content()).strip() for i in ids if (n := root.xpath("//*[@id=$i]", i=i))]
        if any(parts):
            return " ".join(p for p in parts if p)
    label = (el.get("aria-label") or "").strip()
    if label:
        return _WS.sub(" ", label)
    return text or (el.get("title") or "").strip()


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def extract(html: str) -> Document:
    """Parse rendered HTML into scoped text blocks (visible text only)."""
    html = _XML_DECL.sub("", html)
    if not html.strip():
        return Document(lang="", blocks=[], root=None)
    root = lxml.html.document_fromstring(html)
    ex = _Extractor()
    lang = primary_lang(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    base = _State("other", lang, frozenset((root.get("data-cxlint-ignore") or "").split()), False)
    head = root.find("head")
    if head is not None:
        title = head.find("title")
        if title is not None and (title.text or "").strip():
            b = _Builder("title", title, _State("head", lang, base.ignore, False))
            b.parts.append(title.text or "")
            ex.emit(b)
        for meta in head.iterfind("meta"):
            if (meta.get("name") or "").lower() == "description" and (meta.get("content") or "").strip():
                b = _Builder("meta-description", meta, _State("head", lang, base.ignore, False))
                b.parts.append(meta.get("content", ""))
                ex.emit(b)
    body = root.find("body")
    if body is not None:
        ex.walk(body, base, [], [])
    blocks = ex.blocks
    if not any(b.region == "main" for b in blocks):
        # No <main>: the body minus its landmarks (header, nav, footer, aside) stands in for it.
        for b in blocks:
            if b.region == "other":
                b.region = "main"
    main_el = root.find(".//main")
    main_ignore = base.ignore
    if body is not None:
        main_ignore |= frozenset((body.get("data-cxlint-ignore") or "").split())
    if main_el is not None:
        main_ignore |= frozenset((main_el.get("data-cxlint-ignore") or "").split())
    return Document(lang=lang, blocks=blocks, root=root, abbr_titles=ex.abbr_titles, main_ignore=main_ignore)
