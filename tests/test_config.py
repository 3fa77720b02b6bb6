"""Security-relevant settings the deployment relies on."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_xsrf_and_cors_protection_stay_on():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert CONFIG["server"]["enableCORS"] is True


def test_uploads_are_capped_small_by_the_server():
    assert CONFIG["server"]["maxUploadSize"] <= 10  # MB, enforced by Streamlit before the app reads a byte


def test_errors_and_toolbar_are_quiet_for_citizens():
    assert CONFIG["client"]["showErrorDetails"] == "none"
    assert CONFIG["client"]["toolbarMode"] == "viewer"
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_static_serving_is_on_for_self_hosted_assets():
    assert CONFIG["server"]["enableStaticServing"] is True


def test_no_secrets_or_vendored_assets_are_tracked():
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True).stdout.splitlines()
    assert ".streamlit/secrets.toml" not in tracked
    assert not [f for f in tracked if f.startswith(("static/vendor/", "node_modules/"))]


def test_no_unsafe_html_in_app_code():
    for path in [REPO / "dashboard.py", *(REPO / "app_pages").glob("*.py"), *(REPO / "ui").glob("*.py")]:
        assert "unsafe_allow_html=True" not in path.read_text(encoding="utf-8"), path
