"""A page's state in its URL: widgets first filled from the query parameters, and the
choices written back, so that a copied link shows the same page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from search.webapp.choices import page_number

PAGE_PARAM = "sida"  # the page number of a paged list ("page" names the view)


def seed(key: str, value: object) -> None:
    """Give the widget ``key`` the value ``value`` unless it already has one this session."""
    if key not in st.session_state:
        st.session_state[key] = value


def remember(values: Mapping[str, str], names: Iterable[str]) -> None:
    """Write ``values`` to the URL (the ``names`` without a value are removed); when that
    changes the URL, a paged list starts again at page 1."""
    params = st.query_params
    changed = False
    for name in names:
        value = values.get(name, "")
        if params.get(name, "") == value:
            continue
        changed = True
        if value:
            params[name] = value
        else:
            del params[name]
    if changed and PAGE_PARAM in params:
        del params[PAGE_PARAM]


def current_page() -> int:
    """The page number the URL asks for (1 when it asks for none or nonsense)."""
    return page_number(st.query_params.get(PAGE_PARAM))


def go_to_page(page: int) -> None:
    """Show page ``page`` (a button's callback)."""
    st.query_params[PAGE_PARAM] = str(page)
