from __future__ import annotations

import asyncio
import gzip

import pytest

from cxlint.crawl.fetch import FetchResult
from cxlint.crawl.sitemap import SitemapError, gunzip_if_needed, parse_sitemap, read_sitemaps
from tests.unit.crawl.fakes import FakeFetch

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*locs: str) -> bytes:
    return (
        f"<?xml version='1.0'?><urlset {NS}>{''.join(f'<url><loc> {u} </loc></url>' for u in locs)}</urlset>".encode()
    )


def index(*locs: str) -> bytes:
    items = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in locs)
    return f"<sitemapindex {NS}>{items}</sitemapindex>".encode()


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_parse_urlset_and_index() -> None:
    assert parse_sitemap(urlset("https://x.gov/a", "https://x.gov/b?x=1&amp;y=2")) == (
        "urlset",
        ["https://x.gov/a", "https://x.gov/b?x=1&y=2"],
    )
    assert parse_sitemap(index("https://x.gov/s1.xml")) == ("sitemapindex", ["https://x.gov/s1.xml"])


def test_parse_text_sitemap() -> None:
    assert parse_sitemap(b"\xef\xbb\xbfhttps://x.gov/a\n# c\nhttps://x.gov/b\n") == (
        "text",
        ["https://x.gov/a", "https://x.gov/b"],
    )


def test_entities_are_never_expanded() -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y "expanded">]>'
        b"<urlset " + NS.encode() + b"><url><loc>https://x.gov/&x;</loc></url><url><loc>https://x.gov/&y;</loc></url>"
        b"</urlset>"
    )
    kind, locs = parse_sitemap(hostile)
    assert kind == "urlset"
    assert all("root:" not in u and "expanded" not in u for u in locs)


@pytest.mark.parametrize("bad", [b"<urlset><url>", b"<html><body>hi</body></html>", b"", b"just words"])
def test_malformed_raises_sitemap_error(bad: bytes) -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(bad)


def test_gzip_detected_by_magic_and_capped() -> None:
    assert gunzip_if_needed(gzip.compress(b"hello")) == b"hello"
    assert gunzip_if_needed(b"plain") == b"plain"
    with pytest.raises(SitemapError):
        gunzip_if_needed(gzip.compress(b"a" * 10_000), max_bytes=1000)
    with pytest.raises(SitemapError):
        gunzip_if_needed(b"\x1f\x8bnot really gzip")


def test_read_recursive_index_with_gzip_child_without_gz_name() -> None:
    fetch = FakeFetch(
        {
            "https://x.gov/index.xml": index("https://x.gov/a.xml", "https://x.gov/b", "https://x.gov/index.xml"),
            "https://x.gov/a.xml": urlset("https://x.gov/1", "https://x.gov/2"),
            "https://x.gov/b": gzip.compress(urlset("https://x.gov/2", "https://x.gov/3")),
        }
    )
    res = run(read_sitemaps(fetch, ["https://x.gov/index.xml"]))
    assert res.urls == ["https://x.gov/1", "https://x.gov/2", "https://x.gov/3"]
    assert res.errors == []
    assert fetch.calls.count("https://x.gov/index.xml") == 1  # the self-reference is not a loop


def test_errors_are_recorded_not_raised() -> None:
    fetch = FakeFetch(
        {
            "https://x.gov/index.xml": index(
                "https://x.gov/broken.xml", "https://x.gov/gone.xml", "https://x.gov/ok.xml"
            ),
            "https://x.gov/broken.xml": b"<urlset><url><loc>",
            "https://x.gov/gone.xml": 500,
            "https://x.gov/ok.xml": urlset("https://x.gov/ok"),
            "https://x.gov/timeout.xml": FetchResult(0, error="timeout"),
        }
    )
    res = run(read_sitemaps(fetch, ["https://x.gov/index.xml", "https://x.gov/timeout.xml"]))
    assert res.urls == ["https://x.gov/ok"]
    errs = dict(res.errors)
    assert errs["https://x.gov/broken.xml"].startswith("malformed XML")
    assert errs["https://x.gov/gone.xml"] == "HTTP 500"
    assert errs["https://x.gov/timeout.xml"] == "timeout"


def test_optional_guess_that_is_missing_is_not_an_error() -> None:
    fetch = FakeFetch(
        {"https://x.gov/soft": FetchResult(200, b"<html><p>nope</p></html>", {"content-type": "text/html"})}
    )
    res = run(
        read_sitemaps(
            fetch,
            ["https://x.gov/sitemap.xml", "https://x.gov/soft"],
            optional={"https://x.gov/sitemap.xml", "https://x.gov/soft"},
        )
    )
    assert res.errors == [] and res.urls == []


def test_caps_on_urls_and_depth() -> None:
    many = urlset(*[f"https://x.gov/{i}" for i in range(100)])
    res = run(read_sitemaps(FakeFetch({"https://x.gov/s.xml": many}), ["https://x.gov/s.xml"], max_urls=10))
    assert len(res.urls) == 10 and res.truncated
    chain = {f"https://x.gov/{i}.xml": index(f"https://x.gov/{i + 1}.xml") for i in range(10)}
    res = run(read_sitemaps(FakeFetch(chain), ["https://x.gov/0.xml"], max_depth=3))
    assert res.truncated
    assert any("deeper than 3" in e for _, e in res.errors)
