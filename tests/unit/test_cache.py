"""The re-scan cache without a browser: what its key depends on, how an entry is validated, and
who owns its rows in the store."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

from cxlint.cache import CacheStats, PageRecorder, ScanCache, Snapshot, digest, fetched_digest, plan_key
from cxlint.config import Plan
from cxlint.crawl.fetch import FetchResult
from cxlint.crawl.states import UrlRecord, UrlState
from cxlint.engines import load_rules
from cxlint.findings.stage import FindingsStage
from cxlint.history import prune
from cxlint.model import Finding, Location, Outcome, PageResult, Severity
from cxlint.store import Store

START = ["http://127.0.0.1:8000/"]
URL = "http://127.0.0.1:8000/"
CSS = "http://127.0.0.1:8000/site.css"


def key(plan: Plan, start: list[str] = START, browser: str = "130.0") -> str:
    return plan_key(plan, REGISTRY, start, browser)


REGISTRY = load_rules()


def test_output_and_gate_settings_do_not_change_the_key() -> None:
    base = key(Plan())
    same = Plan.model_validate(
        {"out": "elsewhere", "format": ["sarif"], "fail-on": "warning", "exit-zero": True, "baseline": "b.json",
         "quiet": True, "title": "T", "store": "x.db", "cache": False,
         "crawl": {"max-pages": 3, "concurrency": 2, "delay": 1.0, "exclude": ["/x/*"], "follow": False}}
    )  # fmt: skip
    assert key(same) == base


def test_what_checks_read_changes_the_key() -> None:
    base = key(Plan())
    changed = [
        Plan(standard="wcag22aa"),
        Plan(checks=["accessibility"]),
        Plan(select=["axe"]),
        Plan(ignore=["PL101"]),
        Plan.model_validate({"severity": {"PL101": "error"}}),
        Plan.model_validate({"page": {"wait-for": "#app"}}),
        Plan.model_validate({"page": {"headers": {"X-Env": "staging"}}}),
        Plan.model_validate({"crawl": {"scope": ["http://127.0.0.1:8000/forms/"]}}),
    ]
    keys = [key(p) for p in changed]
    assert base not in keys and len(set(keys)) == len(keys)
    assert key(Plan(), start=["http://127.0.0.1:8000/forms/"]) != base  # home-page rules judge the start URLs
    assert key(Plan(), browser="131.0") != base


def test_header_values_are_not_part_of_the_key() -> None:
    """A secret must not be derivable from the store; what it changes shows in the responses' digests."""
    a = Plan.model_validate({"page": {"headers": {"Authorization": "Bearer one"}}})
    b = Plan.model_validate({"page": {"headers": {"Authorization": "Bearer two"}}})
    assert key(a) == key(b)


