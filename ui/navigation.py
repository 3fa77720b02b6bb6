"""The one navigation table: every page's file, Danish URL path, title key and icon.

Page files are named in English after their concept; the URL paths stay Danish because they may
already be printed on signs and in newsletters. The folder is ``app_pages/``, not ``pages/``:
Streamlit runs the first session in legacy multipage mode when a ``pages/`` folder sits beside
the entry script, which breaks deep links.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    file: str
    url_path: str
    title_key: str
    icon: str


PUBLIC_PAGES = (
    PageSpec("app_pages/map.py", "kort", "nav.map", ":material/map:"),
    PageSpec("app_pages/join.py", "bliv-med", "nav.join", ":material/yard:"),
    PageSpec("app_pages/data_sources.py", "data", "nav.data", ":material/info:"),
)
# The staff login: hidden from the menu, reached by URL and by the footer link on every page.
LOGIN_PAGE = PageSpec("app_pages/staff_login.py", "personale", "staff.login.title", ":material/lock:")
STAFF_PAGES = (
    PageSpec("app_pages/staff_overview.py", "personale-oversigt", "staff.nav.overview", ":material/bar_chart:"),
    PageSpec(
        "app_pages/staff_candidates.py", "personale-kandidater", "staff.nav.candidates", ":material/add_location_alt:"
    ),
    PageSpec("app_pages/staff_signups.py", "personale-tilmeldinger", "staff.nav.signups", ":material/group:"),
    PageSpec(
        "app_pages/staff_corrections.py",
        "personale-placeringer",
        "staff.nav.corrections",
        ":material/edit_location_alt:",
    ),
    PageSpec("app_pages/staff_export.py", "personale-eksport", "staff.nav.export", ":material/download:"),
    PageSpec("app_pages/staff_calendar.py", "personale-kalender", "staff.nav.calendar", ":material/calendar_month:"),
    PageSpec("app_pages/staff_requests.py", "personale-indsigt", "privacy.nav.requests", ":material/person_search:"),
    PageSpec("app_pages/staff_audit.py", "personale-logbog", "privacy.nav.audit", ":material/history:"),
)
