"""Glue for residents' rights and for staff handling of personal data.

- The deletion link: the confirmation shows it; the join page opened with ``?slet=TOKEN`` asks
  "delete?" and then deletes at once (:func:`withdrawal_prompt`).
- The audit log: :func:`audit` and :func:`audit_view` write who did what, never the data itself.
- Downloads of personal data: :func:`download_offer` issues a one-time ticket in the staff
  member's own run and shows a link to ``/personale/hent/<ticket>``; the route builds the file
  from the database when the link is opened, once, within :data:`TICKET_TTL_S` seconds
  (:func:`redeem_download`). Nothing is left in Streamlit's ``/media/`` store. A ticket works
  only for the browser that asked (its key, :func:`browser_key`), only while the login that
  asked holds (:func:`ui.auth.identity_ends`), and logging out ends it.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from functools import partial
from urllib.parse import urlsplit

import streamlit as st
from streamlit.web.server.starlette.starlette_app_utils import decode_xsrf_token_string

from geo import staffsession
from geo.privacy import tokens
from geo.records import DownloadTicket
from geo.storage import StorageUnavailable
from ui import auth, handoff
from ui.db import storage
from ui.i18n import current_lang, t
from ui.navigation import PUBLIC_PAGES

TICKET_TTL_S = 60
DOWNLOAD_PATH = "/personale/hent"
JOIN_PATH = next(p.url_path for p in PUBLIC_PAGES if p.file == "app_pages/join.py")
DOWNLOADS = {
    "signups_csv": ("text/csv; charset=utf-8", "tilmeldinger.csv"),
    "access_json": ("application/json", "indsigt-vild-med-vilje.json"),
}
_WITHDRAWN_KEY = "privacy_withdrawn"
# Streamlit gives every browser a random key in this cookie (its XSRF protection, on in
# .streamlit/config.toml); the browser sends it with the WebSocket and with every request.
BROWSER_COOKIE = "_streamlit_xsrf"


# The resident's deletion link


def deletion_link(token: str) -> str:
    """The private link that deletes the sign-up, absolute when the browser told us its URL.

    ``st.context.url`` may carry the current page's path, so only its scheme and host are used,
    with the app's own base path (``server.baseUrlPath``).
    """
    browser = urlsplit(st.context.url or "")
    base = f"{browser.scheme}://{browser.netloc}" if browser.scheme and browser.netloc else ""
    base_path = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return tokens.deletion_link(f"{base}/{base_path}" if base_path else base, JOIN_PATH, token)


def withdrawal_prompt() -> None:
    """On the join page: after ``?slet=TOKEN``, ask once and delete on "yes"; report the outcome."""
    outcome = st.session_state.pop(_WITHDRAWN_KEY, None)
    if outcome == "db":
        st.error(t("privacy.withdraw.error_db"), icon=":material/cloud_off:")
    elif outcome is not None:
        st.success(t("privacy.withdraw.done", ref=outcome), icon=":material/delete_forever:")
        return
    token = str(st.query_params.get(tokens.QUERY_PARAM) or "")
    if not token:
        return
    try:
        signup = storage().signup_for_token(token) if tokens.looks_like_token(token) else None
    except StorageUnavailable:
        st.error(t("privacy.withdraw.error_db"), icon=":material/cloud_off:")
        return
    if signup is None:
        st.warning(t("privacy.withdraw.unknown"), icon=":material/link_off:")
        return
    with st.container(border=True, key="privacy_withdraw_box"):
        st.subheader(t("privacy.withdraw.title"), anchor=False)
        st.markdown(t("privacy.withdraw.ask", ref=signup.ref, date=signup.created_at.date().isoformat()))
        st.button(
            t("privacy.withdraw.confirm"),
            on_click=_withdraw,
            args=(token,),
            type="primary",
            key="privacy_withdraw_yes",
            icon=":material/delete_forever:",
        )
        st.caption(t("privacy.withdraw.keep"))


def _withdraw(token: str) -> None:
    """The resident's "yes": delete, then tell them through :mod:`ui.handoff` (see there why)."""
    with handoff.inbox().work() as post:
        try:
            outcome = storage().withdraw_signup(token) or ""
        except StorageUnavailable:
            outcome = "db"
        post(partial(_withdrawn, outcome))


