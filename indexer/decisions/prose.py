"""Decisions written as prose: "Mötet beslutar att ...", "Beslutades att ...", "Mötet
godkänner (inte) propositionen", "Frågan bordläggs", "X väljs till ...", and a board's
question answered with a yes or a no on the next line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from indexer.decisions.details import elected, one_line
from indexer.decisions.outcome import own_outcome, parse_verdict
from indexer.lexicon import (
    ACTIVE_APPROVED,
    ACTIVE_REFERRED,
    ACTIVE_REJECTED,
    ACTIVE_TABLED,
    DECIDED_PASSIVE,
    DECIDING_BODIES,
    DECIDING_VERBS,
    ELECTED_AFTER,
    ELECTING_BEFORE,
    LATER,
    PROPOSAL_NOUNS,
    VERDICT_APPROVED,
    VERDICT_REFERRED,
    VERDICT_REJECTED,
    VERDICT_TABLED,
)
from indexer.sentences import split_sentences

_I = re.IGNORECASE
_LEAD = re.compile(r"(?:[-*•–]\s+|\d{1,2}[.)]\s+|[a-z][.)]\s+)*")
_BODY = rf"(?:{DECIDING_BODIES})"
_DECIDES = re.compile(
    rf"{_BODY}\s+(?:{DECIDING_VERBS})\b\s*(?:att\b|om\b|:)?\s*(?P<rest>.*)", _I | re.S
)
_DECIDED = re.compile(rf"(?:{DECIDED_PASSIVE})\s+(?:att|om)\b\s*(?P<rest>.*)", _I | re.S)
_ACTIVE = re.compile(
    rf"{_BODY}\s+(?:(?P<bifallen>{ACTIVE_APPROVED})|(?P<avslagen>{ACTIVE_REJECTED})"
    rf"|(?P<bordlagd>{ACTIVE_TABLED})|(?P<återremitterad>{ACTIVE_REFERRED}))\b"
    rf"(?P<negated>\s+(?:inte|ej))?\s+(?P<rest>.+)",
    _I | re.S,
)
_PASSIVE = re.compile(
    rf"(?P<subject>(?:[\w\"“”'’/-]+\s+){{0,5}}?[\w\"“”'’/-]+)\s+(?:(?P<bifallen>{VERDICT_APPROVED})"
    rf"|(?P<avslagen>{VERDICT_REJECTED})|(?P<bordlagd>{VERDICT_TABLED})"
    rf"|(?P<återremitterad>{VERDICT_REFERRED}))\b(?P<rest>.*)",
    _I | re.S,
)
_ELECTION = re.compile(rf"\b(?:{ELECTED_AFTER}|{ELECTING_BEFORE})\b", _I)
_PROPOSAL = re.compile(rf"^(?:den\s+|det\s+)?(?:{PROPOSAL_NOUNS})\b", _I)
_LATER = re.compile(rf"\b(?:{LATER})\b", _I)
# A passive verdict's subject is a noun phrase: no clause opener, no finite verb.
_NOT_SUBJECT = re.compile(
    r"(?:inga|ingen|inget|om|när|hur|ifall|innan|tills|som|då|eftersom|efter|sedan|under|vid"
    r"|men|och|så|dessa|detta|det|den\s+\d)\b"
    r"|.*\b(?:behöver|ska|skall|kan|kunde|bör|borde|måste|kommer|får|fick|vill|skulle|har|hade"
    r"|är|var|blir|inte|ej|som)\b",
    _I,
)
_QUESTION = re.compile(r".{3,150}\?")
_ANSWER = re.compile(r"(?P<answer>ja|nej)\b", _I)
_NEGATION = {"bifallen": "avslagen", "avslagen": "bifallen"}


@dataclass(frozen=True)
class Found:
    """A decision found in prose: ``text[start:end]`` and what it decided."""

    start: int
    end: int
    outcome: str
    text: str
    proposal: str | None = None


def prose_decisions(text: str, start: int, end: int) -> Iterator[Found]:
    """The decisions in the sentences of ``text[start:end]``."""
    for a, b in split_sentences(text, start, end):
        lead = _LEAD.match(text, a)
        sentence = text[lead.end() if lead else a : b]
        outcome = _sentence_outcome(sentence)
        if outcome is not None:
            yield Found(a, b, outcome, one_line(sentence))


def answered_question(
    text: str, question: tuple[int, int], answer: tuple[int, int]
) -> Found | None:
    """A question ("Ska vi ...?") whose next line answers it with "Ja" or "Nej"."""
    lead = _LEAD.match(text, question[0])
    asked = text[lead.end() if lead else question[0] : question[1]].strip()
    lead = _LEAD.match(text, answer[0])
    reply = _ANSWER.match(text, lead.end() if lead else answer[0], answer[1])
    if not _QUESTION.fullmatch(asked) or "\n" in asked or reply is None:
        return None
    outcome = "bifallen" if reply.group("answer").lower() == "ja" else "avslagen"
    return Found(question[0], answer[1], outcome, one_line(asked), one_line(asked))


def _sentence_outcome(sentence: str) -> str | None:
    """The outcome of the decision ``sentence`` records, or None if it records none."""
    if m := _DECIDES.match(sentence) or _DECIDED.match(sentence):
        rest = m.group("rest")
        verdict = parse_verdict(rest)
        return verdict.outcome if verdict else own_outcome(sentence)
    if m := _ACTIVE.match(sentence):
        return _active_outcome(m)
    if (m := _PASSIVE.match(sentence)) and not _NOT_SUBJECT.match(m.group("subject")):
        return _passive_outcome(m, sentence)
    if _ELECTION.search(sentence) and elected(sentence):
        return "val"
    return None


def _active_outcome(m: re.Match[str]) -> str | None:
    """ "Mötet godkänner (inte) propositionen": a verdict on a proposal, else a decision."""
    outcome = next(k for k in ("bifallen", "avslagen", "bordlagd", "återremitterad") if m.group(k))
    if m.group("negated"):
        outcome = _NEGATION.get(outcome, outcome)
    if outcome in _NEGATION and not _PROPOSAL.match(m.group("rest")):
        return "beslut" if outcome == "bifallen" else "avslagen"
    return outcome


def _passive_outcome(m: re.Match[str], sentence: str) -> str | None:
    """ "Frågan bordläggs", "Motionen bifalles", "Röstlängden fastställs till 15"."""
    outcome = next(k for k in ("bifallen", "avslagen", "bordlagd", "återremitterad") if m.group(k))
    if outcome in ("bordlagd", "återremitterad"):
        return outcome
    if _LATER.search(m.group("rest")):
        return None
    if _ELECTION.search(sentence) and elected(sentence):
        return "val"
    if outcome == "bifallen" and not _PROPOSAL.match(m.group("subject")):
        return "beslut"
    return outcome
