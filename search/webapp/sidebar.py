"""The sidebar: search filters (kept in the URL) and what the published index holds."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import PurePath

import streamlit as st

from search.results import Filters
from search.service import MinutesService
from search.validation import QueryError
from search.webapp import render, texts, url_state
from search.webapp.choices import FILTER_PARAMS, FilterChoice, series_name


def filters(service: MinutesService, *, kinds: bool = True) -> tuple[FilterChoice, Filters | None]:
    """The filters (the kind of document only with ``kinds``), first filled from the URL and
    written back to it; the search filters are None (after a warning) when they cannot be
    used."""
    names = service.series()
    _seed(service, names)
    bar = st.sidebar
    bar.subheader(texts.FILTERS_HEADING)
    date_from = _date_input(texts.DATE_FROM, "from")
    date_to = _date_input(texts.DATE_TO, "to")
    series = bar.selectbox(
        texts.SERIES_LABEL, ["", *names], key="series", format_func=lambda s: s or texts.ALL_SERIES
    )
    kind = (
        bar.radio(
            texts.KIND_LABEL,
            list(texts.KINDS),
            key="kind",
            format_func=texts.KINDS.get,
            horizontal=True,
        )
        if kinds
        else ""
    )
    choice = FilterChoice(date_from.strip(), date_to.strip(), series or "", kind or "")
    url_state.remember(choice.params(), FILTER_PARAMS)
    try:
        return choice, choice.filters()
    except QueryError as error:
        bar.warning(texts.QUERY_ERRORS.get(error.code, texts.QUERY_ERROR))
        return choice, None


def _seed(service: MinutesService, names: list[str]) -> None:
    """Fill the filter widgets from the URL at the start of a session (a shared link)."""
    asked = FilterChoice.from_params(st.query_params)
    folders = {f: s.name for s in service.series_summaries() for f in s.folders}
    series = series_name(asked.series, names, folders)
    if asked.series and series is None and "series" not in st.session_state:
        st.sidebar.html(render.notice_html(texts.UNKNOWN_SERIES.format(series=asked.series)))
    url_state.seed("from", asked.date_from)
    url_state.seed("to", asked.date_to)
    url_state.seed("series", series or "")
    url_state.seed("kind", asked.kind)


def _date_input(label: str, key: str) -> str:
    """A date as text: Swedish placeholder, and a year or a month will do as well."""
    return st.sidebar.text_input(
        label, key=key, placeholder=texts.DATE_PLACEHOLDER, help=texts.DATE_HELP, max_chars=10
    )


def _built_at(value: str) -> str:
    try:
        return dt.datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(value)


def status(service: MinutesService) -> None:
    """Corpus, model, counts and build time of the snapshot being served."""
    info = service.status()
    counts = info.get("counts", {})
    corpus = PurePath(str(info.get("corpus", "")))
    values = {
        "corpus": corpus.name or str(corpus),
        "model": info.get("model"),
        "meetings": counts.get("meetings"),
        "documents": counts.get("documents"),
        "passages": counts.get("chunks"),
        "built_at": _built_at(info.get("built_at", "")),
    }
    rows = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(str(values[name]))}</dd>"
        for label, name in texts.STATUS_ROWS
    )
    st.sidebar.subheader(texts.STATUS_HEADING)
    st.sidebar.html(f'<dl class="status" title="{escape(str(corpus))}">{rows}</dl>')
