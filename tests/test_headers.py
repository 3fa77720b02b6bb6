"""The framing policy and the security-header middleware, without a server."""

from __future__ import annotations

from testkit.loops import run_coroutine
from ui.headers import FramePolicy, SecurityHeaders


def test_default_policy_keeps_the_app_unframeable_and_embed_open():
    policy = FramePolicy.from_env({})
    page = policy.headers_for("/bliv-med")
    assert page == {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"}
    assert policy.headers_for("/") == page
    assert policy.embed_ancestors() == "*"


def test_component_frames_stay_usable_by_the_app_itself():
    headers = FramePolicy.from_env({}).headers_for("/component/streamlit_folium.st_folium/index.html")
    assert headers == {"Content-Security-Policy": "frame-ancestors 'self'", "X-Frame-Options": "SAMEORIGIN"}


def test_configured_frame_origins_replace_deny_with_the_list():
    policy = FramePolicy.from_env({"GLADSAXE_FRAME_ORIGINS": "https://gladsaxe.dk, https://intra.gladsaxe.dk"})
    assert policy.headers_for("/kort") == {
        "Content-Security-Policy": "frame-ancestors https://gladsaxe.dk https://intra.gladsaxe.dk"
    }
    assert policy.headers_for("/component/x/index.html") == {
        "Content-Security-Policy": "frame-ancestors 'self' https://gladsaxe.dk https://intra.gladsaxe.dk"
    }


def test_malformed_origins_are_dropped_not_trusted():
    policy = FramePolicy.from_env({"GLADSAXE_FRAME_ORIGINS": "https://ok.dk javascript:alert(1) 'unsafe-inline'"})
    assert policy.app_origins == ("https://ok.dk",)
    embed = FramePolicy.from_env({"GLADSAXE_EMBED_ORIGINS": "gladsaxe.dk;script-src"})
    assert embed.embed_ancestors() == "'none'"  # nothing valid configured: nobody, never everybody


def test_embed_origins_are_configurable():
    policy = FramePolicy.from_env({"GLADSAXE_EMBED_ORIGINS": "https://www.gladsaxe.dk"})
    assert policy.embed_ancestors() == "https://www.gladsaxe.dk"
    assert policy.headers_for("/embed") == {}


def _run(middleware: SecurityHeaders, path: str) -> dict[str, str]:
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    run_coroutine(middleware({"type": "http", "path": path, "method": "GET", "headers": []}, receive, send))
    return {k.decode(): v.decode() for k, v in sent[0]["headers"]}


def test_middleware_adds_headers_but_keeps_a_route_s_own():
    async def inner(scope, receive, send):
        own = [(b"content-security-policy", b"default-src 'none'")] if scope["path"] == "/embed" else []
        await send({"type": "http.response.start", "status": 200, "headers": own})
        await send({"type": "http.response.body", "body": b"x"})

    middleware = SecurityHeaders(inner, FramePolicy())
    page = _run(middleware, "/kort")
    assert page["x-content-type-options"] == "nosniff"
    assert page["referrer-policy"] == "no-referrer"
    assert page["x-frame-options"] == "DENY"
    embed = _run(middleware, "/embed")
    assert embed["content-security-policy"] == "default-src 'none'"
    assert "x-frame-options" not in embed
    assert embed["referrer-policy"] == "no-referrer"
