from __future__ import annotations

import pytest

from cxlint.crawl.identity import index_twins
from cxlint.crawl.urls import (
    InvalidURL,
    LinkKind,
    classify,
    is_home_url,
    normalize_url,
    origin,
    partition_links,
    resolve,
)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("HTTP://Example.GOV", "http://example.gov/"),
        ("https://example.gov:443/a", "https://example.gov/a"),
        ("http://example.gov:80/a", "http://example.gov/a"),
        ("http://example.gov:8080/a", "http://example.gov:8080/a"),
        ("https://x.gov/a#frag", "https://x.gov/a"),
        ("https://x.gov/a?b=2&a=1", "https://x.gov/a?a=1&b=2"),
        (
            "https://x.gov/a?utm_source=x&utm_Medium=y&fbclid=1&gclid=2&msclkid=3&mc_cid=4&mc_eid=5&_ga=6",
            "https://x.gov/a",
        ),
        ("https://x.gov/a?id=7&UTM_SOURCE=x", "https://x.gov/a?id=7"),
        ("https://x.gov/a?", "https://x.gov/a"),
        ("https://x.gov/%7Euser/%7e", "https://x.gov/~user/~"),
        ("https://x.gov/a%2fb", "https://x.gov/a%2Fb"),
        ("https://x.gov/a b", "https://x.gov/a%20b"),
        ("https://x.gov/caf\u00e9", "https://x.gov/caf%C3%A9"),
        ("https://x.gov/a/./b/../c", "https://x.gov/a/c"),
        ("https://x.gov/Forms/A", "https://x.gov/Forms/A"),
        ("https://x.gov/s?q=a%2bb", "https://x.gov/s?q=a%2Bb"),
        ("https://x.gov/s?q=a+b", "https://x.gov/s?q=a+b"),
        ("https://x.gov/s?a=2&a=1", "https://x.gov/s?a=2&a=1"),
        ("https://user:secret@x.gov/", "https://x.gov/"),
        ("https://X.gov./", "https://x.gov/"),
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
        ("  https://x.gov/a  ", "https://x.gov/a"),
    ],
)
def test_normalize(raw: str, want: str) -> None:
    assert normalize_url(raw) == want


def test_normalize_is_idempotent() -> None:
    for raw in ["https://x.gov/a b?z=1&y=%7e#f", "http://X.gov:80/./q/../r?utm_x=1"]:
        once = normalize_url(raw)
        assert normalize_url(once) == once


@pytest.mark.parametrize("bad", ["mailto:a@x.gov", "/relative", "ftp://x.gov/", "http://", "https://x.gov:99999/", ""])
def test_invalid(bad: str) -> None:
    with pytest.raises(InvalidURL):
        normalize_url(bad)


def test_resolve_uses_base_href() -> None:
    assert resolve("b.html", "https://x.gov/dir/page.html") == "https://x.gov/dir/b.html"
    assert resolve("b.html", "https://x.gov/dir/page.html", "/other/") == "https://x.gov/other/b.html"
    assert resolve("../b.html", "https://x.gov/d/e/p.html", "https://x.gov/base/sub/") == "https://x.gov/base/b.html"


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://x.gov/report.PDF", LinkKind.DOCUMENT),
        ("https://x.gov/a.docx?dl=1", LinkKind.DOCUMENT),
        ("https://x.gov/photo.jpeg", LinkKind.DOCUMENT),
        ("https://x.gov/clip.mp4", LinkKind.DOCUMENT),
        ("https://x.gov/data.csv", LinkKind.DOCUMENT),
        ("https://x.gov/page.html", LinkKind.PAGE),
        ("https://x.gov/forms/", LinkKind.PAGE),
        ("https://x.gov/v1.2/about", LinkKind.PAGE),
        ("mailto:a@x.gov", LinkKind.OTHER),
        ("tel:+1800", LinkKind.OTHER),
        ("javascript:void(0)", LinkKind.OTHER),
        ("data:text/html,hi", LinkKind.OTHER),
    ],
)
def test_classify(url: str, kind: LinkKind) -> None:
    assert classify(url) is kind


def test_partition_links_dedupes_on_normalised_url() -> None:
    got = partition_links(
        ["/a#x", "/a", "a?utm_source=z", "/r.pdf", "mailto:h@x.gov", "tel:1", "", "  "],
        "https://x.gov/",
    )
    assert got == {
        "pages": ["https://x.gov/a"],
        "documents": ["https://x.gov/r.pdf"],
        "other": ["mailto:h@x.gov", "tel:1"],
    }


def test_origin() -> None:
    assert origin("https://x.gov:8443/a?b") == "https://x.gov:8443"


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://www.agency.gov/", True),
        ("https://www.agency.gov", True),
        ("https://www.agency.gov/index.html", True),
        ("https://www.agency.gov/?lang=es", True),
        ("http://127.0.0.1:8000/", True),
        # A start URL deep in the site is where the crawl begins, not the agency's home page.
        ("https://www.agency.gov/forms/renew.html", False),
        ("https://www.agency.gov/about/", False),
        ("https://www.agency.gov/about/index.html", False),
        ("not a url", False),
    ],
)
def test_is_home_url_is_the_site_root(url: str, home: bool) -> None:
    assert is_home_url(url) is home


@pytest.mark.parametrize(
    ("url", "twins"),
    [
        ("https://x.gov/", ["https://x.gov/index.html", "https://x.gov/index.htm"]),
        ("https://x.gov/docs/?a=1", ["https://x.gov/docs/index.html?a=1", "https://x.gov/docs/index.htm?a=1"]),
        ("https://x.gov/docs/index.html", ["https://x.gov/docs/"]),
        ("https://x.gov/index.htm", ["https://x.gov/"]),
        ("https://x.gov/docs/guide.html", []),
        ("https://x.gov/docs", []),
    ],
)
def test_index_twins_are_the_other_spellings_of_a_folder_page(url: str, twins: list[str]) -> None:
    assert index_twins(url) == twins
