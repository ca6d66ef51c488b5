"""How often plain-language advice is right, judged finding by finding on federal-style text.

Runs cxlint's text engine on the documents in ``bench/data/federal_texts.yaml``
(regulation sections, a directive, a handbook chapter, SSA/IRS/VA letters, an
FAQ), samples the findings deterministically across every PL rule that fires,
and looks each sampled finding up in two reviewers' files: the first reviewer's
``bench/data/plain_language_judgements.yaml`` and a second, independent reviewer's
``bench/data/plain_language_judgements_second.yaml``. Each records whether a finding is
correct, debatable or wrong against the Federal Plain Language Guidelines, with a
one-line reason. Precision is the share judged correct (debatable counts against it),
overall and per rule, for each reviewer; agreement between them is the share of findings
both judged the same and Cohen's kappa (agreement beyond what chance would give), so one
reviewer's leniency cannot pass for precision.

    .venv/bin/python bench/plain_language_precision.py [--sample 72] [--all] [--show] [--strict]

Each judgement records what cxlint said (message and suggestion): a finding whose
wording changed since is judged again. Findings in the sample that nobody judged yet
are listed with their message and suggestion, so they get judged (``--strict`` makes
them an error, exit 1). Findings the reviewers judged differently are listed with both reasons.
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
SECOND = DATA / "plain_language_judgements_second.yaml"
REVIEWERS = {"first": JUDGEMENTS, "second": SECOND}
"""Reviewer -> judgement file. The second reviewer judged without reading the first's verdicts."""
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


def agreement(pairs: list[tuple[str, str]]) -> tuple[float, float, float | None]:
    """Share of findings two reviewers judged alike, the share chance alone would give, and Cohen's kappa.

    Kappa discounts the agreement two reviewers would reach by chance from how often each uses each
    verdict: with 95% of findings correct, two reviewers agree on most of them whatever they read,
    so kappa stays low however well they agree (the prevalence paradox) and is read with the chance
    share beside it. Kappa is None when chance agreement is total (both used one verdict only).
    """
    n = len(pairs)
    if not n:
        return 0.0, 0.0, None
    observed = sum(a == b for a, b in pairs) / n
    first = Counter(a for a, _ in pairs)
    second = Counter(b for _, b in pairs)
    chance = sum(first[v] * second[v] for v in VERDICTS) / (n * n)
    if chance >= 1:
        return observed, chance, None
    return observed, chance, (observed - chance) / (1 - chance)


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
    judged = {name: load_judgements(path) for name, path in REVIEWERS.items()}
    reports = {name: report(picked, j) for name, j in judged.items()}
    docs = yaml.safe_load(TEXTS.read_text(encoding="utf-8"))
    words = sum(len(re.sub(r"<[^>]+>", " ", d["html"]).split()) for d in docs)
    fired = Counter(i.rule for i in items)
    print(f"{len(items)} distinct findings on {len(docs)} documents of {TEXTS.name} ({words} words); {len(picked)} sampled")
    head = "".join(f"{'judged':>8}{'correct':>9}{'debat.':>8}{'wrong':>7}{'precision':>11}" for _ in reports)
    print(f"{'':<13}" + "".join(f"{'| ' + name + ' reviewer':<43}" for name in reports))
    print(f"{'rule':<7}{'fired':>6}{head}")

    def row(c: Counter[str]) -> str:
        return f"{sum(c.values()):>8}{c['correct']:>9}{c['debatable']:>8}{c['wrong']:>7}{_pct(c):>11}"

    for rule in sorted(fired):
        print(f"{rule:<7}{fired[rule]:>6}" + "".join(row(r["per_rule"].get(rule, Counter())) for r in reports.values()))
    print(f"{'all':<7}{len(items):>6}" + "".join(row(r["total"]) for r in reports.values()))

    both = [(it, verdict(judged["first"], it), verdict(judged["second"], it)) for it in picked]
    pairs = [(a["verdict"], b["verdict"]) for _, a, b in both if a and b]
    observed, chance, kappa = agreement(pairs)
    kappa_s = f"{kappa:.2f}" if kappa is not None else "undefined"
    print(
        f"\nAgreement on {len(pairs)} findings judged by both: {observed:.1%} "
        f"(chance alone: {chance:.1%}); Cohen's kappa {kappa_s}"
    )
    if args.show:
        for it, a, b in both:
            print(f"\n[{(a or {}).get('verdict', 'UNJUDGED')} / {(b or {}).get('verdict', 'UNJUDGED')}] {it.key}")
            print(f"  {it.message}\n  -> {it.suggestion}")
            for name, j in (("first", a), ("second", b)):
                print(f"  # {name}: {(j or {}).get('reason', '')}")
    split = [(it, a, b) for it, a, b in both if a and b and a["verdict"] != b["verdict"]]
    if split:
        print(f"\nJudged differently ({len(split)}):")
        for it, a, b in split:
            print(f"- {it.key[:150]}\n    first {a['verdict']}: {a['reason']}\n    second {b['verdict']}: {b['reason']}")
    missing = False
    for name, r in reports.items():
        if r["unjudged"]:
            missing = True
            print(f"\n{len(r['unjudged'])} sampled findings are not judged by the {name} reviewer yet "
                  f"(add them to {REVIEWERS[name].name}):")
            for it in r["unjudged"]:
                print(f"- {it.key!r}  [{it.doc}]\n    {it.message}\n    -> {it.suggestion}")
    return 1 if missing and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
