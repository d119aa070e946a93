"""The meetings page (``?page=moten``): every meeting in date order, each with its documents."""

from __future__ import annotations

import streamlit as st

from search.service import MinutesService
from search.webapp import render, texts


def show(service: MinutesService) -> None:
    """Draw the list of meetings, filtered by series."""
    st.markdown(f"### {texts.MEETINGS_HEADING}")
    series = st.selectbox(
        texts.SERIES_LABEL, [texts.ALL_SERIES, *service.series()], key="browse_series"
    )
    meetings = service.meetings(None if series == texts.ALL_SERIES else series)
    if not meetings:
        st.info(texts.NO_MEETINGS)
        return
    st.caption(texts.MEETINGS_COUNT.format(count=len(meetings)))
    st.html(render.meetings_html([(m.meeting, m.documents) for m in meetings]))
