"""A small chart of when the hits' meetings took place, so a reader sees when a topic came up."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

import altair as alt
import pandas as pd
import streamlit as st

from search.results import Hit, MeetingRef
from search.webapp import texts


def meeting_counts(hits: Sequence[Hit]) -> tuple[list[tuple[MeetingRef, int]], int]:
    """Hits per dated meeting in date order, and how many undated meetings have hits."""
    counts = Counter(hit.passage.meeting for hit in hits)
    dated = sorted(
        ((m, n) for m, n in counts.items() if m.date), key=lambda item: item[0].date or dt.date.min
    )
    undated = sum(1 for m in counts if m.date is None)
    return dated, undated


def caption(dated: int, undated: int) -> str:
    """ "Träffar från 5 möten och 2 möten utan datum."."""
    text = texts.TIMELINE_MEETINGS.format(dated=texts.meetings_count(dated))
    if undated:
        text += texts.TIMELINE_UNDATED.format(undated=texts.meetings_count(undated))
    return text + "."


_LEGEND_HEIGHT = 70  # room for the legends under the dots
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
    axis = alt.Axis(labelExpr=label, tickCount=ticks, labelAngle=0, grid=False, aria=False)
    return axis, [first - pad, last + pad]


def _legend(title: str, **options: Any) -> alt.Legend:
    """A legend under the chart, its entries side by side."""
    return alt.Legend(
        title=title, orient="bottom", direction="horizontal", labelLimit=260, aria=False, **options
    )


def _chart(dated: list[tuple[MeetingRef, int]]) -> alt.Chart:
    """Dots by date and series, sized by hits, coloured by organisation (or series when the
    index names no organisation), with a legend for each."""
    by_organisation = any(m.organisation for m, _ in dated)
    data = pd.DataFrame(
        {
            "datum": [pd.Timestamp(m.date) for m, _ in dated],
            "när": [texts.meeting_when(m) for m, _ in dated],
            "möte": [m.title for m, _ in dated],
            "serie": [m.series or "–" for m, _ in dated],
            "färg": [(m.organisation if by_organisation else m.series) or "–" for m, _ in dated],
            "träffar": [n for _, n in dated],
        }
    )
    colour_title = texts.TIMELINE_ORGANISATION if by_organisation else texts.TIMELINE_SERIES
    axis, domain = _axis(dated[0][0].date or dt.date.min, dated[-1][0].date or dt.date.max)
    scale = alt.Scale(domain=[pd.Timestamp(d).isoformat() for d in domain])
    return (
        alt.Chart(data)
        .mark_circle(opacity=0.85, aria=False)
        .encode(
            x=alt.X("datum:T", title=None, axis=axis, scale=scale),
            y=alt.Y("serie:N", title=None, axis=alt.Axis(labelLimit=260, aria=False)),
            size=alt.Size(
                "träffar:Q",
                scale=alt.Scale(range=[80, 600], zero=False),
                legend=_legend(texts.TIMELINE_HITS, format="d", tickMinStep=1),
            ),
            color=alt.Color("färg:N", legend=_legend(colour_title)),
            tooltip=[
                alt.Tooltip("möte:N", title="Möte"),
                alt.Tooltip("när:N", title="Datum"),
                alt.Tooltip("serie:N", title="Serie"),
                alt.Tooltip("träffar:Q", title="Träffar"),
            ],
        )
        .properties(
            height=40 + 36 * data["serie"].nunique() + _LEGEND_HEIGHT,
            description=caption(len(dated), 0),  # what a screen reader says of the chart
        )
    )


def show(hits: Sequence[Hit]) -> None:
    """The chart of the hits' meetings by date and how many meetings had hits (those without
    a date too); nothing when no hit has a date."""
    dated, undated = meeting_counts(hits)
    if not dated:
        return
    st.markdown(f"##### {texts.TIMELINE_HEADING}")
    st.altair_chart(_chart(dated), width="stretch")
    st.caption(caption(len(dated), undated))
