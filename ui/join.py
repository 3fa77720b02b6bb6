"""The join page's widgets: self-check, nearest-areas picker and the sign-up form."""

from __future__ import annotations

import uuid
from datetime import timedelta
from functools import partial

import folium
import pandas as pd
import streamlit as st

from geo import settings
from geo.clients import IPAddress, address_key, client_address, trusted_proxies
from geo.escape import markdown_text as md
from geo.maps import GLADSAXE_CENTER, build_map
from geo.privacy import RETENTION_MONTHS
from geo.privacy.tokens import new_token
from geo.queries import nearest_green_areas
from geo.records import Signup
from geo.signup import (
    EMAIL_MAX,
    GRID_M,
    KINDS,
    MESSAGE_MAX,
    NAME_MAX,
    PHONE_MAX,
    SIZE_MAX_M2,
    WISHES,
    SignupIn,
    validate_signup,
)
from geo.storage import Storage, StorageUnavailable
from geo.style import PICKED_COLOUR
from ui import data, handoff, mapview, privacy
from ui.db import storage
from ui.i18n import t
from ui.numbers import fmt_number

FIELDS = ("kind", "name", "email", "phone", "size_m2", "wishes", "message", "location", "consent")
LIMIT, WINDOW = 5, timedelta(hours=1)
HONEYPOT_KEY = "su_website"
PICKER_HEIGHT = 380
ERROR_KEYS = {"db": "signup.error_db", "rate": "signup.guard.rate", "trap": "signup.guard.trap"}


def self_check(lang: str) -> None:
    ticked = [code for code in WISHES if st.checkbox(t(f"join.wish.{code}"), key=f"check-{code}")]
    n = len(ticked)
    st.success(t("join.check_none") if n == 0 else t("join.check_some", n=n) if n < 3 else t("join.check_many", n=n))


def nearest_picker(texts, tiles, lang: str) -> None:
    catalog = data.catalog()
    green = frozenset(p.id for p in catalog.places if p.props.kind == "green_area")
    picked = st.session_state.get("picked")
    marker = folium.FeatureGroup(name="picked", control=False)
    if picked:
        folium.CircleMarker(
            location=(picked[1], picked[0]),
            radius=9,
            color=PICKED_COLOUR,
            fill=True,
            fill_opacity=0.9,
            interactive=False,
        ).add_to(marker)
    value = mapview.render(
        build_map(catalog, green, texts, tiles, height_px=PICKER_HEIGHT),
        "picker_map",
        PICKER_HEIGHT,
        returned_objects=["last_clicked"],
        feature_group_to_add=marker,
        center=GLADSAXE_CENTER,
    )
    clicked = (value or {}).get("last_clicked")
    if clicked and (clicked["lng"], clicked["lat"]) != st.session_state.get("_picked_raw"):
        st.session_state["_picked_raw"] = (clicked["lng"], clicked["lat"])
        st.session_state["picked"] = (round(clicked["lng"], 6), round(clicked["lat"], 6))
        st.rerun()
    if not picked:
        st.caption(t("join.pick_hint"))
        return
    result = nearest_green_areas(picked[0], picked[1], data.places(), limit=3)
    for row in result.itertuples():
        distance = fmt_number(round(row.distance_m, -1), lang)
        st.page_link(
            "app_pages/map.py",
            label=t(
                "join.nearest_row", name=md(row.name), distance=distance, accuracy=fmt_number(row.accuracy_m, lang)
            ),
            query_params={"place": row.id},
            icon=":material/park:",
        )


def signups_per_hour() -> int:
    """Sign-ups one client address may send per hour (``GLADSAXE_SIGNUPS_PER_HOUR``, default 5)."""
    return settings.current().signups_per_hour or LIMIT


def _submit() -> None:
    """Form callback: validate, then save once per form instance; keep every typed value.

    The session is read and written before the database work only; what the save found reaches
    the session through :mod:`ui.handoff`, so a click during a slow save cannot lose it.
    """
    ss = st.session_state
    picked = ss.get("picked") if ss.get("su_use_location") else None
    payload = {
        "kind": ss.get("su_kind"),
        "name": ss.get("su_name", ""),
        "email": ss.get("su_email", ""),
        "phone": ss.get("su_phone") or None,
        "size_m2": ss.get("su_size") or None,
        "wishes": list(ss.get("su_wishes") or []),
        "message": ss.get("su_message") or None,
        "consent": bool(ss.get("su_consent")),
        "exact_location_ok": bool(ss.get("su_exact")),
        "lon": picked[0] if picked else None,
        "lat": picked[1] if picked else None,
        "lang": ss.get("lang", "da"),
    }
    signup, problems = validate_signup(payload)
    ss["su_problems"] = {p.field: p for p in problems}
    ss["su_error"] = None
    if signup is None:
        return
    if str(ss.get(HONEYPOT_KEY) or ""):
        ss["su_error"] = "trap"  # only a program fills a field nobody can see
        return
    # The form instance keeps its key and its deletion token, so a repeated submit stores
    # one sign-up and shows the same link.
    form_key = ss.setdefault("su_key", uuid.uuid4().hex)
    token = ss.setdefault("su_token", new_token())
    forwarded = st.context.headers.get_all("X-Forwarded-For") if st.context.headers else []
    address = client_address(st.context.ip_address, forwarded, trusted_proxies())
    try:
        db = storage()
    except StorageUnavailable:
        ss["su_error"] = "db"
        return
    with handoff.inbox().work() as post:  # from here on no st.* call: the outcome is posted
        post(partial(_store_signup_outcome, _save(db, signup, form_key, token, address)))


