"""Turning what the user typed into URLs: web addresses, local files and build folders."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cxlint.serve import LocalSite


class TargetError(ValueError):
    """A target that cannot be scanned at all (usage error, exit 2)."""


@dataclass
class Targets:
    urls: list[str] = field(default_factory=list)
    sites: list[LocalSite] = field(default_factory=list)
    files_only: bool = False
    """True when every target is a single local file: scan just those, do not crawl their folder."""


def _looks_like_url(text: str) -> bool:
    return "://" in text


def resolve(raw: list[str], stack: ExitStack) -> Targets:
    """Resolve targets; local folders/files are served on 127.0.0.1 until ``stack`` closes."""
    out = Targets()
    file_count = 0
    for item in raw:
        if _looks_like_url(item):
            parts = urlsplit(item)
            if parts.scheme not in ("http", "https"):
                raise TargetError(f"'{item}': only http:// and https:// URLs can be scanned")
            if not parts.hostname:
                raise TargetError(f"'{item}': the URL has no host")
            out.urls.append(item)
            continue
        path = Path(item).expanduser()
        if not path.exists():
            if "." in item and "/" not in item and not item.endswith((".html", ".htm")):
                raise TargetError(f"'{item}': no such file or folder (did you mean https://{item}/ ?)")
            raise TargetError(f"'{item}': no such file or folder")
        if path.is_dir():
            site = LocalSite(path).start()
            stack.callback(site.stop)
            out.sites.append(site)
            pages = site.html_pages()
            if not pages:
                raise TargetError(f"'{item}': the folder has no .html files to scan")
            out.urls.extend(pages)
        elif path.suffix.lower() in (".html", ".htm", ".xhtml"):
            # Files from one folder share one server, so their links resolve to each other.
            site = next((s for s in out.sites if path.resolve().is_relative_to(s.root)), None)
            if site is None:
                site = LocalSite(path.parent).start()
                stack.callback(site.stop)
                out.sites.append(site)
            out.urls.append(site.url_for(path))
            file_count += 1
        else:
            raise TargetError(f"'{item}': not an HTML file, a folder, or an http(s) URL")
    out.files_only = bool(raw) and file_count == len(raw)
    # Keep the order the user gave, scan each URL once.
    out.urls = list(dict.fromkeys(out.urls))
    return out
