"""What every benchmark shares: servers, a local-only Chromium, the in-browser clocks and the report.

The app is started with the support code the browser tests use (:mod:`testkit`, at the
repository root; nothing here imports from ``tests/``) and reached only by URL. Every request to a host other than 127.0.0.1/localhost is aborted and counted.
Times are taken inside the browser (``performance.timeOrigin + performance.now()``, the same
clock in every frame of a page) so Playwright's polling never adds to a figure.
"""

from __future__ import annotations

import atexit
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from testkit.app import REPO, AppProcess, start_app
from testkit.browser import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, is_local  # noqa: F401  (used by the scripts)
from testkit.browser import launch as launch_browser  # noqa: F401  (used by the scripts)
from testkit.waits import FIT_FEATURE_JS, RUN_PROBE_JS, map_frame, map_js, started_runs, wait_for_quiet

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
FLOOR_SCRIPT = BENCH / "floor_app.py"
FLOOR_VENDOR = BENCH / "static" / "vendor"
STEP_TIMEOUT_MS = 60_000

# Runs in the top frame before the app's own scripts (times are ms since navigation start):
# - on every animation frame it looks into the streamlit-folium iframe (same origin) and notes
#   when its element first exists and when the first vector path is in it, i.e. painted in
#   that frame (an init script inside the iframe itself missed the map in some runs, so the
#   top frame, whose document never changes, does the watching);
# - it logs every change of the app's script state (running / notRunning), for the first run's
#   duration as the browser showed it. Runs are counted by testkit's RUN_PROBE_JS instead.
PROBE_JS = """(() => {
  if (window !== window.top) return;
  const marks = window.__bench = {iframe: null, firstVector: null, states: []};
  new MutationObserver(records => {
    const t = performance.now();
    records.forEach((r, i) => {
      if (!(r.target.dataset && r.target.dataset.testid === 'stApp')) return;
      const next = records.slice(i + 1).find(n => n.target === r.target);
      marks.states.push([next ? next.oldValue : r.target.getAttribute('data-test-script-state'), t]);
    });
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state']});
  const tick = () => {
    for (const f of document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]')) {
      marks.iframe = marks.iframe || performance.now();
      try {
        if (f.contentDocument && f.contentDocument.querySelector('path.leaflet-interactive')) {
          marks.firstVector = performance.now();
          return;
        }
      } catch (e) { /* the frame's document is not there yet */ }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""


class BenchTimeout(Exception):
    """The benchmark ran past its hard time limit."""


@contextmanager
def hard_limit(seconds: int):
    """Abort the whole benchmark (servers are still stopped by the callers' ``finally``)."""

    def _expired(_signum, _frame):
        raise BenchTimeout(f"benchmark exceeded its hard limit of {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


_TEMP_DIRS: list[Path] = []


def temp_dir(label: str) -> Path:
    """A fresh directory (in RAM when /dev/shm exists), removed when the benchmark exits."""
    shm = Path("/dev/shm")
    path = Path(tempfile.mkdtemp(prefix=f"gladsaxe-bench-{label}-", dir=shm if shm.is_dir() else None))
    if not _TEMP_DIRS:
        atexit.register(lambda: [shutil.rmtree(d, ignore_errors=True) for d in _TEMP_DIRS])
    _TEMP_DIRS.append(path)
    return path


def temp_env(label: str, extra: dict | None = None) -> dict:
    """Environment for one server: no tiles, its own temporary SQLite and staff file."""
    var = temp_dir(label)
    return {
        "GLADSAXE_TILES": "none",
        "DATABASE_URL": f"sqlite:///{var}/bench.sqlite3",
        "GLADSAXE_STAFF_FILE": str(var / "staff.json"),
        "BENCH_VAR": str(var),
        **(extra or {}),
    }


# A running Streamlit server (stderr drained into a bounded buffer: ``stderr_tail()``).
Server = AppProcess


def start_dashboard(label: str, env: dict) -> Server:
    """The real app (``dashboard.py``), started exactly as the browser tests start it."""
    return start_app(env, label=label)


def start_floor(label: str, env: dict) -> Server:
    """The floor page, on the same self-hosted Leaflet copied into ``bench/static/vendor``."""
    from geo.assets import install_assets

    install_assets(target=FLOOR_VENDOR)
    return start_app(
        {"PYTHONPATH": str(REPO), **env},
        script=str(FLOOR_SCRIPT),
        extra_args=["--server.enableStaticServing", "true"],
        label=label,
    )


def new_context(browser, blocked: list[str]):
    """A fresh context (empty cache, no cookies): local requests pass, all others are aborted."""
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    context.set_default_timeout(STEP_TIMEOUT_MS)

    def route(r):
        if is_local(r.request.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    context.add_init_script(PROBE_JS)
    context.add_init_script(RUN_PROBE_JS)  # counts script runs, as in the tests (testkit.waits)
    return context


def load_map(context, url: str) -> dict:
    """Open ``url`` in a new page of ``context``; ms from navigation start to the first painted vector.

    Also returns when the map's iframe appeared and how long the first script run took as the
    browser saw it (``running`` to ``notRunning``), for telling server time from browser time.
    """
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=STEP_TIMEOUT_MS)
    page.wait_for_function("() => window.__bench && window.__bench.firstVector", timeout=STEP_TIMEOUT_MS, polling=50)
    wall_ms = (time.perf_counter() - started) * 1000
    marks = page.evaluate("() => window.__bench")
    running = [t for state, t in marks["states"] if state == "running"]
    done = [t for state, t in marks["states"] if state == "notRunning" and running and t > running[0]]
    return {
        "page": page,
        "ms": marks["firstVector"],
        "iframe_ms": marks["iframe"],
        "first_run_ms": (done[0] - running[0]) if done else None,
        "wall_ms": wall_ms,
    }


def settle(page, quiet_ms: int = 1000, timeout_ms: int = STEP_TIMEOUT_MS) -> None:
    """Wait until the app is idle and no script run has finished for ``quiet_ms``.

    (On load the map's first value can start a second run after the map is drawn.)
    """
    wait_for_quiet(page, quiet_ms, timeout_ms)


def leaflet_frame(page):
    """The streamlit-folium iframe as a Frame, once ``window.map`` exists in it."""
    frame = map_js(page)
    frame.wait_for_function("() => window.map && window.L", timeout=STEP_TIMEOUT_MS)
    return frame


WATCH_HEADING_JS = """(name) => {
  const shown = () => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .some(h => h.textContent.includes(name) && h.getClientRects().length > 0);
  window.__cardAt = null;
  if (shown()) return false;
  const tick = () => { if (shown()) { window.__cardAt = performance.timeOrigin + performance.now(); return; }
                       requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  return true; }"""
WATCH_CLICK_JS = """() => { window.__clickAt = null;
  document.addEventListener('click', () => { window.__clickAt = performance.timeOrigin + performance.now(); },
                            {capture: true, once: true}); }"""


def click_to_card(page, place_id: str, heading: str) -> dict:
    """Real mouse click on a polygon's centre; ms from the click to its card heading shown.

    The map is first fitted to the feature (as the e2e test does) so nothing else is under
    the pointer. Returns the in-browser ms, and how many script-running periods the browser
    saw until the app was idle again (a run that calls ``st.rerun()`` can look like one).
    """
    frame = leaflet_frame(page)
    point = frame.evaluate(FIT_FEATURE_JS, place_id)  # resolves once moved and painted
    if point is None:
        raise RuntimeError(f"feature {place_id!r} is not on the map")
    settle(page)  # a run the move may cause is over before the clock starts
    box = map_frame(page).locator(".leaflet-container").bounding_box()
    if not page.evaluate(WATCH_HEADING_JS, heading):
        raise RuntimeError(f"a heading {heading!r} is shown before the click")
    frame.evaluate(WATCH_CLICK_JS)
    runs_before = started_runs(page)
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function("() => window.__cardAt", timeout=STEP_TIMEOUT_MS, polling=50)
    card_at = page.evaluate("() => window.__cardAt")
    click_at = frame.evaluate("() => window.__clickAt")
    if click_at is None:
        raise RuntimeError("the click did not reach the map")
    settle(page)
    return {"ms": card_at - click_at, "script_runs": started_runs(page) - runs_before, "url": page.url}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): an observed value, no interpolation."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def machine_info(browser=None) -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem_gb = round(mem_kb / 1024 / 1024, 1)
    except (OSError, IndexError, ValueError):
        pass
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "loadavg_1_5_15": load_average(),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "mem_gb": mem_gb,
        "chromium": browser.version if browser else None,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def load_average() -> str:
    """The 1/5/15-minute load average: other work on the machine shows here."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def machine_line(info: dict) -> str:
    return (
        f"{info['date']} · {info['nproc']} CPU ({info['cpu']}) · {info['mem_gb']} GB · "
        f"Chromium {info['chromium']} · Python {info['python']} · "
        f"load at start {info['loadavg_1_5_15']}, at end {load_average()}"
    )


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def table(rows: list[tuple], header: tuple) -> str:
    cells = [tuple(str(c) for c in row) for row in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def write_results(name: str, payload: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    return path


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "MISSED"
