"""Scale: time to map and click → card with 1,000 extra polygons and 10,000 approved gardens.

    .venv/bin/python -m bench.scale [--runs 5] [--areas 1000] [--gardens 10000]

Two servers in one run: the shipped data, and a copy of it with ``--areas`` synthetic green
areas (``GLADSAXE_DATA_DIR``) and ``--gardens`` private-garden sign-ups marked joined in its
temporary SQLite (fixed seed, see ``bench/synthetic.py``). Alternating, each run in a fresh
browser context: open ``/``, time to the first painted vector, wait until idle, click Kong
Hans Have, time to its card. Target: scaled / shipped ≤ 2 for both figures.
Also prints the server-side cost of the map for both data sets (``bench/serverside.py``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench import harness as h
from bench import serverside, synthetic
from geo.crs import geom_to_metric
from geo.loading import load_catalog

TARGET_RATIO = 2.0
HARD_LIMIT_S = 540
PLACE_ID, HEADING = "kong-hans-have", "Kong Hans Have"
# Catalogue features carry an id; approved gardens are anonymous points (however they are drawn).
MAP_CONTENT_JS = """() => {
  const seen = new Set(); let features = 0, gardens = 0;
  const visit = l => { const id = L.stamp(l); if (seen.has(id)) return; seen.add(id);
    if (l.feature) { features++;
      if (!(l.feature.properties && l.feature.properties.id) && l.feature.geometry && l.feature.geometry.type === 'Point') gardens++; }
    if (l.getLayers) l.getLayers().forEach(visit); };
  window.map.eachLayer(visit);
  return {features, gardens, paths: document.querySelectorAll('path.leaflet-interactive').length,
          markers: document.querySelectorAll('.leaflet-marker-icon').length}; }"""


def one_run(browser, server: h.Server, blocked: list[str], inspect: bool = False) -> dict:
    context = h.new_context(browser, blocked)
    try:
        loaded = h.load_map(context, server.url + "/")
        page = loaded["page"]
        h.settle(page)
        content = h.leaflet_frame(page).evaluate(MAP_CONTENT_JS) if inspect else None
        click = h.click_to_card(page, PLACE_ID, HEADING)
        return {
            "map_ms": loaded["ms"],
            "iframe_ms": loaded["iframe_ms"],
            "first_run_ms": loaded["first_run_ms"],
            "card_ms": click["ms"],
            "content": content,
        }
    finally:
        context.close()


def prepare(areas: int, gardens: int) -> tuple[dict, dict, dict]:
    """Environments for the shipped and the scaled server, and what was generated."""
    started = time.perf_counter()
    work = h.temp_dir("scale-data")
    generated = synthetic.data_folder(work / "data", areas, PLACE_ID)
    scaled_env = h.temp_env("scaled", {"GLADSAXE_DATA_DIR": str(work / "data")})
    target = load_catalog().place(PLACE_ID)
    clear = [geom_to_metric(target.geometry).buffer(synthetic.KEEP_CLEAR_M)]
    generated["gardens"] = gardens
    database = Path(scaled_env["DATABASE_URL"].removeprefix("sqlite:///"))
    generated["garden_cells"] = synthetic.cached_gardens(database, gardens, clear, h.RESULTS / "cache")
    generated["setup_s"] = round(time.perf_counter() - started, 1)
    return h.temp_env("shipped"), scaled_env, generated


def summarise(runs: list[dict]) -> dict:
    return {
        key: round(h.median([r[key] for r in runs if r[key] is not None]))
        for key in ("map_ms", "iframe_ms", "first_run_ms", "card_ms")
    } | {"runs_map_ms": [round(r["map_ms"]) for r in runs], "runs_card_ms": [round(r["card_ms"]) for r in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per data set after the warm-up (≥ 5)")
    parser.add_argument("--areas", type=int, default=1000)
    parser.add_argument("--gardens", type=int, default=10000)
    args = parser.parse_args()
    runs = max(args.runs, 5)

    servers: list[h.Server] = []
    blocked: list[str] = []
    results: dict[str, list] = {"shipped": [], "scaled": []}
    with h.hard_limit(HARD_LIMIT_S):
        try:
            print(f"generating {args.areas} areas and {args.gardens} gardens …", flush=True)
            shipped_env, scaled_env, generated = prepare(args.areas, args.gardens)
            server_cost = {
                "shipped": serverside.profile(None, shipped_env["DATABASE_URL"]),
                "scaled": serverside.profile(Path(scaled_env["GLADSAXE_DATA_DIR"]), scaled_env["DATABASE_URL"]),
            }
            servers.append(h.start_dashboard("shipped", shipped_env))
            servers.append(h.start_dashboard("scaled", scaled_env))
            with sync_playwright() as pw:
                browser = h.launch_browser(pw)
                info = h.machine_info(browser)
                content = {s.label: one_run(browser, s, blocked, inspect=True)["content"] for s in servers}
                for i in range(runs):
                    for server in servers:
                        results[server.label].append(one_run(browser, server, blocked))
                    print(
                        f"  run {i + 1}/{runs}: "
                        + ", ".join(
                            f"{s.label} map {results[s.label][-1]['map_ms']:.0f} ms card {results[s.label][-1]['card_ms']:.0f} ms"
                            for s in servers
                        ),
                        flush=True,
                    )
                browser.close()
        finally:
            for server in servers:
                server.stop()

    shipped, scaled = summarise(results["shipped"]), summarise(results["scaled"])
    ratios = {
        "map": round(scaled["map_ms"] / shipped["map_ms"], 2),
        "card": round(scaled["card_ms"] / shipped["card_ms"], 2),
    }
    gardens_shown = content["scaled"]["gardens"]
    payload = {
        "benchmark": "scale",
        "machine": info,
        "revision": h.git_revision(),
        "runs_per_data_set": runs,
        "generated": generated,
        "map_content": content,
        "gardens_layer_on_public_map": gardens_shown > 0,
        "shipped": shipped,
        "scaled": scaled,
        "ratios": ratios,
        "target_ratio": TARGET_RATIO,
        "verdicts": {k: h.verdict(v, TARGET_RATIO) for k, v in ratios.items()},
        "server_side_ms": server_cost,
        "blocked_requests": blocked,
    }
    path = h.write_results("scale", payload)

    print()
    print(
        h.table(
            [
                ("time to map, median ms", shipped["map_ms"], scaled["map_ms"], ratios["map"]),
                ("  of which: map iframe appears", shipped["iframe_ms"], scaled["iframe_ms"], ""),
                ("  first script run (browser view)", shipped["first_run_ms"], scaled["first_run_ms"], ""),
                ("click → card, median ms", shipped["card_ms"], scaled["card_ms"], ratios["card"]),
                ("features on the map", content["shipped"]["features"], content["scaled"]["features"], ""),
                ("approved-garden features on the map", content["shipped"]["gardens"], gardens_shown, ""),
            ],
            ("figure", "shipped", f"+{args.areas} areas +{args.gardens} gardens", "ratio"),
        )
    )
    print()
    cost_rows = [(k, server_cost["shipped"][k], server_cost["scaled"][k]) for k in server_cost["shipped"]]
    print(h.table(cost_rows, ("server side, this process", "shipped", "scaled")))
    print(
        f"\nratios (target ≤ {TARGET_RATIO}): map {ratios['map']} {payload['verdicts']['map']}, "
        f"card {ratios['card']} {payload['verdicts']['card']}"
    )
    if not gardens_shown:
        print(
            f"NOTE: the public map draws no approved gardens yet; {generated['gardens']} gardens "
            f"({generated['garden_cells']} distinct 100 m cells) are stored but not shown, so they cost nothing here."
        )
    print(f"setup (data + gardens): {generated['setup_s']} s")
    print(f"requests to other hosts (aborted): {len(blocked)}")
    print(f"machine: {h.machine_line(info)}")
    print(f"results: {path.relative_to(h.REPO)}")


if __name__ == "__main__":
    main()
