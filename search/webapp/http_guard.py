"""What the web server does before Streamlit sees a request, and to every response.

A URL longer than ``MAX_URL_BYTES`` is answered 414 and a request head larger than
``MAX_HEAD_BYTES`` 431, each with a short page in Swedish, never a hang or a reset. Every
response carries a Content-Security-Policy under which the page loads scripts, images, fonts
and connections from the app's own origin only, and runs no inline script but Streamlit's and
the app's own (by their hashes): were a document's or a model's text ever to become markup, it
could neither run nor fetch anything from another host.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from html import escape
from pathlib import Path
from typing import Any

import streamlit

from search.webapp import texts
from search.webapp.scripts import SCRIPTS

MAX_URL_BYTES = 128 * 1024  # a question cut to 2,000 characters, percent-encoded, fits 7 times
MAX_HEAD_BYTES = 256 * 1024

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _inline_script_hashes() -> list[str]:
    """The CSP sources of the inline scripts allowed to run: those of Streamlit's page (read
    from the installed Streamlit, so they follow its version) and the app's own."""
    page = (Path(streamlit.__file__).parent / "static" / "index.html").read_text("utf-8")
    bodies = _INLINE_SCRIPT.findall(page)
    bodies += [body for script in SCRIPTS for body in _INLINE_SCRIPT.findall(script)]
    return [f"'sha256-{_sha256(body)}'" for body in bodies]


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' " + " ".join(_inline_script_hashes()),  # no other inline script
        "style-src 'self' 'unsafe-inline'",  # Streamlit styles its components inline
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "frame-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"no-referrer"),  # a question in the URL goes nowhere else
    (b"x-content-type-options", b"nosniff"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class HttpGuard:
    """ASGI middleware: refuses over-long requests, adds the security headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = refused(scope)
        if refusal is not None:
            await _respond(send, *refusal)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def refused(scope: Scope) -> tuple[int, str, str] | None:
    """The status, reason and Swedish explanation for a request too large to serve."""
    url = len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") + 1
    if url > MAX_URL_BYTES:
        return 414, "URI Too Long", texts.URL_TOO_LONG
    head = sum(len(name) + len(value) + 4 for name, value in scope.get("headers", []))
    if url + head > MAX_HEAD_BYTES:
        return 431, "Request Header Fields Too Large", texts.HEAD_TOO_LARGE
    return None


async def _respond(send: Send, status: int, reason: str, explanation: str) -> None:
    body = (
        f'<!doctype html><html lang="sv"><meta charset="utf-8"><title>{status} {reason}</title>'
        f'<p>{escape(explanation)}</p><p><a href="/">{escape(texts.TO_START)}</a></p></html>'
    ).encode()
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
