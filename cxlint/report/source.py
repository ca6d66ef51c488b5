"""Where a report's run comes from: a RunResult in memory, the results store, or a results.json file.

Every source yields the same thing in the same order (every discovered URL
once, in discovery order), so a report rendered at the end of a scan, from the
store afterwards, or from the results file it wrote is byte for byte the same.

The store and the file are read as streams. A 2,000-page results.json is
tens of megabytes and several hundred megabytes as Python objects, so it is
parsed with ijson one page at a time rather than loaded.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import asdict, fields, is_dataclass
from pathlib import Path
from typing import Any

from cxlint.model import Finding, PageResult, PageStatus, RunMeta, RunResult
from cxlint.registry import Registry, load_registry
from cxlint.report.base import Scope
from cxlint.report.catalog import RuleCatalog, RuleMeta
from cxlint.report.scope import build_scope


class ReportError(RuntimeError):
    """The run to report on cannot be read: a one-line message for the CLI."""


def meta_from_dict(d: dict[str, Any]) -> RunMeta:
    """RunMeta from stored or written meta; keys this version does not know (plan, verdict) ride along."""
    known = {f.name for f in fields(RunMeta)}
    meta = RunMeta(**{k: v for k, v in d.items() if k in known})
    for k, v in d.items():
        if k not in known:
            setattr(meta, k, v)
    return meta


def _plain(value: Any) -> Any:
    """A plan or verdict may be a dataclass or a pydantic model: JSON needs plain data."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(mode="json")
    return str(value)


def meta_to_dict(meta: RunMeta) -> dict[str, Any]:
    out = {f.name: getattr(meta, f.name) for f in fields(meta)}
    for k, v in vars(meta).items():
        out.setdefault(k, v)
    return json.loads(json.dumps(out, default=_plain))


class ReportSource(ABC):
    """A run to report on. Subclasses provide ``meta``, ``iter_pages`` and ``site_findings``."""

    meta: RunMeta
    registry: Registry

    @abstractmethod
    def iter_pages(self) -> Iterator[PageResult]: ...

    @abstractmethod
    def site_findings(self) -> list[Finding]: ...

    def catalog(self) -> RuleCatalog:
        return RuleCatalog(self.registry)

    def summary(self) -> dict[str, dict[str, int]]:
        """Findings by severity (needs-review apart) and pages by status, without rendering anything.

        The reporting pass does not call this (it tallies as the pages stream past);
        it is for callers that need the counts alone, such as a verdict. Generic
        sources make a pass of their own; the store answers from SQL.
        """
        from cxlint.report.base import ReportOptions, Tally

        tally, options = Tally(), ReportOptions(fail_on="never")
        for page in self.iter_pages():
            tally.add_page(page, options)
        tally.add_site(self.site_findings(), options)
        return tally.summary()

    def scope(self) -> Scope:
        return build_scope(self.meta, self.registry)

    def close(self) -> None:  # noqa: B027 - a no-op by default: the in-memory source holds nothing
        """Release the file or database (the in-memory source has nothing to release)."""

    def __enter__(self) -> ReportSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ResultSource(ReportSource):
    """A RunResult already in memory: the end of a scan, and tests."""

    def __init__(self, result: RunResult, registry: Registry | None = None) -> None:
        self.result = result
        self.meta = result.meta
        self.registry = registry or load_registry()

    def iter_pages(self) -> Iterator[PageResult]:
        return iter(self.result.pages)

    def site_findings(self) -> list[Finding]:
        return list(self.result.site_findings)


