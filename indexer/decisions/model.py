"""A decision as extraction reports it."""

from __future__ import annotations

from dataclasses import dataclass

# "beslut" is a decision without a proposal and verdict pair.
OUTCOMES = ("bifallen", "avslagen", "bordlagd", "återremitterad", "val", "beslut")


@dataclass(frozen=True)
class Decision:
    """One decision: ``text[start:end]`` of its document covers it (proposal through verdict)."""

    start: int
    end: int
    outcome: str  # one of OUTCOMES
    text: str  # what was decided, one line: the proposal when a verdict decided it
    proposal: str | None  # the att-sats or proposal, when there was one
    agenda_number: str | None  # "4.4", "3" (from "§ 3"), when the item carries a number
    agenda_title: str | None  # the agenda item the decision belongs to
    elected: tuple[str, ...] = ()  # people elected, for outcome "val"
    amounts: tuple[str, ...] = ()  # amounts of money as written ("900kr", "16 000 SEK")
