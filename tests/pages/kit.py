"""What the page tests share besides fixtures: starting the app, reading it, logging staff in,
filling the join form. Fixtures are in conftest.py; nothing imports from a test module."""

from __future__ import annotations

import os
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.storage import Storage

REPO = Path(__file__).resolve().parents[2]
ENTRY = str(REPO / "dashboard.py")


def app(query: dict | None = None, timeout: float = 60) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


def clicked(place_id: str, count: int = 1) -> dict:
    return {
        "last_active_drawing": {"type": "Feature", "properties": {"id": place_id, "label": place_id}},
        "last_object_clicked_count": count,
    }


def has_control(fmap, control: type) -> bool:
    """True when the folium map handed to the (fake) map component carries a ``control``."""
    return any(isinstance(child, control) for child in fmap._children.values())


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [s.value for s in at.subheader] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


# --- staff -----------------------------------------------------------------------------

PASSWORD = "grøn-og-vild-2026"
STAFF_PATHS = {
    "personale-oversigt",
    "personale-kandidater",
    "personale-tilmeldinger",
    "personale-placeringer",
    "personale-eksport",
    "personale-kalender",
    "personale-indsigt",
    "personale-logbog",
}
STAFF_FILES = [
    "app_pages/staff_overview.py",
    "app_pages/staff_candidates.py",
    "app_pages/staff_signups.py",
    "app_pages/staff_corrections.py",
    "app_pages/staff_export.py",
    "app_pages/staff_calendar.py",
    "app_pages/staff_requests.py",
    "app_pages/staff_audit.py",
]


def fresh() -> AppTest:
    """The app on the staff login page (``/personale``, linked in every page's footer)."""
    at = app().run()
    return at.switch_page("app_pages/staff_login.py").run()


def log_in(at: AppTest, username: str = "anna", password: str = PASSWORD) -> AppTest:
    at.text_input(key="staff_login_user").input(username)
    at.text_input(key="staff_login_password").input(password)
    at.button[[b.label for b in at.button].index("Log ind")].click()
    return at.run()


def errors(at: AppTest) -> str:
    return "\n".join(e.value for e in at.error)


def logged_in() -> AppTest:
    return log_in(fresh())


# --- the join form ---------------------------------------------------------------------


def join_page() -> AppTest:
    at = app()
    at.run()
    at.switch_page("app_pages/join.py").run()
    assert not at.exception
    return at


def fill(
    at: AppTest, name: str = "Boligforeningen Grønnegården", email: str = "kontakt@example.dk", consent: bool = True
) -> AppTest:
    at.selectbox(key="su_kind").set_value("housing_association")
    at.text_input(key="su_name").input(name)
    at.text_input(key="su_email").input(email)
    at.text_input(key="su_phone").input("+45 12 34 56 78")
    at.number_input(key="su_size").set_value(1200.0)
    at.text_area(key="su_message").input("<script>alert(1)</script> vi vil gerne ${x}")
    if consent:
        at.checkbox(key="su_consent").check()
    return at


def submit(at: AppTest) -> AppTest:
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    assert not at.exception
    return at


def rows() -> list:
    return Storage(os.environ["DATABASE_URL"]).list_signups()
