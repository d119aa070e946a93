"""A passage's sentences as candidates for an answer, made readable on their own.

Minutes are lists and labels as much as prose, so a sentence is adjusted before it is scored:
headings and title lines (and a short first line, which is usually one) are left out; an
agenda number, the item's heading and a label of its kind that open a sentence ("1.
Sobonadagarna (information) Det blir …") are left out (the sentence then starts after them,
so its offsets still point at what is shown); a list item is shown under the item it hangs
from ("Opera: Maten var god"); a label line ("Beslut:") joins the sentence after it, unless it
only names the item's kind ("Information:"); a bare verdict ("Beslut: Attsats bifalles")
joins the sentence before it.

The indexer stores each passage's sentences with their vectors (each embedded under the
passage's heading, so that it carries its topic); answers read them from the snapshot.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from indexer.documents import Sentence
from indexer.lexical import words
from indexer.lexicon import ITEM_KIND_BRACKETED, ITEM_KIND_LABELS, VERDICT, VERDICT_WORDS
from indexer.sentences import split_sentences
from indexer.store.entities import Passage

# Bump when what this module makes of a passage changes: the next build makes every snapshot's
# sentences (and their vectors) again.
SENTENCES_VERSION = 1

# A verdict ("Beslut: Attsats bifalles") is made of these words and belongs to the sentence
# before it; it has at least one verdict proper.
_VERDICT = re.compile(VERDICT)
_VERDICT_WORD = re.compile(VERDICT_WORDS)
_MARKUP = re.compile(r"[\s#>*•·–-]+")
_SPACE = re.compile(r"\s+")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_TITLE_WORDS = 6  # a line this short, not ending like a sentence, may be a heading
_AGENDA_NUMBER = re.compile(r"(?:§\s*\d{1,3}[a-z]?[.:]?|\d{1,2}(?:\.\d{1,2})*[.)]|[a-z]\))\s+")
_KIND = rf"(?:{ITEM_KIND_LABELS})"
_BRACKETED = rf"\(\s*(?:{ITEM_KIND_BRACKETED})\s*\)\s*[:.–-]?"
_KIND_LABEL = re.compile(rf"\s*(?:{_BRACKETED}|[:–-])\s*", re.IGNORECASE)
_KIND_LINE = re.compile(rf"{_KIND}\s*:", re.IGNORECASE)
_KIND_OPENER = re.compile(rf"{_KIND}\s*:\s+", re.IGNORECASE)
_HEADING_WITH_KIND = re.compile(rf"[^.()\n]{{1,60}}?\s*{_BRACKETED}\s*", re.IGNORECASE)


def display(text: str) -> str:
    """``text`` on one line, without list or heading markup at its start."""
    text = _SPACE.sub(" ", text)
    markup = _MARKUP.match(text)
    return text[markup.end() if markup else 0 :].strip()


def without_markup(text: str, start: int, end: int) -> int:
    """Where ``text[start:end]`` starts once its list or heading markup is left out."""
    markup = _MARKUP.match(text, start, end)
    return markup.end() if markup else start


def passage_sentences(passage: Passage) -> list[Sentence]:
    """The sentences of a passage as read from a snapshot (see ``text_sentences``)."""
    return text_sentences(
        passage.text, passage.section, (passage.meeting.title, passage.document.title)
    )


def sentence_embedding_text(sentence: Sentence, section: str | None) -> str:
    """What is embedded for a sentence of a passage under ``section``: the sentence under the
    passage's last heading, so that it carries its topic."""
    heading = _heading(section)
    return f"{heading}: {sentence.shown}" if heading else sentence.shown


