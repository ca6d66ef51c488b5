"""Resolving what the user typed into URLs, and serving local folders on loopback."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener, urlopen

import pytest

from cxlint.targets import TargetError, find_site_root, resolve


def test_folder_is_served_and_every_html_file_listed(tmp_path):
    (tmp_path / "index.html").write_text("<title>x</title>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.htm").write_text("<title>y</title>")
    (tmp_path / "notes.txt").write_text("not a page")
    with ExitStack() as stack:
        t = resolve([str(tmp_path)], stack)
        origin = t.sites[0].origin
        assert t.urls == [origin + "/", origin + "/sub/page.htm"]  # the index file is the folder's URL
        assert t.urls[0].startswith("http://127.0.0.1:")
        assert urlopen(t.urls[0]).read() == b"<title>x</title>"
        assert not t.files_only  # a folder is crawled, not checked file by file


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _status_and_location(url: str) -> tuple[int, str]:
    try:
        with build_opener(_NoRedirect).open(Request(url)) as resp:
            return resp.status, ""
    except HTTPError as err:
        return err.code, err.headers.get("Location", "")


def test_index_file_spelled_out_redirects_to_its_folder(tmp_path):
    """One page, one address: /index.html and / are the same file, so the server says so."""
    (tmp_path / "index.html").write_text("home")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.html").write_text("docs")
    (tmp_path / "docs" / "guide.html").write_text("guide")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.htm").write_text("old")
    with ExitStack() as stack:
        t = resolve([str(tmp_path)], stack)
        o = t.sites[0].origin
        assert t.urls == [o + "/", o + "/docs/", o + "/docs/guide.html", o + "/old/"]
        assert _status_and_location(o + "/index.html") == (301, "/")
        assert _status_and_location(o + "/docs/index.html?a=1") == (301, "/docs/?a=1")
        assert _status_and_location(o + "/old/index.htm") == (301, "/old/")
        assert _status_and_location(o + "/docs/guide.html") == (200, "")
        assert urlopen(o + "/docs/").read() == b"docs"


def _site(tmp_path: Path) -> Path:
    """build/ with an index, a section with its own index, a folder without one, and a stylesheet at the root."""
    build = tmp_path / "build"
    for folder in ("css", "docs/faq", "forms"):
        (build / folder).mkdir(parents=True)
    (build / "index.html").write_text("<title>home</title>")
    (build / "css" / "site.css").write_text("body { color: black }")
    (build / "docs" / "index.html").write_text("<title>docs</title>")
    (build / "docs" / "faq" / "q.html").write_text('<link rel="stylesheet" href="/css/site.css">')
    (build / "forms" / "renew.html").write_text('<link rel="stylesheet" href="/css/site.css">')
    return build


def test_site_root_is_the_top_of_the_chain_of_folders_with_an_index(tmp_path):
    build = _site(tmp_path)
    assert find_site_root(build / "forms") == build.resolve()  # no index here: the nearest folder with one
    assert find_site_root(build / "docs" / "faq") == build.resolve()  # docs/ has an index, and so does build/
    assert find_site_root(build) == build.resolve()
    loose = tmp_path / "loose"
    loose.mkdir()
    assert find_site_root(loose) == loose.resolve()  # no index anywhere above: the folder itself


def test_a_file_in_a_subfolder_is_served_from_its_site_root(tmp_path):
    """Root-relative /css/site.css must load, as it does on the deployed site."""
    build = _site(tmp_path)
    with ExitStack() as stack:
        t = resolve([str(build / "forms" / "renew.html"), str(build / "docs" / "faq" / "q.html")], stack)
        [site] = t.sites
        assert site.root == build.resolve()
        assert t.urls == [site.origin + "/forms/renew.html", site.origin + "/docs/faq/q.html"]
        assert urlopen(site.origin + "/css/site.css").read() == b"body { color: black }"
        assert t.files_only


def test_root_option_serves_targets_from_that_folder(tmp_path):
    build = _site(tmp_path)
    with ExitStack() as stack:
        t = resolve([str(build / "docs")], stack, root=build)
        [site] = t.sites
        assert site.root == build.resolve()
        assert t.urls == [site.origin + "/docs/", site.origin + "/docs/faq/q.html"]  # only the folder given
    outside = tmp_path / "elsewhere.html"
    outside.write_text("x")
    with ExitStack() as stack, pytest.raises(TargetError, match="not inside the site root"):
        resolve([str(outside)], stack, root=build)
    with ExitStack() as stack, pytest.raises(TargetError, match="no such folder"):
        resolve([str(outside)], stack, root=tmp_path / "missing")


def test_a_document_only_shown_in_an_iframe_is_not_a_page_of_the_folder(tmp_path):
    (tmp_path / "index.html").write_text(
        '<iframe src="widgets/calc.html"></iframe><iframe src="/maps/index.html"></iframe>'
        '<iframe src="video.html"></iframe><a href="/video.html">Watch the video on its own page</a>'
    )
    (tmp_path / "widgets").mkdir()
    (tmp_path / "widgets" / "calc.html").write_text("<input>")
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "index.html").write_text("<p>map</p>")
    (tmp_path / "video.html").write_text("<video></video>")
    (tmp_path / "empty.html").write_text("")
    with ExitStack() as stack:
        t = resolve([str(tmp_path)], stack)
        o = t.sites[0].origin
        # calc.html and maps/ are framed and linked nowhere; video.html is framed *and* linked, so it is a page.
        assert t.urls == [o + "/", o + "/empty.html", o + "/video.html"]


def test_files_from_one_folder_share_one_server(tmp_path):
    (tmp_path / "a.html").write_text("a")
    (tmp_path / "b.html").write_text("b")
    with ExitStack() as stack:
        t = resolve([str(tmp_path / "a.html"), str(tmp_path / "b.html")], stack)
        assert len(t.sites) == 1 and len(t.urls) == 2
        assert t.files_only


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("ftp://x.gov/", "only http:// and https:// URLs"),
        ("http://", "the URL has no host"),
        ("www.example.gov", "did you mean https://www.example.gov/"),
        ("missing-folder", "no such file or folder"),
    ],
)
def test_bad_targets_give_one_clear_error(raw, message):
    with ExitStack() as stack, pytest.raises(TargetError, match=message.replace("?", r"\?")):
        resolve([raw], stack)


def test_non_html_file_is_refused(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    with ExitStack() as stack, pytest.raises(TargetError, match="not an HTML file"):
        resolve([str(tmp_path / "x.pdf")], stack)


def test_the_climb_never_serves_the_home_folder(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "downloads").mkdir(parents=True)
    (home / "index.html").write_text("a personal start page")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    assert find_site_root(home / "downloads") == (home / "downloads").resolve()
