"""Which local files are parts of a page (shown only in an iframe) rather than pages of their own."""

from __future__ import annotations

from pathlib import Path

from cxlint.crawl.embedded import embedded_only, references

ORIGIN = "http://127.0.0.1:8000"


def test_references_resolve_against_base_href_and_normalise():
    html = (
        b'<base href="/forms/"><a href="renew.html#top">Renew</a><area href="/map.html?b=2&a=1">'
        b'<iframe src="calc.html"></iframe><frame src="https://other.example/x"><a href="mailto:x@y.gov">Mail</a>'
    )
    links, frames = references(html, ORIGIN + "/index.html")
    assert links == {ORIGIN + "/forms/renew.html", ORIGIN + "/map.html?a=1&b=2"}
    assert frames == {ORIGIN + "/forms/calc.html", "https://other.example/x"}


def test_unparseable_or_empty_documents_have_no_references():
    assert references(b"", ORIGIN + "/") == (set(), set())
    assert references(b"\x00\x01", ORIGIN + "/") == (set(), set())


def test_framed_and_never_linked_is_embedded(tmp_path: Path):
    files = {
        tmp_path / "index.html": ORIGIN + "/",
        tmp_path / "calc.html": ORIGIN + "/calc.html",
        tmp_path / "video.html": ORIGIN + "/video.html",
        tmp_path / "maps" / "index.html": ORIGIN + "/maps/",
        tmp_path / "orphan.html": ORIGIN + "/orphan.html",
    }
    (tmp_path / "maps").mkdir()
    (tmp_path / "index.html").write_text(
        '<iframe src="calc.html"></iframe><iframe src="video.html"></iframe><iframe src="maps/index.html"></iframe>'
    )
    (tmp_path / "calc.html").write_text("<p>calc</p>")
    (tmp_path / "video.html").write_text("<p>video</p>")
    (tmp_path / "maps" / "index.html").write_text("<p>map</p>")
    (tmp_path / "orphan.html").write_text('<a href="/video.html">Video</a>')
    # maps/index.html is framed as /maps/index.html and served as /maps/: one file, both spellings.
    assert embedded_only(files) == {tmp_path / "calc.html", tmp_path / "maps" / "index.html"}
