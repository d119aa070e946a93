"""Lines read into sections of heading and paragraph blocks; the sections' display names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.chunking.classify import Classifier, is_decision, title_like
from indexer.chunking.lines import AGENDA_LEVEL, Line, Reported

_RULE = re.compile(r"([-*_=~])(?:[ \t]*\1){2,}")
_TITLE_END = re.compile(r"(?<=\w\w)[.!?] | \(")


@dataclass(slots=True)
class Section:
    """A heading's section: its name, its level and the section it lies in."""

    title: str | None
    level: int
    parent: int | None


@dataclass(slots=True)
class Block:
    """A paragraph, heading, sentence or word run: ``text[start:end]``, trimmed."""

    start: int
    end: int
    section: int
    group: int  # the slide it lies on; 0 for everything when pages are not slides
    page: int
    heading: bool = False
    decision: bool = False
    page_start: bool = False  # the first block of a page
    cost: int = 0  # tokens it adds to a chunk


class Outline:
    """Sections (index 0 holds the text before the first heading) and their blocks, in order."""

    def __init__(self) -> None:
        self.sections = [Section(None, 0, None)]
        self.blocks: list[Block] = []
        self.stack: list[int] = []  # the open sections, outermost first

    def heading(self, line: Line, group: int, level: int, title: str, title_only: bool) -> None:
        while self.stack and self.sections[self.stack[-1]].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        self.sections.append(Section(_short(title), level, parent))
        self.stack.append(len(self.sections) - 1)
        self.blocks.append(Block(line.start, line.end, self.stack[-1], group, line.page))
        self.blocks[-1].heading = title_only

    def body(self, line: Line, group: int, decision: bool) -> Block:
        section = self.stack[-1] if self.stack else 0
        self.blocks.append(Block(line.start, line.end, section, group, line.page))
        self.blocks[-1].decision = decision
        return self.blocks[-1]


def parse_outline(text: str, lines: list[Line], reported: list[Reported], slides: bool) -> Outline:
    """Read the lines into sections of heading and paragraph blocks."""
    outline = Outline()
    classifier = Classifier(text, lines, reported)
    paragraph: Block | None = None  # the block that the next body line continues
    heading: tuple[int, Block] | None = None  # the last reported heading and its block
    for i, line in enumerate(lines):
        if line.end == line.start or _RULE.fullmatch(text, line.start, line.end):
            classifier.blank()
            paragraph = None
            continue
        group = line.page if slides else 0
        if heading and heading[0] == line.heading and heading[1].group == group:
            heading[1].end = line.end  # a reported heading running over several lines
            continue
        found = classifier.heading(i)
        s = text[line.start : line.end]
        if found is not None:
            outline.heading(line, group, *found, title_only=title_like(s))
            heading = (line.heading, outline.blocks[-1]) if line.heading >= 0 else None
            paragraph = None
        elif paragraph is not None and paragraph.page == line.page:
            paragraph.end = line.end
        else:
            paragraph = outline.body(line, group, is_decision(s))
    for previous, block in zip([None, *outline.blocks], outline.blocks, strict=False):
        block.page_start = previous is not None and previous.page != block.page
    return outline


def _short(title: str, limit: int = 60) -> str:
    """A heading as a section name: an agenda line that runs on into its text is cut short."""
    title = " ".join(title.split()).rstrip(":").strip() or title.strip()
    if len(title) > limit and (end := _TITLE_END.search(title, 4)):
        title = title[: end.start()]
    if len(title) <= limit:
        return title
    cut = title.rfind(" ", 0, limit)
    return title[: cut if cut > limit // 2 else limit].rstrip() + "…"


def _title_section(sections: list[Section]) -> int:
    """The document title: a first heading that no other heading shares its (top) level with."""
    explicit = [i for i, s in enumerate(sections) if 0 < s.level < AGENDA_LEVEL]
    if not explicit:
        return -1
    top = min(sections[i].level for i in explicit)
    tops = [i for i in explicit if sections[i].level == top]
    return tops[0] if len(tops) == 1 and tops[0] == explicit[0] else -1


class SectionNames:
    """Display names: "Parent › Child", leaving out a document title above everything."""

    def __init__(self, sections: list[Section]):
        self.sections = sections
        self.title = _title_section(sections)
        self.cache: dict[int, str | None] = {}

    def name(self, index: int) -> str | None:
        if index not in self.cache:
            names: list[str] = []
            current: int | None = index
            while current is not None and len(names) < 2:
                section = self.sections[current]
                if section.title and (current != self.title or not names):
                    names.append(section.title)
                current = section.parent
            self.cache[index] = " › ".join(reversed(names)) or None
        return self.cache[index]
