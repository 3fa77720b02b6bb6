"""Concurrency: 20 browser sessions at once against one server, and the server's memory.

    .venv/bin/python -m bench.concurrency [--sessions 20] [--rounds 1] [--no-control]

One Chromium, one context per session. First the median time to map of single sessions
(one at a time), then ``--rounds`` rounds of ``--sessions`` sessions opening ``/`` at the
same moment; p95 over all concurrent sessions / single median, target ≤ 3. The server's
resident memory is sampled every 200 ms (VmRSS) and its peak read from VmHWM; its CPU time
per session (from /proc) is the server's share, whatever the browser's load.

Client and server share this machine's cores, so the same test is run against the floor
page as a control (``--no-control`` skips it): what the floor's ratio shows is the cost of
20 pages in one browser, not of the app.
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import async_playwright

from bench import harness as h
from testkit.waits import until

TARGET_RATIO = 3.0
HARD_LIMIT_S = 480  # the signal backstop; the async work itself stops at RUN_LIMIT_S
RUN_LIMIT_S = 420
SINGLE_RUNS = 5


class MemorySampler:
    """Samples a process's VmRSS in a thread; ``peak_mb`` also reads the kernel's VmHWM."""

    def __init__(self, pid: int, every_s: float = 0.2):
        self.pid, self.every_s = pid, every_s
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _field_mb(self, name: str) -> float | None:
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith(name + ":"):
                    return int(line.split()[1]) / 1024
        except (OSError, ValueError):
            return None
        return None

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = self._field_mb("VmRSS")
            if rss is not None:
                self.samples.append(rss)
            self._stop.wait(self.every_s)

    def rss_mb(self) -> float | None:
        return self._field_mb("VmRSS")

    def hwm_mb(self) -> float | None:
        return self._field_mb("VmHWM")

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


def open_connections(url: str) -> int:
    """Client connections the server at ``url`` still holds (established, or closed by the client only)."""
    port = f":{urlsplit(url).port:04X}"
    states = {"01", "08"}  # TCP_ESTABLISHED, TCP_CLOSE_WAIT (/proc/net/tcp)
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            count += fields[1].endswith(port) and fields[3] in states
    return count


async def _context(browser, blocked: list[str]):
    context = await browser.new_context(viewport=h.VIEWPORT, locale="da-DK")
    context.set_default_timeout(h.STEP_TIMEOUT_MS * 2)

    async def route(r):
        if h.is_local(r.request.url):
            await r.continue_()
        else:
            blocked.append(r.request.url)
            await r.abort()

    await context.route("**/*", route)
    await context.add_init_script(h.PROBE_JS)
    return context


async def _open(page, url: str) -> float:
    await page.goto(url, wait_until="commit", timeout=h.STEP_TIMEOUT_MS * 2)
    await page.wait_for_function(
        "() => window.__bench && window.__bench.firstVector", timeout=h.STEP_TIMEOUT_MS * 2, polling=50
    )
    return await page.evaluate("() => window.__bench.firstVector")


async def single_sessions(browser, url: str, runs: int, blocked: list[str]) -> list[float]:
    times = []
    for _ in range(runs):
        context = await _context(browser, blocked)
        try:
            times.append(await _open(await context.new_page(), url))
        finally:
            await context.close()
    return times


async def concurrent_round(browser, url: str, sessions: int, blocked: list[str]) -> tuple[list[float], float]:
    """Open ``sessions`` pages at once (contexts prepared first); their times and the round's wall time."""
    contexts = [await _context(browser, blocked) for _ in range(sessions)]
    try:
        pages = [await c.new_page() for c in contexts]
        started = time.perf_counter()
        times = await asyncio.gather(*(_open(p, url) for p in pages))
        return list(times), (time.perf_counter() - started) * 1000
    finally:
        await asyncio.gather(*(c.close() for c in contexts))


