from __future__ import annotations

import pytest

from cxlint.crawl.guard import RedirectGuard
from cxlint.crawl.scope import Scope, compile_pattern
from cxlint.crawl.states import CrawlConfigError, Reason


@pytest.mark.parametrize(
    ("pattern", "url", "hit"),
    [
        ("/private/", "https://x.gov/private/a/b.html", True),
        ("/private/", "https://x.gov/privateer", False),
        ("/forms/*", "https://x.gov/forms/1040", True),
        ("/forms/*", "https://x.gov/forms/1040/print", False),
        ("/forms/**", "https://x.gov/forms/1040/print", True),
        ("*.aspx", "https://x.gov/a/b/c.aspx", True),
        ("*.aspx", "https://x.gov/a/b/c.aspx.html", False),
        ("/search?q=*", "https://x.gov/search?q=tax", True),
        ("/search?q=*", "https://x.gov/searchXq=tax", False),
        ("https://x.gov/es/**", "https://x.gov/es/a", True),
        ("https://x.gov/es/**", "https://y.gov/es/a", False),
        ("re:/forms/\\d+$", "https://x.gov/forms/941", True),
        ("re:/forms/\\d+$", "https://x.gov/forms/941/x", False),
        ("re:^https://x\\.gov/news", "https://x.gov/news/1", True),
    ],
)
def test_patterns(pattern: str, url: str, hit: bool) -> None:
    assert compile_pattern(pattern).matches(url) is hit


@pytest.mark.parametrize("bad", ["re:(", "", "   "])
def test_bad_pattern_is_a_one_line_config_error(bad: str) -> None:
    with pytest.raises(CrawlConfigError) as err:
        compile_pattern(bad)
    assert "\n" not in str(err.value)


def test_same_origin_by_default() -> None:
    s = Scope(["https://x.gov/start"])
    assert s.check("https://x.gov/other") is None
    assert s.check("http://x.gov/other") == Reason.OUT_OF_SCOPE
    assert s.check("https://www.x.gov/") == Reason.OUT_OF_SCOPE
    assert s.check("https://x.gov:8443/") == Reason.OUT_OF_SCOPE


def test_prefix_scope_replaces_origin() -> None:
    s = Scope(["https://x.gov/"], prefixes=["https://x.gov/benefits/", "https://y.gov/"])
    assert s.check("https://x.gov/benefits/a") is None
    assert s.check("https://y.gov/z") is None
    assert s.check("https://x.gov/") == Reason.OUT_OF_SCOPE


def test_include_exclude_and_start_exemption() -> None:
    s = Scope(["https://x.gov/"], include=["/benefits/"], exclude=["/benefits/old/"])
    assert s.check("https://x.gov/benefits/a") is None
    assert s.check("https://x.gov/benefits/old/a") == Reason.EXCLUDED
    assert s.check("https://x.gov/news") == Reason.NOT_INCLUDED
    assert s.check("https://x.gov/", start=True) is None
    s2 = Scope(["https://x.gov/"], exclude=["/"])
    assert s2.check("https://x.gov/", start=True) == Reason.EXCLUDED


def test_max_depth() -> None:
    s = Scope(["https://x.gov/"], max_depth=2)
    assert s.check("https://x.gov/a", 2) is None
    assert s.check("https://x.gov/a", 3) == Reason.MAX_DEPTH
    with pytest.raises(CrawlConfigError):
        Scope(["https://x.gov/"], max_depth=-1)


def test_bad_start_url() -> None:
    with pytest.raises(CrawlConfigError):
        Scope(["not a url"])


def test_redirect_guard_compares_scheme_host_and_port() -> None:
    allowed = RedirectGuard(["http://127.0.0.1:8000/"]).allowed
    assert allowed("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/b")
    assert not allowed("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/admin")  # same host, another site
    assert not allowed("http://127.0.0.1:8000/a", "https://127.0.0.1:8000/a")
    assert not allowed("http://127.0.0.1:8000/a", "http://localhost:8000/a")
    assert allowed("http://127.0.0.1:8000/", "https://www.example.gov/")  # a start URL may land elsewhere
    assert not allowed("http://127.0.0.1:8000/a", "not a url")


def test_redirect_guard_follows_into_a_prefix_scope() -> None:
    allowed = RedirectGuard(["https://a.gov/start"], scope=["https://b.gov/docs/"]).allowed
    assert allowed("https://a.gov/x", "https://b.gov/docs/page")
    assert not allowed("https://a.gov/x", "https://b.gov/other")
