"""Every DOM rule is documented, exemplified, tagged with its profiles and loads cleanly."""

from __future__ import annotations

import pytest

from cxlint.dom.checks.base import is_loopback_host
from cxlint.dom.kinds import DOM_KINDS
from cxlint.registry import RULES_DIR, Registry, Rule, load_registry

WCAG20_AA = {
    "1.1.1",
    "1.2.1",
    "1.2.2",
    "1.2.3",
    "1.2.4",
    "1.2.5",
    "1.3.1",
    "1.3.2",
    "1.3.3",
    "1.4.1",
    "1.4.2",
    "1.4.3",
    "1.4.4",
    "1.4.5",
    "2.1.1",
    "2.1.2",
    "2.2.1",
    "2.2.2",
    "2.3.1",
    "2.4.1",
    "2.4.2",
    "2.4.3",
    "2.4.4",
    "2.4.5",
    "2.4.6",
    "2.4.7",
    "3.1.1",
    "3.1.2",
    "3.2.1",
    "3.2.2",
    "3.2.3",
    "3.2.4",
    "3.3.1",
    "3.3.2",
    "3.3.3",
    "3.3.4",
    "4.1.1",
    "4.1.2",
}
WCAG21_AA = {
    "1.3.4",
    "1.3.5",
    "1.4.10",
    "1.4.11",
    "1.4.12",
    "1.4.13",
    "2.1.4",
    "2.5.1",
    "2.5.2",
    "2.5.3",
    "2.5.4",
    "4.1.3",
}
WCAG22_AA = {"2.4.11", "2.5.7", "2.5.8", "3.2.6", "3.3.7", "3.3.8"}
STATUSES = {"law", "omb-memo", "standard", "pending", "draft", "research", "guidance", "heuristic"}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry([RULES_DIR / "federal", RULES_DIR / "accessibility"])


def _dom_rules(registry: Registry) -> list[Rule]:
    return [r for r in registry.rules.values() if r.spec.kind in DOM_KINDS]


def test_all_dom_rule_files_load(registry: Registry) -> None:
    assert [str(e) for e in registry.errors] == []
    files = {p.name for d in ("federal", "accessibility") for p in (RULES_DIR / d).glob("*[0-9]-*.yaml")}
    loaded = {r.path.name for r in _dom_rules(registry)}
    assert files == loaded


def test_every_rule_has_examples_both_ways(registry: Registry) -> None:
    for r in _dom_rules(registry):
        assert r.spec.examples.passing and r.spec.examples.failing, r.code


def test_codes_match_category_and_file_names(registry: Registry) -> None:
    for r in _dom_rules(registry):
        prefix = "FED" if r.spec.category == "federal" else "A11Y"
        assert r.code.startswith(prefix), r.code
        assert r.path.name == f"{r.code}-{r.spec.name}.yaml"
        assert r.spec.status in STATUSES, r.code


def test_profile_tags_follow_the_wcag_version(registry: Registry) -> None:
    for r in _dom_rules(registry):
        tags = set(r.spec.tags)
        if r.spec.category == "federal":
            assert "federal" in tags, r.code
            continue
        scs = set(r.spec.wcag)
        if scs & WCAG20_AA:
            assert {"section508", "wcag20aa", "wcag21aa", "wcag22aa"} <= tags, r.code
        elif scs & WCAG21_AA:
            assert {"wcag21aa", "wcag22aa"} <= tags and "section508" not in tags, r.code
        elif scs & WCAG22_AA:
            assert "wcag22aa" in tags and not tags & {"section508", "wcag20aa", "wcag21aa"}, r.code
        else:
            assert not tags & {"section508", "wcag20aa", "wcag21aa", "wcag22aa"}, r.code


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8000/", True),
        ("http://127.8.9.1/", True),
        ("http://localhost/", True),
        ("http://app.localhost:3000/x", True),
        ("http://[::1]:8080/", True),
        ("http://0.0.0.0/", True),
        ("https://www.example.gov/", False),
        ("http://10.0.0.5/", False),
        ("https://localhost.example.gov/", False),
    ],
)
def test_loopback_hosts(url: str, loopback: bool) -> None:
    assert is_loopback_host(url) is loopback
