"""Content and semantics checks that need a script: grouping of choices, fake headings,
heading structure, lists and tables without markup, alt text, labels and language."""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from cxlint.dom.checks.base import PageRun, hits_to_findings, page_check
from cxlint.dom.findings import make_finding
from cxlint.language_id import identifier
from cxlint.model import Finding, Location, Outcome
from cxlint.registry import Rule
from cxlint.text import headings


class GroupParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_size: int = Field(default=2, ge=2)


@page_check("choice-group", GroupParams)
async def choice_group(run: PageRun, rule: Rule, params: GroupParams) -> list[Finding]:
    hits = await run.evaluate("groups", {"min_size": params.min_size})
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f'{h["data"]["size"]} {h["data"]["type"]} inputs named "{h["data"]["name"]}" are not '
            "grouped in a fieldset with a legend (or a named radiogroup/group)"
        ),
    )


class HeadingLikeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    size_ratio: float = Field(default=1.25, gt=1)
    """Text this much larger than the page's median paragraph text looks like a heading."""
    bold_size_ratio: float = Field(default=1.1, gt=0)
    """Bold text needs only this much larger."""
    max_chars: int = Field(default=80, ge=10)
    max: int = Field(default=20, ge=1)


@page_check("heading-like-text", HeadingLikeParams)
async def heading_like_text(run: PageRun, rule: Rule, params: HeadingLikeParams) -> list[Finding]:
    args = {
        **params.model_dump(),
        "label": headings.LABEL_SOURCE,
        "strong_label": headings.STRONG_LABEL.pattern,
        "max_title_words": headings.MAX_TITLE_WORDS,
        "max_plain_words": headings.MAX_PLAIN_WORDS,
    }
    hits = await run.evaluate("headinglike", args)

    def message(h: dict[str, Any]) -> str:
        d = h["data"]
        if d.get("numbered"):
            return f'"{h.get("text", "")[:60]}" is numbered like a section heading but is not marked up as one'
        return (
            f'"{h.get("text", "")[:60]}" is styled like a heading ({d["font_size_px"]:g} px'
            f"{', bold' if d['bold'] else ''}) but is not marked up as one"
        )

    return hits_to_findings(rule, hits, message)


class HeadingStructureParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_words: int = Field(default=200, ge=20)
    """Main content at least this long is expected to be divided by headings."""


@page_check("heading-structure", HeadingStructureParams)
async def heading_structure(run: PageRun, rule: Rule, params: HeadingStructureParams) -> list[Finding]:
    hits = await run.evaluate("headings", params.model_dump())

    def message(h: dict[str, Any]) -> str:
        d = h["data"]
        if d["problem"] == "no-headings":
            where = "the main content" if d["landmark"] else "the page"
            return f"{where} runs to {d['words']} words with no headings to show its structure"
        return f"the first heading on the page is an h{d['level']}: levels 1–{d['level'] - 1} are skipped"

    return hits_to_findings(rule, hits, message)


class ListLikeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_items: int = Field(default=2, ge=2)
    max: int = Field(default=20, ge=1)


@page_check("list-like-text", ListLikeParams)
async def list_like_text(run: PageRun, rule: Rule, params: ListLikeParams) -> list[Finding]:
    hits = await run.evaluate("listlike", params.model_dump())
    kinds = {
        "bullet": "bullet characters",
        "number": "numbers",
        "lines": "bullets or numbers on separate lines",
        "image bullets": "the same small bullet image",
    }
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f"{h['data']['items']} items start with {kinds[h['data']['kind']]} but are not marked up as a list "
            "(ul/ol and li)"
        ),
    )


class TableParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max: int = Field(default=20, ge=1)


@page_check("layout-table", TableParams)
async def layout_table(run: PageRun, rule: Rule, params: TableParams) -> list[Finding]:
    res = await run.evaluate("tables", params.model_dump())
    return hits_to_findings(
        rule,
        res["layout"],
        lambda h: (
            f"this table holds {', '.join(h['data']['signals'])} and no header cells: it looks like a layout "
            'table, which screen readers still announce as a table (use CSS, or role="presentation")'
        ),
    )


