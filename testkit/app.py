"""Start the app (or another Streamlit script) on a free port and stop it again.

The process's stderr is read by a thread into a bounded buffer, so a chatty app can never
block on a full pipe, and the last lines are at hand when the app dies or a test fails.
"""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STDERR_LINES = 400
HEALTH_POLL_S = 0.2  # interval of the loop that polls /_stcore/health
_STARTED: list[AppProcess] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppProcess:
    """A running ``streamlit run`` process: its URL, its stderr tail, and a clean stop."""

    def __init__(self, proc: subprocess.Popen, url: str, label: str):
        self.proc, self.url, self.label = proc, url, label
        self.started_at = time.monotonic()
        self.stopped_at: float | None = None
        self._stderr: collections.deque[str] = collections.deque(maxlen=STDERR_LINES)
        self._reader = threading.Thread(target=self._drain, name=f"stderr-{label}", daemon=True)
        self._reader.start()
        _STARTED.append(self)

    def _drain(self) -> None:
        for line in iter(self.proc.stderr.readline, b""):
            self._stderr.append(line.decode(errors="replace").rstrip())

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stderr_tail(self, lines: int = 60) -> str:
        return "\n".join(list(self._stderr)[-lines:])

    def stop(self) -> None:
        if self.stopped_at is None:
            self.stopped_at = time.monotonic()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._reader.join(timeout=5)

    def __enter__(self) -> AppProcess:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start_app(
    env_extra: dict | None = None,
    *,
    script: str = "dashboard.py",
    port: int | None = None,
    extra_args: Sequence[str] = (),
    label: str = "app",
    timeout_s: float = 120,
) -> AppProcess:
    """Start ``streamlit run SCRIPT`` from the repository root; return once it answers health checks.

    No tiles unless ``env_extra`` says otherwise. Raises RuntimeError with the app's stderr
    when it exits or stays unhealthy for ``timeout_s``.
    """
    port = port or free_port()
    env = {**os.environ, "GLADSAXE_TILES": "none", **(env_extra or {})}
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(
        [*command, *extra_args], cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    app = AppProcess(proc, f"http://127.0.0.1:{port}", label)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not app.alive():
            app.stop()
            raise RuntimeError(f"{label} exited with {proc.returncode}:\n{app.stderr_tail()}")
        try:
            with urllib.request.urlopen(app.url + "/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return app
        except OSError:
            time.sleep(HEALTH_POLL_S)  # interval of the loop polling the health endpoint
    app.stop()
    raise RuntimeError(f"{label} did not become healthy in {timeout_s:.0f} s:\n{app.stderr_tail()}")


@contextmanager
def running_app(env_extra: dict | None = None, **kwargs) -> Iterator[AppProcess]:
    """``start_app`` as a context manager: the app is stopped however the block ends."""
    app = start_app(env_extra, **kwargs)
    try:
        yield app
    finally:
        app.stop()


def apps_running_since(moment: float) -> list[AppProcess]:
    """Apps that were alive at some time after ``moment`` (``time.monotonic()``), for failure reports."""
    return [a for a in _STARTED if a.stopped_at is None or a.stopped_at >= moment]
