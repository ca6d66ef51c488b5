"""A refresh meta that never fires is no barrier: axe-core judges every ``<meta http-equiv="refresh">``.

HTML runs its declarative refresh steps once per document, for the first refresh meta whose content
parses (Blink also lets a later one win only when it is sooner). The W3C ACT rules on refresh delays
(bc659a, bisz58) therefore apply to that first element only, while axe-core's meta-refresh rules flag
every refresh meta: a page that redirects at once and carries a second, delayed refresh is reported
for a delay nobody meets. A flagged refresh that follows an earlier, sooner one is dropped, as it
fires under neither reading; a delayed refresh that does fire is still reported.
"""

from __future__ import annotations

import contextlib
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Frame

REFRESH_RULES = frozenset({"meta-refresh", "meta-refresh-no-exceptions"})

_NEVER_FIRES_JS = """(selectors) => {
  // HTML's declarative refresh steps: digits (or a dot), then the end, ';', ',' or a space ('0: url' is ignored).
  const valid = (m) => (m.httpEquiv || '').trim().toLowerCase() === 'refresh'
    && /^\\s*[0-9.][0-9.]*(?:[\\s;,]|$)/.test(m.content || '');
  const metas = Array.from(document.querySelectorAll('meta[http-equiv]')).filter(valid);
  const delay = (m) => parseFloat(m.content);
  return selectors.map((s) => {
    let el = null;
    try { el = document.querySelector(s); } catch (e) { return false; }
    const i = metas.indexOf(el);
    return i > 0 && metas.slice(0, i).some((m) => delay(m) < delay(el));
  });
}"""
"""For each selector: is it a refresh meta after an earlier refresh meta with a shorter delay?"""


def _selector(node: dict[str, Any]) -> str | None:
    target = node.get("target") or []
    return target[0] if len(target) == 1 and isinstance(target[0], str) else None


async def drop_ignored_refreshes(frame: Frame, results: dict[str, Any]) -> None:
    """Remove, in place, refresh violations on meta elements that never fire; unsure means keep."""
    for rule in results.get("violations", []):
        if rule.get("id") not in REFRESH_RULES or not rule.get("nodes"):
            continue
        nodes = rule["nodes"]
        selectors = [_selector(n) for n in nodes]
        asked = [s for s in selectors if s]
        if not asked:
            continue
        answers: list[bool] = []
        with contextlib.suppress(PlaywrightError):
            answers = await frame.evaluate(_NEVER_FIRES_JS, asked)
        never = {s for s, yes in zip(asked, answers, strict=False) if yes}
        rule["nodes"] = [n for n, s in zip(nodes, selectors, strict=True) if s not in never]
    results["violations"] = [r for r in results.get("violations", []) if r.get("nodes")]
