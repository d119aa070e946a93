"""Which meetings the meetings page lists: newest first, of a series, a year, with words.
Pure: no Streamlit here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from indexer.store.entities import MeetingOverview


def newest_first(meetings: Sequence[MeetingOverview]) -> list[MeetingOverview]:
    """Dated meetings from the newest, then the undated ones by title."""
    dated = sorted(
        (m for m in meetings if m.meeting.date),
        key=lambda m: (m.meeting.date or dt.date.min, m.meeting.title),
        reverse=True,
    )
    undated = sorted((m for m in meetings if not m.meeting.date), key=lambda m: m.meeting.title)
    return dated + undated


def years(meetings: Sequence[MeetingOverview]) -> list[int]:
    """The years with meetings, the latest first."""
    return sorted({m.meeting.date.year for m in meetings if m.meeting.date}, reverse=True)


def matching(
    meetings: Sequence[MeetingOverview],
    *,
    series: str = "",
    year: int | None = None,
    words: str = "",
) -> list[MeetingOverview]:
    """The meetings of ``series`` (its name or folder) held in ``year`` whose title, series,
    organisation or documents hold every one of ``words``."""
    wanted = words.casefold().split()
    return [
        m
        for m in meetings
        if (not series or series in (m.meeting.series, m.meeting.series_folder))
        and (year is None or (m.meeting.date is not None and m.meeting.date.year == year))
        and all(word in _haystack(m) for word in wanted)
    ]


def _haystack(overview: MeetingOverview) -> str:
    meeting = overview.meeting
    parts = [meeting.title, meeting.series, meeting.organisation, meeting.series_folder]
    parts += [d.title for d in overview.documents] + [d.path for d in overview.documents]
    return " ".join(p for p in parts if p).casefold()
