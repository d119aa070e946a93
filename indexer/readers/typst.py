"""Typst .typ files reduced to the text a reader of the typeset document would see.

No library reads Typst, so this is a small hand-written reader of the markup the minutes
use: ``=`` headings, ``#name(args)[content]`` calls whose content blocks hold text,
``#let`` string variables, comments and emphasis markers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from indexer.documents import ExtractedDocument
from indexer.readers.builder import MarkedDocument, document_from_marked, mark_heading, strip_marks
from indexer.readers.decoding import decode_text
from indexer.readers.limits import check_expansion
from indexer.readers.properties import sane_date, sane_title

_IDENTIFIER = re.compile(r"[^\W\d][\w-]*")
_STATEMENTS = {"let", "set", "show", "import", "include", "if", "for", "while", "context"}
_DROPPED = {"pagebreak", "colbreak", "image", "v", "h", "signatures", "emoji", "formalia", "sym"}
_LET_STRING = re.compile(r"let\s+([^\W\d][\w-]*)\s*=\s*\"((?:[^\"\\]|\\.)*)\"")
_TITLE = re.compile(r"\btitle\s*:\s*\"((?:[^\"\\]|\\.)*)\"")
_DATETIME = re.compile(
    r"datetime\(\s*year\s*:\s*(\d+)\s*,\s*month\s*:\s*(\d+)\s*,\s*day\s*:\s*(\d+)"
)
_HEADING_LINE = re.compile(r"(=+)[ \t]+([^\n]*)")
_STRING_REST = re.compile(r'((?:[^"\\]|\\.)*)"?', re.DOTALL)
_ARGUMENT_NAME = re.compile(r"([^\W\d][\w-]*)\s*:(?!:)")
_EMPHASIS = re.compile(r"(?<![\w*])[*_]+(?=\S)|(?<=\S)[*_]+(?![\w*])")
_MAX_DEPTH = 60
_LEVELS = {"1", "2", "3", "4", "5", "6"}
# Calls whose first argument introduces the content that follows.
_INTRODUCED = {
    "ordningsFråga": "Ordningsfråga från {0}:",
    "yrkning": "Yrkande från {0}:",
    "andraLäsning": "Andra läsning av beslutet från {0}:",
}


def read_typst(path: Path) -> ExtractedDocument:
    """Read a .typ file as text with its ``=`` headings as headings."""
    return document_from_marked(reduce_typst(decode_text(path.read_bytes())))


def reduce_typst(source: str) -> MarkedDocument:
    """Convert Typst source to plain text with marked headings, its title and its date."""
    source = strip_marks(source).replace("\r\n", "\n")
    parser = _Parser(source)
    try:
        text = parser.markup()
    except RecursionError:  # absurdly deep nesting: keep the words
        text = re.sub(r"[#\[\]()*_=]", " ", source)
    lines = (_EMPHASIS.sub("", line).strip() for line in text.split("\n"))
    return MarkedDocument("\n".join(lines), parser.title, parser.date)


@dataclass
class _Value:
    kind: str  # "content", "string" or "other"
    text: str
    name: str | None = None  # the argument's name, for named arguments


@dataclass
class _Expanded:
    """How much text variables have put in so far."""

    size: int = 0


@dataclass
class _Parser:
    """Walks the source once; markup is turned into text, code into the text it shows."""

    source: str
    position: int = 0
    depth: int = 0
    variables: dict[str, str] = field(default_factory=dict)
    expanded: _Expanded = field(default_factory=_Expanded)  # shared with headings
    title: str | None = None
    date: dt.date | None = None
    unclosed: bool = False  # a content block ran to the end of the source without its ``]``

    def peek(self, offset: int = 0) -> str:
        index = self.position + offset
        return self.source[index] if index < len(self.source) else ""

    def markup(self, *, in_block: bool = False) -> str:
        """Text up to the end, or up to the ``]`` closing the current content block."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise RecursionError("content blocks nested too deeply")
        out: list[str] = []
        brackets, line_start = 0, True
        while self.position < len(self.source):
            char = self.peek()
            if char == "]" and in_block and brackets == 0:
                self.position += 1
                break
            brackets += (char == "[") - (char == "]" and brackets > 0)
            piece = self.markup_item(at_line_start=line_start)
            out.append(piece)
            line_start = _line_start_after(piece, line_start)
        else:
            self.unclosed = self.unclosed or in_block
        self.depth -= 1
        return "".join(out)

    def markup_item(self, *, at_line_start: bool) -> str:
        """Consume one construct of markup and return its text."""
        char, following = self.peek(), self.peek(1)
        if at_line_start and char == "=":
            return self.heading()
        if at_line_start and char in "*+" and following == " ":
            self.position += 1
            return "-"
        if char == "\\":
            self.position += 2
            return "\n" if following in " \n" else following
        if char == "/" and following == "/" and not self.source.endswith(":", 0, self.position):
            return self.skip_until("\n", keep_end=True)
        if char == "/" and following == "*":
            return self.skip_until("*/")
        if char == "#" and _IDENTIFIER.match(self.source, self.position + 1):
            self.position += 1
            return self.code()
        if char in "$`":
            self.position += 1
            return self.skip_until(char, keep_text=True)
        self.position += 1
        return " " if char == "~" else char

    def heading(self) -> str:
        match = _HEADING_LINE.match(self.source, self.position)
        if match is None:
            self.position += 1
            return "="
        self.position = match.end()
        heading = _Parser(match.group(2), variables=self.variables, expanded=self.expanded)
        title = heading.markup()
        return mark_heading(title, len(match.group(1)))

    def skip_until(self, end: str, *, keep_end: bool = False, keep_text: bool = False) -> str:
        """Skip to ``end`` (consumed unless ``keep_end``); return the text skipped if asked."""
        found = self.source.find(end, self.position)
        stop = len(self.source) if found < 0 else found
        text = self.source[self.position : stop]
        self.position = stop if keep_end or found < 0 else stop + len(end)
        return text if keep_text else ""

    def code(self) -> str:
        """An expression after ``#``: a statement, a variable or a call; return what it shows."""
        name = self.dotted_name()
        if name in _STATEMENTS:
            self.statement(name)
            return ""
        arguments: list[_Value] = []
        unclosed_before, self.unclosed = self.unclosed, False
        while self.peek() in ("(", "["):
            if self.peek() == "(":
                self.position += 1
                arguments += self.arguments()
            else:
                self.position += 1
                arguments.append(_Value("content", self.markup(in_block=True)))
        closed = not self.unclosed
        self.unclosed = unclosed_before or self.unclosed
        if not arguments and name in self.variables:
            self.expand(len(self.variables[name]))
        return _call_text(name, arguments, self.variables, closed=closed)

    def expand(self, size: int) -> None:
        """Count text a variable puts in again: a few uses of a long variable could otherwise
        make a small file expand to gigabytes (UnreadableDocument over the limit)."""
        self.expanded.size += size
        check_expansion(self.expanded.size + len(self.source))

    def dotted_name(self) -> str:
        match = _IDENTIFIER.match(self.source, self.position)
        names = []
        while match:
            names.append(match.group())
            self.position = match.end()
            if self.peek() != ".":
                break
            match = _IDENTIFIER.match(self.source, self.position + 1)
            if match:
                self.position += 1
        return ".".join(names)

    def statement(self, keyword: str) -> None:
        """Skip a ``#let``/``#show``/``#set``... statement, noting variables, title and date."""
        start = self.position
        self.skip_balanced(stop_at="\n")
        text = keyword + self.source[start : self.position]
        self.variables.update(_LET_STRING.findall(text))
        title = _TITLE.search(text)
        if title:
            self.title = sane_title(title.group(1)) or self.title
        date = _DATETIME.search(text)
        if date:
            year, month, day = (int(part) for part in date.groups())
            self.date = sane_date(f"{year:04d}-{month:02d}-{day:02d}") or self.date

    def skip_balanced(self, stop_at: str) -> None:
        """Advance to a ``stop_at`` character outside brackets and strings (or a closer)."""
        depth = 0
        while self.position < len(self.source):
            char = self.peek()
            if char == '"':
                self.position += 1
                self.string()
                continue
            if depth == 0 and (char in stop_at or char in ")]}"):
                return
            depth += (char in "([{") - (char in ")]}")
            self.position += 1

    def string(self) -> str:
        """A string literal's value; the opening quote is already consumed."""
        match = _STRING_REST.match(self.source, self.position)
        assert match is not None  # the pattern matches any text, the empty string too
        self.position = match.end()
        return re.sub(r"\\(.)", r"\1", match.group(1))

    def arguments(self) -> list[_Value]:
        """The arguments of a call up to its ``)``; the ``(`` is already consumed."""
        values: list[_Value] = []
        while self.position < len(self.source):
            self.skip_space()
            if self.peek() in (")", ""):
                self.position += 1
                break
            named = _ARGUMENT_NAME.match(self.source, self.position)
            if named:
                self.position = named.end()
                self.skip_space()
            value = self.value()
            value.name = named.group(1) if named else None
            values.append(value)
            self.skip_space()
            if self.peek() == ",":
                self.position += 1
        return values

    def value(self) -> _Value:
        char = self.peek()
        self.position += 1
        if char == "[":
            return _Value("content", self.markup(in_block=True))
        if char == '"':
            return _Value("string", self.string())
        self.position -= 1
        start = self.position
        self.skip_balanced(stop_at=",")
        if self.position == start:  # a stray closer; step over it
            self.position += 1
        return _Value("other", self.source[start : self.position].strip())

    def skip_space(self) -> None:
        while self.peek().isspace() or self.source.startswith("//", self.position):
            if self.peek().isspace():
                self.position += 1
            else:
                self.skip_until("\n")


