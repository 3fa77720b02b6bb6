"""Interaction on the dashboard: click a polygon → its card, and reruns caused by pans and zooms.

    .venv/bin/python -m bench.interaction [--runs 7]

(a) Median ms in the browser from a real mouse click on Kong Hans Have (map fitted to it
    first) to its side-panel heading being shown; each run in a fresh browser context.
(b) Script reruns counted while doing 5 mouse drags and 5 wheel zooms on the map; target 0.
    Each gesture must move the map, and the next starts once the map is at rest (Leaflet's
    ``moveend``). Counting stops once streamlit-folium has checked the map's value after the
    last move (its 250 ms debounce) and any run caused by a value it sent is over.
"""

from __future__ import annotations

import argparse

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect, sync_playwright

from bench import harness as h
from testkit.waits import started_runs, wait_for_runs

PLACE_ID, HEADING = "kong-hans-have", "Kong Hans Have"
HARD_LIMIT_S = 360
DRAGS = [(140, 0), (0, 110), (-160, -60), (90, 90), (-60, -140)]
WHEEL = [-120, -120, 120, -120, 120]  # negative = zoom in
VIEW_JS = "() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }"
# In the map's frame, before a gesture: note when Leaflet ends the next move. A drag ends after
# its inertia, a wheel zoom after its animation, so the next gesture starts on a map at rest.
ARM_MOVE_END_JS = """() => { window.__benchMoveEnd = null;
  window.map.once('moveend', () => { window.__benchMoveEnd = performance.now(); }); }"""
# streamlit-folium checks the map's value 250 ms (debounced) after the last move and sends it only
# if it differs from the last value sent; each check reads __GLOBAL_DATA__.previous_data, and a
# send writes it. Watching that property shows when the check after the gestures has happened,
# and how many runs the top frame had counted when the last value was sent.
WATCH_VALUE_JS = """() => { const data = window.__GLOBAL_DATA__; let value = data.previous_data;
  const watch = window.__benchValue = {checkedAt: null, sent: 0, rerunsAtLastSend: null};
  Object.defineProperty(data, 'previous_data', {configurable: true, enumerable: true,
    get() { watch.checkedAt = performance.now(); return value; },
    set(next) { watch.sent++; watch.rerunsAtLastSend = window.parent.__testkit_runs.started; value = next; }}); }"""


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


def drag(page, x: float, y: float, dx: float, dy: float) -> None:
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=12)
    page.mouse.up()


def wheel_zoom(page, x: float, y: float, delta_y: int) -> None:
    page.mouse.move(x, y)
    page.mouse.wheel(0, delta_y)


def map_moved(frame, gesture, *args) -> bool:
    """Do ``gesture(*args)``, wait until the map has stopped moving; whether its view changed."""
    before = frame.evaluate(VIEW_JS)
    frame.evaluate(ARM_MOVE_END_JS)
    gesture(*args)
    try:
        frame.wait_for_function("() => window.__benchMoveEnd !== null", timeout=h.STEP_TIMEOUT_MS, polling=50)
    except PlaywrightTimeoutError:
        raise RuntimeError(f"the map did not move after {gesture.__name__}{args[3:]}") from None
    return frame.evaluate(VIEW_JS) != before


def wait_for_map_value(page, frame) -> int:
    """Wait until streamlit-folium has checked the map's value after the last move, and until
    the run caused by the last value it sent (if any) is over; how many values it sent."""
    frame.wait_for_function(
        "() => window.__benchValue.checkedAt !== null && window.__benchValue.checkedAt > window.__benchMoveEnd",
        timeout=h.STEP_TIMEOUT_MS,
        polling=50,
    )
    watch = frame.evaluate("() => window.__benchValue")
    if watch["sent"]:
        wait_for_runs(page, watch["rerunsAtLastSend"], timeout=h.STEP_TIMEOUT_MS)
    return watch["sent"]


def pan_zoom_reruns(browser, url: str, blocked: list[str]) -> dict:
    context = h.new_context(browser, blocked)
    try:
        sent: list[int] = []  # Streamlit's websocket opens with the page: listen before it loads
        context.on(
            "page",
            lambda p: p.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload)))),
        )
        page = h.load_map(context, url + "/")["page"]
        h.settle(page)
        frame = h.leaflet_frame(page)
        sent_before = len(sent)
        runs_at_start = started_runs(page)
        frame.evaluate(WATCH_VALUE_JS)
        box = h.map_frame(page).locator(".leaflet-container").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        moved = 0
        for (dx, dy), wheel in zip(DRAGS, WHEEL, strict=True):
            moved += map_moved(frame, drag, page, cx, cy, dx, dy)
            moved += map_moved(frame, wheel_zoom, page, cx, cy, wheel)
        values = wait_for_map_value(page, frame)
        reruns, messages = started_runs(page) - runs_at_start, len(sent) - sent_before
        # Control: a polygon click must be counted, or the counter is blind.
        h.click_to_card(page, PLACE_ID, HEADING)
        return {
            "gestures": len(DRAGS) + len(WHEEL),
            "gestures_that_moved_the_map": moved,
            "reruns": reruns,
            "websocket_messages_sent": messages,
            "map_values_sent": values,
            "control_reruns_counted_for_one_click": started_runs(page) - runs_at_start - reruns,
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
                    f"{pan_zoom['map_values_sent']} map values and {pan_zoom['websocket_messages_sent']} websocket "
                    "messages sent; control click counted "
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
