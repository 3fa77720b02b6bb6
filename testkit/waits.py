"""Waiting for conditions, never for fixed times.

Streamlit marks its root element with ``data-test-connection-state`` and
``data-test-script-state`` (``initial`` → ``running`` → ``notRunning``; ``rerunRequested`` in
between). :data:`RUN_PROBE_JS`, installed on every test context by
:func:`testkit.browser.new_context`, counts script runs started and finished (from the app's
websocket messages) so a test can wait for *the* run its action caused instead of a run that
happened to be over already.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

DEFAULT_TIMEOUT_MS = 30_000
# How long an ``expect`` may wait for its condition. On a busy 2-core machine one script run of
# the map page takes several seconds; Playwright's 5 s default is shorter than a slow run.
EXPECT_TIMEOUT_MS = 20_000
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

# Runs in the top frame before the app's own scripts. Counts script runs from Streamlit's own
# protocol, not from the page: every run starts with a ForwardMsg ``new_session`` (field 4) and
# ends with a ``script_finished`` (field 6), one websocket message each, and the listener added
# when the socket is made runs before the app's handler. The page's ``data-test-script-state``
# is not enough: a short run's "running" and "notRunning" can reach React in one batch (seen
# with a small staff page on a quiet machine) and a click during a run starts the next one
# without leaving "running", so the DOM never shows that a run started.
RUN_PROBE_JS = """(() => {
  if (window !== window.top || window.__testkit_runs) return;
  const probe = window.__testkit_runs = {started: 0, finished: 0, lastFinishedAt: null};
  const varint = (b, i) => {
    let value = 0, shift = 0, byte;
    do { byte = b[i++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, i];
  };
  const topFields = (b) => {  // field numbers of a protobuf message's top level
    const fields = [];
    for (let i = 0, tag, n; i < b.length;) {
      [tag, i] = varint(b, i);
      const wire = tag & 7;
      fields.push(Math.floor(tag / 8));
      if (wire === 0) [, i] = varint(b, i);
      else if (wire === 2) { [n, i] = varint(b, i); i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return fields;
  };
  const count = (buffer) => {
    const fields = topFields(new Uint8Array(buffer));
    if (fields.includes(4)) probe.started++;
    if (fields.includes(6)) { probe.finished++; probe.lastFinishedAt = performance.now(); }
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (e.data instanceof ArrayBuffer) count(e.data);
      });
    }
  };
})();"""


IDLE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return Boolean(app && app.dataset.testConnectionState === 'CONNECTED'
    && app.dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-testid="stAppSkeleton"], [data-testid="stSkeleton"]')
    && (!window.__testkit_runs || window.__testkit_runs.finished > 0));
}"""


def wait_for_app(page, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Ready for a user: connected, at least one script run finished, none running, and no
    element still a skeleton.

    Streamlit fetches a widget's code the first time the page shows one and draws a skeleton
    meanwhile; a component stays a skeleton until its frame says it is ready. Each arrival
    changes heights, so until the last one the page below it still moves.
    """
    page.wait_for_function(IDLE_JS, timeout=timeout, polling=50)


def started_runs(page) -> int:
    """How many script runs the page has seen start (needs :data:`RUN_PROBE_JS`; -1 without it)."""
    return page.evaluate("() => window.__testkit_runs ? window.__testkit_runs.started : -1")


def wait_for_runs(page, more_than: int, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Wait until more than ``more_than`` runs have started and the app is idle again.

    Idle means no run running or requested, so a run started by the action, and any run
    that was still going when the action happened, are all over.
    """
    page.wait_for_function(
        f"(n) => window.__testkit_runs && window.__testkit_runs.started > n && ({IDLE_JS})()",
        arg=more_than,
        timeout=timeout,
        polling=50,
    )


@contextmanager
def rerun(page, timeout: float = DEFAULT_TIMEOUT_MS):
    """``with rerun(page): link.click()`` — returns once the script run the action caused is over.

    Fails when the action caused no run: a test that expects a rerun asserts it happened.
    Waits first until no run is going on, so that the runs counted from here on are the action's.
    """
    wait_for_app(page, timeout)
    before = started_runs(page)
    if before < 0:
        raise RuntimeError("the page has no run probe: make its context with testkit.browser.new_context")
    yield
    wait_for_runs(page, before, timeout)


def wait_for_quiet(page, quiet_ms: int = 1000, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Idle, and no run finished for ``quiet_ms``: for measuring that something did *not* rerun."""
    wait_for_app(page, timeout)
    page.wait_for_function(
        f"""(quiet) => ({IDLE_JS})() && window.__testkit_runs.lastFinishedAt !== null
              && performance.now() - window.__testkit_runs.lastFinishedAt >= quiet""",
        arg=quiet_ms,
        timeout=timeout,
        polling=100,
    )


def map_frame(page):
    """The streamlit-folium iframe as a FrameLocator (for locators inside the map)."""
    return page.frame_locator(MAP_IFRAME)


def map_js(page, timeout: float = DEFAULT_TIMEOUT_MS):
    """The streamlit-folium iframe as a Frame (for evaluating script in it)."""
    return page.locator(MAP_IFRAME).element_handle(timeout=timeout).content_frame()


def wait_for_map(page, timeout: float = DEFAULT_TIMEOUT_MS):
    """The map's Frame once Leaflet is up and at least one vector layer is drawn."""
    page.locator(MAP_IFRAME).wait_for(state="visible", timeout=timeout)
    frame = map_js(page, timeout)
    frame.wait_for_function(
        "() => window.map && window.L && document.querySelectorAll('path.leaflet-interactive').length > 0",
        timeout=timeout,
    )
    return frame


# Fit the map to one feature without animation (Leaflet then moves and fires moveend before
# fitBounds returns); resolves after the next painted frame, so the point is where it is drawn.
FIT_FEATURE_JS = """async (id) => {
  let layer = null;
  window.map.eachLayer(l => { if (!layer && l.feature && l.feature.properties
                                  && l.feature.properties.id === id && l.getBounds) layer = l; });
  if (!layer) return null;
  window.map.fitBounds(layer.getBounds(), {animate: false});
  await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const p = window.map.latLngToContainerPoint(layer.getBounds().getCenter());
  return {x: p.x, y: p.y};
}"""


def fit_feature(page, frame, place_id: str) -> tuple[float, float]:
    """Fit the map to a feature; the page coordinates of its centre (for a real mouse click)."""
    point = frame.evaluate(FIT_FEATURE_JS, place_id)
    if point is None:
        raise AssertionError(f"feature {place_id!r} is not on the map")
    box = map_frame(page).locator(".leaflet-container").bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]


def until(condition: Callable[[], bool], what: str, timeout_s: float = 30, interval_s: float = 0.1) -> None:
    """Poll a Python-side condition (a file, a database row) until it holds; fail saying ``what``."""
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(interval_s)
