"""Once-per-origin HTTP checks: robots.txt, sitemap.xml and what a missing page answers."""

from __future__ import annotations

import gzip
import uuid
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from playwright.async_api import Error as PlaywrightError
from protego import Protego
from pydantic import BaseModel, ConfigDict, Field

from cxlint.dom.checks.base import NoParams, origin_check
from cxlint.dom.findings import make_finding
from cxlint.model import Finding, Location, Outcome
from cxlint.registry import Rule

if TYPE_CHECKING:
    from playwright.async_api import APIRequestContext

TIMEOUT_MS = 10_000


async def _get(request: APIRequestContext, url: str) -> tuple[int, bytes, dict[str, str]]:
    resp = await request.get(url, timeout=TIMEOUT_MS, fail_on_status_code=False, max_redirects=5)
    try:
        return resp.status, await resp.body(), {k.lower(): v for k, v in resp.headers.items()}
    finally:
        await resp.dispose()


def _loc(url: str) -> Location:
    return Location(selector="", text=url)


class RobotsParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agents: list[str] = Field(default_factory=lambda: ["*", "Googlebot", "bingbot", "usasearch"], min_length=1)
    """usasearch is Search.gov's crawler; M-23-22 says not to limit which crawlers may index public content."""
    paths: list[str] = Field(default_factory=lambda: ["/"], min_length=1)


@origin_check("robots-txt", RobotsParams)
async def robots_txt(request: APIRequestContext, origin: str, rule: Rule, params: RobotsParams) -> list[Finding]:
    url = origin.rstrip("/") + "/robots.txt"
    status, body, _ = await _get(request, url)
    if status != 200:
        return [
            make_finding(
                rule, f"robots.txt answers HTTP {status}", location=_loc(url), data={"url": url, "status": status}
            )
        ]
    robots = Protego.parse(body.decode("utf-8", "replace"))
    out = []
    for agent in params.agents:
        blocked = [p for p in params.paths if not robots.can_fetch(origin.rstrip("/") + p, agent)]
        if blocked:
            out.append(
                make_finding(
                    rule,
                    f"robots.txt blocks {'all crawlers' if agent == '*' else agent} from {', '.join(blocked)}",
                    location=_loc(url),
                    data={"url": url, "agent": agent, "paths": blocked},
                )
            )
    return out


def _is_sitemap(body: bytes, url: str) -> bool:
    if url.endswith(".gz") or body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except OSError:
            return False
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError:
        return False
    return etree.QName(root).localname in ("urlset", "sitemapindex")


@origin_check("sitemap-xml")
async def sitemap_xml(request: APIRequestContext, origin: str, rule: Rule, params: BaseModel) -> list[Finding]:
    base = origin.rstrip("/")
    listed: list[str] = []
    status, body, _ = await _get(request, base + "/robots.txt")
    if status == 200:
        listed = list(Protego.parse(body.decode("utf-8", "replace")).sitemaps)
    url = listed[0] if listed else base + "/sitemap.xml"
    status, body, _ = await _get(request, url)
    out: list[Finding] = []
    if status != 200:
        out.append(
            make_finding(
                rule,
                f"the sitemap {url} answers HTTP {status}",
                location=_loc(url),
                data={"url": url, "status": status},
            )
        )
    elif not _is_sitemap(body, url):
        out.append(
            make_finding(
                rule,
                f"{url} is not an XML sitemap (no <urlset> or <sitemapindex>)",
                location=_loc(url),
                data={"url": url},
            )
        )
    elif not listed:
        out.append(
            make_finding(
                rule,
                "the sitemap is not listed in robots.txt (add a Sitemap: line)",
                location=_loc(url),
                data={"url": url},
                outcome=Outcome.NEEDS_REVIEW,
            )
        )
    return out


@origin_check("not-found-probe")
async def not_found_probe(request: APIRequestContext, origin: str, rule: Rule, params: BaseModel) -> list[Finding]:
    url = f"{origin.rstrip('/')}/cxlint-missing-{uuid.uuid4().hex[:12]}"
    status, _, _headers = await _get(request, url)
    if status in (404, 410):
        return []
    data: dict[str, Any] = {"url": url, "status": status}
    return [
        make_finding(rule, f"a page that does not exist answers HTTP {status}, not 404", location=_loc(url), data=data)
    ]


REDIRECT_STATUSES = (301, 302, 303, 307, 308)


@origin_check("https-redirect")
async def https_redirect(request: APIRequestContext, origin: str, rule: Rule, params: NoParams) -> list[Finding]:
    """The plain-HTTP address of the site must send people to HTTPS (M-15-13), not serve the page."""
    parts = urlsplit(origin)
    # An https origin's plain-HTTP form lives on the default port; an http origin is already it.
    http_url = f"http://{parts.hostname}/" if parts.scheme == "https" else origin.rstrip("/") + "/"
    try:
        resp = await request.get(http_url, timeout=TIMEOUT_MS, fail_on_status_code=False, max_redirects=0)
    except PlaywrightError:
        return []  # nothing listens for plain HTTP: there is no insecure page to reach
    try:
        status, location = resp.status, resp.headers.get("location", "")
    finally:
        await resp.dispose()
    target = urljoin(http_url, location) if location else ""
    if status in REDIRECT_STATUSES and target.startswith("https://"):
        return []
    why = f"redirects to {target}" if status in REDIRECT_STATUSES else f"answers HTTP {status}"
    return [
        make_finding(
            rule,
            f"{http_url} {why} instead of redirecting to HTTPS",
            location=_loc(http_url),
            data={"url": http_url, "status": status, "location": target},
        )
    ]
