"""The cross-page consistency rules (A11Y401-403) over hand-built page facts, no browser.

The facts have the shape ``js/facts.js`` stores: ``navs`` (navigation landmarks and their links),
``chrome`` (links and buttons of the page header and footer, in order) and ``search_forms``.
"""

from __future__ import annotations

from typing import Any

import pytest

from cxlint.dom.checks.site import _href_key, _moved, _SiteOrder
from cxlint.dom.site import check_site
from cxlint.model import Finding, Outcome, PageResult, PageStatus
from cxlint.registry import RULES_DIR, Registry, Rule, load_registry

SITE = "https://www.example.gov"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry([RULES_DIR / "accessibility"])


def rule(registry: Registry, code: str) -> Rule:
    return registry.rules[code]


def link(name: str, href: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "href": href, "tag": "a", "current": False, "selector": f"a[href='{href}']", **extra}


def nav(links: list[dict[str, Any]], label: str = "Main", region: str = "banner") -> dict[str, Any]:
    return {"label": label, "region": region, "selector": "nav", "links": links}


def page(path: str, status: PageStatus = PageStatus.SCANNED, **facts: Any) -> PageResult:
    return PageResult(
        url=SITE + path, final_url=SITE + path, status=status, metrics={"facts": {"title": path, **facts}}
    )


def menu(*names: str) -> list[dict[str, Any]]:
    return [link(n, "/" + n.lower().replace(" ", "-")) for n in names]


def run(registry: Registry, code: str, pages: list[PageResult]) -> list[Finding]:
    found = check_site(pages, [rule(registry, code)])
    assert not [f for f in found if f.data.get("check_error")], [f.message for f in found]
    return found


# --- helpers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "key"),
    [
        ("/about/index.html", f"{SITE}/about/"),
        ("HTTPS://WWW.Example.gov/contact", f"{SITE}/contact"),
        ("#main", "#main"),
        ("/here#main", "#main"),
        ("/faq#fees", f"{SITE}/faq#fees"),
        ("tel:+1 (800) 555-0142", "tel:8005550142"),
        ("tel:800.555.0142", "tel:8005550142"),
        ("mailto:Help@Example.gov?subject=Hi", "mailto:help@example.gov"),
        ("", ""),
    ],
)
def test_destinations_are_spelled_one_way(href: str, key: str) -> None:
    assert _href_key(f"{SITE}/here", href) == key


def test_site_order_needs_two_pages_and_breaks_ties_by_first_url() -> None:
    order = _SiteOrder({"b": ["x", "y"], "a": ["y", "x"], "c": ["y", "z"]})
    assert order.precedes("y", "x") is True  # 1-1 tie: page "a" sorts first
    assert order.precedes("y", "z") is None  # seen together on one page only
    assert order.inversions(["x", "y"]) == [("x", "y")]


def test_moved_picks_the_displaced_item_not_its_neighbours() -> None:
    order = _SiteOrder({"1": list("abcd"), "2": list("abcd"), "3": list("dabc")})
    assert _moved(order.inversions(list("dabc"))) == ["d"]


# --- A11Y401 consistent-navigation -------------------------------------------------------------


def test_reordered_navigation_is_flagged_on_the_odd_page_only(registry: Registry) -> None:
    pages = [
        page("/", navs=[nav(menu("Home", "Apply", "News", "Contact us"))]),
        page("/apply", navs=[nav(menu("Home", "Apply", "News", "Contact us"))]),
        page("/news", navs=[nav(menu("Contact us", "Home", "Apply", "News"))]),
    ]
    [f] = run(registry, "A11Y401", pages)
    assert f.rule == "A11Y401" and f.outcome is Outcome.VIOLATION
    assert f.data["urls"] == [f"{SITE}/news", f"{SITE}/", f"{SITE}/apply"]
    assert f.data["moved"] == ["Contact us"]
    assert f.location.text == "Contact us"
    assert 'navigation "Main"' in f.message


def test_added_missing_and_current_links_do_not_count(registry: Registry) -> None:
    current = [link("Home", "/"), link("Apply", "/apply", current=True), link("Contact us", "/contact-us")]
    pages = [
        page("/", navs=[nav(menu("Home", "Apply", "Contact us"))]),
        page("/apply", navs=[nav(current)]),
        page("/news", navs=[nav(menu("Home", "News", "Contact us"))]),
        page("/faq", navs=[nav(menu("Home"))]),
    ]
    assert run(registry, "A11Y401", pages) == []


def test_navigations_are_matched_by_label(registry: Registry) -> None:
    # The breadcrumb lists different pages in a different order: it is not the main menu.
    pages = [
        page("/a", navs=[nav(menu("Home", "Apply")), nav(menu("Apply", "Home"), label="Breadcrumb", region="")]),
        page("/b", navs=[nav(menu("Home", "Apply")), nav(menu("Apply"), label="Breadcrumb", region="")]),
    ]
    assert run(registry, "A11Y401", pages) == []
    pages[1] = page("/b", navs=[nav(menu("Apply", "Home")), nav(menu("Apply"), label="Breadcrumb", region="")])
    [f] = run(registry, "A11Y401", pages)
    assert f.data["urls"][0] == f"{SITE}/b"