class StoreSource(ReportSource):
    """A scan in the SQLite store, streamed page by page in the crawl's discovery order."""

    def __init__(self, store_path: Path, scan_id: str, registry: Registry | None = None) -> None:
        from cxlint.store import Store, StoreError

        if not Path(store_path).is_file():
            raise ReportError(f"no results store at {store_path} (give --store PATH)")
        try:
            self.store = Store(store_path)
        except StoreError as exc:
            raise ReportError(str(exc)) from None
        info = self.store.get_scan(scan_id) if scan_id != "latest" else self.store.latest_scan()
        if info is None:
            known = [s.id for s in self.store.list_scans()[:3]]
            self.store.close()
            hint = f" (newest: {', '.join(known)})" if known else " (the store has no scans)"
            raise ReportError(f"no scan '{scan_id}' in {store_path}{hint}")
        self.scan_id = info.id
        self.info = info
        stored = info.meta.get("report") if isinstance(info.meta.get("report"), dict) else {}
        self._site = [Finding.from_dict(f) for f in stored.get("site_findings") or []]
        self._failed = {p["url"]: p for p in stored.get("failed_pages") or [] if isinstance(p, dict)}
        if isinstance(stored.get("meta"), dict):
            self.meta = meta_from_dict(stored["meta"])
        else:
            self.meta = self._meta_from_config(info)
        self.registry = registry or load_registry()

    @staticmethod
    def _meta_from_config(info: Any) -> RunMeta:
        """An interrupted or older scan has no stored run meta: rebuild what the scan's config says."""
        crawl = info.config.get("crawl") or {}
        scan = info.config.get("scan") or {}
        return RunMeta(
            standard=str(scan.get("standard") or ""), started=info.started, finished=info.finished or "",
            start_urls=list(crawl.get("start_urls") or []), config=dict(scan), scan_id=info.id,
        )

    def iter_pages(self) -> Iterator[PageResult]:
        """Every URL once, ordered by depth then URL as the runner orders them."""
        cursor = self.store._db.execute(
            """SELECT u.url, u.state, u.reason, u.detail, u.depth, p.result
               FROM urls u LEFT JOIN pages p ON p.scan_id = u.scan_id AND p.url = u.url
               WHERE u.scan_id = ? ORDER BY u.depth, u.url""",
            (self.scan_id,),
        )
        for url, state, reason, detail, depth, raw in cursor:
            page = self._page(url, state, reason, detail, raw)
            page.depth = depth
            yield page

    def _page(self, url: str, state: str, reason: str, detail: str, raw: str | None) -> PageResult:
        if raw:
            return PageResult.from_dict(json.loads(raw))
        text = f"{reason} ({detail})" if detail else reason
        if state == "failed":
            kept = self._failed.get(url)
            if kept is not None:
                return PageResult.from_dict(kept)
            # An interrupted run saved no record: the URL is listed as failed, without the finding.
            return PageResult(url=url, status=PageStatus.FAILED, reason=text)
        if state == "skipped":
            return PageResult(url=url, status=PageStatus.SKIPPED, reason=text)
        return PageResult(url=url, status=PageStatus.SKIPPED, reason="not scanned: the scan was interrupted")

    def site_findings(self) -> list[Finding]:
        return list(self._site)

    def summary(self) -> dict[str, dict[str, int]]:
        """Counted by SQLite over the stored JSON: no page is parsed in Python."""
        findings = {"error": 0, "warning": 0, "info": 0, "needs-review": 0}
        rows = self.store._db.execute(
            """SELECT json_extract(f.value, '$.outcome'), json_extract(f.value, '$.severity'), COUNT(*)
               FROM pages p, json_each(p.result, '$.findings') f WHERE p.scan_id = ? GROUP BY 1, 2""",
            (self.scan_id,),
        ).fetchall()
        pages = {"scanned": 0, "failed": 0, "skipped": 0}
        states = self.store._db.execute(
            "SELECT state, COUNT(*) FROM urls WHERE scan_id = ? GROUP BY state", (self.scan_id,)
        ).fetchall()
        for outcome, severity, n in rows:
            findings["needs-review" if outcome == "needs-review" else severity] += n
        for kept in self._failed.values():
            for f in kept.get("findings") or []:
                findings["needs-review" if f.get("outcome") == "needs-review" else f["severity"]] += 1
        for state, n in states:
            pages[state if state in ("scanned", "failed") else "skipped"] += n
        for f in self._site:
            findings["needs-review" if f.outcome.value == "needs-review" else f.severity.value] += 1
        return {"findings": findings, "pages": pages}

    def close(self) -> None:
        self.store.close()


