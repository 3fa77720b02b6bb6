"""axe-core (shipped in axe-playwright-python) on every public page, outside the map iframe."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from testkit.waits import MAP_IFRAME, wait_for_app, wait_for_map

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "path", ["/?place=kong-hans-have", "/bliv-med", "/data", "/?lang=en&partnership=vild-med-vilje"]
)
def test_no_critical_or_serious_violations(page, app_url, path, guard):
    page.goto(app_url + path)
    wait_for_app(page)
    if page.locator(MAP_IFRAME).count():
        wait_for_map(page)
    wait_for_app(page)
    results = Axe().run(page, context={"exclude": [['iframe[title="streamlit_folium.st_folium"]']]})
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[(n['target'], n['any'][0]['message'] if n['any'] else '') for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("critical", "serious")
    ]
    assert bad == []
    assert guard.blocked == []
