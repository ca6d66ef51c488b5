"""Turning what the user typed into URLs: web addresses, local files and build folders.

A local file is served from its *site root*, not from its own folder, so that
root-relative references (``/css/site.css``, ``/js/app.js``, ``<iframe
src="/widgets/x.html">``) load as they do on the deployed site; served from the
file's folder they would 404 and every check of the page would judge a page
nobody sees. The site root is ``--root DIR`` when given, else found by
``find_site_root``. A resource that still fails to load is reported on the page
(CX008, ``cxlint.resources``), so a wrong guess is visible, never silent.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cxlint.config import Plan
from cxlint.crawl.embedded import embedded_only
from cxlint.serve import LocalSite, index_file


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


def find_site_root(folder: Path) -> Path:
    """The folder a local page's site is served from.

    The nearest folder, from ``folder`` up, that has an index page; then up
    again while the parent has one too, because a built site usually gives
    each section its own index (``build/docs/index.html`` under
    ``build/index.html``) and root-relative URLs always mean the top of that
    chain. Without any index page above, the folder itself (as before). The
    climb never reaches the home folder or the file system's root, which would
    put the user's files on the server the scanned page's scripts can read.
    """
    folder = folder.resolve()
    # Never the home folder or above it: everything under the root is served for the page's scripts to read.
    home = Path.home().resolve()
    candidates = [d for d in (folder, *folder.parents) if d != home and d not in home.parents]
    start = next((i for i, d in enumerate(candidates) if index_file(d) is not None), None)
    if start is None:
        return folder
    root = candidates[start]
    for parent in candidates[start + 1 :]:
        if index_file(parent) is None:
            break
        root = parent
    return root


def _serve(root: Path, out: Targets, stack: ExitStack) -> LocalSite:
    """The server for ``root`` (or for a folder above it already served), stopped when ``stack`` closes.

    Targets of one site share one server, so their links resolve to each other.
    """
    site = next((s for s in out.sites if root.is_relative_to(s.root)), None)
    if site is None:
        site = LocalSite(root).start()
        stack.callback(site.stop)
        out.sites.append(site)
    return site


def _root_for(path: Path, item: str, root: Path | None) -> Path:
    if root is None:
        return path if path.is_dir() else find_site_root(path.parent)
    if not path.resolve().is_relative_to(root):
        raise TargetError(f"'{item}': not inside the site root '{root}' (--root)")
    return root


def resolve(raw: list[str], stack: ExitStack, root: Path | None = None) -> Targets:
    """Resolve targets; local folders/files are served on 127.0.0.1 until ``stack`` closes.

    ``root`` (``--root DIR``) is the folder local targets are served from; each
    must lie inside it. Without it a folder is its own site and a file is served
    from ``find_site_root``. A folder's pages are all its HTML files except those
    only ever shown inside another page's ``<iframe>`` (``embedded_only``).
    """
    out = Targets()
    file_count = 0
    if root is not None:
        root = root.expanduser().resolve()
        if not root.is_dir():
            raise TargetError(f"--root '{root}': no such folder")
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
            site = _serve(_root_for(path.resolve(), item, root), out, stack)
            files = site.html_files(path)
            if not files:
                raise TargetError(f"'{item}': the folder has no .html files to scan")
            urls = {f: site.url_for(f) for f in files}
            hidden = embedded_only(urls)
            out.urls.extend(sorted(u for f, u in urls.items() if f not in hidden))
        elif path.suffix.lower() in (".html", ".htm", ".xhtml"):
            site = _serve(_root_for(path, item, root), out, stack)
            out.urls.append(site.url_for(path))
            file_count += 1
        else:
            raise TargetError(f"'{item}': not an HTML file, a folder, or an http(s) URL")
    out.files_only = bool(raw) and file_count == len(raw)
    # Keep the order the user gave, scan each URL once.
    out.urls = list(dict.fromkeys(out.urls))
    return out


def plan_targets(
    plan: Plan, stack: ExitStack, resumed: list[str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """The plan's targets as start URLs, plus each served folder's origin → its path as the user sees it.

    Local files and folders are served on 127.0.0.1 until ``stack`` closes. A
    plan whose every target is one local file means "check this page", not
    "crawl the folder it sits in", so following links is switched off. Report
    paths (SARIF, JUnit) are relative to where cxlint runs, as a repository
    checkout is; a served folder outside it keeps site-relative paths rather
    than climbing out with "../".
    """
    if plan.page.storage_state is not None and not Path(plan.page.storage_state).is_file():
        raise TargetError(f"--storage-state '{plan.page.storage_state}': no such file")
    if not plan.targets and not plan.crawl.sitemaps:
        raise TargetError("give a URL, a file or a folder to scan (or set 'targets' in cxlint.toml, or --resume)")
    resolved = resolve(list(plan.targets), stack, root=Path(plan.root) if plan.root else None)
    if resumed is not None:
        _check_same_address(resolved.sites, resumed)
    if resolved.files_only:
        plan.crawl.follow = False
        plan.crawl.auto_sitemaps = False
    sites = {s.origin: rel for s in resolved.sites if not (rel := os.path.relpath(s.root)).startswith("..")}
    return resolved.urls, sites


def _check_same_address(sites: list[LocalSite], resumed: list[str]) -> None:
    """A resumed scan's queued pages carry the address its folders were served at: they must be again.

    A folder keeps its port from run to run (``serve.preferred_port``), so this fails only when
    another program holds that port now, or the folder moved; its pages would all be refused.
    """
    before = {f"{p.scheme}://{p.netloc}" for p in map(urlsplit, resumed)}
    for site in sites:
        if site.origin not in before:
            raise TargetError(
                f"cannot resume: '{site.root}' is served at {site.origin} now, not where the scan began "
                f"({', '.join(sorted(before))}); free that port (or move the folder back) and resume again"
            )
