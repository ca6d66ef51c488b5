"""Whether author script can run on the page being checked: the precondition of the shortcuts.

Some checks must observe behaviour (a Tab press, a form submit), and on a page with script that
behaviour can depend on timing and on what an earlier attempt left behind, so they go slowly
and start every attempt from a fresh load. A page where nothing can run script (many built
sites, documents, forms served as plain HTML) behaves the same however fast it is driven and
comes back to its first state when its forms are reset: the checks may then press keys back to
back and reuse one loaded copy. The answer is cautious: any script element that is not data,
any event handler attribute or ``javascript:`` URL, a plugin, a meta refresh, a shadow root, a
request made by script, in the page or any of its frames, and a frame that cannot be read,
all count as script.
"""

from __future__ import annotations

import asyncio
from typing import Any

from cxlint.dom.checks.base import EVALUATE_TIMEOUT_S, PageRun
from cxlint.dom.js import script


async def scriptless(run: PageRun) -> bool:
    """True when no frame of the page can run author script (computed once per page)."""
    return bool((await run.once("scriptless", _probe))["scriptless"])


async def _probe(run: PageRun) -> dict[str, Any]:
    why: list[str] = []
    for frame in list(run.page.frames):
        try:
            res = await asyncio.wait_for(frame.evaluate(script("scriptless"), {}), EVALUATE_TIMEOUT_S)
        except Exception:  # a detached, crashed or unreadable frame: assume the worst
            why.append("a frame that could not be read")
            break
        if not res.get("scriptless"):
            why.extend(res.get("why") or ["script"])
            break
    return {"scriptless": not why, "why": why[:3]}
