"""Cross-page checks over the facts each page stored: pure functions, no browser."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from pydantic import BaseModel

from cxlint.dom.checks.base import site_check
from cxlint.dom.findings import make_finding
from cxlint.model import Finding, Location, PageResult, PageStatus
from cxlint.registry import Rule


def _facts(page: PageResult) -> dict[str, Any]:
    facts = page.metrics.get("facts") if isinstance(page.metrics, dict) else None
    return facts if isinstance(facts, dict) else {}


def _scanned(pages: list[PageResult]) -> list[PageResult]:
    return [p for p in pages if p.status is PageStatus.SCANNED and _facts(p)]


def _duplicates(pages: list[PageResult], key: str) -> list[tuple[str, list[str]]]:
    groups: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    for p in _scanned(pages):
        value = _facts(p).get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        k = " ".join(value.lower().split())
        groups[k].append(p.final_url or p.url)
        shown.setdefault(k, value)
    return [(shown[k], sorted(set(urls))) for k, urls in groups.items() if len(set(urls)) > 1]


@site_check("duplicate-title")
def duplicate_title(pages: list[PageResult], rule: Rule, params: BaseModel) -> list[Finding]:
    return [
        make_finding(
            rule,
            f'{len(urls)} pages share the title "{title[:100]}"',
            location=Location(selector="head > title", text=title[:200]),
            data={"urls": urls, "title": title},
        )
        for title, urls in _duplicates(pages, "title")
    ]


@site_check("duplicate-description")
def duplicate_description(pages: list[PageResult], rule: Rule, params: BaseModel) -> list[Finding]:
    return [
        make_finding(
            rule,
            f'{len(urls)} pages share the meta description "{desc[:100]}"',
            location=Location(selector='head > meta[name="description"]', text=desc[:200]),
            data={"urls": urls, "description": desc},
        )
        for desc, urls in _duplicates(pages, "description")
    ]


# --- Consistency across pages (WCAG 3.2.3, 3.2.4, 3.2.6) --------------------------------------
#
# These compare what the same component looks like on different pages. Every judgement is
# against the site's own majority, never against a fixed template: the pages themselves say
# what "consistent" means. Ties (two pages, two orders) are broken by the page whose URL sorts
# first, usually the home page, so the same site always yields the same findings.

Item = tuple[str, str]
"""A link as the site shows it: (normalised accessible name, normalised destination)."""

_EDGE_PUNCT = " \t\n.,:;!?-–—|·•»«›‹>()[]"


def _name_key(name: object) -> str:
    """Names that differ only in case, spacing or trailing punctuation identify the same thing."""
    return " ".join(str(name or "").casefold().split()).strip(_EDGE_PUNCT)


def _href_key(page_url: str, href: object) -> str:
    """One spelling per destination: absolute, host lower-cased, ``/index.html`` as ``/``.

    A fragment pointing into the page itself becomes ``#id``, so "skip to content" on two
    pages is the same link; tel: numbers keep only their digits.
    """
    raw = str(href or "").strip()
    if not raw:
        return ""
    low = raw.lower()
    if low.startswith("tel:"):
        digits = re.sub(r"\D", "", raw)
        return "tel:" + (digits[1:] if len(digits) == 11 and digits.startswith("1") else digits)
    if low.startswith("mailto:"):
        return "mailto:" + low[7:].split("?")[0].strip()
    url = urljoin(page_url, raw)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return url
    base = _without_fragment(url)
    if parts.fragment and base == _without_fragment(page_url):
        return "#" + parts.fragment
    return base + (f"#{parts.fragment}" if parts.fragment else "")


def _without_fragment(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/index\.html?$", "/", parts.path or "/")
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, parts.query, ""))


def _url(page: PageResult) -> str:
    return page.final_url or page.url


def _is_self_link(page: PageResult, item: dict[str, Any]) -> bool:
    """The current page's own entry may legitimately look different (aria-current, "you are here")."""
    if item.get("current"):
        return True
    href = _href_key(_url(page), item.get("href"))
    return bool(href) and href == _href_key(_url(page), _url(page))


class _SiteOrder:
    """Which of two items the site shows first, by majority of the pages that show both.

    Only pairs seen together on at least two pages have a site order: one page alone sets
    no expectation. Ties go to the order on the first page by URL.
    """

    def __init__(self, seqs: dict[str, list[Any]]) -> None:
        self.before: Counter[tuple[Any, Any]] = Counter()
        self.tiebreak: dict[frozenset[Any], tuple[Any, Any]] = {}
        for url in sorted(seqs):
            items = list(dict.fromkeys(seqs[url]))
            for i, a in enumerate(items):
                for b in items[i + 1 :]:
                    self.before[(a, b)] += 1
                    self.tiebreak.setdefault(frozenset((a, b)), (a, b))

    def precedes(self, a: Any, b: Any) -> bool | None:
        ab, ba = self.before[(a, b)], self.before[(b, a)]
        if ab + ba < 2:
            return None
        if ab != ba:
            return ab > ba
        return self.tiebreak[frozenset((a, b))] == (a, b)

    def inversions(self, seq: list[Any]) -> list[tuple[Any, Any]]:
        """Pairs this sequence shows as (a, b) although the site shows b first."""
        items = list(dict.fromkeys(seq))
        return [(a, b) for i, a in enumerate(items) for b in items[i + 1 :] if self.precedes(b, a) is True]