def text_sentences(text: str, section: str | None, titles: Sequence[str]) -> list[Sentence]:
    """The sentences of a passage worth offering as (part of) an answer, in order: ``text`` is
    the passage, ``section`` its headings (" › " between them), ``titles`` its meeting's and
    document's titles."""
    spans = split_sentences(text)
    parents = _parents(text, spans)
    names = _titles(section, titles)
    heading = _heading(section)
    topic = _AGENDA_NUMBER.sub("", heading, count=1) if heading else None
    found: list[Sentence] = []
    label: tuple[int, str] | None = None  # where a pending label starts, and its text
    for i, (start, end) in enumerate(spans):
        if text[start] == "#":  # a Markdown heading
            label = None
            continue
        start = _after_opening(text, start, end, topic)
        shown = display(text[start:end])
        if _KIND_LINE.fullmatch(shown):
            continue
        if shown.endswith(":") and i + 1 < len(spans):
            label = (start, shown) if label is None else (label[0], f"{label[1]} {shown}")
            continue
        if label is None and found and _is_verdict(shown):
            found[-1] = replace(found[-1], end=end, text=f"{found[-1].text} {shown}")
            continue
        if label is not None:
            start, shown, label = label[0], f"{label[1]} {shown}", None
        first_line = i == 0 and "\n" in text[end : end + 2]
        if _worth_keeping(shown, names) and not _is_heading(shown, first_line, i, parents):
            parent = parents[i]
            above = display(text[slice(*spans[parent])]) if parent is not None else None
            found.append(Sentence(start, end, shown, above))
    return found


def _heading(section: str | None) -> str | None:
    """The last heading of a passage's section path."""
    return section.split(" › ")[-1] if section else None


def _after_opening(text: str, start: int, end: int, topic: str | None) -> int:
    """Where ``text[start:end]`` starts to say something: after an opening agenda number, the
    item's ``topic`` after it (or before a kind label), and a kind label; ``start`` when that
    would leave fewer than two words."""
    position = start
    number = _AGENDA_NUMBER.match(text, position, end)
    if number:
        position = number.end()
    rest = text[position:end]
    if topic and rest.casefold().startswith(topic.casefold()):
        after = position + len(topic)
        label = _KIND_LABEL.match(text, after, end)
        if number or label:
            position = label.end() if label else after
    elif number:
        with_kind = _HEADING_WITH_KIND.match(text, position, end)
        position = with_kind.end() if with_kind else position
    opener = _KIND_OPENER.match(text, position, end)
    position = opener.end() if opener else position
    while position < end and text[position].isspace():
        position += 1
    return position if len(words(text[position:end])) >= 2 else start


def _is_verdict(shown: str) -> bool:
    found = words(shown)
    verdict = any(_VERDICT.fullmatch(w) for w in found)
    return verdict and all(_VERDICT_WORD.fullmatch(w) for w in found)


def _titles(section: str | None, titles: Sequence[str]) -> list[str]:
    """The passage's heading names and its meeting and document ``titles``, letters only."""
    names = [*(section or "").split(" › "), *titles]
    return [_letters(name) for name in names if _letters(name)]


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub(" ", text).strip().casefold()


def _worth_keeping(shown: str, titles: list[str]) -> bool:
    """Not a heading or title line, and at least two meaningful words that are not numbers."""
    meaningful = [w for w in words(shown) if not w.isdigit()]
    if len(meaningful) < 2:
        return False
    letters = _letters(shown)
    return not any(letters in title for title in titles)


def _is_heading(shown: str, first_line: bool, index: int, parents: list[int | None]) -> bool:
    """A short line, not ending like a sentence, that opens the passage or has list items
    under it ("- Opera" above "- Maten var god"): a heading or a topic, not an answer."""
    short = len(shown.split()) <= _TITLE_WORDS and shown[-1] not in ".!"
    return short and (first_line or index in parents)


def _parents(text: str, spans: list[tuple[int, int]]) -> list[int | None]:
    """For each sentence, the sentence of the less indented line it hangs from, if any."""
    parents: list[int | None] = []
    stack: list[tuple[int, int]] = []  # (indentation, sentence) of the open lines
    for i, (start, _) in enumerate(spans):
        line_start = text.rfind("\n", 0, start) + 1
        if text[line_start:start].strip():  # not the first sentence on its line
            parents.append(parents[-1] if parents else None)
            continue
        indentation = start - line_start
        while stack and stack[-1][0] >= indentation:
            stack.pop()
        parents.append(stack[-1][1] if stack else None)
        stack.append((indentation, i))
    return parents
