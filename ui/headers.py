"""Security headers on every HTTP response the app sends, Streamlit's own included.

Who may frame what is configured, not coded:

- ``GLADSAXE_FRAME_ORIGINS`` (space- or comma-separated origins, default empty): sites that may
  frame the Streamlit app itself. Empty means nobody, so the sign-up form cannot be framed by
  another site (clickjacking): ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'``.
- ``GLADSAXE_EMBED_ORIGINS`` (default ``*``): sites that may frame ``/embed``, the lightweight
  map a web editor pastes into gladsaxe.dk.

Streamlit's custom components (the map) are iframes the app page loads from its own origin
under ``/component/``, so those responses allow ``'self'`` (plus the framing origins, because
``frame-ancestors`` is checked against every ancestor, not only the parent).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo import settings

# Paths whose responses set their own framing policy (and Content-Security-Policy).
EMBED_PATH = "/embed"
COMPONENT_PREFIX = "/component/"
_ORIGIN = re.compile(r"^(https?://[A-Za-z0-9.-]+(:\d{1,5})?|\*|'self')$")


def _origins(raw: str) -> tuple[str, ...]:
    """The configured origins, keeping only well-formed ones (a typo must not open the gate)."""
    return tuple(o for o in re.split(r"[\s,]+", raw.strip()) if o and _ORIGIN.match(o))


@dataclass(frozen=True)
class FramePolicy:
    """Which sites may frame the app and which may frame /embed."""

    app_origins: tuple[str, ...] = ()
    embed_origins: tuple[str, ...] = ("*",)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> FramePolicy:
        configured = settings.current() if env is None else settings.Settings.from_env(env)
        embed = configured.embed_origins
        return cls(
            app_origins=_origins(configured.frame_origins),
            embed_origins=_origins(embed) if embed is not None and embed.strip() else ("*",),
        )

    def embed_ancestors(self) -> str:
        """The ``frame-ancestors`` source list for /embed."""
        return " ".join(self.embed_origins) or "'none'"

    def headers_for(self, path: str) -> dict[str, str]:
        """Framing headers for a response to ``path`` (/embed sets its own CSP)."""
        if path == EMBED_PATH:
            return {}
        if path.startswith(COMPONENT_PREFIX):
            ancestors = " ".join(("'self'", *self.app_origins))
            framing = "SAMEORIGIN"
        else:
            ancestors = " ".join(self.app_origins) or "'none'"
            framing = "DENY"
        headers = {"Content-Security-Policy": f"frame-ancestors {ancestors}"}
        # X-Frame-Options cannot name other sites; with a list configured the CSP alone decides.
        if not self.app_origins:
            headers["X-Frame-Options"] = framing
        return headers


COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class SecurityHeaders:
    """ASGI middleware adding :data:`COMMON_HEADERS` and the framing policy to every response.

    Headers a route already set (``/embed``'s own policy) are left as they are.
    """

    def __init__(self, app: ASGIApp, policy: FramePolicy | None = None) -> None:
        self.app = app
        self.policy = policy or FramePolicy.from_env()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = {**COMMON_HEADERS, **self.policy.headers_for(scope.get("path", ""))}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                raw = list(message.get("headers", []))
                present = {name.lower() for name, _ in raw}
                raw += [(k.lower().encode(), v.encode()) for k, v in extra.items() if k.lower().encode() not in present]
                message = {**message, "headers": raw}
            await send(message)

        await self.app(scope, receive, send_with_headers)
