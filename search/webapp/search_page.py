"""The search page (``?page=sok``): the passages that match some words, each a card with a
snippet around its matching words and a link to the passage; the sidebar's filters, sorted by
relevance or date, a page at a time. Its state lives in the URL (``q``, the filters,
``sort``, ``sida``), so a link to it shows the same results."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from search.results import Hit
from search.service import MinutesService
from search.validation import MAX_QUERY_CHARS, MAX_TOP_K, QueryError
from search.webapp import audit_trail, pager, render, sidebar, state, texts, url_state

PAGE_SIZE = 10
RELEVANCE, DATE = "relevans", "datum"


def by_date(hits: list[Hit]) -> list[Hit]:
    """The hits from the newest meeting to the oldest (undated last), best first within one."""
    return sorted(hits, key=lambda h: (-_ordinal(h.passage.meeting.date), h.rank))


def _ordinal(day: dt.date | None) -> int:
    """The day as a number; 0 (before every day) for none."""
    return day.toordinal() if day else 0


def _form() -> tuple[str, str]:
    """The search box and the order, first filled from the URL."""
    url_state.seed("q", st.query_params.get("q", "")[:MAX_QUERY_CHARS])
    asked = st.query_params.get("sort", "")
    url_state.seed("sort", asked if asked in texts.SORTS else RELEVANCE)
    box, order = st.columns([3, 2], vertical_alignment="bottom")
    query = box.text_input(
        texts.SEARCH_LABEL,
        key="q",
        placeholder=texts.SEARCH_PLACEHOLDER,
        max_chars=MAX_QUERY_CHARS,
        type="search",
    )
    sort = order.radio(
        texts.SORT_LABEL,
        list(texts.SORTS),
        key="sort",
        format_func=texts.SORTS.get,
        horizontal=True,
    )
    return query.strip(), sort or RELEVANCE


def show(service: MinutesService) -> None:
    """Draw the search box, then one page of results."""
    st.markdown(f"### {texts.SEARCH_HEADING}")
    st.caption(texts.SEARCH_INTRO)
    choice, filters = sidebar.filters(service)
    query, sort = _form()
    url_state.remember({"q": query, "sort": "" if sort == RELEVANCE else sort}, ("q", "sort"))
    if not query:
        st.info(texts.SEARCH_EMPTY)
        return
    if filters is None:
        return
    audit_trail.note("search", query=query, filters=choice.params())
    try:
        hits = state.search(service, query, filters).hits
    except QueryError as error:
        st.warning(texts.QUERY_ERRORS.get(error.code, texts.QUERY_ERROR))
        return
    if not hits:
        st.html(render.notice_html(texts.with_filters(texts.SEARCH_NONE, filters)))
        return
    hits = by_date(hits) if sort == DATE else hits
    page, pages, shown = pager.page_of(len(hits), PAGE_SIZE)
    count = (texts.SEARCH_CAPPED if len(hits) == MAX_TOP_K else texts.SEARCH_COUNT).format(
        count=len(hits)
    )
    st.caption(pager.summary(count, page, pages))
    back = {"page": "sok", "q": query, **choice.params(), **_order_and_page(sort, page)}
    stems = render.question_stems(query)
    st.html("".join(render.source_html(None, h.passage, stems, back=back) for h in hits[shown]))
    pager.buttons(page, pages, key="results")


def _order_and_page(sort: str, page: int) -> dict[str, str]:
    return {
        "sort": "" if sort == RELEVANCE else sort,
        url_state.PAGE_PARAM: str(page) if page > 1 else "",
    }
