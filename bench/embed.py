"""The light map and scale-out: /embed against Streamlit and bare Leaflet, HTTP load, 1 vs 2 processes.

    .venv/bin/python -m bench.embed [--runs 7] [--seconds 10] [--clients 200] [--sessions 12]

1. Time to first vector (ms from navigation start to the first ``path.leaflet-interactive``),
   alternating in one run: ``/embed``, the Streamlit floor page (``bench/floor_app.py``) and a
   bare Leaflet page (the same self-hosted Leaflet and the same GeoJSON, drawn with
   ``L.geoJSON``, served by a plain Python file server). Targets: embed ÷ floor ≤ 0.3,
   embed ÷ bare Leaflet ≤ 1.3.
2. Requests per second and p95 latency for ``/embed`` and ``/api/places.geojson`` with
   ``--clients`` concurrent keep-alive connections (an asyncio client), direct to one app
   process and through the shipped nginx configuration.
3. Sessions per second through nginx with one and with two app processes: ``--sessions``
   Chromium sessions, 4 at a time, each until the map's first vector is drawn. Target ≥ 1.7×.

The client, Chromium and the servers share this machine's cores, so part 2 measures what one
machine can drive, and part 3 gains only as far as the cores allow: read the figures with the
machine line.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import json
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from bench import harness as h
from testkit.proxy import start_nginx, stop_nginx

TARGET_FLOOR = 0.3
TARGET_BARE = 1.3
TARGET_SCALE = 1.7
HARD_LIMIT_S = 1500

# Watches the top document (no iframe here) for the first painted vector.
TOP_PROBE_JS = """(() => {
  if (window !== window.top) return;
  const marks = window.__embed = {firstVector: null};
  const tick = () => {
    if (document.querySelector('path.leaflet-interactive')) { marks.firstVector = performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""

BARE_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="vendor/leaflet.css"><style>html,body,#map{{height:100%;margin:0}}</style></head>
<body><div id="map"></div><script src="vendor/leaflet.js"></script><script>
var data = {data};
var map = L.map('map').setView([55.7465, 12.47], 13);
L.geoJSON(data).addTo(map);
</script></body></html>"""


def serve_bare(app_url: str) -> tuple[ThreadingHTTPServer, str]:
    """The bare Leaflet page with the app's own GeoJSON, from a plain file server."""
    from geo.assets import install_assets

    root = h.temp_dir("bare")
    install_assets(target=root / "vendor")
    geojson = urllib.request.urlopen(app_url + "/api/places.geojson", timeout=30).read().decode()
    (root / "index.html").write_text(BARE_PAGE.format(data=geojson.replace("</", "<\\/")), encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/index.html"


def top_vector_ms(browser, url: str, blocked: list[str]) -> float:
    context = h.new_context(browser, blocked)
    try:
        context.add_init_script(TOP_PROBE_JS)
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__embed && window.__embed.firstVector", polling=20)
        return page.evaluate("() => window.__embed.firstVector")
    finally:
        context.close()


def floor_ms(browser, url: str, blocked: list[str]) -> float:
    context = h.new_context(browser, blocked)
    try:
        return h.load_map(context, url)["ms"]
    finally:
        context.close()


async def _client(host: str, port: int, path: str, until: float, latencies: list[float], errors: list[str]):
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Encoding: gzip\r\n\r\n".encode()
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head.split(b" ", 2)[1]
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            if status != b"200":
                errors.append(status.decode())
            latencies.append(time.perf_counter() - started)
    except (OSError, asyncio.IncompleteReadError, StopIteration) as error:
        errors.append(type(error).__name__)
    finally:
        writer.close()


async def _load(url: str, clients: int, seconds: float) -> dict:
    base, path = url.split("//", 1)[1].split("/", 1)
    host, port = base.split(":")
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(_client(host, int(port), "/" + path, until, latencies, errors) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed),
        "p50_ms": round(h.percentile([x * 1000 for x in latencies], 50), 1) if latencies else None,
        "p95_ms": round(h.percentile([x * 1000 for x in latencies], 95), 1) if latencies else None,
        "errors": len(errors),
    }


def load(url: str, clients: int, seconds: float) -> dict:
    # Playwright's sync API holds this thread's event loop: the client gets a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _load(url, clients, seconds)).result()


def sessions_per_second(browser, url: str, sessions: int, blocked: list[str]) -> dict:
    """``sessions`` fresh Chromium sessions, 4 at a time, each until its map is drawn."""
    started = time.perf_counter()
    # Playwright's sync API is bound to one thread: open four pages, then wait for all four.
    times = []
    failed = 0
    for wave in range(0, sessions, 4):
        pages = []
        for _ in range(min(4, sessions - wave)):
            context = h.new_context(browser, blocked)
            page = context.new_page()
            page.goto(url + "/", wait_until="commit", timeout=h.STEP_TIMEOUT_MS)
            pages.append((context, page))
        for context, page in pages:
            try:
                page.wait_for_function(
                    "() => window.__bench && window.__bench.firstVector", timeout=180_000, polling=50
                )
                times.append(page.evaluate("() => window.__bench.firstVector"))
            except PlaywrightTimeout:
                failed += 1
            context.close()
    elapsed = time.perf_counter() - started
    return {
        "sessions": sessions,
        "drawn": len(times),
        "failed": failed,
        "seconds": round(elapsed, 1),
        "per_s": round(len(times) / elapsed, 3),
        "median_ms": round(h.median(times)) if times else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=12)
    args = parser.parse_args()
    blocked: list[str] = []
    servers: list[h.Server] = []
    nginx = []
    payload: dict = {"benchmark": "embed", "revision": h.git_revision()}
    with h.hard_limit(HARD_LIMIT_S):
        try:
            app = h.start_dashboard("app1", h.temp_env("app1"))
            servers.append(app)
            floor = h.start_floor("floor", h.temp_env("floor"))
            servers.append(floor)
            bare, bare_url = serve_bare(app.url)
            with sync_playwright() as pw:
                browser = h.launch_browser(pw)
                payload["machine"] = h.machine_info(browser)
                pages = {
                    "embed": lambda: top_vector_ms(browser, app.url + "/embed", blocked),
                    "floor": lambda: floor_ms(browser, floor.url + "/", blocked),
                    "bare": lambda: top_vector_ms(browser, bare_url, blocked),
                }
                for measure in pages.values():
                    measure()  # warm-up
                times = {name: [] for name in pages}
                for i in range(max(args.runs, 5)):
                    for name, measure in pages.items():
                        times[name].append(measure())
                    print(f"  run {i + 1}: " + ", ".join(f"{n} {t[-1]:.0f} ms" for n, t in times.items()), flush=True)
                medians = {name: round(h.median(values)) for name, values in times.items()}
                payload["time_to_first_vector_ms"] = {"median": medians, "runs": times}
                payload["embed_over_floor"] = round(medians["embed"] / medians["floor"], 3)
                payload["embed_over_bare"] = round(medians["embed"] / medians["bare"], 2)
                floor.stop()
                servers.remove(floor)
                bare.shutdown()

                proxy_one, proxy_one_url = start_nginx([int(app.url.rsplit(":", 1)[1])], h.temp_dir("nginx1"))
                nginx.append(proxy_one)
                payload["load"] = {}
                for where, base in (("direct", app.url), ("nginx", proxy_one_url)):
                    for path in ("/embed", "/api/places.geojson"):
                        result = load(base + path, args.clients, args.seconds)
                        payload["load"][f"{where} {path}"] = result
                        print(f"  load {where} {path}: {result}", flush=True)

                payload["sessions"] = {"one": sessions_per_second(browser, proxy_one_url, args.sessions, blocked)}
                print(f"  sessions, one process: {payload['sessions']['one']}", flush=True)
                stop_nginx(proxy_one)
                nginx.remove(proxy_one)
                app2 = h.start_dashboard("app2", h.temp_env("app2"))
                servers.append(app2)
                ports = [int(s.url.rsplit(":", 1)[1]) for s in (app, app2)]
                proxy_two, proxy_two_url = start_nginx(ports, h.temp_dir("nginx2"))
                nginx.append(proxy_two)
                payload["sessions"]["two"] = sessions_per_second(browser, proxy_two_url, args.sessions, blocked)
                print(f"  sessions, two processes: {payload['sessions']['two']}", flush=True)
                browser.close()
        finally:
            for proc in nginx:
                stop_nginx(proc)
            for server in servers:
                server.stop()

    one, two = payload["sessions"]["one"]["per_s"], payload["sessions"]["two"]["per_s"]
    payload["two_over_one"] = round(two / one, 2)
    payload["verdicts"] = {
        "embed_over_floor": h.verdict(payload["embed_over_floor"], TARGET_FLOOR),
        "embed_over_bare": h.verdict(payload["embed_over_bare"], TARGET_BARE),
        "two_over_one": "met" if payload["two_over_one"] >= TARGET_SCALE else "MISSED",
    }
    payload["blocked_requests"] = blocked
    path = h.write_results("embed", payload)
    print()
    print(json.dumps({k: payload[k] for k in ("embed_over_floor", "embed_over_bare", "two_over_one", "verdicts")}))
    print(f"medians ms: {payload['time_to_first_vector_ms']['median']}")
    print(f"requests to other hosts (aborted): {len(blocked)}")
    print(f"machine: {h.machine_line(payload['machine'])}")
    print(f"results: {Path(path).relative_to(h.REPO)}")


if __name__ == "__main__":
    main()
