"""Decisions from formal markup: att-satser with their verdicts, and decisions written as such
("Beslut: ...", "Att: ..." under a "Beslut" heading, bullets under "Beslut:").

Within an agenda item, att-satser that are not decided yet (under "Förslag till beslut",
"Yrkande ...", or loose "Att:" lines) gather in groups. A verdict ("attsats 2 bifalles",
"samtliga attsatser avslås") decides att-satser of the latest group, or of the group it names
("från motionen", "från ändringsyrkandet", "från föregående stämma"); a verdict that names an
earlier verdict ("Styrelsens yrkande: attsats 1 från motionen bifalles") is followed to the
att-sats itself. Att-satser that no verdict decides are no decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from indexer.decisions.agenda import Mark
from indexer.decisions.details import amounts, elected, one_line
from indexer.decisions.entries import Entry
from indexer.decisions.model import Decision
from indexer.decisions.outcome import (
    Verdict,
    own_outcome,
    parse_proposed_verdict,
    parse_verdict,
)
from indexer.decisions.sections import Section
from indexer.lexicon import FROM_AMENDMENT, FROM_MOTION, FROM_PREVIOUS

_GROUP_TITLES = {
    "previous": re.compile(rf"\b(?:{FROM_PREVIOUS})\b", re.IGNORECASE),
    "motion": re.compile(rf"\b(?:{FROM_MOTION})", re.IGNORECASE),
    "amendment": re.compile(rf"\b(?:{FROM_AMENDMENT})", re.IGNORECASE),
}
_NOMINATION = re.compile(r"nominer|^från\b", re.IGNORECASE)
_BULLET = re.compile(r"[-*•–]\s+")
_PROPOSING = ("att", "forslag", "item", "beslut")
_MAX_DEPTH = 3


@dataclass
class Group:
    """Att-satser proposed together, under the heading ``title``."""

    title: str
    proposals: list[Entry] = field(default_factory=list)


@dataclass
class Item:
    """What an agenda item has gathered so far: groups of att-satser and nominees."""

    agenda: Mark | None
    groups: list[Group] = field(default_factory=list)
    nominees: list[Entry] = field(default_factory=list)
    open_group: bool = False  # loose "Att:" lines join the last group until a decision


class FormalReader:
    """Reads the sections of one document in order; ``decisions`` collects what it finds and
    ``prose`` the entries of plain text left for the prose patterns."""

    def __init__(self, text: str):
        """A reader of the document text ``text``."""
        self.text = text
        self.decisions: list[Decision] = []
        self.prose: list[tuple[Entry, Section]] = []
        self.item = Item(None)
        self.item_number = -1

    def read(self, section: Section, found: list[Entry]) -> None:
        """Take in one section and its entries."""
        if section.item != self.item_number:
            self.item, self.item_number = Item(section.agenda), section.item
        if section.role == "proposal":
            self._propose(section, found)
        elif section.role == "procedure":
            self._procedure(section, found)
        else:
            self._decide_section(section, found)

    # -- proposals and nominations ------------------------------------------------------

    def _propose(self, section: Section, found: list[Entry]) -> None:
        """A proposal block: its att-satser form a group; a nominating one names nominees."""
        title = section.heading.title if section.heading else ""
        group = Group(title, [e for e in found if e.kind in _PROPOSING])
        if group.proposals:
            self.item.groups.append(group)
            self.item.open_group = False
        self._nominate(title, found)

    def _procedure(self, section: Section, found: list[Entry]) -> None:
        """A procedure block: nominations, or notes whose "Att:" lines are proposals."""
        title = section.heading.title if section.heading else ""
        if self._nominate(title, found):
            return
        for entry in found:
            if entry.kind == "att":
                self._loose_proposal(entry, title)
            else:
                self.prose.append((entry, section))

    def _nominate(self, title: str, found: list[Entry]) -> bool:
        """Note the bulleted names of a block titled as nominations; whether it is one."""
        if not _NOMINATION.search(title):
            return False
        bullets = [e for e in found if e.kind == "text" and _BULLET.match(self.text, e.start)]
        self.item.nominees += bullets
        return True

    def _loose_proposal(self, entry: Entry, title: str = "") -> None:
        """An "Att:" line outside a proposal block joins the open group (or starts one)."""
        if not self.item.open_group:
            self.item.groups.append(Group(title))
            self.item.open_group = True
        self.item.groups[-1].proposals.append(entry)

    # -- decisions --------------------------------------------------------------------------

    def _decide_section(self, section: Section, found: list[Entry]) -> None:
        """An agenda item's own text or a "Beslut" block: decide, propose, or leave as prose."""
        in_block = section.role == "decision"
        deciding = [e for e in found if self._is_decision_entry(e, in_block)]
        verdicts = [v for v in map(self._verdict, deciding) if v is not None]
        needed = max((n for v in verdicts if v.source is None for n in v.numbers), default=0)
        singles = [e for e in deciding if _is_single(self._verdict(e))]
        for entry in found:
            if entry in deciding:
                index = singles.index(entry) if entry in singles else 0
                self._decide(entry, index, len(singles), needed)
                self.item.open_group = False
            elif entry.kind in ("att", "forslag"):
                self._loose_proposal(entry)
            else:
                self.prose.append((entry, section))

    def _is_decision_entry(self, entry: Entry, in_block: bool) -> bool:
        """Whether ``entry`` decides: "Beslut:" and its bullets anywhere; in a "Beslut"
        block also its "Att:" lines and plain lines that are verdicts ("Attsats 1 bifalles")."""
        if entry.kind in ("beslut", "item"):
            return True
        if not in_block:
            return False
        return entry.kind == "att" or (entry.kind == "text" and self._verdict(entry) is not None)

    def _verdict(self, entry: Entry) -> Verdict | None:
        """The verdict ``entry`` gives, if it is one."""
        return parse_verdict(self._body(entry))

    def _body(self, entry: Entry) -> str:
        """The text of ``entry`` without its marker, on one line."""
        return one_line(self.text[entry.body : entry.end])

    def _decide(self, entry: Entry, index: int, count: int, needed: int) -> None:
        """Record what ``entry`` decides; the ``index``-th of ``count`` verdicts that name no
        att-sats decides the ``index``-th att-sats when the counts agree; the verdicts of the
        block name att-satser up to number ``needed``."""
        verdict = self._verdict(entry)
        body = self._body(entry)
        if verdict is None:
            self._add(entry.start, entry.end, own_outcome(body, self._title()), body, None)
            return
        targets = self._resolve(verdict, self.item.groups, (index, count, needed), 0)
        for proposal, outcome in targets:
            text = self._body(proposal)
            if outcome == "bifallen":
                outcome = _approved_outcome(text, self._title())
            self._add(
                min(proposal.start, entry.start), max(proposal.end, entry.end), outcome, text, text
            )
        if not targets:
            self._unresolved(entry, verdict, body)

    def _resolve(
        self, verdict: Verdict, groups: list[Group], place: tuple[int, int, int], depth: int
    ) -> list[tuple[Entry, str]]:
        """The att-satser ``verdict`` decides among ``groups``, each with its outcome;
        ``place`` is (index, count, needed) as for ``_decide``."""
        index, count, needed = place
        position = _pick_group(groups, verdict.source, needed)
        if position is None:
            return []
        proposals = groups[position].proposals
        result = []
        for proposal in _chosen(verdict, proposals, index, count):
            inner = parse_proposed_verdict(self._body(proposal))
            if inner is not None and verdict.outcome == "bifallen" and depth < _MAX_DEPTH:
                at = proposals.index(proposal)
                earlier = groups[:position]
                result += self._resolve(inner, earlier, (at, len(proposals), 0), depth + 1) or [
                    (proposal, verdict.outcome)
                ]
            else:
                result.append((proposal, verdict.outcome))
        return result

    def _unresolved(self, entry: Entry, verdict: Verdict, body: str) -> None:
        """A verdict with no att-sats to decide: tabling or referral of the item stands on its
        own; approval decides an election with a single nominee; anything else is dropped."""
        if verdict.outcome in ("bordlagd", "återremitterad"):
            self._add(entry.start, entry.end, verdict.outcome, body, None)
        elif verdict.outcome == "bifallen" and len(self.item.nominees) == 1:
            nominee = self.item.nominees[0]
            name = one_line(_BULLET.sub("", self.text[nominee.body : nominee.end], count=1))
            names = elected(f"{name} väljs")
            if names:
                self._add(nominee.start, entry.end, "val", ", ".join(names), None, names)

    def _title(self) -> str | None:
        """The title of the current agenda item."""
        agenda = self.item.agenda
        return agenda.title or None if agenda else None

    def _add(
        self,
        start: int,
        end: int,
        outcome: str,
        text: str,
        proposal: str | None,
        names: tuple[str, ...] = (),
    ) -> None:
        """Record a decision of the current agenda item."""
        agenda = self.item.agenda
        title = self._title()
        if outcome == "val":
            names = names or elected(text, title)
        number = agenda.number if agenda else None
        decision = Decision(start, end, outcome, text, proposal, number, title)
        self.decisions.append(replace(decision, elected=names, amounts=amounts(text)))