def _save(db: Storage, signup: SignupIn, form_key: str, token: str, address: IPAddress) -> Signup | str:
    """Save the sign-up (counted against the address's hourly limit): the saved record or an error key."""
    try:
        key = address_key(address, db.address_secret())
        # Counted in the database, per client address: holds across tabs, sessions and processes.
        if not db.take_signup_slot(key, signups_per_hour(), WINDOW):
            return "rate"
        saved = db.save_signup(signup, form_key, deletion_token=token)
        if not saved.is_new:
            db.return_signup_slot(key)  # the same form sent again stores nothing new
    except StorageUnavailable:
        return "db"
    return saved.signup


def _store_signup_outcome(outcome: Signup | str) -> None:
    if isinstance(outcome, str):
        st.session_state["su_error"] = outcome
    else:
        st.session_state["su_saved"] = outcome


def _problem_text(field: str) -> None:
    problem = st.session_state.get("su_problems", {}).get(field)
    if problem:
        st.error(t(f"signup.problem.{problem.code}", **problem.params), icon=":material/error:")


def signup_form(lang: str) -> None:
    ss = st.session_state
    saved = ss.get("su_saved")
    if saved:
        confirmation(saved, lang)
        return
    picked = ss.get("picked")
    # The honeypot is hidden from eyes and screen readers alike (display: none); our own CSS.
    st.html(f"<style>.st-key-{HONEYPOT_KEY} {{ display: none; }}</style>")
    with st.form("signup", clear_on_submit=False, enter_to_submit=False):
        st.selectbox(t("signup.kind"), KINDS, format_func=lambda k: t(f"signup.kinds.{k}"), key="su_kind")
        st.text_input(t("signup.name"), key="su_name", max_chars=NAME_MAX)
        _problem_text("name")
        st.text_input(t("signup.email"), key="su_email", max_chars=EMAIL_MAX)
        _problem_text("email")
        st.text_input(t("signup.phone"), key="su_phone", max_chars=PHONE_MAX)
        _problem_text("phone")
        st.number_input(
            t("signup.size"), key="su_size", min_value=0.0, max_value=float(SIZE_MAX_M2), value=None, step=10.0
        )
        _problem_text("size_m2")
        st.multiselect(
            t("signup.wishes"),
            WISHES,
            format_func=lambda c: t(f"join.wish.{c}"),
            key="su_wishes",
            placeholder=t("signup.wishes_hint"),
        )
        st.text_area(t("signup.message"), key="su_message", max_chars=MESSAGE_MAX)
        _problem_text("message")
        if picked:
            st.checkbox(t("signup.use_location", lon=picked[0], lat=picked[1]), key="su_use_location")
            st.checkbox(t("signup.exact_ok", grid_m=GRID_M), key="su_exact")
        else:
            st.caption(t("signup.no_location"))
        _problem_text("location")
        st.markdown(t("privacy.signup.consent_text", months=RETENTION_MONTHS))
        st.checkbox(t("signup.consent"), key="su_consent")
        _problem_text("consent")
        st.text_input(t("signup.guard.honeypot"), key=HONEYPOT_KEY, max_chars=200)
        st.form_submit_button(t("signup.submit"), on_click=_submit, type="primary")
    error = ss.get("su_error")
    if error:
        st.error(t(ERROR_KEYS[error]), icon=":material/cloud_off:")
    elif ss.get("su_problems"):
        st.warning(t("signup.fix_fields"))


def confirmation(saved, lang: str) -> None:
    st.success(t("signup.thanks", ref=saved.ref), icon=":material/check_circle:")
    rows = [
        (t("signup.kind"), t(f"signup.kinds.{saved.kind}")),
        (t("signup.name"), saved.name),
        (t("signup.email"), saved.email),
        (t("signup.phone"), saved.phone or "–"),
        (t("signup.size"), fmt_number(saved.size_m2, lang) if saved.size_m2 else "–"),
        (t("signup.wishes"), ", ".join(t(f"join.wish.{w}") for w in saved.wishes) or "–"),
        (t("signup.message"), saved.message or "–"),
        (
            t("signup.location"),
            t("signup.loc_exact" if saved.location_exact else "signup.loc_coarse", grid_m=GRID_M) if saved.lon else "–",
        ),
        (t("signup.retention"), saved.retention_until.date().isoformat()),
    ]
    st.dataframe(pd.DataFrame(rows, columns=[t("signup.field"), t("signup.value")]), hide_index=True)
    st.caption(
        t("privacy.signup.retention_note", date=saved.retention_until.date().isoformat(), months=RETENTION_MONTHS)
    )
    token = st.session_state.get("su_token")
    if token:
        link = privacy.deletion_link(token)
        with st.container(border=True, key="su_deletion_link"):
            st.markdown(f"**{t('privacy.signup.link_title')}**")
            st.code(link, language=None, wrap_lines=True)
            st.caption(t("privacy.signup.link_help"))
    if st.button(t("signup.another")):
        for key in [k for k in st.session_state if k.startswith("su_")]:
            del st.session_state[key]
        st.rerun()