def _moved(inverted: list[tuple[Any, Any]]) -> list[Any]:
    """The fewest items whose removal leaves no inverted pair: what a reader sees as "moved".

    Greedy: drop the item in most inversions, ties to the later-listed item.
    """
    pairs = list(inverted)
    moved: list[Any] = []
    while pairs:
        count: Counter[Any] = Counter()
        for a, b in pairs:
            count[a] += 1
            count[b] += 1
        top = max(count.values())
        # The second element of a pair is the one listed later on this page.
        candidates = [b for _, b in pairs if count[b] == top] or [a for a, _ in pairs if count[a] == top]
        pick = candidates[0]
        moved.append(pick)
        pairs = [p for p in pairs if pick not in p]
    return moved


def _nav_key(nav: dict[str, Any], unlabelled: Counter[str]) -> str:
    """Navigation blocks are matched across pages by their label, else by place and rank."""
    label = _name_key(nav.get("label"))
    region = str(nav.get("region") or "body")
    if label:
        return f"{region}:{label}"
    unlabelled[region] += 1
    return f"{region}:#{unlabelled[region]}"


def _nav_title(nav: dict[str, Any]) -> str:
    label = str(nav.get("label") or "").strip()
    if label:
        return f'navigation "{label[:80]}"'
    return {"banner": "the header navigation", "contentinfo": "the footer navigation"}.get(
        str(nav.get("region") or ""), "the navigation"
    )


def _others(order: _SiteOrder, a: Any, b: Any, seqs: dict[str, list[Any]]) -> list[str]:
    """Pages that show b before a: the ones a flagged page disagrees with."""
    out = []
    for url, seq in seqs.items():
        items = list(dict.fromkeys(seq))
        if a in items and b in items and items.index(b) < items.index(a):
            out.append(url)
    return sorted(out)


@site_check("consistent-navigation")
def consistent_navigation(pages: list[PageResult], rule: Rule, params: BaseModel) -> list[Finding]:
    """WCAG 3.2.3: repeated navigation keeps its relative order; added or missing links are fine."""
    groups: dict[str, dict[str, tuple[dict[str, Any], list[Item]]]] = defaultdict(dict)
    names: dict[Item, str] = {}
    # Every page holds its sequence until all pages are read; pages built from one template
    # share their items and their navigation's description instead of each keeping copies.
    canon: dict[Any, Any] = {}
    for p in _scanned(pages):
        unlabelled: Counter[str] = Counter()
        for nav in _facts(p).get("navs") or []:
            if not isinstance(nav, dict):
                continue
            key = _nav_key(nav, unlabelled)
            seq: list[Item] = []
            for link in nav.get("links") or []:
                item = (_name_key(link.get("name")), _href_key(_url(p), link.get("href")))
                if item[0] and item[1]:
                    item = canon.setdefault(item, item)
                    seq.append(item)
                    names.setdefault(item, str(link.get("name")).strip())
            if seq:
                slim = {k: nav.get(k) for k in ("label", "region", "selector")}
                slim = canon.setdefault(tuple(slim.items()), slim)
                groups[key].setdefault(_url(p), (slim, seq))
    out: list[Finding] = []
    for key in sorted(groups):
        shown = groups[key]
        if len(shown) < 2:
            continue
        seqs = {url: seq for url, (_, seq) in shown.items()}
        order = _SiteOrder(seqs)
        for url in sorted(seqs):
            inverted = order.inversions(seqs[url])
            if not inverted:
                continue
            nav = shown[url][0]
            moved = _moved(inverted)
            a, b = next((x, y) for x, y in inverted if moved[0] in (x, y))
            others = _others(order, a, b, seqs)
            title = _nav_title(nav)
            out.append(
                make_finding(
                    rule,
                    f'In {title}, this page lists "{names[a]}" before "{names[b]}"; '
                    f"{len(others)} other page{'s' if len(others) != 1 else ''} list them the other way round",
                    location=Location(selector=str(nav.get("selector", "")), text=names[moved[0]][:200]),
                    data={
                        "urls": [url, *others],
                        "navigation": title,
                        "moved": [names[m] for m in moved],
                        "pairs": [[names[x], names[y]] for x, y in inverted][:20],
                    },
                )
            )
    return out


