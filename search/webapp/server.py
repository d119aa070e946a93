"""The web app as `minutes serve` runs it: Streamlit's app, whose page is app.py, behind the
request guard (over-long URLs refused, a Content-Security-Policy on every response) and, with
sign-in on, the way back to the address a visitor opened before signing in.

`streamlit run` finds ``app`` here and serves it with uvicorn; ``search.webapp.launch`` starts
it with the limits on request heads the guard needs.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from search.webapp.http_guard import HttpGuard
from search.webapp.sign_in_return import ReturnAfterSignIn

PAGE = Path(__file__).resolve().parents[2] / "app.py"

app = st.App(PAGE, middleware=[Middleware(HttpGuard), Middleware(ReturnAfterSignIn)])
