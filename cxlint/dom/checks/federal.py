"""Federal website standards that need more than a selector: banner, transport, metadata, USWDS."""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cxlint.dom.checks.base import NotApplicable, PageRun, hits_to_findings, page_check
from cxlint.dom.findings import make_finding
from cxlint.model import Finding, Location, Outcome
from cxlint.registry import Rule

BANNER_TEXTS = [
    "An official website of the United States government",
    "Un sitio oficial del Gobierno de Estados Unidos",
]
BANNER_ACTIONS = ["Here's how you know", "Así es como usted puede verificarlo"]


class BannerParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    texts: list[str] = Field(default_factory=lambda: list(BANNER_TEXTS), min_length=1)
    actions: list[str] = Field(default_factory=lambda: list(BANNER_ACTIONS), min_length=1)


@page_check("federal-banner", BannerParams)
async def federal_banner(run: PageRun, rule: Rule, params: BannerParams) -> list[Finding]:
    res = await run.evaluate("banner", {"texts": params.texts, "actions": params.actions})
    page = Location(selector="html")
    if not res.get("found"):
        return [
            make_finding(rule, f'no federal banner: the text "{params.texts[0]}" is not on the page', location=page)
        ]
    banner = res["banner"]
    out: list[Finding] = []
    if not res.get("visible"):
        out.append(make_finding(rule, "the federal banner text is present but not visible", banner))
    if not res.get("has_flag"):
        out.append(
            make_finding(rule, "the federal banner has no U.S. flag image", banner, outcome=Outcome.NEEDS_REVIEW)
        )
    if not res.get("has_disclosure"):
        out.append(make_finding(rule, f'the federal banner has no "{params.actions[0]}" disclosure control', banner))
    elif not res.get("reveals"):
        out.append(
            make_finding(
                rule, 'the "Here\'s how you know" disclosure does not explain .gov and HTTPS', res["disclosure"]
            )
        )
    before = res.get("before")
    if before:
        out.append(
            make_finding(
                rule,
                "the federal banner is not the first thing on the page",
                banner,
                data={"first_visible_content": before.get("selector"), "text": before.get("text", "")},
            )
        )
    return out


def _page_location() -> Location:
    return Location(selector="html")


@page_check("https")
async def https(run: PageRun, rule: Rule, params: BaseModel) -> list[Finding]:
    url = run.effective_url()
    scheme = urlsplit(url).scheme.lower()
    if scheme == "https":
        return []
    return [
        make_finding(
            rule,
            f"the page is served over {scheme or 'an unknown scheme'}, not HTTPS",
            location=_page_location(),
            data={"url": url},
        )
    ]


class HstsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_max_age: int = Field(default=31536000, ge=0)
    """One year, the https.cio.gov guidance for M-15-13."""


_MAX_AGE = re.compile(r"max-age\s*=\s*\"?(\d+)", re.I)


@page_check("hsts", HstsParams)
async def hsts(run: PageRun, rule: Rule, params: HstsParams) -> list[Finding]:
    header = (run.ctx.headers or {}).get("strict-transport-security", "")
    loc = _page_location()
    if urlsplit(run.ctx.final_url or run.ctx.url).scheme == "http" and not run.ctx.production_url:
        return [make_finding(rule, "served over HTTP, where browsers ignore Strict-Transport-Security", location=loc)]
    if not header:
        return [make_finding(rule, "no Strict-Transport-Security header on the response", location=loc)]
    m = _MAX_AGE.search(header)
    age = int(m.group(1)) if m else None
    if age is None or age < params.min_max_age:
        return [
            make_finding(
                rule,
                f"Strict-Transport-Security max-age is {age if age is not None else 'missing'}, "
                f"below {params.min_max_age} seconds",
                location=loc,
                data={"header": header[:200]},
            )
        ]
    return []


class DomainParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    suffixes: list[str] = Field(default_factory=lambda: [".gov", ".mil"], min_length=1)


@page_check("dotgov-domain", DomainParams)
async def dotgov_domain(run: PageRun, rule: Rule, params: DomainParams) -> list[Finding]:
    host = (urlsplit(run.effective_url()).hostname or "").lower().rstrip(".")
    if any(host.endswith(s.lower()) for s in params.suffixes):
        return []
    return [
        make_finding(
            rule,
            f"the host {host or '(none)'} is not on a {' or '.join(params.suffixes)} domain",
            location=_page_location(),
            data={"host": host},
        )
    ]


class LengthParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_length: int = Field(ge=1)


@page_check("page-title", LengthParams)
async def page_title(run: PageRun, rule: Rule, params: LengthParams) -> list[Finding]:
    title = run.facts.get("title")
    if "error" in run.facts:
        raise RuntimeError(run.facts["error"])
    loc = Location(selector="head > title", text=title or "")
    if not title:
        return [make_finding(rule, "the page has no title", location=loc)]
    if len(title) < params.min_length:
        return [
            make_finding(
                rule,
                f"the title is {len(title)} characters, shorter than {params.min_length}",
                location=loc,
                data={"length": len(title)},
            )
        ]
    return []


@page_check("meta-description", LengthParams)
async def meta_description(run: PageRun, rule: Rule, params: LengthParams) -> list[Finding]:
    if "error" in run.facts:
        raise RuntimeError(run.facts["error"])
    desc = run.facts.get("description")
    loc = Location(selector='head > meta[name="description"]', text=desc or "")
    if desc is None:
        return [make_finding(rule, "the page has no meta description", location=Location(selector="head"))]
    if len(desc) < params.min_length:
        return [
            make_finding(
                rule,
                f"the meta description is {len(desc)} characters, shorter than {params.min_length}",
                location=loc,
                data={"length": len(desc)},
            )
        ]
    return []


class InterstitialParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_share: float = Field(default=0.3, gt=0, le=1)
    """A fixed element covering at least this share of the viewport counts as an overlay."""


@page_check("interstitial", InterstitialParams)
async def interstitial(run: PageRun, rule: Rule, params: InterstitialParams) -> list[Finding]:
    hits = await run.evaluate("interstitial", {"min_share": params.min_share})
    return hits_to_findings(
        rule,
        hits,
        lambda h: (
            f"a {h['data']['kind']} covers {int(h['data']['viewport_share'] * 100)}% of the "
            "viewport on load, before any user action"
        ),
    )


class UswdsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    min_major: int = Field(default=3, ge=1)
    """Versions below this major are reported (USWDS 3 is current as of 2025)."""
    fetch_stylesheets: int = Field(default=4, ge=0, le=20)
    fetch_budget_s: float = Field(default=3.0, gt=0, le=30)


VERSION = re.compile(r"uswds(?:[\s-]*@?version)?[\s@/_-]*v?(\d+)\.(\d+)(?:\.(\d+))?", re.I)


def _version_in(text: str) -> str | None:
    m = VERSION.search(text)
    if not m:
        return None
    return ".".join(g for g in m.groups() if g is not None)


async def _fetch_css(run: PageRun, urls: list[str], budget: float) -> str:
    async def one(url: str) -> str:
        try:
            resp = await run.page.request.get(url, timeout=budget * 1000)
            return (await resp.text())[:500_000] if resp.ok else ""
        except Exception:
            return ""

    try:
        texts = await asyncio.wait_for(asyncio.gather(*(one(u) for u in urls)), budget)
    except TimeoutError:
        return ""
    return "\n".join(texts)


@page_check("uswds-version", UswdsParams)
async def uswds_version(run: PageRun, rule: Rule, params: UswdsParams) -> list[Finding]:
    res: dict[str, Any] = await run.evaluate("uswds")
    version = _version_in(res.get("inline_css", "")) or next(
        (v for v in (_version_in(u) for u in res.get("scripts", []) + res.get("stylesheets", [])) if v), None
    )
    css_uswds = False
    if version is None and params.fetch_stylesheets:
        same_origin = [u for u in res.get("stylesheets", []) if u.startswith(res.get("origin", "\x00"))]
        css = await _fetch_css(run, same_origin[: params.fetch_stylesheets], params.fetch_budget_s)
        version = _version_in(css)
        css_uswds = "uswds" in css.lower() or ".usa-" in css
    detected = bool(
        version or res.get("banner_element") or res.get("usa_classes", 0) >= 5 or res.get("uswds_in_html") or css_uswds
    )
    run.facts["uswds"] = {"detected": detected, "version": version, "usa_classes": res.get("usa_classes", 0)}
    if version is None:
        if not detected:
            raise NotApplicable("USWDS not detected on the page")
        return []
    major = int(version.split(".")[0])
    if major >= params.min_major:
        return []
    return [
        make_finding(
            rule,
            f"USWDS {version} is older than major version {params.min_major}",
            location=Location(selector="html", text=version),
            data={"version": version},
        )
    ]


class StatementParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    page_pattern: str = r"accessib|section[-_ ]?508"
    """Pattern on the URL path, title or h1 that marks the page as the accessibility statement."""
    standard: str = r"\bWCAG\s*2(\.[0-2])?\b|Web Content Accessibility Guidelines|Section 508"
    contact: str = r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\(?\b\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}\b|mailto:|/contact"
    report: str = (
        r"(report|tell us|let us know|feedback|contact us)[^.]{0,120}"
        r"(problem|issue|barrier|difficult|trouble|accessib)|(problem|issue|barrier|difficult|trouble)"
        r"[^.]{0,120}(contact|e-?mail|report|let us know|call|form)"
    )


_STATEMENT_TEXT = """() => {
  const links = Array.from(document.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')).join(' ');
  return { text: (document.body ? document.body.innerText : '').slice(0, 200000), links: links.slice(0, 50000) };
}"""


@page_check("accessibility-statement", StatementParams)
async def accessibility_statement(run: PageRun, rule: Rule, params: StatementParams) -> list[Finding]:
    marker = re.compile(params.page_pattern, re.I)
    path = urlsplit(run.ctx.final_url or run.ctx.url).path
    title, h1 = run.facts.get("title") or "", run.facts.get("h1") or ""
    if not (
        marker.search(path)
        or (marker.search(h1) and re.search(r"statement|accessib", h1, re.I))
        or re.search(r"accessibility statement", title, re.I)
    ):
        raise NotApplicable("not an accessibility statement page")
    res = await run.evaluate_js(_STATEMENT_TEXT)
    text, links = res.get("text", ""), res.get("links", "")
    loc = Location(selector="body")
    out = []
    if not re.search(params.standard, text, re.I):
        out.append(
            make_finding(
                rule,
                "the accessibility statement does not name the standard it follows (WCAG 2.x or Section 508)",
                location=loc,
                data={"missing": "standard"},
            )
        )
    if not re.search(params.contact, text + " " + links, re.I):
        out.append(
            make_finding(
                rule,
                "the accessibility statement gives no contact (email, phone or contact page)",
                location=loc,
                data={"missing": "contact"},
            )
        )
    if not re.search(params.report, text, re.I):
        out.append(
            make_finding(
                rule,
                "the accessibility statement does not say how to report an accessibility problem",
                location=loc,
                data={"missing": "report"},
            )
        )
    return out


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


class ContentDateParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    trigger: str = r"\b(news|press|announcements?|blog|updates)\b"
    """Pages whose URL path or h1 matches this need a date (case-insensitive)."""
    article_element: bool = True
    """A visible <article> element also marks a page that needs a date."""
    visible: str = (
        r"\b(published|updated|reviewed|last (?:updated|reviewed|modified)|posted|released|date)\b[:\s]*(?:on\s+)?"
        rf"(?:(?:{_MONTHS}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)\s+\d{{1,2}},?\s+\d{{4}}"
        r"|\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})"
    )
    """A visible date indicator: a keyword, then a date (FWS prefers "Updated January 5, 2025")."""
    header: bool = True
    """An HTTP Last-Modified header counts (M-23-22 names it)."""

    @field_validator("trigger", "visible")
    @classmethod
    def _regex(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as e:
            raise ValueError(f"not a valid regular expression: {e}") from None
        return v


@page_check("content-date", ContentDateParams)
async def content_date(run: PageRun, rule: Rule, params: ContentDateParams) -> list[Finding]:
    res = await run.evaluate("contentdate", {"visible": params.visible})
    trigger = re.compile(params.trigger, re.I)
    path = urlsplit(run.ctx.final_url or run.ctx.url).path.replace("-", " ").replace("_", " ")
    why = (
        "its URL"
        if trigger.search(path)
        else "its h1"
        if trigger.search(res["h1"])
        else "its <article> element"
        if params.article_element and res["article"]
        else None
    )
    if why is None:
        raise NotApplicable("not a news, press, blog or announcement page")
    if res["visible"] or res["meta"] or (params.header and run.ctx.headers.get("last-modified")):
        return []
    return [
        make_finding(
            rule,
            f"this page needs a date ({why} marks it as news or an announcement) but shows no "
            '"Published/Updated/Reviewed <Month D, YYYY>" and has no Last-Modified header or modified-date meta tag',
            location=Location(selector="html"),
            data={"trigger": why, "h1": res["h1"][:120]},
        )
    ]
