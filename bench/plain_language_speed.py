"""Time the plain-language engine on a 5,000-word page (target: text rules well under 100 ms).

    .venv/bin/python bench/plain_language_speed.py [--words 5000] [--runs 20]

Reports the median of several runs after one warm-up run (the warm-up pays the
one-off cost of loading the CMU pronouncing dictionary, reported separately).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cxlint.registry import load_registry
from cxlint.text import kinds
from cxlint.text.context import Page
from cxlint.text.engine import check_html
from cxlint.text.extract import extract

SENTENCES = [
    "You can apply for benefits online, by phone or in person at a local office.",
    "In accordance with the regulations, applicants shall submit the required documentation prior to the deadline.",
    "The application must be reviewed by a case worker before a decision is made.",
    "We will utilize the information you provide to determine your eligibility for assistance.",
    "Bring proof of your identity, such as a driver's license or a passport.",
    "If you do not receive a letter from the Social Security Administration (SSA) within 30 days, call us.",
    "It is important that you keep a copy of every form you send to the IRS.",
    "Payments are made on the second, third or fourth Wednesday of each month, depending on your birth date.",
    "You may not receive benefits unless you meet the income and resource limits described below.",
    "The agency will conduct a review of your case at least once every three years.",
]


def make_page(words: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    parts = [
        "<header><nav><a href='/'>Home</a> <a href='/apply'>Apply</a> <a href='/more'>Learn more</a></nav></header><main>"
    ]
    count = 0
    section = 0
    while count < words:
        section += 1
        parts.append(f"<h2>Section {section}: how to apply for help</h2>")
        for _ in range(rnd.randint(2, 4)):
            para = " ".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(2, 6)))
            count += len(para.split())
            parts.append(f"<p>{para} <a href='/x{section}'>Read more</a></p>")
        items = [rnd.choice(SENTENCES) for _ in range(3)]
        count += sum(len(i.split()) for i in items)
        parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    parts.append("</main><footer><p>An official website of the United States government.</p></footer>")
    body = "".join(parts)
    return f'<html lang="en"><head><title>Apply for benefits</title></head><body>{body}</body></html>'


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=5000)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    rules = load_registry().by_category("plain-language")
    html = make_page(args.words)

    t0 = time.perf_counter()
    first = check_html(html, "https://example.gov/apply", rules)
    warm = (time.perf_counter() - t0) * 1000

    # Wall time and CPU time of this process: on a shared, loaded machine the CPU time is the
    # fairer number (wall time includes waiting for a core).
    times: dict[str, list[float]] = {
        k: [] for k in ("extract", "rules", "total", "extract_cpu", "rules_cpu", "total_cpu")
    }
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        doc = extract(html)
        t1, c1 = time.perf_counter(), time.process_time()
        page = Page(doc, "https://example.gov/apply")
        for rule in rules:
            kinds.run(page, rule)
        t2, c2 = time.perf_counter(), time.process_time()
        check_html(html, "https://example.gov/apply", rules)
        t3, c3 = time.perf_counter(), time.process_time()
        for key, a, b in (("extract", t0, t1), ("rules", t1, t2), ("total", t2, t3)):
            times[key].append((b - a) * 1000)
        for key, a, b in (("extract_cpu", c0, c1), ("rules_cpu", c1, c2), ("total_cpu", c2, c3)):
            times[key].append((b - a) * 1000)

    m = first.metrics
    print(f"page: {m['words']} words in main, {m['sentences']} sentences, {len(first.findings)} findings, "
          f"{len(rules)} rules")  # fmt: skip
    print(f"first call (loads the CMU dictionary): {warm:.0f} ms")
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"{'median of ' + str(args.runs) + ' runs':<34}{'wall ms':>9}{'cpu ms':>9}")
    print(f"{'extraction (HTML -> blocks)':<34}{med['extract']:>9.1f}{med['extract_cpu']:>9.1f}")
    print(f"{'text rules (all ' + str(len(rules)) + ' rules)':<34}{med['rules']:>9.1f}{med['rules_cpu']:>9.1f}")
    print(f"{'check_html end to end':<34}{med['total']:>9.1f}{med['total_cpu']:>9.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
