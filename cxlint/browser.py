"""Finding and launching a Chromium that works on a closed network, as root.

Order of preference: an explicit path (``--browser`` / ``CXLINT_BROWSER``),
Playwright's own managed Chromium, then a system Chromium or Chrome. The
launch flags keep Chromium from phoning home, which on a closed network means
hundreds of refused connections per start.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.async_api import Browser, Playwright

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--autoplay-policy=no-user-gesture-required",
]

SYSTEM_CANDIDATES = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
]

HOW_TO_GET_ONE = (
    "no Chromium found: install one (Debian: 'apt-get install -y chromium'; "
    "elsewhere: 'python -m playwright install chromium') or pass --browser PATH / set CXLINT_BROWSER"
)


class BrowserNotFound(RuntimeError):
    """No usable browser binary: a configuration problem (exit 2), not a crash."""


class BrowserLaunchError(BrowserNotFound):
    """The binary exists but does not start as a Chromium (``--browser /bin/false``): exit 2, one line."""


def _playwright_managed() -> str | None:
    """Playwright's downloaded Chromium, if one was ever installed here."""
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    base = Path(root)
    if not base.is_dir():
        return None
    for pattern in ("chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-*/headless_shell"):
        hits = sorted(base.glob(pattern), reverse=True)
        for hit in hits:
            if os.access(hit, os.X_OK):
                return str(hit)
    return None


def find_browser(explicit: str | None = None) -> str:
    """Return the path of the browser to launch, or raise BrowserNotFound."""
    chosen = explicit or os.environ.get("CXLINT_BROWSER")
    if chosen:
        path = shutil.which(chosen) or chosen
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            raise BrowserNotFound(f"browser '{chosen}' is not an executable file")
        return path
    managed = _playwright_managed()
    if managed:
        return managed
    for name in SYSTEM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    raise BrowserNotFound(HOW_TO_GET_ONE)


async def launch(pw: Playwright, executable: str | None = None, *, headless: bool = True) -> Browser:
    """Launch Chromium with flags fit for a closed network and for root.

    ``handle_sigint=False``: Ctrl-C in a terminal signals the whole process
    group. Playwright's driver ignores SIGINT itself but, by default, closes
    every browser it launched when it sees one, which cut off the pages in
    flight. Chromium runs in a process group of its own, so with this it
    survives the first Ctrl-C while cxlint lets those pages finish, and is
    closed by cxlint afterwards (SIGTERM and SIGHUP still close it).
    """
    from playwright.async_api import Error as PlaywrightError

    path = find_browser(executable)
    try:
        return await pw.chromium.launch(executable_path=path, headless=headless, args=LAUNCH_ARGS, handle_sigint=False)
    except PlaywrightError as exc:
        raise BrowserLaunchError(f"browser '{path}' did not start: {_launch_problem(str(exc))}") from None


_EXITED = re.compile(r"process did exit: exitCode=(\w+), signal=(\w+)")


def _launch_problem(message: str) -> str:
    """One line out of Playwright's launch log: how the process ended, else the log's first line."""
    m = _EXITED.search(message)
    if m:
        how = f"code {m.group(1)}" if m.group(1) != "null" else f"signal {m.group(2)}"
        return f"it exited ({how}) before it was ready; is it a Chromium or Chrome?"
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return first.removeprefix("BrowserType.launch:").strip()[:200]
