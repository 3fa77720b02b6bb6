"""A real headless Chromium against the running app, every other host blocked."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
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


def _need(condition: bool, why: str) -> None:
    """Skip locally when a prerequisite is missing; in CI a skip is a failure."""
    if condition:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why} (CI must run the browser tests)")
    pytest.skip(why)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env_extra: dict, port: int | None = None) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    env = {**os.environ, "GLADSAXE_TILES": "none", **env_extra}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                return proc, url
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError("app exited: " + proc.stderr.read().decode()[-2000:])
    proc.kill()
    raise RuntimeError("app did not become healthy in 60 s")


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="session")
def app_env(tmp_path_factory) -> dict:
    var = tmp_path_factory.mktemp("e2e-var")
    return {
        "DATABASE_URL": f"sqlite:///{var}/e2e.sqlite3",
        "GLADSAXE_STAFF_FILE": str(var / "staff.json"),
        # Every browser here is 127.0.0.1, one address: lift the per-address sign-up limit
        # (tests/pages/test_join_abuse_page.py and tests/storage/test_signup_limits.py test it).
        "GLADSAXE_SIGNUPS_PER_HOUR": "1000",
    }


@pytest.fixture(scope="session")
def app_url(app_env):
    proc, url = start_app(app_env)
    yield url
    stop_app(proc)


@pytest.fixture(scope="session")
def browser():
    _need(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Guard:
    """Records every request that tries to leave the machine (they are all aborted)."""

    def __init__(self):
        self.blocked: list[str] = []
        self.console_errors: list[str] = []


@pytest.fixture
def guard():
    return Guard()


@pytest.fixture
def page(browser, guard, request):
    viewport = getattr(request, "param", None) or {"width": 1400, "height": 1000}
    context = browser.new_context(viewport=viewport, locale="da-DK")

    def route(r):
        if LOCAL.match(r.request.url) or r.request.url.startswith(("data:", "blob:", "about:")):
            r.continue_()
        else:
            guard.blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("console", lambda m: guard.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: guard.console_errors.append(str(e)))
    yield pg
    context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Streamlit's own readiness rule: connected, script not running, no skeleton."""
    page.wait_for_selector("[data-testid='stAppViewContainer']", timeout=timeout)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


def map_frame(page):
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def map_js(page):
    handle = page.locator('iframe[title="streamlit_folium.st_folium"]').element_handle(timeout=30_000)
    return handle.content_frame()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
