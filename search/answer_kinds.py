"""What kind of answer a question asks for (when, who, how much), and whether a sentence
holds one: a date or weekday, a name or role, an amount or count.

A sentence that is only a heading, an agenda number or a label ("3. Ekonomi", "Kallade:")
holds no answer of any kind.
"""

from __future__ import annotations

import re
from enum import Enum

from indexer.lexicon import (
    ASKS_AMOUNT,
    ASKS_WHEN,
    ASKS_WHO,
    CURRENCIES,
    MONTHS,
    ROLES,
    WEEKDAYS,
)


class AnswerKind(Enum):
    WHEN = "when"
    WHO = "who"
    AMOUNT = "amount"
    OTHER = "other"


_ASKS = (
    (AnswerKind.WHEN, re.compile(ASKS_WHEN, re.IGNORECASE)),
    (AnswerKind.AMOUNT, re.compile(ASKS_AMOUNT, re.IGNORECASE)),
    (AnswerKind.WHO, re.compile(ASKS_WHO, re.IGNORECASE)),
)
_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 2), key=len, reverse=True))
_WHEN = re.compile(
    r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b|\b[0-9]{1,2}/[0-9]{1,2}\b"
    rf"|\b[0-9]{{1,2}}(?::?[ea])?\.?\s*(?:{_MONTH_NAMES})\b|\b(?:{WEEKDAYS})\w*"
    r"|\b(?:kl|klockan)\.?\s*[0-9]|\b[0-9]{1,2}[:.][0-9]{2}\b|\bvecka\s+[0-9]+"
    rf"|\b(?:i|nästa|till|under|efter|före|innan)\s+(?:{_MONTH_NAMES})\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(rf"[0-9]|\b(?:{CURRENCIES})\b", re.IGNORECASE)
_ROLE = re.compile(rf"\b(?:{ROLES})\b", re.IGNORECASE)
_NAME = re.compile(r"(?<=[\w,)] )[A-ZÅÄÖ][a-zåäöé]+(?: [A-ZÅÄÖ][a-zåäöé]+)?")
_LABEL = re.compile(r"^\s*(?:§\s*)?(?:[0-9]+(?:\.[0-9]+)*[.)]?\s*)?(?:\S+\s*){0,4}$")
_HOLDS = {
    AnswerKind.WHEN: lambda text: bool(_WHEN.search(text)),
    AnswerKind.AMOUNT: lambda text: bool(_NUMBER.search(text)),
    AnswerKind.WHO: lambda text: bool(_ROLE.search(text) or _NAME.search(text)),
}


def answer_kind(question: str) -> AnswerKind:
    """The kind of answer ``question`` asks for (OTHER when it asks none in particular)."""
    return next((kind for kind, asks in _ASKS if asks.search(question)), AnswerKind.OTHER)


def is_label(sentence: str) -> bool:
    """Whether a sentence is only a heading, an agenda number or a label: four words at
    most, without a full stop, or ending with a colon."""
    text = sentence.strip()
    if text.endswith(":"):
        return True
    return bool(_LABEL.match(text)) and not text.endswith((".", "!", "?"))


def holds_answer(kind: AnswerKind, sentence: str) -> bool:
    """Whether ``sentence`` holds what ``kind`` asks for (always, for OTHER), and is more
    than a label."""
    if is_label(sentence):
        return False
    holds = _HOLDS.get(kind)
    return holds is None or holds(sentence)
