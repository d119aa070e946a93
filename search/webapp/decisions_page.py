"""The decision log (``?page=beslut``): every decision, newest first, searchable and filtered.

Its state lives in the URL (``q``, ``outcome``, the sidebar's ``from``, ``to`` and
``series``, ``sida``), so a link to the page shows the same decisions.
"""

from __future__ import annotations

import streamlit as st

from indexer.store.entities import DecisionEntry
from search.service import MinutesService
from search.validation import MAX_QUERY_CHARS, QueryError
from search.webapp import audit_trail, pager, render, sidebar, texts, url_state

PAGE_SIZE = 50
_PARAMS = ("q", "outcome")


def show(service: MinutesService) -> None:
    """Draw the filters, then one page of matching decisions."""
    st.markdown(f"### {texts.DECISIONS_HEADING}")
    st.caption(texts.DECISIONS_INTRO)
    choice, filters = sidebar.filters(service, kinds=False)
    query, outcome = _search_box()
    url_state.remember({"q": query, "outcome": outcome}, _PARAMS)
    if filters is None:
        return
    if query:
        audit_trail.note("decisions", query=query, filters=choice.params(), outcome=outcome)
    try:
        found = service.decisions(
            query or None, filters=filters, outcome=outcome or None, top_k=100
        )
    except QueryError as error:  # in Swedish, and never the query itself as Markdown
        st.warning(texts.QUERY_ERRORS.get(error.code, texts.QUERY_ERROR))
        return
    back = {"page": "beslut", "q": query, "outcome": outcome, **choice.params()}
    if not found:
        st.html(render.notice_html(texts.with_filters(texts.DECISIONS_NONE, filters)))
        return
    _page(list(reversed(found)), back)


def _search_box() -> tuple[str, str]:
    """The search box and the outcome, first filled from the URL."""
    params = st.query_params
    asked = params.get("q", "")
    if len(asked) > MAX_QUERY_CHARS:
        st.info(texts.QUESTION_CUT.format(limit=MAX_QUERY_CHARS))
    url_state.seed("decisions_query", asked[:MAX_QUERY_CHARS])
    asked_outcome = params.get("outcome", "")
    url_state.seed("outcome", asked_outcome if asked_outcome in texts.OUTCOMES else "")
    box, outcome = st.columns([3, 1], vertical_alignment="bottom")
    query = box.text_input(
        texts.DECISIONS_QUERY,
        key="decisions_query",
        placeholder=texts.DECISIONS_QUERY_PLACEHOLDER,
        max_chars=MAX_QUERY_CHARS,
        type="search",
    )
    chosen = outcome.selectbox(
        texts.OUTCOME_LABEL,
        ["", *texts.OUTCOMES],
        key="outcome",
        format_func=lambda o: texts.OUTCOMES.get(o, texts.ALL_OUTCOMES),
    )
    return query.strip(), chosen or ""


def _page(decisions: list[DecisionEntry], back: dict[str, str]) -> None:
    """One page of ``decisions`` (newest first) with buttons to the pages around it."""
    page, pages, shown = pager.page_of(len(decisions), PAGE_SIZE)
    st.caption(pager.summary(texts.DECISIONS_COUNT.format(count=len(decisions)), page, pages))
    back[url_state.PAGE_PARAM] = str(page) if page > 1 else ""
    st.html(render.decisions_html(decisions[shown], back))
    pager.buttons(
        page, pages, key="decisions", previous=texts.PREVIOUS_PAGE, following=texts.NEXT_PAGE
    )