def test_user_rules_change_the_key(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    bundled = REGISTRY.rules["PL101"].path.read_text()
    own = re.sub(r"(?m)^code: .*$", "code: ORG901", re.sub(r"(?m)^name: .*$", "name: our-own-rule", bundled))
    (rules / "ORG901.yaml").write_text(own)
    changed = load_rules([str(rules)])
    assert not changed.errors and "ORG901" in changed.rules
    assert plan_key(Plan(), changed, START, "130.0") != key(Plan())


def test_digest_covers_status_final_url_read_headers_and_body() -> None:
    base = digest(200, CSS, {"content-type": "text/css"}, b"a{}")
    assert digest(200, CSS, {"content-type": "text/css", "date": "now"}, b"a{}") == base  # not a header checks read
    assert digest(200, CSS, {"content-type": "text/plain"}, b"a{}") != base
    assert digest(404, CSS, {"content-type": "text/css"}, b"a{}") != base
    assert digest(200, CSS + "?v=2", {"content-type": "text/css"}, b"a{}") != base
    assert digest(200, CSS, {"content-type": "text/css"}, b"b{}") != base
    ok = FetchResult(200, b"a{}", {"content-type": "text/css"}, final_url=CSS)
    assert fetched_digest(ok) == base
    assert fetched_digest(FetchResult(0, final_url=CSS, error="refused")) == "failed"


# -- the wrapper, with a fake scan and a fake network ------------------------------------------------


class FakeSite:
    def __init__(self) -> None:
        self.bodies = {URL: b"<html>home</html>", CSS: b"p{color:#888}"}
        self.fetched: list[str] = []

    async def fetch(self, url: str, *, max_bytes: int | None = None) -> FetchResult:
        self.fetched.append(url)
        if url not in self.bodies:
            return FetchResult(0, final_url=url, error="refused")
        return FetchResult(200, self.bodies[url], {"content-type": "text/html"}, final_url=url)

    def digests(self) -> dict[str, str]:
        return {u: digest(200, u, {"content-type": "text/html"}, b) for u, b in self.bodies.items()}


def raw_result(url: str = URL) -> PageResult:
    finding = Finding(rule="axe/color-contrast", name="color-contrast", severity=Severity.ERROR,
                      outcome=Outcome.VIOLATION, message="low contrast", category="accessibility",
                      location=Location(selector="p.low"), engine="axe")  # fmt: skip
    return PageResult(url=url, final_url=url, http_status=200, title="Home", findings=[finding],
                      links={"pages": [URL + "a.html"]})  # fmt: skip


def make_cache(store: Store, site: FakeSite, scans: list[str]) -> ScanCache:
    recorder = PageRecorder()
    stage = FindingsStage(REGISTRY, running=set(REGISTRY.rules))

    async def fresh(url: str) -> PageResult:
        scans.append(url)
        result = raw_result(url)
        recorder.snapshots[url] = Snapshot(site.digests(), json.dumps(result.to_dict()), None)
        stage.process_page(result)
        return result

    return ScanCache(store, "k", fresh, recorder, site.fetch, stage)


def test_hit_reuses_the_result_through_the_stage_and_a_changed_resource_misses(tmp_path: Path) -> None:
    site, scans = FakeSite(), []
    with Store(tmp_path / "s.db") as store:
        first = asyncio.run(make_cache(store, site, scans).scan(URL))
        cache = make_cache(store, site, scans)
        again = asyncio.run(cache.scan(URL))
        assert scans == [URL]
        assert cache.stats == CacheStats(hits=1)
        assert again.metrics["cached"] is True
        assert [f.fingerprint for f in again.findings] == [f.fingerprint for f in first.findings]
        assert again.findings[0].fingerprint  # the stage ran: fingerprints are set
        assert again.links == first.links

        site.bodies[CSS] = b"p{color:#333}"
        cache = make_cache(store, site, scans)
        asyncio.run(cache.scan(URL))
        assert scans == [URL, URL]
        assert cache.stats == CacheStats(misses=1, changed=1, stored=1)

        del site.bodies[CSS]  # a resource that now fails to load
        cache = make_cache(store, site, scans)
        asyncio.run(cache.scan(URL))
        assert cache.stats.changed == 1


def test_a_resource_shared_by_pages_is_fetched_once_per_run(tmp_path: Path) -> None:
    site, scans = FakeSite(), []
    other = URL + "b.html"
    site.bodies[other] = b"<html>b</html>"
    with Store(tmp_path / "s.db") as store:
        warm = make_cache(store, site, scans)
        asyncio.run(warm.scan(URL))
        asyncio.run(warm.scan(other))
        site.fetched.clear()
        cache = make_cache(store, site, scans)

        async def both() -> None:
            await cache.scan(URL)
            await cache.scan(other)

        asyncio.run(both())
        assert cache.stats.hits == 2
        assert site.fetched.count(CSS) == 1


# -- the store: ownership and pruning -----------------------------------------------------------------


def test_entries_belong_to_the_scan_that_wrote_or_used_them(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        with store.lease() as lease:
            old = store.create_scan({})
            lease.record(old)
            store.save_cache_entry(URL, "k", "build", {URL: "d"}, {"result": "{}"})
            store.save_cache_entry(CSS, "k", "build", {CSS: "d"}, {"result": "{}"})
        with store.lease() as lease:
            new = store.create_scan({})
            lease.record(new)
            store.touch_cache_entry(URL, "k")  # a hit in the newer scan
        store.finish_scan(old, status="complete")
        store.finish_scan(new, status="complete")
        store.save_page(new, PageResult(url=URL), [UrlRecord(URL, UrlState.SCANNED)])
        prune(store, keep=1)
        assert store.cache_entry(URL, "k") is not None
        assert store.cache_entry(CSS, "k") is None  # only the pruned scan needed it
        assert store.cache_size() == 1


def test_an_entry_of_another_build_is_replaced(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        store.save_cache_entry(URL, "old-key", "old-build", {URL: "d"}, {"result": "{}"})
        store.save_cache_entry(URL, "new-key", "new-build", {URL: "d"}, {"result": "{}"})
        assert store.cache_entry(URL, "old-key") is None
        assert store.cache_size() == 1
        prune(store, keep=5)  # written outside any scan's lease: no scan owns it
        assert store.cache_size() == 0
