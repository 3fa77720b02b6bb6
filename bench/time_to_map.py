"""Time to map: the dashboard against the floor page, alternating, in one run.

    .venv/bin/python -m bench.time_to_map [--runs 7]

Median ms from navigation start to the first painted vector (``path.leaflet-interactive``
inside the streamlit-folium iframe) for ``/`` and for ``bench/floor_app.py`` (one marker, one
polygon, the same self-hosted Leaflet). Each run is a fresh browser context (cold cache).
Target (issue 13): dashboard / floor ≤ 1.15.

Also the server's CPU time per session (``/proc/<pid>/stat``, user + system) for both pages:
read before the page is opened and after it has drawn and the app has been idle for a second,
so it covers the session's whole start (script run, static files, component assets).
Target: dashboard / floor ≤ 1.5.
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

from bench import harness as h

TARGET_RATIO = 1.15
CPU_TARGET_RATIO = 1.5
HARD_LIMIT_S = 420


def measure(browser, server: h.Server, blocked: list[str]) -> dict:
    context = h.new_context(browser, blocked)
    cpu_before = h.cpu_seconds(server.pid)
    try:
        run = h.load_map(context, server.url + "/")
        h.settle(run.pop("page"))
    finally:
        context.close()
    run["cpu_ms"] = (h.cpu_seconds(server.pid) - cpu_before) * 1000
    return run


def summarise(runs: list[dict]) -> dict:
    def med(key):
        values = [r[key] for r in runs if r.get(key) is not None]
        return round(h.median(values)) if values else None

    return {
        "median_ms": med("ms"),
        "median_iframe_ms": med("iframe_ms"),
        "median_first_run_ms": med("first_run_ms"),
        "median_server_cpu_ms": med("cpu_ms"),
        "min_ms": round(min(r["ms"] for r in runs)),
        "max_ms": round(max(r["ms"] for r in runs)),
        "runs_ms": [round(r["ms"]) for r in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per page after the warm-up (≥ 5)")
    args = parser.parse_args()
    runs = max(args.runs, 5)

    servers: list[h.Server] = []
    blocked: list[str] = []
    results = {"dashboard": [], "floor": []}
    with h.hard_limit(HARD_LIMIT_S):
        try:
            servers.append(h.start_dashboard("dashboard", h.temp_env("dashboard")))
            servers.append(h.start_floor("floor", h.temp_env("floor")))
            with sync_playwright() as pw:
                browser = h.launch_browser(pw)
                info = h.machine_info(browser)
                for server in servers:  # warm-up: caches, first imports, component assets
                    measure(browser, server, blocked)
                for i in range(runs):
                    for server in servers:
                        results[server.label].append(measure(browser, server, blocked))
                    print(
                        f"  run {i + 1}/{runs}: "
                        + ", ".join(f"{s.label} {results[s.label][-1]['ms']:.0f} ms" for s in servers),
                        flush=True,
                    )
                browser.close()
        finally:
            for server in servers:
                server.stop()

    dashboard, floor = summarise(results["dashboard"]), summarise(results["floor"])
    ratio = round(dashboard["median_ms"] / floor["median_ms"], 2)
    cpu_ratio = round(dashboard["median_server_cpu_ms"] / floor["median_server_cpu_ms"], 2)
    payload = {
        "benchmark": "time_to_map",
        "machine": info,
        "revision": h.git_revision(),
        "runs_per_page": runs,
        "dashboard": dashboard,
        "floor": floor,
        "ratio": ratio,
        "target_ratio": TARGET_RATIO,
        "verdict": h.verdict(ratio, TARGET_RATIO),
        "server_cpu_ratio": cpu_ratio,
        "server_cpu_target_ratio": CPU_TARGET_RATIO,
        "server_cpu_verdict": h.verdict(cpu_ratio, CPU_TARGET_RATIO),
        "blocked_requests": blocked,
    }
    path = h.write_results("time_to_map", payload)

    print()
    print(
        h.table(
            [
                (
                    name,
                    s["median_ms"],
                    s["median_iframe_ms"],
                    s["median_first_run_ms"],
                    f"{s['min_ms']}–{s['max_ms']}",
                    s["median_server_cpu_ms"],
                )
                for name, s in (("dashboard /", dashboard), ("floor", floor))
            ],
            (
                "page",
                "median ms to first vector",
                "iframe appears ms",
                "1st script run ms",
                "range ms",
                "server CPU ms/session",
            ),
        )
    )
    print(f"\nratio dashboard/floor: {ratio}  (target ≤ {TARGET_RATIO}: {payload['verdict']})")
    print(
        f"server CPU per session dashboard/floor: {cpu_ratio}  (target ≤ {CPU_TARGET_RATIO}: {payload['server_cpu_verdict']})"
    )
    print(f"requests to other hosts (aborted): {len(blocked)}")
    print(f"machine: {h.machine_line(info)}")
    print(f"results: {path.relative_to(h.REPO)}")


if __name__ == "__main__":
    main()