def _approved_outcome(text: str, agenda_title: str | None) -> str:
    """An approved att-sats that elects is an election; one that tables or refers back the
    matter ("punkten bordläggs") has that outcome; any other is "bifallen"."""
    own = own_outcome(text, agenda_title)
    return "bifallen" if own == "beslut" else own


def _is_single(verdict: Verdict | None) -> bool:
    """A verdict that names no att-sats ("attsatsen bifalles")."""
    return verdict is not None and not verdict.numbers and not verdict.every


def _chosen(verdict: Verdict, proposals: list[Entry], index: int, count: int) -> list[Entry]:
    """The att-satser of a group that ``verdict`` names; one that names none decides the one
    at its own place among ``count`` such verdicts, or all of them when the counts differ."""
    if verdict.numbers:
        return [proposals[n - 1] for n in verdict.numbers if n <= len(proposals)]
    if verdict.every or len(proposals) == 1 or count != len(proposals):
        return list(proposals)
    return [proposals[index]]


def _pick_group(groups: list[Group], source: str | None, needed: int = 0) -> int | None:
    """The index of the group a verdict means: the one it names, else the latest that has
    as many att-satser as the block's verdicts name (else the largest)."""
    if not groups:
        return None
    if source is None:
        large = [i for i, g in enumerate(groups) if len(g.proposals) >= needed]
        if large:
            return large[-1]
        return max(range(len(groups)), key=lambda i: (len(groups[i].proposals), i))
    named = [i for i, g in enumerate(groups) if _GROUP_TITLES[source].search(g.title)]
    if named:
        return named[0] if source == "motion" else named[-1]
    return 0 if source in ("motion", "previous") else len(groups) - 1