def _line_start_after(piece: str, line_start: bool) -> bool:
    """Whether only spaces follow the last line break (or the start) once ``piece`` is added
    to text that was ``line_start`` (kept as it goes: looking back is quadratic in spaces)."""
    stripped = piece.rstrip(" \t")
    return stripped.endswith("\n") if stripped else line_start


def _call_text(
    name: str, arguments: list[_Value], variables: dict[str, str], *, closed: bool = True
) -> str:
    """What a call (or a bare variable) shows, for the functions the minutes use; proposals
    whose content block is not ``closed`` are plain text, so that they read as no decision."""
    base = name.split(".")[0]
    if base == "linebreak":
        return "\n"
    if not arguments:
        return variables.get(name, "")
    if base in _DROPPED:
        return ""
    texts = [a.text.strip() for a in arguments if a.kind != "other" and a.name is None]
    named = {a.name: a.text.strip() for a in arguments if a.name and a.kind != "other"}
    if base == "attSatser" and closed:
        return "".join(f"\nAtt: {text}\n" for text in texts if text)
    if base in ("deltagere", "deltagare"):
        pairs = zip(texts[::2], [*texts[1::2], ""], strict=False)
        return "".join(
            f"\nNärvarande: {who} ({status})".replace(" ()", "") for who, status in pairs
        )
    if base == "heading":
        level = next((a.text for a in arguments if a.name == "level"), "1")
        return mark_heading(" ".join(texts), int(level) if level in _LEVELS else 1)
    if base == "ordningsFrågaBody":
        return "".join(f"\n{key.capitalize()}: {text}\n" for key, text in named.items() if text)
    if base in _INTRODUCED and texts:
        return "\n" + _INTRODUCED[base].format(texts[0]) + "\n" + "\n".join(texts[1:]) + "\n"
    return "\n".join(text for text in texts if text)
