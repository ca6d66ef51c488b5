"""How a page is named in a report: its URL, or for a local scan its path in the served folder.

A local scan serves the user's folder on ``http://127.0.0.1:<random port>``;
that address is dead once the scan ends, so reports show ``/apply/step-1.html``
instead, and SARIF names the file in the repository (``build/apply/step-1.html``)
so code scanning can annotate it.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from cxlint.crawl.urls import is_loopback


def origin_of(url: str) -> str:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}".lower()


class SitePaths:
    """Display names and repository paths of page URLs."""

    def __init__(self, roots: dict[str, str] | None = None) -> None:
        self.roots = {origin_of(k): v.strip("/") for k, v in (roots or {}).items()}

    def display(self, url: str) -> str:
        """A loopback URL becomes its site path (with the query); any other URL stays as it is."""
        if not url or not is_loopback(url):
            return url
        p = urlsplit(url)
        return (p.path or "/") + (f"?{p.query}" if p.query else "")

    def site_label(self, url: str) -> str:
        """How a start URL is named in a headline: its host, or for a local scan the folder served."""
        if not url:
            return ""
        if not is_loopback(url):
            return urlsplit(url).netloc or url
        root = self.roots.get(origin_of(url), "")
        return f"{root}/ (local)" if root else f"{self.display(url)} (local)"

    def artifact(self, url: str) -> str:
        """SARIF ``artifactLocation.uri``: a repository-relative file for local scans, else the URL."""
        if not url or not is_loopback(url):
            return url
        path = unquote(urlsplit(url).path or "/")
        if path.endswith("/"):
            path += "index.html"
        root = self.roots.get(origin_of(url), "")
        rel = path.lstrip("/")
        return f"{root}/{rel}" if root else rel
