"""Making sure a Chromium exists: Playwright's download first, Debian's package as the fallback.

On closed networks Playwright's browser download fails within seconds, so it
costs little to try it first. Installing Debian's ``chromium`` needs root;
without root we stop with one line that says what to run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable

from cxlint.browser import BrowserNotFound, find_browser

Log = Callable[[str], None]


def _run(cmd: list[str], timeout: float, log: Log) -> bool:
    log("$ " + " ".join(cmd))
    try:
        proc = subprocess.run(cmd, timeout=timeout, capture_output=True, text=True, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log(f"  failed: {exc}")
        return False
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [""]
        log(f"  failed (exit {proc.returncode}): {tail[0][:200]}")
    return proc.returncode == 0


def ensure_browser(log: Log, *, try_playwright: bool = True) -> str:
    """Return a usable browser path, installing one if needed; raise BrowserNotFound if impossible."""
    try:
        return find_browser()
    except BrowserNotFound:
        pass
    if try_playwright and _run([sys.executable, "-m", "playwright", "install", "chromium"], 300, log):
        try:
            return find_browser()
        except BrowserNotFound:
            pass
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    apt = shutil.which("apt-get")
    if apt and is_root:
        env_ok = _run([apt, "update", "-qq"], 600, log)
        if env_ok and _run([apt, "install", "-y", "-qq", "chromium"], 1200, log):
            return find_browser()
    if apt and not is_root:
        raise BrowserNotFound(
            "no Chromium found and Playwright could not download one: run 'sudo apt-get install -y chromium'"
        )
    raise BrowserNotFound(
        "no Chromium found and none could be installed: install Chromium or Chrome, or set CXLINT_BROWSER"
    )
