"""One page of a long list at a time: which items it shows, and buttons to the pages around
it. The page number is kept in the URL (``sida``)."""

from __future__ import annotations

import streamlit as st

from search.webapp import texts, url_state


def page_of(total: int, size: int) -> tuple[int, int, slice]:
    """The page the URL asks for (at most the last one), how many pages, and its items."""
    pages = max(1, -(-total // size))
    page = min(url_state.current_page(), pages)
    return page, pages, slice((page - 1) * size, page * size)


def summary(count: str, page: int, pages: int) -> str:
    """ "18 träffar", or "18 träffar · Sida 1 av 2" when there are more pages."""
    return count if pages <= 1 else f"{count} · {texts.PAGE_OF.format(page=page, pages=pages)}"


def buttons(
    page: int, pages: int, *, key: str, previous: str = texts.PREVIOUS, following: str = texts.NEXT
) -> None:
    """ "← Föregående", "Sida 2 av 7", "Nästa →" (when there is more than one page)."""
    if pages <= 1:
        return
    back, middle, forward = st.columns([1, 2, 1], vertical_alignment="center")
    if page > 1:
        back.button(
            previous, key=f"{key}_previous", on_click=url_state.go_to_page, args=(page - 1,)
        )
    middle.html(f'<div class="page-of">{texts.PAGE_OF.format(page=page, pages=pages)}</div>')
    if page < pages:
        forward.button(
            following, key=f"{key}_next", on_click=url_state.go_to_page, args=(page + 1,)
        )
