"""Resolving what the user typed into URLs, and serving local folders on loopback."""

from __future__ import annotations

from contextlib import ExitStack
from urllib.request import urlopen

import pytest

from cxlint.targets import TargetError, resolve


def test_folder_is_served_and_every_html_file_listed(tmp_path):
    (tmp_path / "index.html").write_text("<title>x</title>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.htm").write_text("<title>y</title>")
    (tmp_path / "notes.txt").write_text("not a page")
    with ExitStack() as stack:
        t = resolve([str(tmp_path)], stack)
        assert [u.rsplit("/", 2)[-2:] for u in t.urls] == [[t.sites[0].origin.rsplit("/", 1)[1], "index.html"], ["sub", "page.htm"]]
        assert t.urls[0].startswith("http://127.0.0.1:")
        assert urlopen(t.urls[0]).read() == b"<title>x</title>"
        assert not t.files_only  # a folder is crawled, not checked file by file


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