_REGION_TITLES = {
    "banner": "the header",
    "contentinfo": "the footer",
    "main": "the main content",
    "body": "the page",
    "": "the page",
}

HELP_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("chat", re.compile(r"\b(live )?chat\b", re.I)),
    ("contact", re.compile(r"\b(contact|get in touch|call us|email us|write to us)\b", re.I)),
    ("help", re.compile(r"\b(help|faqs?|frequently asked|support|questions)\b", re.I)),
]
"""What WCAG 3.2.6 counts as help: contact details, a contact page, self-help, a chat."""


def _help_kind(item: dict[str, Any]) -> str | None:
    href = str(item.get("href") or "").strip().lower()
    if href.startswith("tel:"):
        return "phone"
    if href.startswith("mailto:"):
        return "email"
    name = str(item.get("name") or "")
    return next((kind for kind, pattern in HELP_PATTERNS if pattern.search(name)), None)


def _chrome(page: PageResult) -> list[dict[str, Any]]:
    return [i for i in _facts(page).get("chrome") or [] if isinstance(i, dict) and i.get("region")]


def _chrome_item(page: PageResult, item: dict[str, Any]) -> Item:
    return (_name_key(item.get("name")), _href_key(_url(page), item.get("href")))


def _usual(per_page: dict[str, frozenset[str]]) -> frozenset[str]:
    """The value most pages have; ties go to the page whose URL sorts first."""
    counts = Counter(per_page.values())
    top = max(counts.values())
    return next(per_page[u] for u in sorted(per_page) if counts[per_page[u]] == top)


@site_check("consistent-help")
def consistent_help(pages: list[PageResult], rule: Rule, params: BaseModel) -> list[Finding]:
    """WCAG 3.2.6: a help mechanism repeated in the header or footer stays in the same place.

    "Same place" is the same region (header or footer) and the same side of every other
    link of that region the pages share; help present on some pages only is allowed.
    """
    # help key -> page -> region -> (position in the region, the item as the page has it)
    helps: dict[str, dict[str, dict[str, tuple[int, dict[str, Any]]]]] = defaultdict(lambda: defaultdict(dict))
    seqs: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for p in _scanned(pages):
        url = _url(p)
        for item in _chrome(p):
            region = str(item["region"])
            key_item = _chrome_item(p, item)
            kind = _help_kind(item)
            if kind:
                key = f"{kind}:{key_item[1] or key_item[0]}"
                if region not in helps[key][url]:
                    helps[key][url][region] = (len(seqs[url][region]), item)
                    # The help item stands for itself across pages even if its wording changes.
                    seqs[url][region].append(("help", key))
                    continue
            seqs[url][region].append(key_item)
    out: list[Finding] = []
    for key in sorted(helps):
        on = helps[key]
        if len(on) < 2:
            continue
        sets = {url: frozenset(regions) for url, regions in on.items()}
        majority = _usual(sets)
        token = ("help", key)
        for url in sorted(on):
            _, item = on[url][min(on[url])]
            name = str(item.get("name") or key)[:120]
            if not sets[url] & majority:
                here = " and ".join(_REGION_TITLES.get(r, r) for r in sorted(sets[url]))
                there = " and ".join(_REGION_TITLES.get(r, r) for r in sorted(majority))
                others = sorted(u for u, s in sets.items() if s == majority)
                out.append(
                    make_finding(
                        rule,
                        f'"{name}" is in {here} on this page but in {there} on {len(others)} other '
                        f"page{'s' if len(others) != 1 else ''}",
                        location=Location(selector=str(item.get("selector", "")), text=name),
                        data={"urls": [url, *others], "help": key, "region": sorted(sets[url])},
                    )
                )
                continue
            for region in sorted(sets[url] & majority):
                shown = {u: seqs[u][region] for u in on if region in on[u]}
                order = _SiteOrder(shown)
                bad = [(a, b) for a, b in order.inversions(shown[url]) if token in (a, b)]
                if not bad:
                    continue
                a, b = bad[0]
                anchor = b if a == token else a
                where, other_way = ("before", "after") if a == token else ("after", "before")
                others = _others(order, a, b, shown)
                item = on[url][region][1]
                anchor_name = _anchor_name(pages, url, region, anchor)
                out.append(
                    make_finding(
                        rule,
                        f'In {_REGION_TITLES.get(region, region)}, "{name}" comes {where} "{anchor_name}" on this '
                        f"page but {other_way} it on {len(others)} other page{'s' if len(others) != 1 else ''}",
                        location=Location(selector=str(item.get("selector", "")), text=name),
                        data={"urls": [url, *others], "help": key, "region": region, "anchor": anchor_name},
                    )
                )
                break
    return out


