"""How often plain-language advice is right, judged finding by finding on federal-style text.

Runs cxlint's text engine on the documents in ``bench/data/federal_texts.yaml``
(regulation sections, a directive, a handbook chapter, SSA/IRS/VA letters, an
FAQ), samples the findings deterministically across every PL rule that fires,
and looks each sampled finding up in ``bench/data/plain_language_judgements.yaml``,
where a person recorded whether it is correct, debatable or wrong against the
Federal Plain Language Guidelines, with a one-line reason. Precision is the share
judged correct (debatable counts against it), overall and per rule.

    .venv/bin/python bench/plain_language_precision.py [--sample 72] [--all] [--show] [--strict]

Each judgement records what cxlint said (message and suggestion): a finding whose
wording changed since is judged again. Findings in the sample that nobody judged yet
are listed with their message and suggestion, so they get judged (``--strict`` makes
them an error, exit 1).
The sample is chosen by a hash of rule + quoted text, so it is the same on every run
of the same code, and a fix that removes a finding lets the next one in.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cxlint.registry import load_registry  # noqa: E402
from cxlint.text.engine import check_html  # noqa: E402

DATA = ROOT / "bench" / "data"
TEXTS = DATA / "federal_texts.yaml"
JUDGEMENTS = DATA / "plain_language_judgements.yaml"
VERDICTS = ("correct", "debatable", "wrong")
MIN_PER_RULE = 2


@dataclass(frozen=True)
class Item:
    key: str
    """``RULE | quoted text``: what a judgement is recorded under."""
    rule: str
    doc: str
    message: str
    suggestion: str

    @property
    def said(self) -> str:
        """What cxlint said, numbers masked: a share that moves from 48% to 53% needs no new judgement."""
        return re.sub(r"\d+(?:[.,]\d+)*", "#", f"{self.message} -> {self.suggestion}")


def key_of(rule: str, text: str) -> str:
    return f"{rule} | {' '.join(text.split())}"


def _page(html: str) -> str:
    return f'<html lang="en"><head><title>Federal text</title></head><body><main>{html}</main></body></html>'


def findings(texts: Path = TEXTS) -> list[Item]:
    """Every plain-language finding on every document, one item per distinct key."""
    rules = load_registry().by_category("plain-language")
    seen: set[str] = set()
    out: list[Item] = []
    for doc in yaml.safe_load(texts.read_text(encoding="utf-8")):
        result = check_html(_page(doc["html"]), f"https://www.example.gov/{doc['name']}", rules)
        for f in result.findings:
            k = key_of(f.rule, f.location.text)
            if k not in seen:
                seen.add(k)
                out.append(Item(k, f.rule, doc["name"], f.message, f.suggestion))
    return out


def _rank(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def sample(items: list[Item], size: int) -> list[Item]:
    """Round-robin over rules in hash order: every rule that fires gets MIN_PER_RULE first."""
    by_rule: dict[str, list[Item]] = defaultdict(list)
    for it in sorted(items, key=lambda i: _rank(i.key)):
        by_rule[it.rule].append(it)
    picked: list[Item] = []
    depth = 0
    while any(len(v) > depth for v in by_rule.values()):
        for rule in sorted(by_rule):
            if len(by_rule[rule]) > depth and (depth < MIN_PER_RULE or len(picked) < size):
                picked.append(by_rule[rule][depth])
        depth += 1
    return picked


Judgements = dict[str, list[dict[str, str]]]


def load_judgements(path: Path = JUDGEMENTS) -> Judgements:
    """Key → the versions judged: each with what cxlint said then (message -> suggestion), a verdict, a reason."""
    if not path.is_file():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for k, versions in data.items():
        for v in versions:
            if v.get("verdict") not in VERDICTS or not v.get("reason") or not v.get("said"):
                raise SystemExit(f"{path.name}: '{k}' needs said, a verdict ({', '.join(VERDICTS)}) and a reason")
    return data


def verdict(judged: Judgements, it: Item) -> dict[str, str] | None:
    """The judgement of what cxlint says now: a changed message or suggestion must be judged again."""
    return next((v for v in judged.get(it.key, []) if v["said"] == it.said), None)


def report(picked: list[Item], judged: Judgements) -> dict[str, Any]:
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    unjudged = []
    for it in picked:
        j = verdict(judged, it)
        if j is None:
            unjudged.append(it)
            continue
        per_rule[it.rule][j["verdict"]] += 1
    total: Counter[str] = Counter()
    for c in per_rule.values():
        total.update(c)
    return {"per_rule": per_rule, "total": total, "unjudged": unjudged}


def _pct(c: Counter[str]) -> str:
    n = sum(c.values())
    return f"{c['correct'] / n:.0%}" if n else "-"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=72, help="findings to sample (default 72)")
    ap.add_argument("--all", action="store_true", help="judge every finding, not a sample")
    ap.add_argument("--show", action="store_true", help="print each sampled finding with its verdict")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a sampled finding is not judged")
    args = ap.parse_args()

    items = findings()
    picked = items if args.all else sample(items, args.sample)
    judged = load_judgements()
    r = report(picked, judged)
    docs = yaml.safe_load(TEXTS.read_text(encoding="utf-8"))
    words = sum(len(re.sub(r"<[^>]+>", " ", d["html"]).split()) for d in docs)
    fired = Counter(i.rule for i in items)
    print(f"{len(items)} distinct findings on {len(docs)} documents of {TEXTS.name} ({words} words); {len(picked)} sampled")
    print(f"{'rule':<7}{'fired':>6}{'judged':>8}{'correct':>9}{'debat.':>8}{'wrong':>7}{'precision':>11}")
    for rule in sorted(fired):
        c = r["per_rule"].get(rule, Counter())
        n = sum(c.values())
        print(f"{rule:<7}{fired[rule]:>6}{n:>8}{c['correct']:>9}{c['debatable']:>8}{c['wrong']:>7}{_pct(c):>11}")
    t = r["total"]
    print(f"{'all':<7}{len(items):>6}{sum(t.values()):>8}{t['correct']:>9}{t['debatable']:>8}{t['wrong']:>7}{_pct(t):>11}")
    if args.show:
        for it in picked:
            j = verdict(judged, it) or {}
            print(f"\n[{j.get('verdict', 'UNJUDGED')}] {it.key}\n  {it.message}\n  -> {it.suggestion}\n  # {j.get('reason', '')}")
    if r["unjudged"]:
        print(f"\n{len(r['unjudged'])} sampled findings are not judged yet (add them to {JUDGEMENTS.name}):")
        for it in r["unjudged"]:
            print(f"- {it.key!r}  [{it.doc}]\n    {it.message}\n    -> {it.suggestion}")
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
