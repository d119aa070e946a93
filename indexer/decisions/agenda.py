"""The headings of a document as agenda items and the blocks inside them.

Each heading gets a role: "decision" (a "Beslut" block), "proposal" (a block of att-satser still
to be decided: "Förslag till beslut", "Yrkande från styrelsen"), "procedure" (nominations,
justering, notes) or "agenda" (an agenda item). Headings come from the reader; a document
without any gets its numbered agenda lines ("3. Val av ordförande", "§ 4 Budget") instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.documents import ExtractedDocument
from indexer.lexicon import DECISION_HEADING, PROCEDURE_HEADING, PROPOSAL_HEADING

_DECISION = re.compile(rf"(?:{DECISION_HEADING})|.{{1,60}}[:–-]\s*(?:{DECISION_HEADING})")
_PROPOSAL = re.compile(PROPOSAL_HEADING)
_PROCEDURE = re.compile(PROCEDURE_HEADING)
_NUMBER = re.compile(
    r"(?:§\s*(?P<sign>\d{1,3}[a-z]?)\b|(?P<after>\d{1,3})\s*§|[Pp]unkt\s+(?P<punkt>\d{1,2}(?:\.\d{1,2})*)"
    r"|(?P<dotted>\d{1,2}(?:\.\d{1,2})*)(?:[.)](?=\s|$)|(?=\s)))[.:)]?\s*"
)
_AGENDA_LINE = re.compile(
    r"^[ \t]*(?:§[ \t]*\d|\d{1,3}[ \t]*§|[Pp]unkt[ \t]+\d|\d{1,2}(?:\.\d{1,2})*[.)]?[ \t])[^\n]*$"
    r"|^[ \t]*\d{1,2}\.[ \t]*$",
    re.MULTILINE,
)
_TRIM = " \t#*_:"


@dataclass(frozen=True)
class Mark:
    """A heading: ``text[start:end]`` is its line; ``title`` without its number."""

    start: int
    end: int
    level: int
    title: str
    number: str | None
    role: str  # "decision", "proposal", "procedure" or "agenda"


def marks(doc: ExtractedDocument) -> list[Mark]:
    """The document's headings in text order, each with its role, number and title."""
    text = doc.text
    spans = [(h.start, h.end, h.level) for h in doc.headings if 0 <= h.start < h.end <= len(text)]
    if not spans:
        spans = _agenda_lines(text)
    found = []
    for start, end, level in sorted(spans):
        number, title = split_number(" ".join(text[start:end].split()).removesuffix("."))
        found.append(Mark(start, end, level, title, number, _role(title, number)))
    return found


def split_number(heading: str) -> tuple[str | None, str]:
    """("4.4", "Budget") for "4.4 Budget", ("3", "Val") for "§ 3 Val"; (None, heading) else."""
    heading = heading.strip(_TRIM)
    m = _NUMBER.match(heading)
    if m is None or not (number := next(g for g in m.groups() if g is not None)):
        return None, heading
    return number, heading[m.end() :].strip(_TRIM)


def _role(title: str, number: str | None) -> str:
    """The role of a heading titled ``title``; a numbered heading is always an agenda item."""
    plain = title.strip(_TRIM).lower()
    if number is not None or not plain:
        return "agenda"
    if _DECISION.fullmatch(plain):
        return "decision" if not _PROPOSAL.fullmatch(plain) else "proposal"
    if _PROPOSAL.fullmatch(plain):
        return "proposal"
    return "procedure" if _PROCEDURE.fullmatch(plain) else "agenda"


def _agenda_lines(text: str) -> list[tuple[int, int, int]]:
    """Numbered agenda lines of a document without headings, as (start, end, level); a
    number alone on its line ("11.") takes the line after it as its title."""
    spans = []
    for m in _AGENDA_LINE.finditer(text):
        start, end = m.start() + len(m.group()) - len(m.group().lstrip()), m.end()
        line = text[start:end].rstrip()
        number, title = split_number(line)
        if number is None or (title and not _title_like(title)):
            continue
        if not title:
            end = _next_line_end(text, end)
            if not _title_like(text[m.end() : end].strip().removesuffix(".")):
                continue
        spans.append((start, end, 1 + number.count(".")))
    return spans


def _title_like(s: str) -> bool:
    """Short, starting with a capital, not a sentence ending in a full stop."""
    return 0 < len(s) <= 80 and s[0].isupper() and len(s.split()) <= 12 and not s.endswith(".")


def _next_line_end(text: str, position: int) -> int:
    """The end of the line after the one ending at ``position``."""
    start = position + 1
    end = text.find("\n", start)
    return len(text) if end < 0 else end