def _withdrawn(outcome: str) -> None:
    """``outcome``: the deleted sign-up's reference, "" when there was none, or "db"."""
    if outcome != "db":
        st.query_params.pop(tokens.QUERY_PARAM, None)
    st.session_state[_WITHDRAWN_KEY] = outcome


# The audit log


def audit(user: str, action: str, subject: str | None = None, detail: str = "") -> None:
    """Write one audit entry: who, what, about which sign-up — never the personal data itself."""
    storage().record_audit(user, action, subject, detail)


def audit_view(user: str, action: str, subject: str | None = None, detail: str = "", seen_as: str = "") -> None:
    """Like :func:`audit`, once per view: a rerun showing the same thing writes nothing new.

    ``seen_as`` tells views apart that the entry must not (a searched e-mail address); it stays
    in this session only.
    """
    key = f"staff_audit_seen_{action}_{'one' if subject else 'many'}"
    seen = (subject, detail, seen_as)
    if st.session_state.get(key) != seen:
        audit(user, action, subject, detail)
        st.session_state[key] = seen


# One-time downloads


def download_offer(kind: str, refs: list[str], label: str, key: str) -> None:
    """A button; clicked, it issues a one-time ticket and shows the link that fetches the file."""
    clicked = st.button(label, key=key, disabled=not refs, icon=":material/download:")
    if not clicked:
        return
    token = _issue_ticket(kind, refs)
    if token is None:  # the login ended meanwhile: the next run shows why
        st.rerun()
    _, file_name = DOWNLOADS[kind]
    st.link_button(
        t("privacy.download.ready", file=file_name),
        f"{DOWNLOAD_PATH}/{token}",
        type="primary",
        icon=":material/file_save:",
    )
    st.caption(t("privacy.download.once", seconds=TICKET_TTL_S))


def browser_key(cookie: str | None) -> str:
    """The browser's own key from Streamlit's XSRF cookie ("" without one), as a hash.

    The cookie's text changes (it is masked anew), the key inside does not.
    """
    key, _ = decode_xsrf_token_string(cookie or "")
    return hashlib.sha256(key).hexdigest() if key else ""


@auth.staff_action("download.ticket")
def _issue_ticket(user: str, kind: str, refs: list[str]) -> str:
    login = st.session_state.get(auth.LOGIN_KEY)
    return storage().issue_ticket(
        user,
        kind,
        refs,
        current_lang(),
        ttl_s=TICKET_TTL_S,
        login=login.id if isinstance(login, auth.Login) else "",
        client=browser_key(st.context.cookies.get(BROWSER_COOKIE)),
        stamp=str(st.session_state.get(auth.STAMP_KEY) or ""),
    )


def _login_holds(ticket: DownloadTicket) -> bool:
    issued_s = ticket.issued_at.timestamp() if ticket.issued_at else 0.0
    return auth.identity_ends(staffsession.StaffSession(ticket.actor, ticket.stamp, issued_s)) is None


def redeem_download(token: str, cookie: str | None = None) -> tuple[bytes, str, str] | None:
    """The file a ticket stands for (body, media type, file name), built now; None if no ticket.

    Runs in the HTTP route, outside any script run, with the request's :data:`BROWSER_COOKIE`.
    The ticket is used up by this call when the cookie is the asking browser's; it gives
    nothing when the login that asked has ended.
    """
    if not tokens.looks_like_token(token):
        return None
    db = storage()
    ticket = db.redeem_ticket(token, datetime.now(UTC), client=browser_key(cookie), holds=_login_holds)
    if ticket is None:
        return None
    media_type, file_name = DOWNLOADS[ticket.kind]
    found = db.signups_by_refs(ticket.refs)
    if ticket.kind == "access_json":
        from geo.privacy.access import access_json

        histories = {s.ref: db.status_history(s.ref) for s in found}
        return access_json(found, histories, datetime.now(UTC)), media_type, file_name
    from geo.export import to_csv
    from ui.staff import signups_table

    return to_csv(signups_table(found, lang=ticket.lang)), media_type, file_name
