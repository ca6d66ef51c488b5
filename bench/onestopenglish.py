"""How well cxlint's readability orders the OneStopEnglish texts (elementary < intermediate < advanced).

Each of the 189 news articles was rewritten by teachers at three levels
(Vajjala & Lučić 2018, CC BY-SA 4.0). A good reading grade orders the three
versions correctly; a good plain-language score separates the levels.

    .venv/bin/python bench/onestopenglish.py [--corpus PATH] [--json]

Skips cleanly (exit 0) when the corpus (../shared by default) is absent.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import statistics
import sys
import time
from html import escape
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cxlint.registry import load_registry  # noqa: E402
from cxlint.text.engine import check_html  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "onestopenglish"
LEVELS = ("ele", "int", "adv")


def as_page(text: str) -> str:
    paras = "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    return f'<html lang="en"><head><title>Article</title></head><body><main>{paras}</main></body></html>'


def _vocabulary(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def mismatched(texts: dict[str, str]) -> bool:
    """True when one level is a different article (a known defect of a few upstream triples).

    Rewrites of one article share about half their vocabulary (mean Jaccard 0.49 between the elementary
    and advanced versions); a level sharing under 0.3 with both others is another text.
    """
    vocab = {lv: _vocabulary(t) for lv, t in texts.items()}
    for lv in LEVELS:
        others = [o for o in LEVELS if o != lv]
        if all(len(vocab[lv] & vocab[o]) / len(vocab[lv] | vocab[o]) < 0.3 for o in others):
            return True
    return False


def score_corpus(corpus: Path) -> dict[str, Any]:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    rules = load_registry().by_category("plain-language")
    rows = []
    t0 = time.perf_counter()
    for item in labels["texts"]:
        row: dict[str, Any] = {"id": item["id"]}
        texts = {lv: (corpus / item[lv]).read_text(encoding="utf-8", errors="replace") for lv in LEVELS}
        row["mismatched"] = mismatched(texts)
        for level in LEVELS:
            text = texts[level]
            m = check_html(as_page(text), f"file://{item[level]}", rules).metrics
            row[level] = {"grade": m["reading_grade"], "score": m["plain_language_score"], "grades": m["grades"]}
        rows.append(row)
    elapsed = time.perf_counter() - t0
    return {"rows": rows, "seconds": round(elapsed, 2)}


def _ordered(vals: list[float], increasing: bool) -> bool:
    pairs = list(itertools.pairwise(vals))
    return all(a < b for a, b in pairs) if increasing else all(a > b for a, b in pairs)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(rows)
    out: dict[str, Any] = {"texts": n}

    def metric(name: str, get: Any, increasing: bool) -> dict[str, Any]:
        triples = [[get(r[lv]) for lv in LEVELS] for r in rows]
        triples = [t for t in triples if None not in t]
        pairs_ok = sum(
            (a < b) if increasing else (a > b) for t in triples for a, b in ((t[0], t[1]), (t[1], t[2]), (t[0], t[2]))
        )
        by_level = {lv: [t[i] for t in triples] for i, lv in enumerate(LEVELS)}
        res: dict[str, Any] = {
            "ordered_triples_pct": round(100 * sum(_ordered(t, increasing) for t in triples) / len(triples), 1),
            "ordered_pairs_pct": round(100 * pairs_ok / (3 * len(triples)), 1),
            "mean": {lv: round(statistics.fmean(v), 2) for lv, v in by_level.items()},
            "stdev": {lv: round(statistics.stdev(v), 2) for lv, v in by_level.items()},
        }
        # Separation: gap between adjacent level means in pooled standard deviations (Cohen's d).
        for a, b in (("ele", "int"), ("int", "adv"), ("ele", "adv")):
            pooled = ((statistics.variance(by_level[a]) + statistics.variance(by_level[b])) / 2) ** 0.5
            diff = statistics.fmean(by_level[b]) - statistics.fmean(by_level[a])
            res[f"d_{a}_{b}"] = round(abs(diff) / pooled, 2) if pooled else None
        out[name] = res
        return res

    metric("reading_grade", lambda x: x["grade"], True)
    metric("plain_language_score", lambda x: x["score"], False)
    for f in ("flesch_kincaid", "ari", "smog", "coleman_liau"):
        metric(f, lambda x, f=f: x["grades"][f], True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = ap.parse_args()
    if not (args.corpus / "labels.json").is_file():
        print(f"skipped: OneStopEnglish corpus not found at {args.corpus}")
        return 0
    scored = score_corpus(args.corpus)
    summary = summarise(scored["rows"])
    summary["seconds"] = scored["seconds"]
    clean = [r for r in scored["rows"] if not r["mismatched"]]
    summary["same_article_only"] = summarise(clean)
    summary["mismatched_ids"] = [r["id"] for r in scored["rows"] if r["mismatched"]]
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"OneStopEnglish: {summary['texts']} texts x 3 levels, scored in {scored['seconds']} s")
    _table(summary)
    same = summary["same_article_only"]
    print(
        f"\nLeaving out {len(summary['mismatched_ids'])} triples where one level is another article "
        f"({', '.join(summary['mismatched_ids'])}): {same['texts']} texts"
    )
    _table(same)
    return 0


def _table(summary: dict[str, Any]) -> None:
    print(f"{'measure':<22}{'triples ok':>11}{'pairs ok':>10}   mean ele / int / adv      d(ele,int) d(int,adv)")
    for name in ("reading_grade", "plain_language_score", "flesch_kincaid", "ari", "smog", "coleman_liau"):
        r = summary[name]
        means = " / ".join(f"{r['mean'][lv]:.1f}" for lv in LEVELS)
        print(
            f"{name:<22}{r['ordered_triples_pct']:>10.1f}%{r['ordered_pairs_pct']:>9.1f}%   {means:<24}"
            f"{r['d_ele_int']:>8}{r['d_int_adv']:>11}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