def _anchor_name(pages: list[PageResult], url: str, region: str, anchor: Any) -> str:
    """The anchor link's name as the page shows it, not its normalised key."""
    for p in pages:
        if _url(p) != url:
            continue
        for item in _chrome(p):
            if item["region"] == region and _chrome_item(p, item) == anchor:
                return str(item.get("name") or "")[:120]
    return str(anchor[0] if isinstance(anchor, tuple) else anchor)[:120]


def _context_title(context: str) -> str:
    if context.startswith("nav:"):
        return f'navigation "{context[4:]}"' if context[4:] else "the navigation"
    return _REGION_TITLES.get(context, f"the {context}")


def _display_href(href: str, page_url: str) -> str:
    parts, own = urlsplit(href), urlsplit(page_url)
    if parts.scheme in ("http", "https") and parts.netloc == own.netloc.lower():
        return urlunsplit(("", "", parts.path, parts.query, parts.fragment))
    return href


def _components(page: PageResult) -> list[tuple[tuple[str, str, str], str, dict[str, Any]]]:
    """(what the component does, where it sits, name) for the repeated links and search forms of a page."""
    url = _url(page)
    out: list[tuple[tuple[str, str, str], str, dict[str, Any]]] = []
    links = [(str(i["region"]), i) for i in _chrome(page)]
    for nav in _facts(page).get("navs") or []:
        if isinstance(nav, dict) and not nav.get("region"):
            context = "nav:" + str(nav.get("label") or "").strip()[:80]
            links += [(context, i) for i in nav.get("links") or [] if isinstance(i, dict)]
    for context, item in links:
        href = _href_key(url, item.get("href"))
        if not href or href.startswith("#") or _is_self_link(page, item):
            continue
        out.append((("link", href, context), str(item.get("name") or ""), item))
    for form in _facts(page).get("search_forms") or []:
        if not isinstance(form, dict):
            continue
        action = _href_key(url, form.get("action")) if form.get("action") else ""
        region = str(form.get("region") or "")
        out.append((("search button", action, region), str(form.get("button") or ""), form))
        out.append((("search field", action, region), str(form.get("field") or ""), form))
    return out


@site_check("consistent-identification")
def consistent_identification(pages: list[PageResult], rule: Rule, params: BaseModel) -> list[Finding]:
    """WCAG 3.2.4: the same link or search control in the same place carries the same name on every page.

    A page may add or drop a link; it is flagged only when it names the component in a way
    the site's usual naming does not, while lacking that usual name.
    """
    names: dict[tuple[str, str, str], dict[str, frozenset[str]]] = defaultdict(dict)
    shown: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    where: dict[tuple[str, str, str], dict[str, str]] = defaultdict(dict)
    canon: dict[Any, Any] = {}
    """Pages built from one template share their names and selectors instead of each keeping copies."""
    for p in _scanned(pages):
        url = _url(p)
        here: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for key, name, item in _components(p):
            k = _name_key(name)
            if not k:
                continue
            key = canon.setdefault(key, key)
            here[key].add(k)
            shown[key].setdefault(k, name.strip()[:120])
            if url not in where[key]:
                selector = str(item.get("selector", ""))
                where[key][url] = canon.setdefault(selector, selector)
        for key, found in here.items():
            found_names = frozenset(found | names[key].get(url, frozenset()))  # two URLs can end at one page
            names[key][url] = canon.setdefault(found_names, found_names)
    out: list[Finding] = []
    for key in sorted(names):
        per_page = names[key]
        if len(per_page) < 2 or len(set(per_page.values())) < 2:
            continue
        usual = _usual(per_page)
        first = sorted(per_page)
        odd = sorted(u for u, s in per_page.items() if s - usual and usual - s)
        if not odd:
            continue
        usual_pages = sorted(u for u, s in per_page.items() if s == usual)
        odd_names = sorted({n for u in odd for n in per_page[u] - usual})
        what, target, context = key
        where_text = _context_title(context)
        if what == "link":
            subject = f"Links to {_display_href(target, first[0])} in {where_text} are named"
        else:
            sends = f" (sending to {_display_href(target, first[0])})" if target else ""
            subject = f"The {what} of the search form{sends} in {where_text} is named"
        usual_text = " / ".join(f'"{shown[key][n]}"' for n in sorted(usual))
        odd_text = " / ".join(f'"{shown[key][n]}"' for n in odd_names)
        out.append(
            make_finding(
                rule,
                f"{subject} {odd_text} on {len(odd)} "
                f"page{'s' if len(odd) != 1 else ''} but {usual_text} on {len(usual_pages)}",
                location=Location(selector=where[key][odd[0]], text=target[:200]),
                data={
                    "urls": odd,
                    "component": what,
                    "target": target,
                    "context": context,
                    "names": {
                        shown[key][n]: sorted(u for u, s in per_page.items() if n in s)
                        for n in sorted(set().union(*per_page.values()))
                    },
                },
            )
        )
    return out