def test_failed_pages_and_single_pages_set_no_order(registry: Registry) -> None:
    pages = [
        page("/", navs=[nav(menu("Home", "Apply"))]),
        page("/x", status=PageStatus.FAILED, navs=[nav(menu("Apply", "Home"))]),
    ]
    assert run(registry, "A11Y401", pages) == []


def test_findings_do_not_depend_on_crawl_order(registry: Registry) -> None:
    pages = [
        page("/", navs=[nav(menu("Home", "Apply", "News"))]),
        page("/b", navs=[nav(menu("News", "Home", "Apply"))]),
        page("/c", navs=[nav(menu("Home", "Apply", "News"))]),
        page("/d", navs=[nav(menu("Apply", "Home", "News"))]),
    ]
    forward = [(f.message, f.data["urls"]) for f in run(registry, "A11Y401", pages)]
    backward = [(f.message, f.data["urls"]) for f in run(registry, "A11Y401", pages[::-1])]
    assert forward == backward
    assert [urls[0] for _, urls in forward] == [f"{SITE}/b", f"{SITE}/d"]


# --- A11Y402 consistent-help -------------------------------------------------------------------


def chrome(*items: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [link(name, href, region=region) for region, name, href in items]


def test_help_moved_to_another_region_is_flagged(registry: Registry) -> None:
    footer = ("contentinfo", "Contact us", "/contact")
    pages = [
        page("/", chrome=chrome(("banner", "Home", "/"), footer)),
        page("/a", chrome=chrome(("banner", "Home", "/"), footer)),
        page("/b", chrome=chrome(("banner", "Home", "/"), ("banner", "Contact us", "/contact"))),
    ]
    [f] = run(registry, "A11Y402", pages)
    assert f.data["urls"][0] == f"{SITE}/b"
    assert "in the header on this page but in the footer" in f.message


def test_help_moved_past_other_links_is_flagged(registry: Registry) -> None:
    phone = ("contentinfo", "1-800-555-0142", "tel:+18005550142")
    about, privacy = ("contentinfo", "About", "/about"), ("contentinfo", "Privacy", "/privacy")
    pages = [
        page("/", chrome=chrome(about, privacy, phone)),
        page("/a", chrome=chrome(about, privacy, phone)),
        page("/b", chrome=chrome(about, phone, privacy)),
    ]
    [f] = run(registry, "A11Y402", pages)
    assert f.data["urls"][0] == f"{SITE}/b" and f.data["anchor"] == "Privacy"
    assert f.data["help"] == "phone:tel:8005550142"


def test_help_on_some_pages_only_or_reworded_is_consistent(registry: Registry) -> None:
    about = ("contentinfo", "About", "/about")
    pages = [
        page("/", chrome=chrome(about, ("contentinfo", "1-800-555-0142", "tel:+18005550142"))),
        page("/a", chrome=chrome(about, ("contentinfo", "Call us: 800 555 0142", "tel:800-555-0142"))),
        page("/b", chrome=chrome(about)),
        page("/c", chrome=chrome(("contentinfo", "Call 1-800-555-0142", "tel:18005550142"))),
    ]
    assert run(registry, "A11Y402", pages) == []


# --- A11Y403 consistent-identification ---------------------------------------------------------


def test_same_destination_named_differently_needs_review(registry: Registry) -> None:
    pages = [
        page("/", chrome=chrome(("contentinfo", "Contact us", "/contact"))),
        page("/a", chrome=chrome(("contentinfo", "Contact Us.", "/contact"))),
        page("/b", chrome=chrome(("contentinfo", "Get help", "/contact"))),
    ]
    [f] = run(registry, "A11Y403", pages)
    assert f.outcome is Outcome.NEEDS_REVIEW
    assert f.data["urls"] == [f"{SITE}/b"]
    assert f.data["names"]["Get help"] == [f"{SITE}/b"]
    assert '"Get help" on 1 page but "Contact us" on 2' in f.message


def test_second_names_and_current_page_links_are_not_inconsistent(registry: Registry) -> None:
    logo, home = ("banner", "Agency name", "/"), ("banner", "Home", "/")
    current = link("Contact us (current page)", "/contact", region="banner", current=True)
    pages = [
        page("/", chrome=chrome(logo, home, ("banner", "Contact us", "/contact"))),
        page("/a", chrome=chrome(logo, ("banner", "Contact us", "/contact"))),
        page("/contact", chrome=[*chrome(logo, home), current]),
    ]
    assert run(registry, "A11Y403", pages) == []


def test_search_button_named_differently(registry: Registry) -> None:
    def form(button: str) -> dict[str, Any]:
        return {"action": "/search", "region": "banner", "button": button, "field": "Search", "selector": "form"}

    pages = [page("/", search_forms=[form("Search")]), page("/a", search_forms=[form("Go")])]
    [f] = run(registry, "A11Y403", pages)
    assert f.data["component"] == "search button" and f.data["urls"] == [f"{SITE}/a"]
