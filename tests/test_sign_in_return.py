"""After signing in, back to the address opened: the query of a page load is kept in a cookie
and the sign-in callback's redirect to the root is pointed at it, never anywhere else."""

from __future__ import annotations

import asyncio

from search.webapp.sign_in_return import COOKIE, ReturnAfterSignIn


def _through(
    middleware: ReturnAfterSignIn, path: str, query: bytes, cookie: str = ""
) -> tuple[bytes | None, list[bytes]]:
    """The Location and Set-Cookie headers of the middleware's answer to a GET of ``path``."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request"}

    async def send(message: dict) -> None:
        sent.append(message)

    headers = [(b"cookie", cookie.encode())] if cookie else []
    scope = {"type": "http", "method": "GET", "path": path, "query_string": query}
    asyncio.run(middleware({**scope, "headers": headers}, receive, send))
    answer = sent[0]["headers"]
    location = next((value for name, value in answer if name == b"location"), None)
    return location, [value for name, value in answer if name == b"set-cookie"]


async def _redirect_to_root(scope, receive, send) -> None:
    """Streamlit's callback answers with a redirect to the app's root (so does this page)."""
    await send({"type": "http.response.start", "status": 302, "headers": [(b"location", b"/")]})
    await send({"type": "http.response.body", "body": b""})


def test_the_callback_returns_to_the_page_opened_and_nowhere_else():
    middleware = ReturnAfterSignIn(_redirect_to_root, signing_in=lambda: True)
    kept = "passage=abc&q=budget+2021"
    _, cookies = _through(middleware, "/", kept.encode())
    assert cookies == [f"{COOKIE}={kept}; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax".encode()]
    location, cookies = _through(middleware, "/oauth2callback", b"code=x", f"{COOKIE}={kept}")
    assert location == f"/?{kept}".encode()
    assert cookies[0].startswith(f"{COOKIE}=; Max-Age=0".encode())
    location, _ = _through(middleware, "/oauth2callback", b"", f"{COOKIE}=//evil.example/x")
    assert location == b"/?%2F%2Fevil.example%2Fx="
    assert _through(middleware, "/oauth2callback", b"") == (b"/", [])


def test_without_sign_in_no_cookie_is_set():
    middleware = ReturnAfterSignIn(_redirect_to_root, signing_in=lambda: False)
    assert _through(middleware, "/", b"passage=abc") == (b"/", [])
