"""The scans a results store remembers: listing them by site, and pruning old ones.

A team asks "did this site get better?" long after the reports of old runs are
gone, so every scan's counts and plain-language score are read from the store:
from the summary kept in the scan's meta when it finished, or, for a scan still
running or one written before summaries existed, from the store's small
``findings`` and ``pages`` rows (never from the pages' full JSON).

A scan's site is the local folder it served (from the run plan's ``targets``
stored with the scan), else its start URL (``host[:port]/path``, no scheme):
scans of a built folder run on a fresh loopback port each time, so the folder
is what a person recognises.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cxlint.store import ScanInfo, Store

__all__ = ["PruneReport", "ScanRow", "list_history", "matches_site", "prune", "scan_site", "start_urls"]

RUNNING = "running"


@dataclass
class ScanRow:
    """One line of ``cxlint history``."""

    id: str
    started: str
    finished: str | None
    status: str
    site: str
    start_urls: list[str]
    pages: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    """Violations by severity and needs-review items, as in a results file's summary."""
    plain_language_score: float | None = None
    categories: dict[str, int] = field(default_factory=dict)
    """Every finding by category (accessibility, plain-language, federal, scan)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PruneReport:
    deleted: list[ScanRow] = field(default_factory=list)
    kept: list[ScanRow] = field(default_factory=list)
    running: list[ScanRow] = field(default_factory=list)
    """Older than the newest N but still running: never deleted."""


def start_urls(info: ScanInfo) -> list[str]:
    """The URLs a scan started from (its sitemaps when it had none)."""
    crawl = info.config.get("crawl")
    crawl = crawl if isinstance(crawl, dict) else {}
    urls = crawl.get("start_urls") or info.config.get("start_urls") or crawl.get("sitemaps") or []
    return [str(u) for u in urls] if isinstance(urls, list) else []


def _targets(info: ScanInfo) -> list[str]:
    """What the user asked to scan (URLs, files, folders): the stored run plan's ``targets``."""
    plan = info.config.get("plan")
    targets = plan.get("targets") if isinstance(plan, dict) else None
    return [t for t in targets if isinstance(t, str)] if isinstance(targets, list) else []


def _local_targets(info: ScanInfo) -> list[str]:
    return [t for t in _targets(info) if "://" not in t]


def _without_scheme(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return f"{host}{parts.path or '/'}"


def scan_site(info: ScanInfo) -> str:
    """What a person calls the scanned site: a served folder first, else the first start URL (no scheme)."""
    targets = _targets(info)
    if targets:
        local = _local_targets(info)
        first = local[0] if local else _without_scheme(targets[0])
        more = len(targets) - 1
    else:
        urls = start_urls(info)
        first = _without_scheme(urls[0]) if urls else "?"
        more = len(urls) - 1
    return f"{first} (+{more})" if more > 0 else first


def _parse_site(site: str) -> tuple[str, int | None, str]:
    parts = urlsplit(site if "://" in site else f"//{site}")
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port, parts.path or "/"


def _path_within(path: str, prefix: str) -> bool:
    return path.startswith(prefix) or path == prefix.rstrip("/")


def _matches_url(info: ScanInfo, site: str) -> bool:
    host, port, path = _parse_site(site)
    for url in start_urls(info):
        parts = urlsplit(url)
        try:
            url_port = parts.port
        except ValueError:
            url_port = None
        url_host = (parts.hostname or "").lower()
        if url_host != host and not url_host.endswith("." + host):
            continue
        if port is not None and url_port != port:
            continue
        if _path_within(parts.path or "/", path):
            return True
    return False


def _matches_folder(info: ScanInfo, folder: Path) -> bool:
    """A relative target is read from the current folder, where CI runs both the scan and ``history``."""
    for target in _local_targets(info):
        path = Path(target).expanduser().resolve()
        if path == folder or path.is_relative_to(folder):
            return True
    return False


def matches_site(info: ScanInfo, site: str) -> bool:
    """Whether a scan belongs to SITE: a host[:port][/path] prefix of a start URL, or a local folder.

    A host matches its subdomains too (``example.gov`` covers ``www.example.gov``). Without a
    port SITE matches every port, because local folders are served on a fresh one each run;
    a scheme in SITE is ignored (the same site over http and https). An existing
    local path also matches the scans that served it or a file in it.
    """
    if os.path.exists(site) and _matches_folder(info, Path(site).resolve()):
        return True
    return _matches_url(info, site)


def _row(store: Store, info: ScanInfo) -> ScanRow:
    status = str(info.meta.get("status") or "unknown")
    summary = info.meta.get("summary")
    if status == RUNNING or not isinstance(summary, dict):
        summary = store.scan_summary(info.id)
    findings = summary.get("findings") or {}
    return ScanRow(
        id=info.id,
        started=info.started,
        finished=info.finished,
        status=status,
        site=scan_site(info),
        start_urls=start_urls(info),
        pages={k: int(v) for k, v in (summary.get("pages") or {}).items()},
        findings={k: int(findings.get(k, 0)) for k in ("error", "warning", "info", "needs-review")},
        plain_language_score=summary.get("plain_language_score"),
        categories={k: int(v) for k, v in (summary.get("category") or {}).items()},
    )


def _scans(store: Store, site: str | None) -> list[ScanInfo]:
    scans = store.list_scans()
    return [s for s in scans if site is None or matches_site(s, site)]


def list_history(store: Store, site: str | None = None, limit: int | None = None) -> list[ScanRow]:
    """Scans newest first, of SITE only when given, at most ``limit`` of them."""
    scans = _scans(store, site)
    if limit is not None:
        scans = scans[:limit]
    return [_row(store, s) for s in scans]


def prune(store: Store, keep: int, site: str | None = None) -> PruneReport:
    """Delete all but the newest ``keep`` scans (of SITE only when given); running scans stay.

    A running scan older than the newest ``keep`` is reported, not deleted: its crawl may
    still be writing, or may be continued with ``--resume``.
    """
    if keep < 0:
        raise ValueError("keep must be 0 or more")
    report = PruneReport()
    for index, info in enumerate(_scans(store, site)):
        row = _row(store, info)
        if index < keep:
            report.kept.append(row)
        elif row.status == RUNNING:
            report.running.append(row)
        else:
            store.delete_scan(info.id)  # and the re-scan cache entries that scan owned
            report.deleted.append(row)
    store.drop_unowned_cache()
    if report.deleted:
        store.vacuum()
    return report
