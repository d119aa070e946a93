"""Group the corpus files into meetings and work out each meeting's title, date and series."""

from __future__ import annotations

from indexer.meetings.grouping import (
    MeetingGroup,
    group_meetings,
    is_attachment_folder,
    is_attachment_name,
)
from indexer.meetings.inference import MeetingInfo, infer_meeting_info, meeting_series
from indexer.meetings.meeting_toml import read_meeting_toml

__all__ = [
    "MeetingGroup",
    "MeetingInfo",
    "group_meetings",
    "infer_meeting_info",
    "is_attachment_folder",
    "is_attachment_name",
    "meeting_series",
    "read_meeting_toml",
]
