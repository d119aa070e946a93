"""Which lines are headings (reported, Markdown, agenda items, plain titles) and at what level."""

from __future__ import annotations

import re

from indexer.chunking.lines import AGENDA_LEVEL, PLAIN_LEVEL, Line, Reported
from indexer.lexicon import DECISION_OPENERS

_MD_HEADING = re.compile(r"(#{1,6})[ \t]*([^#\s].*?)(?:[ \t]+#+)?")
_SIGN = re.compile(r"§[ \t]*\d{1,4}[a-z]?\b")
_SIGN_AFTER = re.compile(r"\d{1,4}[a-z]?[ \t]*§|[Pp]unkt[ \t]+(\d{1,3}(?:\.\d{1,3})*)\b")
_SIGN_ANYWHERE = re.compile(r"^[ \t]*(?:§[ \t]*\d|\d{1,4}[ \t]*§|[Pp]unkt[ \t]+\d)", re.MULTILINE)
_MD_ANYWHERE = re.compile(r"^[ \t]*#{1,6}[ \t]*[^#\s]", re.MULTILINE)
_NUMBERED = re.compile(r"(\d{1,2}\.(?:\d{1,2}\.?)*)[ \t]+(\S)")


def title_like(s: str) -> bool:
    """Short, and not ending like a sentence."""
    return len(s) <= 80 and len(s.split()) <= 12 and s[-1] not in ".,;!?"


def is_decision(s: str) -> bool:
    """Whether ``s`` opens with a decision word ("Beslut:", "Att", ...)."""
    words = s.split(maxsplit=1)
    return bool(words) and words[0].rstrip(":").lower() in DECISION_OPENERS


def _is_decision_title(s: str) -> bool:
    """Whether a heading is only a decision word, like "Beslut": it belongs to its item."""
    return s.strip().rstrip(":").strip().lower() in DECISION_OPENERS


class Classifier:
    """Decides which lines are headings, and of which level."""

    def __init__(self, text: str, lines: list[Line], reported: list[Reported]):
        self.text, self.lines, self.reported = text, lines, reported
        self.explicit = bool(reported) or bool(_MD_ANYWHERE.search(text))
        self.numbered = not self.explicit and not _SIGN_ANYWHERE.search(text)
        self.in_list = False
        self.after_colon = False

    def heading(self, i: int) -> tuple[int, str] | None:
        """(level, title) when line ``i`` (not blank) is a heading."""
        line = self.lines[i]
        s = self.text[line.start : line.end]
        found = self._heading(i, s)
        self.after_colon = s.endswith(":")
        if found is not None:
            self.in_list = False
        return found

    def blank(self) -> None:
        self.in_list = False

    def _heading(self, i: int, s: str) -> tuple[int, str] | None:
        line = self.lines[i]
        if line.heading >= 0:
            h = self.reported[line.heading]
            return None if _is_decision_title(h.title) else (h.level, h.title)
        if s[0] == "#" and (m := _MD_HEADING.fullmatch(s)) and not _is_decision_title(m.group(2)):
            return len(m.group(1)), m.group(2)
        if (s[0] == "§" or s[0].isdigit() or s[0] in "Pp") and (found := self._agenda(s)):
            return found
        if not self.explicit and self._plain(i, s):
            return PLAIN_LEVEL, s
        return None

    def _agenda(self, s: str) -> tuple[int, str] | None:
        """ "§ 3", "3 §", "Punkt 4" and (in documents without other headings) "1." / "1.2" items."""
        if _SIGN.match(s):
            return AGENDA_LEVEL + 1, s
        if m := _SIGN_AFTER.match(s):
            rest = s[m.end() :]
            if not rest or rest[0] in ".:)–-" or title_like(s):
                return AGENDA_LEVEL + (m.group(1) or "1").count(".") + 1, s
            return None
        if not self.numbered or not (m := _NUMBERED.match(s)):
            return None
        if m.group(2).islower() or self.in_list or self.after_colon:
            self.in_list = True
            return None
        return AGENDA_LEVEL + len(re.findall(r"\d+", m.group(1))), s

    def _plain(self, i: int, s: str) -> bool:
        """A short title line on its own: "Distansarbete" followed by its paragraph."""
        if not (title_like(s) and s[0].isupper() and s[-1] not in ":)") or is_decision(s):
            return False
        lines, text = self.lines, self.text
        previous = lines[i - 1] if i > 0 else None
        if previous and previous.end > previous.start and text[previous.end - 1] not in ".!?:)":
            return False
        if i + 1 >= len(lines) or lines[i + 1].end == lines[i + 1].start:
            return False
        return lines[i + 1].end - lines[i + 1].start > 60  # a paragraph, not a list of lines
