"""Group the corpus files into meetings; work out each meeting's title, date and series."""

from __future__ import annotations

from indexer.meetings.grouping import (
    MeetingGroup,
    group_meetings,
    is_attachment_folder,
    is_attachment_name,
)
from indexer.meetings.inference import MeetingInfo, infer_meeting_info, meeting_series
from indexer.meetings.meeting_toml import read_meeting_toml
from indexer.meetings.series_names import SeriesName, SeriesNames, names_json
from indexer.meetings.titles import distinct_title, distinct_titles, title_core

__all__ = [
    "MeetingGroup",
    "MeetingInfo",
    "SeriesName",
    "SeriesNames",
    "distinct_title",
    "distinct_titles",
    "group_meetings",
    "infer_meeting_info",
    "is_attachment_folder",
    "is_attachment_name",
    "meeting_series",
    "names_json",
    "read_meeting_toml",
    "title_core",
]
