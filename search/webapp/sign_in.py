"""Who reads the web app. With sign-in on (``search.settings.check_for_serving``), a visitor
who has not signed in sees only the sign-in page, which signs in with Streamlit's ``st.login``
at the OpenID Connect provider of the ``[auth]`` section; a signed-in user's name and a
sign-out button are in the sidebar, and the groups of their ID token decide what they may
read (``search.access``). With sign-in off everyone reads everything."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

import streamlit as st

from search.access import Access, user_groups
from search.settings import Settings
from search.webapp import texts

# The first of these claims the ID token holds names the user on the page, and in the audit
# trail (an address or a login, which stay the same when a display name changes).
_NAME_CLAIMS = ("name", "preferred_username", "email", "sub")
_ID_CLAIMS = ("email", "preferred_username", "sub")


@dataclass(frozen=True)
class Reader:
    """Who reads: their name and who they are in the audit trail (both empty when sign-in is
    off), and what they may read (None: everything)."""

    name: str
    user: str
    access: Access | None


ANONYMOUS = Reader("", "", None)


def reader(settings: Settings, signing_in: bool) -> Reader | None:
    """The user reading; None after drawing the sign-in page for a visitor."""
    if not signing_in:
        return ANONYMOUS
    if not st.user.is_logged_in:
        _sign_in_page()
        return None
    claims = st.user.to_dict()
    groups = user_groups(claims, settings.groups_claim, settings.group_emails)
    access = None if settings.access is None else Access(settings.access, groups)
    return Reader(_first(claims, _NAME_CLAIMS), _first(claims, _ID_CLAIMS), access)


def _first(claims: Mapping[str, Any], names: tuple[str, ...]) -> str:
    given = (claims.get(name) for name in names)
    return next((str(value) for value in given if value), "?")


def _sign_in_page() -> None:
    st.html(
        f'<div class="sign-in"><h2>{escape(texts.SIGN_IN_HEADING)}</h2>'
        f"<p>{escape(texts.SIGN_IN_TEXT)}</p></div>"
    )
    if st.button(texts.SIGN_IN, type="primary", key="sign_in"):
        st.login()


def account(reader: Reader) -> None:
    """The signed-in user's name and the sign-out button, in the sidebar."""
    if not reader.name:
        return
    signed_in = escape(texts.SIGNED_IN_AS.format(name=reader.name))
    st.sidebar.html(f'<div class="account">{signed_in}</div>')
    if st.sidebar.button(texts.SIGN_OUT, key="sign_out", icon=":material/logout:"):
        st.logout()
