"""The site checks keep one copy of a fact every page repeats (the menu, the footer), not one per page."""

from __future__ import annotations

from cxlint.dom.site import SiteAccumulator
from cxlint.engines import load_rules
from cxlint.model import PageResult


def page(n: int) -> PageResult:
    navs = [{"label": "Main", "region": "banner", "links": [{"name": f"Section {j}", "href": f"/s{j}/"} for j in range(12)]}]
    return PageResult(url=f"https://x.gov/p{n}", final_url=f"https://x.gov/p{n}",
                      metrics={"facts": {"title": f"Page {n}", "navs": navs}})


def test_repeated_facts_are_kept_once_and_unique_ones_per_page() -> None:
    rules = [r for r in load_rules().rules.values() if r.spec.kind == "site-check"]
    acc = SiteAccumulator(rules)
    for n in range(3):
        acc.add(page(n))
    kept = [p.metrics["facts"] for p in acc._pages]
    assert kept[0]["navs"] is kept[1]["navs"] is kept[2]["navs"]
    assert [k["title"] for k in kept] == ["Page 0", "Page 1", "Page 2"]
    assert kept[0]["navs"] == page(0).metrics["facts"]["navs"]
