"""Outcomes: verdicts on att-satser ("attsats 1 och 2 bifalles", "förslaget avslås") and the
outcome of a decision that stands on its own (tabled, referred back, an election, a decision).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.decisions.details import elected
from indexer.lexicon import (
    ALL_WORDS,
    FROM_AMENDMENT,
    FROM_MOTION,
    FROM_PREVIOUS,
    ORDINALS,
    PROPOSAL_NOUNS,
    PROPOSED_APPROVAL,
    PROPOSED_REFERRAL,
    PROPOSED_REJECTION,
    PROPOSED_TABLING,
    REFERRAL,
    TABLING,
    VERDICT_APPROVED,
    VERDICT_REFERRED,
    VERDICT_REJECTED,
    VERDICT_TABLED,
)

_VERDICTS = {
    "bifallen": VERDICT_APPROVED,
    "avslagen": VERDICT_REJECTED,
    "bordlagd": VERDICT_TABLED,
    "återremitterad": VERDICT_REFERRED,
}
_VERB = re.compile(
    "|".join(
        rf"(?P<{key}>\b(?:{words})\b)"
        for key, words in zip(("yes", "no", "tabled", "referred"), _VERDICTS.values(), strict=True)
    ),
    re.IGNORECASE,
)
_OUTCOME_OF = dict(zip(("yes", "no", "tabled", "referred"), _VERDICTS, strict=True))
_PROPOSAL_NOUN = re.compile(rf"\b(?:{PROPOSAL_NOUNS})\b", re.IGNORECASE)
_ALL = re.compile(rf"\b(?:{ALL_WORDS})\b", re.IGNORECASE)
_NUMBERS = re.compile(
    rf"\b(\d{{1,2}})\b(?!\s*§)(?:\s+till\s+(\d{{1,2}})\b)?|\b({'|'.join(ORDINALS)})\b",
    re.IGNORECASE,
)
_FROM = {
    "previous": re.compile(rf"\b(?:{FROM_PREVIOUS})\b", re.IGNORECASE),
    "motion": re.compile(rf"\bfrån\s+(?:{FROM_MOTION})|\bmotionens\b", re.IGNORECASE),
    "amendment": re.compile(rf"\b(?:{FROM_AMENDMENT})\b", re.IGNORECASE),
}
_PROPOSED = re.compile(
    rf"(?:att\s+)?(?:(?P<yes>{PROPOSED_APPROVAL})|(?P<no>{PROPOSED_REJECTION})"
    rf"|(?P<tabled>{PROPOSED_TABLING})|(?P<referred>{PROPOSED_REFERRAL}))\s+(?P<reference>.+?)\W*",
    re.IGNORECASE,
)
_NUMBERED_WORD = re.compile(r"\w+\s+\d{1,2}(?:\s*(?:och|&|,)\s*\d{1,2})*")
_TABLING = re.compile(rf"\b(?:{TABLING})", re.IGNORECASE)
_REFERRAL = re.compile(rf"\b(?:{REFERRAL})", re.IGNORECASE)
_MAX_REFERENCE_WORDS = 12


@dataclass(frozen=True)
class Verdict:
    """A verdict on att-satser: which ones (``numbers``, 1-based, or ``every``) and from where."""

    outcome: str  # "bifallen", "avslagen", "bordlagd" or "återremitterad"
    numbers: tuple[int, ...] = ()
    every: bool = False  # "samtliga attsatser", "förslaget": all of them
    source: str | None = None  # "motion", "amendment", "previous", or None for the latest


def parse_verdict(text: str) -> Verdict | None:
    """The verdict ``text`` gives, when it is one: a verdict word ("bifalles", "avslås",
    "bordläggs") after nothing but a reference to the att-satser ("attsats 1 och 2")."""
    m = _VERB.search(text)
    if m is None or not _is_reference(text[: m.start()]):
        return None
    return _verdict(_OUTCOME_OF[m.lastgroup or "yes"], text[: m.start()])


def parse_proposed_verdict(text: str) -> Verdict | None:
    """A verdict proposed in an att-sats ("bifalla attsats 2 från motionären"), or any verdict."""
    m = _PROPOSED.fullmatch(text)
    if m is None or not _is_reference(m.group("reference")):
        return parse_verdict(text)
    key = next(k for k in _OUTCOME_OF if m.group(k))
    return _verdict(_OUTCOME_OF[key], m.group("reference"))


def _is_reference(reference: str) -> bool:
    """Nothing, or a short reference to att-satser ("attsats 1 och 2", "förslaget")."""
    words = reference.split()
    if not words:
        return True
    if len(words) > _MAX_REFERENCE_WORDS:
        return False
    return bool(_PROPOSAL_NOUN.search(reference) or _NUMBERED_WORD.fullmatch(reference.strip()))


def _verdict(outcome: str, reference: str) -> Verdict:
    """A verdict with what its reference names: numbers, all of them, a source block."""
    numbers = _numbers(reference)
    every = not numbers and bool(_ALL.search(reference))
    source = next((name for name, pattern in _FROM.items() if pattern.search(reference)), None)
    return Verdict(outcome, numbers, every, source)


def _numbers(reference: str) -> tuple[int, ...]:
    """The att-sats numbers a reference names: "1 och 2", "1 till 4", "andra"."""
    found: list[int] = []
    for m in _NUMBERS.finditer(reference):
        if m.group(3):
            found.append(ORDINALS[m.group(3).lower()])
        else:
            first = int(m.group(1))
            last = int(m.group(2)) if m.group(2) else first
            found.extend(range(first, max(first, last) + 1))
    return tuple(dict.fromkeys(n for n in found if n > 0))


def own_outcome(text: str, agenda_title: str | None = None) -> str:
    """The outcome of a decision that is not a verdict on a proposal."""
    if _TABLING.search(text):
        return "bordlagd"
    if _REFERRAL.search(text):
        return "återremitterad"
    return "val" if elected(text, agenda_title) else "beslut"
