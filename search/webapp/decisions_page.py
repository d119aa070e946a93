"""The decision log (``?page=beslut``): every decision, newest first, searchable and filtered.

Its state lives in the URL (``q``, ``from``, ``to``, ``series``, ``outcome``, ``sida``), so a
link to the page shows the same decisions.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from search.results import Filters
from search.service import MinutesService
from search.validation import MAX_QUERY_CHARS, QueryError, parse_date_bound
from search.webapp import render, texts

PAGE_SIZE = 50
_PARAMS = ("q", "from", "to", "series", "outcome")


def show(service: MinutesService) -> None:
    """Draw the filters, then one page of matching decisions."""
    st.markdown(f"### {texts.DECISIONS_HEADING}")
    st.caption(texts.DECISIONS_INTRO)
    choice = _filters(service)
    _remember(choice)
    filters = Filters(
        date_from=_day(choice["from"], end=False),
        date_to=_day(choice["to"], end=True),
        series=choice["series"] or None,
    )
    try:
        found = service.decisions(
            choice["q"] or None, filters=filters, outcome=choice["outcome"] or None, top_k=100
        )
    except QueryError as error:  # in Swedish, and never the query itself as Markdown
        st.warning(texts.QUERY_ERRORS.get(error.code, texts.QUERY_ERROR))
        return
    _page(list(reversed(found)))


def _filters(service: MinutesService) -> dict[str, str]:
    """The search box and filters, first filled from the URL."""
    params = st.query_params
    asked = params.get("q", "")
    if len(asked) > MAX_QUERY_CHARS:
        st.info(texts.QUESTION_CUT.format(limit=MAX_QUERY_CHARS))
    query = st.text_input(
        texts.DECISIONS_QUERY,
        value=asked[:MAX_QUERY_CHARS],
        placeholder=texts.DECISIONS_QUERY_PLACEHOLDER,
        max_chars=MAX_QUERY_CHARS,
    )
    columns = st.columns(4)
    outcomes = [texts.ALL_OUTCOMES, *texts.OUTCOMES.values()]
    named = texts.OUTCOMES.get(params.get("outcome", ""), texts.ALL_OUTCOMES)
    outcome = columns[0].selectbox(texts.OUTCOME_LABEL, outcomes, index=outcomes.index(named))
    series_names = [texts.ALL_SERIES, *service.series()]
    asked_series = params.get("series", "")
    series = columns[1].selectbox(
        texts.SERIES_LABEL,
        series_names,
        index=series_names.index(asked_series) if asked_series in series_names else 0,
    )
    date_from = columns[2].date_input(
        texts.DATE_FROM, value=_date_param("from"), format="YYYY-MM-DD"
    )
    date_to = columns[3].date_input(texts.DATE_TO, value=_date_param("to"), format="YYYY-MM-DD")
    by_name = {name: key for key, name in texts.OUTCOMES.items()}
    return {
        "q": query.strip(),
        "from": date_from.isoformat() if isinstance(date_from, dt.date) else "",
        "to": date_to.isoformat() if isinstance(date_to, dt.date) else "",
        "series": "" if series == texts.ALL_SERIES else series,
        "outcome": by_name.get(outcome, ""),
    }


def _date_param(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None


def _day(value: str, *, end: bool) -> dt.date | None:
    return parse_date_bound(value, end=end) if value else None


def _remember(choice: dict[str, str]) -> None:
    """Write the choices to the URL (and back to page 1 when they changed)."""
    params = st.query_params
    changed = any(params.get(key, "") != choice[key] for key in _PARAMS)
    for key in _PARAMS:
        if choice[key]:
            params[key] = choice[key]
        elif key in params:
            del params[key]
    if changed and "sida" in params:
        del params["sida"]


def _page(decisions: list) -> None:
    """One page of ``decisions`` (newest first) with links to the pages around it."""
    if not decisions:
        st.info(texts.DECISIONS_NONE)
        return
    pages = (len(decisions) + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(max(_int(st.query_params.get("sida", "1")), 1), pages)
    shown = decisions[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    count = texts.DECISIONS_COUNT.format(count=len(decisions))
    st.caption(f"{count} · {texts.DECISIONS_PAGE.format(page=page, pages=pages)}")
    st.html(render.decisions_html(shown))
    newer, older = st.columns(2)
    if page > 1:
        newer.button(texts.PREVIOUS_PAGE, on_click=_go, args=(page - 1,), key="newer")
    if page < pages:
        older.button(texts.NEXT_PAGE, on_click=_go, args=(page + 1,), key="older")


def _go(page: int) -> None:
    st.query_params["sida"] = str(page)


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 1
