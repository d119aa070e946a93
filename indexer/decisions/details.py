"""What a decision's text says beyond its outcome: the people elected, amounts of money."""

from __future__ import annotations

import re

from indexer.lexicon import (
    CURRENCIES,
    ELECTED_AFTER,
    ELECTING_BEFORE,
    ELECTION_AGENDA,
    NOT_NAMES,
    STOP_WORDS,
)

_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r"\*\*|__|`|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_LEADING_ATT = re.compile(r"(?:att\s*:?\s+)+", re.IGNORECASE)
_AMOUNT = re.compile(
    rf"(?<![\w.,])\d{{1,3}}(?:[ \u00a0]\d{{3}})+(?:[.,]\d+)?\s?(?:{CURRENCIES})(?!\w)"
    rf"|(?<![\w.,])\d+(?:[.,]\d+)?\s?(?:{CURRENCIES})(?!\w)",
    re.IGNORECASE,
)
# A person's name as minutes write it: capitalised words, a quoted nickname, "(DV'20)".
_NAME_PART = r"(?-i:[A-ZÅÄÖÉ][\w'’.\-]*|[\"“”][^\"“”]{1,30}[\"“”]|\([^()]{0,30}\))"
_NAME_RUN = rf"{_NAME_PART}(?:(?:\s*[,;&]\s*|\s+och\s+|\s+){_NAME_PART})*"
_BEFORE_VERB = re.compile(
    rf"({_NAME_RUN})\s+(?:{ELECTED_AFTER})(?:\s+in)?(?=\s+(?:till|som|in|ansvarig|ledamot|ordförande)|\s*[.]?$)",
    re.IGNORECASE,
)
_AFTER_VERB = re.compile(
    rf"\b(?:{ELECTING_BEFORE})\s+({_NAME_RUN})(?=\s+(?:till|som)\b|\s*[.]?$)", re.IGNORECASE
)
_BEFORE_ROLE = re.compile(rf"^({_NAME_RUN})\s+till\s+", re.IGNORECASE)
_ELECTION_AGENDA = re.compile(rf"\b(?:{ELECTION_AGENDA})", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*[,;&]\s*|\s+och\s+")
_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def one_line(text: str) -> str:
    """``text`` on one line, without emphasis markup or a leading "att"."""
    text = _SPACES.sub(" ", _MARKUP.sub("", text)).strip()
    return _LEADING_ATT.sub("", text, count=1) if _LEADING_ATT.match(text) else text


def amounts(text: str) -> tuple[str, ...]:
    """Amounts of money in ``text``, as written, in order."""
    return tuple(dict.fromkeys(_SPACES.sub(" ", m.group()) for m in _AMOUNT.finditer(text)))


def elected(text: str, agenda_title: str | None = None) -> tuple[str, ...]:
    """The people ``text`` elects ("X och Y väljs till ...", "välja X till ..."), if any;
    in an election item ("Val av ...") also "X till ordförande"."""
    patterns = [_BEFORE_VERB, _AFTER_VERB]
    if agenda_title and _ELECTION_AGENDA.search(agenda_title):
        patterns.append(_BEFORE_ROLE)
    for pattern in patterns:
        for match in pattern.finditer(text):
            names = _names(match.group(1))
            if names:
                return names
    return ()


def _names(run: str) -> tuple[str, ...]:
    """The names in a run such as "Tekla Siesjö (DV'20); Lukas Gartman" (empty if any
    part is not a name)."""
    run = _PARENTHESES.sub("", run).strip().rstrip(".")
    parts = [p.strip() for p in _SEPARATORS.split(run) if p.strip()]
    if not parts or not all(_is_name(p) for p in parts):
        return ()
    return tuple(parts)


def _is_name(part: str) -> bool:
    """Capitalised words (or quoted nicknames), at most five, not a body or a pronoun."""
    words = part.split()
    first = words[0].strip('"“”').lower()
    if len(words) > 5 or first in NOT_NAMES or first in STOP_WORDS:
        return False
    return all(w[0].isupper() or w[0] in '"“”' for w in words)
