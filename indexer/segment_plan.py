"""Which segments of the previous snapshot a build keeps, which of their meetings die, and
which meetings it writes into its new segment (the changed ones and those of the segments it
merges).

A segment is merged when more than ``MAX_DEAD_SHARE`` of its meetings are dead, and the
smallest segments are merged while the snapshot would hold more than ``MAX_SEGMENTS``. A
merged segment's live meetings are written again with the changed ones, so its files can
go; a segment of which every meeting is dead is merged with nothing to write.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field

from indexer.previous import PreviousMeeting
from indexer.store.manifest import SegmentEntry

MAX_SEGMENTS = 8
MAX_DEAD_SHARE = 0.5


@dataclass
class SegmentPlan:
    """What a build does with the previous segments (by number in its manifest)."""

    kept: list[int] = field(default_factory=list)  # in their order
    dead: dict[int, set[str]] = field(default_factory=dict)  # kept segment → its dead meetings
    written: set[str] = field(default_factory=set)  # keys of the meetings to write


def plan_segments(
    segments: list[SegmentEntry],
    meetings: Mapping[str, PreviousMeeting],
    changed: Set[str],
    gone: Set[str],
) -> SegmentPlan:
    """The plan for ``segments`` whose live ``meetings`` (by key) are as given, when the
    meetings ``changed`` (new ones included) are written and those ``gone`` leave."""
    dead = {number: set(entry.dead) for number, entry in enumerate(segments)}
    for key in (changed | gone) & meetings.keys():
        dead[meetings[key].segment].add(meetings[key].id)
    merged = {
        number
        for number, entry in enumerate(segments)
        if len(dead[number]) > MAX_DEAD_SHARE * entry.counts.meetings
    }
    remaining = sorted(
        (n for n in range(len(segments)) if n not in merged),
        key=lambda n: _live_rows(segments[n], len(dead[n])),
    )
    while remaining and len(remaining) + 1 > MAX_SEGMENTS:
        merged.add(remaining.pop(0))
    written = set(changed) | {
        key for key, meeting in meetings.items() if meeting.segment in merged and key not in gone
    }
    kept = sorted(set(range(len(segments))) - merged)
    return SegmentPlan(kept, {n: dead[n] for n in kept}, written)


def _live_rows(entry: SegmentEntry, dead_meetings: int) -> float:
    """About how many live passages a segment holds (its meetings are alike in size)."""
    meetings = max(1, entry.counts.meetings)
    return entry.counts.chunks * (meetings - dead_meetings) / meetings
