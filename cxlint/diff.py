"""What changed between two scans: new, fixed and unchanged findings.

Findings are matched on their fingerprint alone, never on the page's host:
the same site scanned on a preview deploy and on staging, or from a local
folder served on a fresh port, must line up. Matching counts multiplicity: a
fingerprint found 3 times before and 4 times now is 3 unchanged and 1 new, so
a fix and a regression of the same kind never cancel out.

Each side is a ``results.json`` file (or a report folder holding one) or a scan
id in a results store. Files are read leniently (fields a newer cxlint adds are
ignored) but a different schema major version is refused: its findings may not
mean the same thing.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cxlint.findings.fingerprint import version_of
from cxlint.model import Outcome, Severity
from cxlint.store import Store, StoreError

__all__ = [
    "DiffInputError",
    "DiffItem",
    "DiffResult",
    "Side",
    "diff",
    "failing",
    "load_side",
    "render_console",
    "render_markdown",
    "to_json",
]

FAIL_ON = ("error", "warning", "info", "never")
_SEVERITIES = {s.value for s in Severity}
_OUTCOMES = {o.value for o in Outcome}


class DiffInputError(ValueError):
    """A side that cannot be read (missing, unknown scan id, incompatible schema): one line, exit 2."""


@dataclass(frozen=True)
class DiffItem:
    """What a diff needs of one finding; ``page`` is '' for a site-level finding."""

    fingerprint: str
    rule: str
    name: str
    severity: str
    outcome: str
    category: str
    page: str
    selector: str = ""
    message: str = ""
    baselined: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Side:
    label: str
    """The file or ``scan ID`` it came from, for headings."""
    items: list[DiffItem]
    start_urls: list[str] = field(default_factory=list)


@dataclass
class DiffResult:
    old: Side
    new: Side
    added: list[DiffItem]
    fixed: list[DiffItem]
    unchanged: list[DiffItem]

    def counts(self) -> dict[str, int]:
        return {"new": len(self.added), "fixed": len(self.fixed), "unchanged": len(self.unchanged)}


# -- reading the two sides ----------------------------------------------------------------------


def _fallback_fingerprint(rule: str, page: str, selector: str, message: str) -> str:
    """Only for findings saved without one: rule, page path (never the host) and element."""
    path = urlsplit(page).path if page else ""
    basis = "\x1f".join([rule, path, selector, message])
    return "~" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def _item(page: str, f: Any, where: str) -> DiffItem:
    if not isinstance(f, dict):
        raise DiffInputError(f"{where}: a finding is not an object")
    rule, severity, outcome = f.get("rule"), f.get("severity"), f.get("outcome")
    if not isinstance(rule, str) or not rule:
        raise DiffInputError(f"{where}: a finding has no rule")
    if severity not in _SEVERITIES or outcome not in _OUTCOMES:
        raise DiffInputError(f"{where}: finding {rule} has severity {severity!r} / outcome {outcome!r}")
    location = f.get("location") if isinstance(f.get("location"), dict) else {}
    selector = str(location.get("selector") or "")
    message = str(f.get("message") or "")
    return DiffItem(
        fingerprint=str(f.get("fingerprint") or "") or _fallback_fingerprint(rule, page, selector, message),
        rule=rule,
        name=str(f.get("name") or ""),
        severity=severity,
        outcome=outcome,
        category=str(f.get("category") or ""),
        page=page,
        selector=selector,
        message=message,
        baselined=bool(f.get("baselined")),
    )


def _with_rule_doc(item: DiffItem, rule: Any) -> DiffItem:
    if not isinstance(rule, dict):
        return item
    return replace(item, name=item.name or str(rule.get("name") or ""),
                   category=item.category or str(rule.get("category") or ""))


READABLE_MAJORS = ("1", "2")
"""results.json majors read: 1 (findings carry their rule's metadata) and 2 (metadata once in "rules")."""


def _major(version: str) -> str:
    return version.split(".", 1)[0]


def items_from_results(data: Any, where: str) -> Side:
    """A side from a parsed results document (``RunResult.to_dict`` form)."""
    if not isinstance(data, dict) or "pages" not in data or "schema_version" not in data:
        raise DiffInputError(f"{where}: not a cxlint results file")
    version = str(data["schema_version"])
    if _major(version) not in READABLE_MAJORS:
        raise DiffInputError(
            f"{where}: results of schema {version}; this cxlint reads schema "
            f"{' and '.join(m + '.x' for m in READABLE_MAJORS)} (scan again with this version)"
        )
    pages, site = data.get("pages"), data.get("site_findings", [])
    if not isinstance(pages, list) or not isinstance(site, list):
        raise DiffInputError(f"{where}: not a cxlint results file (pages is not a list)")
    items: list[DiffItem] = []
    for page in pages:
        if not isinstance(page, dict) or not isinstance(page.get("findings", []), list):
            raise DiffInputError(f"{where}: not a cxlint results file (a page is malformed)")
        url = str(page.get("url") or "")
        items += [_item(url, f, where) for f in page.get("findings", [])]
    items += [_item("", f, where) for f in site]
    # Schema 2 keeps each rule's name and category once, in "rules", not in every finding.
    rules = data.get("rules") if isinstance(data.get("rules"), dict) else {}
    items = [_with_rule_doc(item, rules.get(item.rule)) for item in items]
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    starts = meta.get("start_urls") if isinstance(meta.get("start_urls"), list) else []
    return Side(label=where, items=items, start_urls=[str(u) for u in starts])


def _load_file(path: Path) -> Side:
    if path.is_dir():
        path = path / "results.json"
        if not path.is_file():
            raise DiffInputError(f"'{path.parent}': no results.json in this folder")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DiffInputError(f"'{path}': cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DiffInputError(f"'{path}': not a cxlint results file (invalid JSON: {exc})") from None
    return items_from_results(data, str(path))


def _load_scan(store_path: Path, spec: str) -> Side:
    if not store_path.is_file():
        raise DiffInputError(f"'{spec}': no such file, and no results store at {store_path} to find a scan id in")
    try:
        with Store(store_path) as store:
            ids = [s.id for s in store.list_scans()]
            matches = [i for i in ids if i == spec] or [i for i in ids if i.startswith(spec)]
            if not matches:
                raise DiffInputError(f"'{spec}': no such file or scan id in {store_path} (see 'cxlint history')")
            if len(matches) > 1:
                raise DiffInputError(f"'{spec}': ambiguous scan id in {store_path} ({', '.join(matches[:3])}…)")
            info = store.get_scan(matches[0])
            assert info is not None
            items = [_item(r["page_url"], {**r, "location": {"selector": r["selector"]}}, spec)
                     for r in store.iter_findings(info.id)]
    except StoreError as exc:
        raise DiffInputError(str(exc)) from None
    crawl = info.config.get("crawl") if isinstance(info.config.get("crawl"), dict) else {}
    return Side(label=f"scan {info.id}", items=items, start_urls=list(crawl.get("start_urls") or []))


def load_side(spec: str, store_path: Path) -> Side:
    """A results file, a report folder with ``results.json``, or a (unique prefix of a) stored scan id."""
    path = Path(spec).expanduser()
    if path.exists():
        return _load_file(path)
    if spec.endswith(".json") or "/" in spec or "\\" in spec:
        raise DiffInputError(f"'{spec}': no such file")
    return _load_scan(store_path, spec)


# -- matching -----------------------------------------------------------------------------------


def _check_comparable(old: Side, new: Side) -> None:
    """Refuse to compare fingerprints of two different versions: every finding would look new."""
    versions = [
        {version_of(i.fingerprint) for i in side.items if not i.fingerprint.startswith("~")} for side in (old, new)
    ]
    if versions[0] and versions[1] and not versions[0] & versions[1]:
        names = [", ".join(f"v{v}" for v in sorted(vs)) for vs in versions]
        raise DiffInputError(
            f"{old.label} has fingerprints {names[0]} and {new.label} {names[1]}: scan both with one cxlint version"
        )


def diff(old: Side, new: Side) -> DiffResult:
    """Match on fingerprint with multiplicity; the surplus on either side is new or fixed.

    Raises ``DiffInputError`` when the two sides' fingerprints come from different versions.
    """
    _check_comparable(old, new)
    before: dict[str, list[DiffItem]] = defaultdict(list)
    for item in old.items:
        before[item.fingerprint].append(item)
    after: dict[str, list[DiffItem]] = defaultdict(list)
    for item in new.items:
        after[item.fingerprint].append(item)
    added: list[DiffItem] = []
    unchanged: list[DiffItem] = []
    for fp, items in after.items():
        common = min(len(items), len(before.get(fp, [])))
        unchanged += items[:common]
        added += items[common:]
    fixed = [i for fp, items in before.items() for i in items[len(after.get(fp, [])):]]
    return DiffResult(old=old, new=new, added=_sorted(added), fixed=_sorted(fixed), unchanged=_sorted(unchanged))


def _sorted(items: list[DiffItem]) -> list[DiffItem]:
    return sorted(items, key=lambda i: (i.rule, i.page, i.selector, i.message, i.fingerprint))


def failing(result: DiffResult, fail_on: str) -> list[DiffItem]:
    """New violations at or above ``fail_on`` (needs-review items never fail, as in a scan)."""
    if fail_on == "never":
        return []
    threshold = Severity(fail_on)
    return [
        i for i in result.added if i.outcome == Outcome.VIOLATION.value and Severity(i.severity).at_least(threshold)
    ]


# -- output -------------------------------------------------------------------------------------


def _by_rule_and_page(items: list[DiffItem]) -> dict[str, dict[str, list[DiffItem]]]:
    grouped: dict[str, dict[str, list[DiffItem]]] = {}
    for item in items:  # already sorted by rule, then page
        grouped.setdefault(item.rule, {}).setdefault(item.page, []).append(item)
    return grouped


def _page_label(page: str) -> str:
    return page or "(site-wide)"


def _mark(item: DiffItem) -> str:
    kind = "needs review" if item.outcome == Outcome.NEEDS_REVIEW.value else item.severity
    return f"{kind}, baselined" if item.baselined else kind


def render_console(result: DiffResult, fail_on: str = "error") -> str:
    """Plain text: new and fixed findings one per line, unchanged ones counted per page."""
    lines = [f"cxlint diff: {result.old.label} -> {result.new.label}"]
    c = result.counts()
    lines.append(f"{c['new']} new, {c['fixed']} fixed, {c['unchanged']} unchanged")
    for title, items in (("New", result.added), ("Fixed", result.fixed)):
        lines += ["", f"{title} findings ({len(items)})"]
        for rule, pages in _by_rule_and_page(items).items():
            first = next(iter(pages.values()))[0]
            lines.append(f"  {rule} {first.name}".rstrip())
            for page, found in pages.items():
                lines.append(f"    {_page_label(page)}")
                for item in found:
                    where = f"{item.selector}: " if item.selector else ""
                    lines.append(f"      [{_mark(item)}] {where}{' '.join(item.message.split())}")
    lines += ["", f"Unchanged findings ({len(result.unchanged)})"]
    for rule, pages in _by_rule_and_page(result.unchanged).items():
        lines.append(f"  {rule}")
        for page, found in pages.items():
            lines.append(f"    {_page_label(page)}  x{len(found)}")
    bad = failing(result, fail_on)
    if bad:
        lines += ["", f"{len(bad)} new finding(s) at or above --fail-on {fail_on}"]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "'")


def render_markdown(result: DiffResult, fail_on: str = "error") -> str:
    """A pull-request comment or CI step summary."""
    c = result.counts()
    out = [
        "## cxlint diff",
        "",
        f"`{_cell(result.old.label)}` → `{_cell(result.new.label)}`: "
        f"**{c['new']} new**, **{c['fixed']} fixed**, {c['unchanged']} unchanged.",
    ]
    for title, items in (("New findings", result.added), ("Fixed findings", result.fixed)):
        out += ["", f"### {title} ({len(items)})", ""]
        if not items:
            out.append("None.")
            continue
        out += ["| Rule | Page | Element | Severity | Message |", "|---|---|---|---|---|"]
        for item in items:
            out.append(
                f"| `{_cell(item.rule)}` | {_cell(_page_label(item.page))} | `{_cell(item.selector)}` "
                f"| {_mark(item)} | {_cell(item.message)} |"
            )
    out += ["", f"### Unchanged findings ({len(result.unchanged)})", ""]
    if result.unchanged:
        out += ["| Rule | Page | Count |", "|---|---|---|"]
        for rule, pages in _by_rule_and_page(result.unchanged).items():
            for page, found in pages.items():
                out.append(f"| `{_cell(rule)}` | {_cell(_page_label(page))} | {len(found)} |")
    else:
        out.append("None.")
    bad = failing(result, fail_on)
    if bad:
        out += ["", f"**{len(bad)} new finding(s) at or above `{fail_on}`.**"]
    return "\n".join(out) + "\n"


def to_json(result: DiffResult, fail_on: str = "error") -> dict[str, Any]:
    return {
        "old": {"source": result.old.label, "start_urls": result.old.start_urls},
        "new": {"source": result.new.label, "start_urls": result.new.start_urls},
        "counts": result.counts(),
        "fail_on": fail_on,
        "failed": bool(failing(result, fail_on)),
        "findings": {
            "new": [i.to_dict() for i in result.added],
            "fixed": [i.to_dict() for i in result.fixed],
            "unchanged": [i.to_dict() for i in result.unchanged],
        },
    }
