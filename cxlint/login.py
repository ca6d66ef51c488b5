"""Saving a logged-in browser state, so staging sites behind a sign-in page can be scanned.

``cxlint login`` opens the sign-in page, lets a person sign in (headed, when a
display exists) or fills the form from options (headless, for CI), and saves
Playwright's storage state (cookies and local storage) to a file that
``cxlint scan --storage-state`` loads into every page's context. Values given to
fields are never logged; the state file is written readable by its owner only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from cxlint.browser import BrowserNotFound, launch
from cxlint.crawl.states import CrawlConfigError


class LoginError(RuntimeError):
    """A sign-in that could not be completed (one line for the user, exit 2)."""


class StorageStateError(CrawlConfigError):
    """A ``--storage-state`` file Playwright cannot load: one line, exit 2, before any browser starts."""


MAX_STATE_BYTES = 20 * 1024 * 1024


def validate_storage_state(path: str | os.PathLike[str]) -> None:
    """Check that ``path`` is a storage state as ``cxlint login`` writes it; raise ``StorageStateError`` if not.

    Playwright reads the file only when the first context opens, and a bad one
    surfaces there as a traceback from deep inside the driver; checking here
    turns it into a sentence. The message never quotes the file's content
    (it holds session cookies).
    """
    where = f"--storage-state '{path}'"
    try:
        size = os.stat(path).st_size
        if size > MAX_STATE_BYTES:
            raise StorageStateError(f"{where}: {size} bytes is too large for a browser state")
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise StorageStateError(f"{where}: no such file") from None
    except IsADirectoryError:
        raise StorageStateError(f"{where}: is a folder, not a file") from None
    except OSError as exc:
        raise StorageStateError(f"{where}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise StorageStateError(f"{where}: not a text file; save one with 'cxlint login'") from None
    except json.JSONDecodeError as exc:
        raise StorageStateError(
            f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}); save one with 'cxlint login'"
        ) from None
    if not isinstance(data, dict):
        raise StorageStateError(f"{where}: expected a JSON object with 'cookies' and 'origins'")
    for key in ("cookies", "origins"):
        if key in data and not isinstance(data[key], list):
            raise StorageStateError(f"{where}: '{key}' must be a list")
    for i, cookie in enumerate(data.get("cookies", [])):
        if not isinstance(cookie, dict) or not all(isinstance(cookie.get(k), str) for k in ("name", "value")):
            raise StorageStateError(f"{where}: cookie {i + 1} needs a 'name' and a 'value'")
        if not (isinstance(cookie.get("domain"), str) or isinstance(cookie.get("url"), str)):
            raise StorageStateError(f"{where}: cookie {i + 1} needs a 'domain' or a 'url'")
    for i, entry in enumerate(data.get("origins", [])):
        if not isinstance(entry, dict) or not isinstance(entry.get("origin"), str):
            raise StorageStateError(f"{where}: origin entry {i + 1} needs an 'origin'")


@dataclass
class LoginPlan:
    url: str
    out: Path
    fills: list[tuple[str, str]] = field(default_factory=list)
    """(CSS selector, value) pairs typed into the form, in order."""
    click: str | None = None
    wait_for: str | None = None
    """A selector that appears once signed in; without one, waits for the next page load."""
    headed: bool = False
    timeout_s: float = 60.0


async def save_login_state(plan: LoginPlan, browser_path: str) -> int:
    """Sign in as the plan says and save the storage state; returns the number of cookies saved."""
    async with async_playwright() as pw:
        try:
            browser = await launch(pw, browser_path, headless=not plan.headed)
        except BrowserNotFound as exc:  # includes a binary that does not start
            raise LoginError(str(exc)) from None
        try:
            ctx = await browser.new_context()
            page = await ctx.new_page()
            ms = plan.timeout_s * 1000
            try:
                await page.goto(plan.url, wait_until="domcontentloaded", timeout=ms)
                for selector, value in plan.fills:
                    await page.fill(selector, value, timeout=ms)
                if plan.click and plan.wait_for:
                    await page.click(plan.click, timeout=ms)  # a single-page app may sign in without navigating
                elif plan.click:
                    async with page.expect_navigation(wait_until="domcontentloaded", timeout=ms):
                        await page.click(plan.click, timeout=ms)
                if plan.wait_for:
                    await page.wait_for_selector(plan.wait_for, timeout=ms)
                elif plan.headed and not plan.click:
                    # A person signs in by hand: wait until the page navigates away from the form.
                    await page.wait_for_url(lambda u: u != page.url, timeout=ms)
            except PlaywrightTimeout:
                raise LoginError(f"sign-in did not complete within {plan.timeout_s:g} s") from None
            except PlaywrightError as exc:
                raise LoginError(f"sign-in failed: {str(exc).splitlines()[0]}") from None
            plan.out.parent.mkdir(parents=True, exist_ok=True)
            state = await ctx.storage_state()
            fd = os.open(plan.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(state, fh)
            return len(state.get("cookies", []))
        finally:
            await browser.close()
