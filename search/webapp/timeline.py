"""A small chart of when the hits' meetings took place, so a reader sees when a topic came up."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Literal

import altair as alt
import pandas as pd
import streamlit as st

from search.results import Hit, MeetingRef
from search.webapp import texts


def meeting_counts(hits: Sequence[Hit]) -> tuple[list[tuple[MeetingRef, int]], int]:
    """Hits per dated meeting in date order, and the number of hits from undated meetings."""
    counts = Counter(hit.passage.meeting for hit in hits)
    dated = sorted(
        ((m, n) for m, n in counts.items() if m.date), key=lambda item: item[0].date or dt.date.min
    )
    undated = sum(n for m, n in counts.items() if m.date is None)
    return dated, undated


_MONTHS = "['jan','feb','mar','apr','maj','jun','jul','aug','sep','okt','nov','dec']"


def _axis(first: dt.date, last: dt.date) -> tuple[alt.Axis, list[dt.date]]:
    """Swedish tick labels fit for the span (days, months or years), and a padded domain."""
    span = (last - first).days
    ticks: Literal["week", "month", "year"]
    if span <= 90:
        label, ticks = f"date(datum.value) + ' ' + {_MONTHS}[month(datum.value)]", "week"
    elif span <= 3 * 365:
        label = f"{_MONTHS}[month(datum.value)] + ' ' + year(datum.value)"
        ticks = "month"
    else:
        label, ticks = "year(datum.value)", "year"
    pad = dt.timedelta(days=max(7, span // 20))
    axis = alt.Axis(labelExpr=label, tickCount=ticks, labelAngle=0, grid=False)
    return axis, [first - pad, last + pad]


def _chart(dated: list[tuple[MeetingRef, int]]) -> alt.Chart:
    data = pd.DataFrame(
        {
            "datum": [pd.Timestamp(m.date) for m, _ in dated],
            "när": [texts.meeting_when(m) for m, _ in dated],
            "möte": [m.title for m, _ in dated],
            "serie": [m.series or "–" for m, _ in dated],
            "träffar": [n for _, n in dated],
        }
    )
    axis, domain = _axis(dated[0][0].date or dt.date.min, dated[-1][0].date or dt.date.max)
    scale = alt.Scale(domain=[pd.Timestamp(d).isoformat() for d in domain])
    return (
        alt.Chart(data)
        .mark_circle(opacity=0.85)
        .encode(
            x=alt.X("datum:T", title=None, axis=axis, scale=scale),
            y=alt.Y("serie:N", title=None, axis=alt.Axis(labelLimit=260)),
            size=alt.Size("träffar:Q", legend=None, scale=alt.Scale(range=[80, 600])),
            color=alt.Color("serie:N", legend=None),
            tooltip=[
                alt.Tooltip("möte:N", title="Möte"),
                alt.Tooltip("när:N", title="Datum"),
                alt.Tooltip("serie:N", title="Serie"),
                alt.Tooltip("träffar:Q", title="Träffar"),
            ],
        )
        .properties(height=40 + 36 * data["serie"].nunique())
    )


def show(hits: Sequence[Hit]) -> None:
    """The chart of the hits' meetings by date, with a note about undated ones."""
    dated, undated = meeting_counts(hits)
    if not dated and not undated:
        return
    st.markdown(f"##### {texts.TIMELINE_HEADING}")
    if dated:
        st.altair_chart(_chart(dated), width="stretch")
    if undated:
        st.caption(texts.TIMELINE_UNDATED.format(count=undated))
