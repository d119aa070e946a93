"""The meetings page (``?page=moten``): every meeting, newest first, a page at a time,
filtered by series, year and words. Its state lives in the URL (``series``, ``ar``, ``q``,
``sida``); each meeting links to its own page (``meeting_page``)."""

from __future__ import annotations

import streamlit as st

from search.service import MinutesService
from search.validation import MAX_QUERY_CHARS
from search.webapp import meeting_list, pager, render, texts, url_state
from search.webapp.choices import series_name

PAGE_SIZE = 25
_PARAMS = ("series", "ar", "q")


def show(service: MinutesService) -> None:
    """Draw the filters, then one page of the meetings that pass them."""
    st.markdown(f"### {texts.MEETINGS_HEADING}")
    st.caption(texts.MEETINGS_INTRO)
    meetings = meeting_list.newest_first(service.meetings())
    if not meetings:
        st.info(texts.NO_MEETINGS)
        return
    series, year, words = _filters(service, [str(y) for y in meeting_list.years(meetings)])
    url_state.remember({"series": series, "ar": year, "q": words}, _PARAMS)
    held = int(year) if year else None
    found = meeting_list.matching(meetings, series=series, year=held, words=words)
    if not found:
        st.info(texts.NO_MATCHING_MEETINGS)
        return
    page, pages, shown = pager.page_of(len(found), PAGE_SIZE)
    st.caption(pager.summary(texts.MEETINGS_COUNT.format(count=len(found)), page, pages))
    back = {"page": "moten", **{name: st.query_params.get(name, "") for name in _PARAMS}}
    back[url_state.PAGE_PARAM] = str(page) if page > 1 else ""
    st.html(render.meetings_html([(m.meeting, m.documents) for m in found[shown]], back))
    pager.buttons(page, pages, key="meetings")


def _filters(service: MinutesService, years: list[str]) -> tuple[str, str, str]:
    """Series, year and words, first filled from the URL."""
    names = service.series()
    folders = {f: s.name for s in service.series_summaries() for f in s.folders}
    params = st.query_params
    url_state.seed("browse_series", series_name(params.get("series", ""), names, folders) or "")
    asked_year = params.get("ar", "")
    url_state.seed("browse_year", asked_year if asked_year in years else "")
    url_state.seed("browse_words", params.get("q", "")[:MAX_QUERY_CHARS])
    words, series, year = st.columns([2, 2, 1], vertical_alignment="bottom")
    typed = words.text_input(
        texts.MEETINGS_QUERY,
        key="browse_words",
        placeholder=texts.MEETINGS_QUERY_PLACEHOLDER,
        max_chars=MAX_QUERY_CHARS,
        type="search",
    )
    chosen = series.selectbox(
        texts.SERIES_LABEL,
        ["", *names],
        key="browse_series",
        format_func=lambda s: s or texts.ALL_SERIES,
    )
    held = year.selectbox(
        texts.YEAR_LABEL,
        ["", *years],
        key="browse_year",
        format_func=lambda y: y or texts.ALL_YEARS,
    )
    return chosen or "", held or "", typed.strip()
