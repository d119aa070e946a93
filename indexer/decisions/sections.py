"""The text cut at its headings into sections, each knowing its agenda item and block role."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.decisions.agenda import Mark
from indexer.decisions.entries import OPENER


@dataclass(frozen=True)
class Section:
    """``text[start:end]``: the body under ``heading`` (None before the first heading)."""

    start: int
    end: int
    role: str  # the block it lies in: "decision", "proposal", "procedure" or "agenda"
    item: int  # counts agenda items: sections of one item share it
    agenda: Mark | None  # the agenda item's heading
    heading: Mark | None  # the heading right above: the block's, or the agenda item's


def sections(text: str, headings: list[Mark]) -> list[Section]:
    """The sections of ``text`` in order. A block heading ("Beslut", "Förslag till beslut",
    "Nomineringar") stays in the agenda item above it; so does a heading nested in a
    proposal (a proposal's own text may have headings)."""
    first = _line_start(text, headings[0].start) if headings else len(text)
    result = [Section(0, first, "agenda", 0, None, None)]
    agenda: Mark | None = None
    block: Mark | None = None
    item = 0
    for i, mark in enumerate(headings):
        end = _line_start(text, headings[i + 1].start) if i + 1 < len(headings) else len(text)
        if mark.role != "agenda" and not _item_level(mark, agenda):
            block = mark
        elif not (block and block.role == "proposal" and _inside(text, block, mark)):
            agenda, block, item = mark, None, item + 1
        role = block.role if block else "agenda"
        result.append(
            Section(max(mark.end, 0), max(end, mark.end), role, item, agenda, block or mark)
        )
    return result


def _line_start(text: str, position: int) -> int:
    """The start of the line holding ``position``."""
    return text.rfind("\n", 0, position) + 1


def _inside(text: str, proposal: Mark, mark: Mark) -> bool:
    """Whether the heading ``mark`` after a proposal block's heading is part of the proposal:
    nested below it, or right after an att-sats that announces it ("införa följande")."""
    before = text[: _line_start(text, mark.start)].rstrip()
    last_line = before[before.rfind("\n") + 1 :]
    return mark.level > proposal.level or bool(OPENER.search(last_line))


def _item_level(mark: Mark, agenda: Mark | None) -> bool:
    """Whether a procedure heading ("Diskussion", "Överlämning") stands at the level of the
    agenda items, so that it is an item itself."""
    return mark.role == "procedure" and agenda is not None and mark.level < agenda.level
