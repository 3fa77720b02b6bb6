"""Interaction on the dashboard: click a polygon → its card, and reruns caused by pans and zooms.

    .venv/bin/python -m bench.interaction [--runs 7]

(a) Median ms in the browser from a real mouse click on Kong Hans Have (map fitted to it
    first) to its side-panel heading being shown; each run in a fresh browser context.
(b) Script reruns counted while doing 5 mouse drags and 5 wheel zooms on the map, each
    checked to have moved the map; target 0.
"""

from __future__ import annotations

import argparse

from playwright.sync_api import expect, sync_playwright

from bench import harness as h

PLACE_ID, HEADING = "kong-hans-have", "Kong Hans Have"
HARD_LIMIT_S = 360
DRAGS = [(140, 0), (0, 110), (-160, -60), (90, 90), (-60, -140)]
WHEEL = [-120, -120, 120, -120, 120]  # negative = zoom in
COUNT_RERUNS_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  window.__reruns = 0;
  new MutationObserver(records => records.forEach((r, i) => {
    const next = records.slice(i + 1).find(n => n.target === r.target);
    const value = next ? next.oldValue : app.getAttribute('data-test-script-state');
    if (value === 'running') window.__reruns++;
  })).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
}"""
VIEW_JS = "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"


def click_run(browser, url: str, blocked: list[str]) -> dict:
    context = h.new_context(browser, blocked)
    try:
        page = h.load_map(context, url + "/")["page"]
        h.settle(page)
        run = h.click_to_card(page, PLACE_ID, HEADING)
        expect(page.get_by_role("heading", name=HEADING)).to_be_visible()
        if f"place={PLACE_ID}" not in page.url:
            raise RuntimeError(f"the click selected something else: {page.url}")
        return run
    finally:
        context.close()


def pan_zoom_reruns(browser, url: str, blocked: list[str]) -> dict:
    context = h.new_context(browser, blocked)
    try:
        page = h.load_map(context, url + "/")["page"]
        h.settle(page)
        frame = h.leaflet_frame(page)
        sent: list[int] = []
        page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
        page.evaluate(COUNT_RERUNS_JS)
        box = h.map_frame(page).locator(".leaflet-container").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        moved = 0
        for (dx, dy), wheel in zip(DRAGS, WHEEL, strict=True):
            before = frame.evaluate(VIEW_JS)
            page.mouse.move(cx, cy)
            page.mouse.down()
            page.mouse.move(cx + dx, cy + dy, steps=12)
            page.mouse.up()
            page.wait_for_timeout(500)
            moved += frame.evaluate(VIEW_JS) != before
            before = frame.evaluate(VIEW_JS)
            page.mouse.move(cx, cy)
            page.mouse.wheel(0, wheel)
            page.wait_for_timeout(700)
            moved += frame.evaluate(VIEW_JS) != before
        page.wait_for_timeout(1500)  # past streamlit-folium's 250 ms debounce and any rerun
        reruns, messages = page.evaluate("() => window.__reruns"), len(sent)
        # Control: a polygon click must be counted, or the counter is blind.
        h.click_to_card(page, PLACE_ID, HEADING)
        return {
            "gestures": len(DRAGS) + len(WHEEL),
            "gestures_that_moved_the_map": moved,
            "reruns": reruns,
            "websocket_messages_sent": messages,
            "control_reruns_counted_for_one_click": page.evaluate("() => window.__reruns"),
        }
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="click runs after the warm-up (≥ 5)")
    args = parser.parse_args()
    runs = max(args.runs, 5)

    blocked: list[str] = []
    server = None
    with h.hard_limit(HARD_LIMIT_S):
        try:
            server = h.start_dashboard("dashboard", h.temp_env("interaction"))
            with sync_playwright() as pw:
                browser = h.launch_browser(pw)
                info = h.machine_info(browser)
                click_run(browser, server.url, blocked)  # warm-up
                clicks = []
                for i in range(runs):
                    clicks.append(click_run(browser, server.url, blocked))
                    print(f"  click run {i + 1}/{runs}: {clicks[-1]['ms']:.0f} ms", flush=True)
                pan_zoom = pan_zoom_reruns(browser, server.url, blocked)
                browser.close()
        finally:
            if server:
                server.stop()

    click_ms = [round(c["ms"]) for c in clicks]
    click_runs = sorted({c["script_runs"] for c in clicks})
    payload = {
        "benchmark": "interaction",
        "machine": info,
        "revision": h.git_revision(),
        "click_to_card": {
            "median_ms": round(h.median(click_ms)),
            "runs_ms": click_ms,
            "script_runs_per_click": click_runs,
        },
        "pan_zoom": pan_zoom,
        "target_reruns": 0,
        "verdict_reruns": "met" if pan_zoom["reruns"] == 0 else "MISSED",
        "blocked_requests": blocked,
    }
    path = h.write_results("interaction", payload)

    print()
    print(
        h.table(
            [
                (
                    "click Kong Hans Have → card shown (median)",
                    f"{payload['click_to_card']['median_ms']} ms",
                    f"{min(click_ms)}–{max(click_ms)} ms; script-running periods seen per click: {click_runs}",
                ),
                (
                    "script reruns during 5 drags + 5 zooms",
                    pan_zoom["reruns"],
                    f"{pan_zoom['gestures_that_moved_the_map']}/{pan_zoom['gestures']} gestures moved the map; "
                    f"{pan_zoom['websocket_messages_sent']} websocket messages sent; control click counted "
                    f"{pan_zoom['control_reruns_counted_for_one_click']}",
                ),
            ],
            ("figure", "value", "detail"),
        )
    )
    print(f"\nreruns target 0: {payload['verdict_reruns']}")
    print(f"requests to other hosts (aborted): {len(blocked)}")
    print(f"machine: {h.machine_line(info)}")
    print(f"results: {path.relative_to(h.REPO)}")


if __name__ == "__main__":
    main()