async def measure(browser, server: h.Server, sessions: int, rounds: int, blocked: list[str]) -> dict:
    url = server.url + "/"
    with MemorySampler(server.pid) as memory:
        await single_sessions(browser, url, 1, blocked)  # warm-up
        idle_mb = memory.rss_mb()
        cpu0 = h.cpu_seconds(server.pid)
        single = await single_sessions(browser, url, SINGLE_RUNS, blocked)
        cpu1 = h.cpu_seconds(server.pid)
        concurrent, walls = [], []
        for _ in range(rounds):
            times, wall = await concurrent_round(browser, url, sessions, blocked)
            concurrent += times
            walls.append(wall)
        cpu2 = h.cpu_seconds(server.pid)
        await asyncio.to_thread(until, lambda: open_connections(server.url) == 0, "the server to close every session")
        after_mb = memory.rss_mb()
    single_median = h.median(single)
    p95 = h.percentile(concurrent, 95)
    return {
        "single_median_ms": round(single_median),
        "single_runs_ms": [round(t) for t in single],
        "concurrent_median_ms": round(h.median(concurrent)),
        "concurrent_p95_ms": round(p95),
        "concurrent_max_ms": round(max(concurrent)),
        "concurrent_samples": len(concurrent),
        "round_wall_ms": [round(w) for w in walls],
        "p95_over_single": round(p95 / single_median, 2),
        # The server is one Python process (one core for Python code): if the browser were
        # free, the last of N simultaneous sessions could not finish before N × its CPU time.
        "server_bound_p95_at_least_ms": round((cpu2 - cpu1) * 1000),
        "server_bound_ratio_at_least": round((cpu2 - cpu1) * 1000 / single_median, 2),
        "server_cpu_ms_per_session_single": round((cpu1 - cpu0) * 1000 / SINGLE_RUNS),
        "server_cpu_ms_per_session_concurrent": round((cpu2 - cpu1) * 1000 / len(concurrent)),
        "rss_idle_after_warmup_mb": round(idle_mb or 0),
        "rss_peak_sampled_mb": round(max(memory.samples or [0])),
        "rss_after_mb": round(after_mb or 0),
        "vmhwm_mb": round(memory.hwm_mb() or 0),
    }


async def run(sessions: int, rounds: int, control: bool) -> tuple[dict, dict, list[str]]:
    servers: list[h.Server] = []
    blocked: list[str] = []
    try:
        servers.append(h.start_dashboard("dashboard", h.temp_env("concurrency")))
        if control:
            servers.append(h.start_floor("floor", h.temp_env("concurrency-floor")))
        async with asyncio.timeout(RUN_LIMIT_S), async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=h.CHROMIUM, headless=True, args=h.CHROMIUM_ARGS)
            info = h.machine_info()
            info["chromium"] = browser.version
            results = {}
            for server in servers:
                results[server.label] = await measure(browser, server, sessions, rounds, blocked)
                print(
                    f"  {server.label}: single {results[server.label]['single_median_ms']} ms, "
                    f"p95 of {sessions} at once {results[server.label]['concurrent_p95_ms']} ms",
                    flush=True,
                )
            await browser.close()
        return results, info, blocked
    finally:
        for server in servers:
            server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-control", action="store_true", help="skip the floor-page control")
    args = parser.parse_args()

    with h.hard_limit(HARD_LIMIT_S):
        results, info, blocked = asyncio.run(run(args.sessions, args.rounds, not args.no_control))

    dash = results["dashboard"]
    payload = {
        "benchmark": "concurrency",
        "machine": info,
        "revision": h.git_revision(),
        "sessions": args.sessions,
        "rounds": args.rounds,
        "results": results,
        "ratio": dash["p95_over_single"],
        "target_ratio": TARGET_RATIO,
        "verdict": h.verdict(dash["p95_over_single"], TARGET_RATIO),
        "blocked_requests": blocked,
    }
    path = h.write_results("concurrency", payload)

    print()
    keys = (
        "single_median_ms",
        "concurrent_median_ms",
        "concurrent_p95_ms",
        "concurrent_max_ms",
        "p95_over_single",
        "round_wall_ms",
        "server_cpu_ms_per_session_single",
        "server_cpu_ms_per_session_concurrent",
        "server_bound_p95_at_least_ms",
        "server_bound_ratio_at_least",
        "rss_idle_after_warmup_mb",
        "rss_peak_sampled_mb",
        "rss_after_mb",
        "vmhwm_mb",
    )
    labels = list(results)
    print(h.table([(k, *(results[label][k] for label in labels)) for k in keys], ("figure", *labels)))
    print(
        f"\np95 with {args.sessions} sessions / single: {dash['p95_over_single']} "
        f"(target ≤ {TARGET_RATIO}: {payload['verdict']})"
    )
    if "floor" in results:
        print(
            f"control: the floor page's ratio is {results['floor']['p95_over_single']} on the same machine "
            "(browser and server share the cores)"
        )
    print(f"requests to other hosts (aborted): {len(blocked)}")
    print(f"machine: {h.machine_line(info)}")
    print(f"results: {path.relative_to(h.REPO)}")


if __name__ == "__main__":
    main()
