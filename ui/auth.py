"""Staff access: who is logged in, which pages they get, and the login box on the login page.

Two ways to log in, chosen by configuration:

- **OpenID Connect** (``st.login``) when ``.streamlit/secrets.toml`` has an ``[auth]`` section.
  Logging in is not enough: the provider must vouch for the e-mail (``email_verified`` true,
  or the claim named by ``[staff] email_verified_claim``), every claim in
  ``[staff] expected_claims`` (e.g. ``{ tid = "..." }`` or ``{ hd = "gladsaxe.dk" }``) must
  match, and the e-mail must be on the allow-list ``[staff] emails = [...]`` in the same file.
- Otherwise **local accounts** from :mod:`geo.staff` (argon2id hashes in
  ``GLADSAXE_STAFF_FILE``; 5 failures lock an account for 15 minutes). A local login ends after
  30 minutes without a script run, and on the next run after its password is reset or the
  account is removed (:mod:`geo.staffsession`).

Staff pages are passed to ``st.navigation`` only for a staff user, so neither the menu nor a
typed URL reaches them otherwise; each page checks again with :func:`require_staff`. The login
itself is a hidden page of its own (``/personale``, linked in the footer), so the public pages
load no login widgets.

Every staff *action* goes through one gate, :func:`staff_action`: a widget callback runs before
the page (and its check) does, so the click itself must check who is still logged in. Downloads
made when clicked go through :func:`staff_download`, and the one-time download route asks
:func:`identity_ends`; all three end in the same rule, :func:`geo.staffsession.session_end`.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import secrets
import time
from collections.abc import Callable, Mapping
from functools import partial
from typing import Concatenate, ParamSpec, TypeVar

import streamlit as st

from geo import staff, staffsession
from geo.escape import markdown_text as md
from geo.storage import StorageUnavailable
from ui import handoff
from ui.db import storage
from ui.i18n import t
from ui.navigation import LOGIN_PAGE, STAFF_PAGES

USER_KEY = "staff_user"
STAMP_KEY = "staff_credential_stamp"
SEEN_KEY = "staff_seen_at"
MESSAGE_KEY = "staff_login_message"
ENDED_KEY = "staff_session_ended"
LOGIN_KEY = "staff_current_login"


clock = time.time  # seconds since the epoch; tests replace it


class Login:
    """One local login of one session, from login to logout; deferred work keeps a reference.

    ``id`` (random) names the login to what outlives a script run (download tickets); logging
    out sets ``ended``, which a download made later on Streamlit's own thread can see.
    """

    def __init__(self) -> None:
        self.id = secrets.token_hex(16)
        self.ended = False


P = ParamSpec("P")
R = TypeVar("R")


def _secret_section(name: str) -> Mapping | None:
    """A section of st.secrets, or None (also when there is no secrets file at all)."""
    try:
        section = st.secrets[name] if name in st.secrets else None
    except (FileNotFoundError, KeyError):  # StreamlitSecretNotFoundError is a FileNotFoundError
        return None
    return section if isinstance(section, Mapping) else None


def oidc_configured() -> bool:
    """True when an ``[auth]`` section configures ``st.login``."""
    return _secret_section("auth") is not None


def allowed_emails() -> frozenset[str]:
    """The staff allow-list for OpenID Connect, lower-cased."""
    emails = (_secret_section("staff") or {}).get("emails", [])
    return frozenset(str(e).strip().lower() for e in emails if str(e).strip())


def oidc_problem() -> str | None:
    """Why the logged-in OIDC user's identity is not trusted (a text key), or None.

    The e-mail counts only when the provider says it is verified: some providers let a user
    type any address into their profile. A configured tenant/domain claim must match exactly.
    """
    settings = _secret_section("staff") or {}
    claim = str(settings.get("email_verified_claim") or "email_verified")
    verified = st.user.get(claim)
    if verified is not True and str(verified).lower() != "true":
        return "staff.auth.oidc.unverified"
    expected = settings.get("expected_claims") or {}
    if not isinstance(expected, Mapping) or any(st.user.get(k) != v for k, v in expected.items()):
        return "staff.auth.oidc.wrong_tenant"
    return None


def _oidc_email() -> str | None:
    if not st.user.get("is_logged_in"):
        return None
    return str(st.user.get("email") or "").strip().lower() or None


def current_user() -> str | None:
    """The logged-in staff member's username (or e-mail with OIDC); None for everybody else."""
    if oidc_configured():
        email = _oidc_email()
        return email if email and email in allowed_emails() and oidc_problem() is None else None
    return _local_user()


