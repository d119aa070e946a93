"""The sidebar: search filters and what the published index holds."""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import PurePath

import streamlit as st

from search.results import Filters
from search.service import MinutesService
from search.webapp import texts

_EARLIEST = dt.date(1900, 1, 1)
_LATEST = dt.date(2100, 12, 31)


def filters(service: MinutesService) -> Filters | None:
    """The filters the user chose; None (after a warning) when they cannot be used."""
    st.sidebar.subheader(texts.FILTERS_HEADING)
    date_from = _date_input(texts.DATE_FROM, "date_from")
    date_to = _date_input(texts.DATE_TO, "date_to")
    series = st.sidebar.selectbox(
        texts.SERIES_LABEL, [texts.ALL_SERIES, *service.series()], key="series"
    )
    kind = st.sidebar.radio(texts.KIND_LABEL, list(texts.KINDS), horizontal=True, key="kind")
    if date_from and date_to and date_from > date_to:
        st.sidebar.warning(texts.DATES_REVERSED)
        return None
    return Filters(
        date_from=date_from,
        date_to=date_to,
        series=None if series == texts.ALL_SERIES else series,
        kind=texts.KINDS[kind],
    )


def _date_input(label: str, key: str) -> dt.date | None:
    return st.sidebar.date_input(
        label, value=None, min_value=_EARLIEST, max_value=_LATEST, key=key, format="YYYY-MM-DD"
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