def _ijson() -> Any:
    import ijson

    return ijson


class JsonFileSource(ReportSource):
    """A results.json written by cxlint (schema 1.x or 2.x), parsed as a stream."""

    def __init__(self, path: Path, registry: Registry | None = None) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ReportError(f"no such results file: {path}")
        try:
            head = self._first("schema_version")
            meta = self._first("meta")
        except Exception as exc:
            raise ReportError(f"{path} is not a cxlint results file: {str(exc).splitlines()[0][:200]}") from None
        if not isinstance(meta, dict) or not isinstance(head, str):
            raise ReportError(f"{path} is not a cxlint results file (no schema_version or meta)")
        self.version = head
        if not head.startswith(("1.", "2.")):
            raise ReportError(f"{path} has schema_version {head}; this cxlint reads 1.x and 2.x")
        self.meta = meta_from_dict(meta)
        verdict = self._first("verdict") if self.version.startswith("2.") else None
        if verdict and not getattr(self.meta, "verdict", None):
            self.meta.verdict = verdict  # type: ignore[attr-defined]
        rules = self._first("rules") or {}
        self.registry = registry or load_registry()
        self._known = {code: RuleMeta.from_dict(code, d) for code, d in rules.items()} if rules else {}
        self._catalog = RuleCatalog(self.registry, self._known)

    def _first(self, key: str) -> Any:
        with self.path.open("rb") as fh:
            return next(iter(_ijson().items(fh, key, use_float=True)), None)

    def catalog(self) -> RuleCatalog:
        return RuleCatalog(self.registry, self._known)

    def _pages(self, key: str) -> Iterator[dict[str, Any]]:
        with self.path.open("rb") as fh:
            yield from _ijson().items(fh, f"{key}.item", use_float=True)

    def iter_pages(self) -> Iterator[PageResult]:
        if self.version.startswith("1."):
            for d in self._pages("pages"):
                yield PageResult.from_dict(d)
            return
        # v2 keeps links not followed apart; no report depends on how the two lists interleave.
        for d in self._pages("pages"):
            yield self._page(d)
        for d in self._pages("links_not_followed"):
            yield _skipped(d)

    def _page(self, d: dict[str, Any]) -> PageResult:
        d = dict(d)
        d["findings"] = [_finding(f, self._catalog) for f in d.get("findings", [])]
        d["status"] = PageStatus(d["status"])
        return PageResult(**d)

    def site_findings(self) -> list[Finding]:
        key = "site_findings"
        if self.version.startswith("1."):
            return [Finding.from_dict(f) for f in self._pages(key)]
        return [_finding(f, self._catalog) for f in self._pages(key)]


def _skipped(d: dict[str, Any]) -> PageResult:
    return PageResult(url=d["url"], status=PageStatus.SKIPPED, reason=d.get("reason", ""), depth=d.get("depth", 0))


def _finding(d: dict[str, Any], catalog: RuleCatalog) -> Finding:
    meta = catalog.get(d["rule"])
    full = {
        "name": meta.name, "category": meta.category, "help_url": meta.help_url, "engine": meta.engine,
        "tags": list(meta.tags), **d,
    }  # fmt: skip
    return Finding.from_dict(full)


def open_source(target: str, store_path: Path) -> ReportSource:
    """``results.json`` (a file) or a scan id (``latest`` for the newest) in the store."""
    path = Path(target)
    if path.suffix.lower() == ".json" or path.is_file():
        return JsonFileSource(path)
    return StoreSource(store_path, target)