def identity_ends(session: staffsession.StaffSession, now_s: float | None = None) -> str | None:
    """Why a staff identity no longer counts at ``now_s`` ("idle" or "credentials"), or None.

    The one check behind every staff session, action, deferred download and download ticket:
    with local accounts the idle limit, the password version (the credential stamp) and the
    account's existence (:func:`geo.staffsession.session_end`); with OpenID Connect, that the
    e-mail is still on the allow-list (the provider's login itself is checked per run).
    """
    if oidc_configured():
        return None if session.username in allowed_emails() else "credentials"
    try:
        stamp = staffsession.credential_stamp(session.username)
    except ValueError:  # an unreadable accounts file locks everybody out rather than in
        stamp = None
    return staffsession.session_end(session, stamp, clock() if now_s is None else now_s)


def session_identity() -> staffsession.StaffSession | None:
    """This session's staff identity as it stands (who, stamp at login, last activity), unchecked."""
    user = current_user()
    if not user:
        return None
    state = st.session_state
    return staffsession.StaffSession(user, str(state.get(STAMP_KEY) or ""), float(state.get(SEEN_KEY) or clock()))


def _local_user() -> str | None:
    """The local login of this session while it lives; ends it (with a message) when it doesn't."""
    state = st.session_state
    username = state.get(USER_KEY)
    if not username:
        return None
    now = clock()
    session = staffsession.StaffSession(username, str(state.get(STAMP_KEY) or ""), float(state.get(SEEN_KEY) or 0))
    ended = identity_ends(session, now)
    if ended:
        _logout()
        state[ENDED_KEY] = t(f"privacy.session.ended_{ended}", minutes=staffsession.IDLE_LIMIT_S // 60)
        return None
    state[SEEN_KEY] = now
    return username


def login_page() -> st.Page:
    """The login page for ``st.navigation``: reachable by URL and the footer link, not in the menu."""
    spec = LOGIN_PAGE
    return st.Page(spec.file, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path, visibility="hidden")


def staff_pages() -> list:
    """The staff pages for ``st.navigation``: empty unless a staff member is logged in."""
    if not current_user():
        return []
    return [st.Page(p.file, title=t(p.title_key), icon=p.icon, url_path=p.url_path) for p in STAFF_PAGES]


def require_staff() -> str:
    """Stop the page unless a staff member is logged in; return their name."""
    user = current_user()
    if not user:
        st.error(t("staff.auth.required"), icon=":material/lock:")
        st.stop()
    return user


def staff_action(action: str) -> Callable[[Callable[Concatenate[str, P], R]], Callable[P, R | None]]:
    """The gate of every staff action: ``@staff_action("signups.erase") def erase(user, ref): ...``.

    The decorated function runs only while this session's staff login holds *at that moment*
    (:func:`current_user`: idle limit, password version, account existence, or the OIDC
    allow-list) and gets the checked username as its first argument, so whatever it records
    names who is logged in now, not who was when the page was drawn. When the login has ended
    it changes nothing, returns None, and the session is told it has been logged out (the
    notice shows on the page the user lands on). Use it for widget callbacks (they run before
    the page and its check) and for actions a page runs itself; ``action`` names the action
    ("area.verb") and is kept on the function as ``staff_action``, for the audit log.
    """

    def gate(run: Callable[Concatenate[str, P], R]) -> Callable[P, R | None]:
        @functools.wraps(run)
        def gated(*args: P.args, **kwargs: P.kwargs) -> R | None:
            user = current_user()
            if not user:
                st.session_state.setdefault(ENDED_KEY, t("privacy.session.ended"))
                return None
            return run(user, *args, **kwargs)

        gated.staff_action = action  # type: ignore[attr-defined]
        return gated

    return gate


class SessionEnded(RuntimeError):
    """A deferred staff download was asked for after the staff login ended; nothing is made."""


def staff_download(action: str, make: Callable[[], R]) -> Callable[[], R]:
    """A download button's deferred ``data`` that is made only while this staff login holds.

    Streamlit calls ``make`` on a thread of its own when the button is clicked, outside any
    script run, so the identity is taken now (who, the stamp, this run as the last activity)
    and checked then with :func:`identity_ends`; an ended login gets no file (the browser shows
    that the download failed, and the next click shows the logout notice).
    """
    identity = session_identity()
    login = st.session_state.get(LOGIN_KEY)

    def made() -> R:
        if identity is None or identity_ends(identity) or (isinstance(login, Login) and login.ended):
            raise SessionEnded(action)
        return make()

    return made


def login_box() -> None:
    """The login or logout box of the login page."""
    if oidc_configured():
        _oidc_box()
    else:
        _local_box()


def _oidc_box() -> None:
    email = _oidc_email()
    if email is None:
        if importlib.util.find_spec("authlib") is None:
            st.caption(t("staff.auth.oidc_missing"))
            return
        st.button(t("staff.auth.login_oidc"), on_click=st.login, key="staff_login_oidc", icon=":material/login:")
        return
    problem = oidc_problem()
    if problem:
        st.warning(t(problem, user=md(email)), icon=":material/block:")
    elif email in allowed_emails():
        st.caption(t("staff.auth.logged_in_as", user=md(email)))
        _staff_links()
    else:
        st.warning(t("staff.auth.not_staff", user=md(email)), icon=":material/block:")
    st.button(t("staff.auth.logout"), on_click=st.logout, key="staff_logout_oidc", icon=":material/logout:")


def _local_box() -> None:
    user = current_user()
    if user:
        st.caption(t("staff.auth.logged_in_as", user=md(user)))
        _staff_links()
        st.button(t("staff.auth.logout"), on_click=_logout, key="staff_logout", icon=":material/logout:")
        return
    with st.form("staff_login", enter_to_submit=True):
        st.text_input(t("staff.auth.username"), key="staff_login_user", max_chars=staff.USERNAME_MAX_CHARS)
        st.text_input(t("staff.auth.password"), key="staff_login_password", type="password", max_chars=200)
        st.form_submit_button(t("staff.auth.login"), on_click=_login, icon=":material/login:")
    message = st.session_state.get(MESSAGE_KEY)
    if message:
        st.error(message, icon=":material/error:")


def session_notice() -> None:
    """Say once, on whatever page the user lands, that their staff session has ended and why."""
    ended = st.session_state.pop(ENDED_KEY, None)
    if ended:
        st.info(ended, icon=":material/timer_off:")


def _staff_links() -> None:
    for spec in STAFF_PAGES:
        st.page_link(spec.file, label=t(spec.title_key), icon=spec.icon)


def _login() -> None:
    """Form callback: runs before the script, so the navigation already has the staff pages.

    Reads the form, then checks the password (slow on purpose) without touching the session;
    the result reaches the session through :mod:`ui.handoff`, so a click during the check
    cannot throw a successful login away.
    """
    state = st.session_state
    username = str(state.get("staff_login_user") or "").strip().lower()[: staff.USERNAME_MAX_CHARS]
    password = str(state.get("staff_login_password") or "")
    with handoff.inbox().work() as post:  # from here on no st.* call: the result is posted
        try:
            result, file_broken = staff.verify(username, password), False
        except ValueError:
            result, file_broken = None, True
        post(partial(_apply_login, username, result, file_broken))


def _apply_login(username: str, result: staff.LoginResult | None, file_broken: bool) -> None:
    """Turn a checked login into the session's login (or its message); safe to repeat."""
    state = st.session_state
    state["staff_login_password"] = ""  # never keep a password in the session
    if file_broken or result is None:
        state[MESSAGE_KEY] = t("staff.auth.file_broken")
    elif result.ok:
        state[USER_KEY] = username
        state[STAMP_KEY] = staffsession.credential_stamp(username)
        state[SEEN_KEY] = clock()
        state[LOGIN_KEY] = Login()
        state.pop(MESSAGE_KEY, None)
    elif result.status == "busy":
        state[MESSAGE_KEY] = t("staff.auth.guard.busy")
    elif result.status == "locked":
        state[MESSAGE_KEY] = t("staff.auth.locked", minutes=max(1, math.ceil(result.retry_after_s / 60)))
    else:
        state[MESSAGE_KEY] = t("staff.auth.wrong")


def _logout() -> None:
    """Forget the user and everything the staff pages kept in the session; end its tickets."""
    login = st.session_state.get(LOGIN_KEY)
    if isinstance(login, Login):
        login.ended = True
        try:
            storage().revoke_tickets(login.id)
        except StorageUnavailable:  # the tickets still need this login's identity to hold
            pass
    for key in [k for k in st.session_state if str(k).startswith("staff_")]:
        del st.session_state[key]
