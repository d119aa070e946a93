"""After signing in, back to the address the visitor opened.

Streamlit's sign-in ends at ``/oauth2callback``, which sends the browser to the app's root: a
shared link (``?passage=…``) would be lost on the way. With sign-in on, this ASGI middleware
keeps the query of each load of the app's page in a cookie, and points the callback's
redirect to the root at it. The query is parsed and encoded again before it is stored and
before it is used, so the redirect only ever leads to the app's own page.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode

import streamlit as st
from streamlit import config
from streamlit.url_util import make_url_path

from search.webapp.http_guard import ASGIApp, Message, Receive, Scope, Send

COOKIE = "minutes_return"
MAX_QUERY_BYTES = 3000  # a cookie holds about 4 kB
MAX_AGE_SECONDS = 3600  # time to sign in
CALLBACK = "oauth2callback"  # Streamlit's route for the provider's answer


def _signing_in() -> bool:
    """Whether the app's secrets hold the [auth] section that turns sign-in on."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


class ReturnAfterSignIn:
    """ASGI middleware: a page load's query is where the sign-in returns to (only while
    ``signing_in()``)."""

    def __init__(self, app: ASGIApp, signing_in: Callable[[], bool] = _signing_in) -> None:
        self.app = app
        self.signing_in = signing_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not self.signing_in():
            await self.app(scope, receive, send)
            return
        base = config.get_option("server.baseUrlPath") or ""
        root = make_url_path(base, "/")
        if scope["path"] == root:
            query = _clean(scope.get("query_string", b"").decode("latin-1"))
            await self.app(scope, receive, _with_headers(send, [_cookie(root, query)]))
        elif scope["path"] == make_url_path(base, CALLBACK) and (query := _remembered(scope)):
            await self.app(scope, receive, _returning(send, root, query))
        else:
            await self.app(scope, receive, send)


def _clean(query: str) -> str:
    """``query`` parsed and encoded again; empty when it is too long for a cookie."""
    cleaned = urlencode(parse_qsl(query, keep_blank_values=True))
    return cleaned if len(cleaned) <= MAX_QUERY_BYTES else ""


def _cookie(root: str, query: str) -> tuple[bytes, bytes]:
    """The Set-Cookie header keeping ``query`` (none: the cookie removed)."""
    age = MAX_AGE_SECONDS if query else 0
    value = f"{COOKIE}={query}; Max-Age={age}; Path={root}; HttpOnly; SameSite=Lax"
    return b"set-cookie", value.encode()


def _remembered(scope: Scope) -> str:
    """The query the request's cookie keeps, cleaned; empty when there is none."""
    for name, value in scope.get("headers", []):
        if name != b"cookie":
            continue
        for part in value.decode("latin-1").split(";"):
            key, _, query = part.strip().partition("=")
            if key == COOKIE:
                return _clean(query)
    return ""


def _with_headers(send: Send, headers: list[tuple[bytes, bytes]]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *headers]
        await send(message)

    return sending


def _returning(send: Send, root: str, query: str) -> Send:
    """``send`` with a redirect to the app's root pointed at ``query`` (the cookie used up)."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start" and message["status"] in (302, 303, 307):
            headers = message.get("headers", [])
            if (b"location", root.encode()) in headers:
                target = f"{root}?{query}".encode()
                headers = [(k, target if k == b"location" else v) for k, v in headers]
                message["headers"] = [*headers, _cookie(root, "")]
        await send(message)

    return sending
