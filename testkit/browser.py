"""Debian's Chromium, headless, with every request to another host aborted and recorded."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from testkit.app import REPO
from testkit.waits import RUN_PROBE_JS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/")
ARTIFACTS = REPO / "test-artifacts"
VIEWPORT = {"width": 1400, "height": 1000}


def is_local(url: str) -> bool:
    return bool(LOCAL.match(url)) or url.startswith(("data:", "blob:", "about:"))


def launch(playwright):
    """Debian's Chromium (never a downloaded one), headless. Works with the sync and async APIs."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@dataclass
class Guard:
    """Records every request that tries to leave the machine (they are all aborted) and page errors."""

    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def route(self, r) -> None:
        if is_local(r.request.url):
            r.continue_()
        else:
            self.blocked.append(r.request.url)
            r.abort()

    def watch(self, page) -> None:
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))


def new_context(browser, guard: Guard, viewport: dict | None = None, locale: str = "da-DK", **kwargs):
    """A fresh context (empty cache, no cookies) behind ``guard``, with the script-run probe installed."""
    context = browser.new_context(viewport=viewport or VIEWPORT, locale=locale, **kwargs)
    context.route("**/*", guard.route)
    context.add_init_script(RUN_PROBE_JS)
    return context


def screenshot(page, name: str) -> Path:
    """A full-page PNG in ``test-artifacts/`` (git-ignored), for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