@page_check("data-table-headers", TableParams)
async def data_table_headers(run: PageRun, rule: Rule, params: TableParams) -> list[Finding]:
    res = await run.evaluate("tables", params.model_dump())
    return hits_to_findings(
        rule,
        res["headerless"],
        lambda h: (
            f"this table has {h['data']['rows']} rows of data in up to {h['data']['cols']} columns "
            "but no header cells (th), so its cells cannot be read with their headers"
        ),
    )


class AltQualityParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    generic: list[str] = Field(
        default_factory=lambda: [
            "image",
            "img",
            "picture",
            "pic",
            "photo",
            "photograph",
            "graphic",
            "icon",
            "spacer",
            "placeholder",
            "untitled",
            "alt",
            "alt text",
            "image description",
            "blank",
        ]
    )
    """Alt texts that say nothing about the image (compared whole, case-insensitive)."""
    vague_button: list[str] = Field(
        default_factory=lambda: [
            "button",
            "image button",
            "click",
            "click here",
            "here",
            "more",
            "read more",
            "link",
            "arrow",
            "go button",
            "submit button",
        ]
    )
    """Names of ``input type=image`` that say nothing of what the button does (generic link text
    from the shared word list, plus words naming the control itself)."""
    decoration: list[str] = Field(
        default_factory=lambda: [
            "bullet",
            "bullet point",
            "divider",
            "separator",
            "line",
            "horizontal line",
            "decoration",
            "decorative",
            "decorative image",
            "border",
            "corner",
            "shim",
        ]
    )
    """Alt texts that name an ornament: a decorative image should have alt="" (F38, H67)."""
    large_decorative: tuple[int, int] = (200, 120)
    """An image at least this wide and high (CSS px) with alt="" is asked for review: large images in
    the content (charts, photos of the story) are seldom decoration."""
    max_length: int = Field(default=150, ge=50)
    """Longer alt text is read in one breath with no way to pause or skip: asked for review."""
    max: int = Field(default=30, ge=1)


@page_check("image-alt-quality", AltQualityParams)
async def image_alt_quality(run: PageRun, rule: Rule, params: AltQualityParams) -> list[Finding]:
    hits = await run.evaluate("imgalt", params.model_dump())
    out: list[Finding] = []
    for problem, msg, outcome in (
        ("file-name", 'the alt text "{alt}" is a file name, not a description', Outcome.VIOLATION),
        ("generic", 'the alt text "{alt}" says only that this is an image', Outcome.VIOLATION),
        ("vague-button", 'this image button is named "{alt}", which does not say what it does', Outcome.VIOLATION),
        (
            "decoration",
            'the alt text "{alt}" names an ornament: a decorative image needs alt="" so screen readers skip it',
            Outcome.VIOLATION,
        ),
        ("placeholder", 'the alt text "{alt}" is placeholder text, not a description', Outcome.VIOLATION),
        (
            "large-decorative",
            'this {width}×{height} px image is marked decorative (alt=""): if it shows information, such as a chart '
            "or a photo the text refers to, describe it",
            Outcome.NEEDS_REVIEW,
        ),
        (
            "too-long",
            'the alt text runs to {length} characters ("{alt}"): screen readers read it in one go, with no way to '
            "skip; keep the alt to the image's purpose and put a longer description in the page",
            Outcome.NEEDS_REVIEW,
        ),
        (
            "background-generic",
            'this background image\'s only text alternative is its title, "{alt}", which says only that it is an image',
            Outcome.VIOLATION,
        ),
        (
            "background-file-name",
            'this background image\'s only text alternative is its title, "{alt}", a file name',
            Outcome.VIOLATION,
        ),
        (
            "repeats-text",
            'the alt text "{alt}" repeats the text next to the image, so it is read twice',
            Outcome.NEEDS_REVIEW,
        ),
    ):
        sel = [h for h in hits if h["data"]["problem"] == problem]
        out += hits_to_findings(
            rule,
            sel,
            lambda h, m=msg: m.format(
                alt=h["data"]["alt"][:80],
                length=h["data"].get("length", 0),
                width=h["data"].get("width", 0),
                height=h["data"].get("height", 0),
            ),
            outcome=outcome,
        )
    return out


class DupLinkParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max: int = Field(default=20, ge=1)


@page_check("adjacent-duplicate-links", DupLinkParams)
async def adjacent_duplicate_links(run: PageRun, rule: Rule, params: DupLinkParams) -> list[Finding]:
    hits = await run.evaluate("duplinks", params.model_dump())
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f"an image link and a text link next to it both go to {h['data']['href'][:80]}: "
            "combine them into one link"
        ),
    )


class LabelsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max: int = Field(default=20, ge=1)


@page_check("labels-not-unique", LabelsParams)
async def labels_not_unique(run: PageRun, rule: Rule, params: LabelsParams) -> list[Finding]:
    hits = await run.evaluate("labels", params.model_dump())
    return hits_to_findings(
        rule,
        hits,
        lambda h: f'another field in the same form is also labelled "{h["data"]["label"][:60]}"',
    )


US_LANGUAGES = [
    "en", "es", "zh", "tl", "vi", "ar", "fr", "ko", "ru", "pt", "ht", "de", "it", "pl", "ja", "fa", "hi", "ur",
    "uk", "el", "he", "th", "km", "am", "so", "bn", "pa", "gu", "ne", "id", "ms", "nl", "sv", "ro", "tr",
]  # fmt: skip
"""Languages most spoken in the United States (Census ACS), plus those of federal translations."""



def _primary(tag: str) -> str:
    return tag.strip().lower().replace("_", "-").split("-")[0]


class LanguageParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_page_words: int = Field(default=40, ge=10)
    """The page's language is judged only on main text at least this long."""
    min_part_words: int = Field(default=20, ge=5)
    """Blocks in another language are judged only when at least this long."""
    min_confidence: float = Field(default=0.95, gt=0.5, le=1)
    languages: list[str] = Field(default_factory=lambda: list(US_LANGUAGES), min_length=2)
    """Candidate languages; a short list keeps short English text from being taken for, say, Latin."""
    max_blocks: int = Field(default=80, ge=1)
    max: int = Field(default=10, ge=1)


@page_check("language-mismatch", LanguageParams)
async def language_mismatch(run: PageRun, rule: Rule, params: LanguageParams) -> list[Finding]:
    res = await run.evaluate(
        "langtext", {"min_words": params.min_part_words, "max_blocks": params.max_blocks}
    )
    # Normalised probabilities, limited to the candidate languages (the model loads once per process).
    ident = await asyncio.to_thread(identifier, tuple(params.languages), norm_probs=True)
    out: list[Finding] = []
    page_lang = _primary(res["page_lang"])
    words = len(res["text"].split())
    page_detected = None
    if page_lang and words >= params.min_page_words:
        lang, prob = ident.classify(res["text"])
        page_detected = lang
        if lang != page_lang and prob >= params.min_confidence:
            out.append(
                make_finding(
                    rule,
                    f'the page declares lang="{res["page_lang"]}" but its main text reads as {lang} '
                    f"({prob:.0%} confidence, {words} words)",
                    location=Location(selector="html"),
                    data={"declared": res["page_lang"], "detected": lang, "confidence": round(prob, 3)},
                )
            )
    for block in res["blocks"]:
        declared = _primary(block["lang"])
        if not declared:
            continue  # no lang anywhere: axe-core's html-has-lang reports the page
        lang, prob = ident.classify(block["full"])
        # A page whose own text reads as another language is reported once, above.
        if lang == declared or lang == page_detected != page_lang or prob < params.min_confidence:
            continue
        out.append(
            make_finding(
                rule,
                f"this passage reads as {lang} ({prob:.0%} confidence) but inherits lang=\"{block['lang']}\": "
                f'mark it with lang="{lang}"',
                block,
                data={"declared": block["lang"], "detected": lang, "confidence": round(prob, 3)},
            )
        )
        if len(out) >= params.max:
            break
    return out
