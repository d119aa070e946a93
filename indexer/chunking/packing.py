"""Blocks packed into chunk spans: small sections joined, long ones cut into overlapping pieces."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from indexer.chunking.classify import is_decision
from indexer.chunking.outline import Block, Section
from indexer.chunking.spans import cap_spans
from indexer.chunking.tokens import CountTokens
from indexer.sentences import split_sentences

_SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class _Run:
    """Consecutive blocks that are to become one chunk (or, if too long, overlapping pieces)."""

    blocks: list[Block]
    tokens: int
    has_body: bool


class Packer:
    """Turns blocks into chunk spans: sections joined or split to fit the token sizes."""

    def __init__(
        self,
        text: str,
        sections: list[Section],
        count: CountTokens,
        target: int,
        maximum: int,
        overlap: int,
    ):
        self.text, self.sections, self.count = text, sections, count
        self.target, self.max, self.overlap = target, maximum, overlap
        self.base = max(0, min(count(""), target // 2))
        self.tiny = target // 8

    def chunks(self, blocks: list[Block]) -> list[tuple[int, int, int]]:
        """(start, end, section) of every chunk, before de-duplication."""
        for block in blocks:
            block.cost = self._cost(block.start, block.end)
        result = []
        for run in self._runs(_units(blocks)):
            result.extend(self._emit(run))
        return result

    def _cost(self, start: int, end: int) -> int:
        return max(self.count(self.text[start:end]) - self.base, 1)

    def _runs(self, units: list[list[Block]]) -> list[_Run]:
        runs: list[_Run] = []
        for unit in units:
            run = _Run(
                unit, self.base + sum(b.cost for b in unit), any(not b.heading for b in unit)
            )
            if runs and self._joins(runs[-1], run):
                _absorb(runs[-1], run, self.base)
            else:
                runs.append(run)
        merged: list[_Run] = []
        for run in runs:  # a tiny section left over (the last of its kind) joins the one before
            if merged and run.tokens <= self.tiny and self._fits(merged[-1], run):
                _absorb(merged[-1], run, self.base)
            else:
                merged.append(run)
        return merged

    def _joins(self, run: _Run, following: _Run) -> bool:
        """Headings join what follows them; a tiny section joins a following sibling or child."""
        if run.blocks[-1].group != following.blocks[0].group:
            return False
        if not run.has_body:
            return True
        last = run.blocks[-1].section
        parent = self.sections[following.blocks[0].section].parent
        related = parent in (last, self.sections[last].parent)
        return related and run.tokens <= self.tiny and self._fits(run, following)

    def _fits(self, run: _Run, following: _Run) -> bool:
        same_slide = run.blocks[-1].group == following.blocks[0].group
        return same_slide and run.tokens + following.tokens - self.base <= self.max

    def _emit(self, run: _Run) -> list[tuple[int, int, int]]:
        start, end = run.blocks[0].start, run.blocks[-1].end
        if run.tokens <= 2 * self.max and self.count(self.text[start:end]) <= self.max:
            return [(start, end, _main_section(run.blocks))]
        pieces = []
        for piece in self._pieces(self._atoms(run.blocks)):
            s, e, section = piece[0].start, piece[-1].end, _main_section(piece)
            for a, b, _ in cap_spans(self.text, s, e, self.max, self.count):
                pieces.append((a, b, section))
        return pieces

    def _atoms(self, blocks: list[Block]) -> list[Block]:
        """The blocks, with those too long for a piece cut into sentences, then word runs."""
        atoms = []
        for block in blocks:
            if self.base + block.cost <= self.target:
                atoms.append(block)
                continue
            page_start = block.page_start
            for s, e in split_sentences(self.text, block.start, block.end):
                decision = is_decision(self.text[s:e])
                for a, b, tokens in cap_spans(self.text, s, e, self.target, self.count):
                    cost = max(tokens - self.base, 1)
                    atoms.append(
                        replace(
                            block,
                            start=a,
                            end=b,
                            cost=cost,
                            decision=decision,
                            page_start=page_start,
                        )
                    )
                    decision = page_start = False
        return atoms

    def _pieces(self, atoms: list[Block]) -> list[list[Block]]:
        """Pack atoms into pieces of about ``target`` tokens, each opening with an overlap."""
        pieces: list[list[Block]] = []
        current: list[Block] = []
        tokens, fresh = self.base, 0
        for atom in atoms:
            if fresh and self._breaks_before(current, tokens, atom):
                pieces.append(current)
                current = self._overlap(current, atom)
                tokens, fresh = self.base + sum(a.cost for a in current), 0
                if tokens + atom.cost > self.max:
                    current, tokens = [], self.base
            current.append(atom)
            tokens += atom.cost
            fresh += 1
        pieces.append(current)
        return pieces

    def _breaks_before(self, current: list[Block], tokens: int, atom: Block) -> bool:
        if all(a.heading for a in current):
            return tokens + atom.cost > self.max
        if atom.page_start and tokens >= self.target // 2:
            return True
        if tokens + atom.cost <= self.target:
            return False
        return not (atom.decision and tokens + atom.cost <= self.max)

    def _overlap(self, piece: list[Block], following: Block) -> list[Block]:
        """The end of ``piece`` (about ``overlap`` tokens, same section) to repeat in the next."""
        tail: list[Block] = []
        tokens = 0
        for atom in reversed(piece[1:]):
            if atom.section != following.section or tokens + atom.cost > self.overlap:
                break
            tail.insert(0, atom)
            tokens += atom.cost
        last = piece[-1]
        if tail or last.section != following.section or last.cost <= self.overlap:
            return tail
        return self._word_tail(last)

    def _word_tail(self, atom: Block) -> list[Block]:
        """The end of ``atom`` worth about ``overlap`` tokens, from a sentence start if one is
        near enough, else from a word start; as an atom of its own."""
        length = atom.end - atom.start
        position = max(atom.end - length * self.overlap // atom.cost, atom.start + 1)
        sentences = split_sentences(self.text, atom.start, atom.end)
        start = next((s for s, _ in sentences if s >= position), atom.end)
        if atom.end - start < (atom.end - position) // 2:  # too little: start at a word instead
            space = _SPACES.search(self.text, position, atom.end)
            start = space.end() if space else atom.end
        if start >= atom.end:
            return []
        cost = max(math.ceil(atom.cost * (atom.end - start) / length), 1)
        return [replace(atom, start=start, cost=cost, heading=False, decision=False)]


def _absorb(run: _Run, other: _Run, base: int) -> None:
    run.blocks.extend(other.blocks)
    run.tokens += other.tokens - base
    run.has_body = run.has_body or other.has_body


def _units(blocks: list[Block]) -> list[list[Block]]:
    """Blocks grouped by section (and slide)."""
    units: list[list[Block]] = []
    for block in blocks:
        last = units[-1][-1] if units else None
        if last and last.section == block.section and last.group == block.group:
            units[-1].append(block)
        else:
            units.append([block])
    return units


def _main_section(blocks: list[Block]) -> int:
    """The section holding most of the body text (the last heading's, if there is none)."""
    weight: dict[int, int] = {}
    for block in blocks:
        if not block.heading:
            weight[block.section] = weight.get(block.section, 0) + block.cost
    if not weight:
        return blocks[-1].section
    return max(weight, key=lambda section: weight[section])
