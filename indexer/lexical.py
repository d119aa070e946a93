"""Swedish text analysis for the lexical (BM25) side: words, stop words, stems, compounds.

A compound such as "distansarbete" is indexed as its own stem and as the stems of its parts
("distans", "arbet"), so "arbete på distans" or "distans" finds it. Parts are found with a
``Vocabulary``: how many passages hold each word. A word is split where every part is a word
of the corpus and the parts are, on geometric average, more common than the whole word
(Koehn & Knight, 2003). The vocabulary is counted from the passages at index time and stored
in the snapshot (``indexer.store.lexical_index``), so a query is split as the passages were
(a segment written before later meetings changed the counts keeps its splits until it is
merged: docs/design.md, *Vocabulary*).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from indexer.lexicon import BOUND_SUFFIXES, STOP_WORDS
from indexer.lexicon import stem as _stem

ANALYZER_VERSION = 2  # bump when the terms change: the next build then re-indexes BM25

_WORD = re.compile(r"\w+", re.UNICODE)
MIN_MODIFIER = 3  # shortest first part of a compound ("hem" in "hemarbete")
MIN_HEAD = 4  # shortest later part
MAX_PARTS = 3
MIN_PART_DF = 2  # a part must occur on its own in at least this many passages
MIN_HEAD_STEM = 5
_MAX_REMEMBERED = 100_000  # splits kept per vocabulary (queries keep adding new words)
MIN_WORD, MAX_WORD = MIN_MODIFIER + MIN_HEAD, 40  # only words this long are tried


def words(text: str) -> list[str]:
    """Lower-cased words of ``text`` that carry meaning (no stop words, no lone characters)."""
    text = unicodedata.normalize("NFKC", text).lower()  # "ﬁxa" → "fixa", full-width digits
    return [w for w in _WORD.findall(text) if len(w) > 1 and w not in STOP_WORDS]


class Vocabulary:
    """How many passages hold each word and each stem; decides where compounds split."""

    def __init__(self, word_counts: Mapping[str, int], stem_counts: Mapping[str, int]):
        self.words = word_counts
        self.stems = stem_counts
        self._splits: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        """Count each word and stem once per text, keeping only those common enough to be a
        compound's part (rarer ones never change a split)."""
        return WordCounts.of(texts).vocabulary()

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of compound ``word`` (at most ``MAX_PARTS``), or () if it is not one."""
        if word not in self._splits:
            if len(self._splits) >= _MAX_REMEMBERED:
                self._splits.clear()
            parts, score = self._best_split(word, MAX_PARTS, MIN_MODIFIER)
            whole = self.words.get(word, 0)
            self._splits[word] = parts if len(parts) > 1 and score > whole else ()
        return self._splits[word]

    def _best_split(
        self, word: str, max_parts: int, min_modifier: int
    ) -> tuple[tuple[str, ...], float]:
        """The split of ``word`` with the highest geometric mean of part frequencies."""
        best: tuple[tuple[str, ...], float] = ((word,), float(self._head_df(word)))
        if max_parts < 2 or not word.isalpha() or not MIN_WORD <= len(word) <= MAX_WORD:
            return best
        for cut in range(min_modifier, len(word) - MIN_HEAD + 1):
            head_parts, head_score = self._best_split(word[cut:], max_parts - 1, MIN_HEAD)
            if not head_score:
                continue
            for modifier in _modifiers(word[:cut]):
                modifier_df = self._modifier_df(modifier, min_modifier)
                if not modifier_df:
                    continue
                parts = (modifier, *head_parts)
                logs = math.log(modifier_df) + len(head_parts) * math.log(head_score)
                score = math.exp(logs / len(parts))
                if score > best[1]:
                    best = (parts, score)
        return best

    def _modifier_df(self, part: str, min_length: int) -> int:
        """A first part must be a word of its own, as written: "distans", "hem"."""
        if len(part) < min_length or part in STOP_WORDS or part in BOUND_SUFFIXES:
            return 0
        return self.words.get(part, 0)

    def _head_df(self, part: str) -> int:
        """A last part is a word as written, or an inflection of one with a long stem:
        "arbetet" (stem "arbet"), but not "tare" (stem "tar") or "ningen"."""
        if len(part) < MIN_HEAD or part in STOP_WORDS or part in BOUND_SUFFIXES:
            return 0
        stem = _stem(part)
        return self.words.get(part, 0) or (
            self.stems.get(stem, 0) if len(stem) >= MIN_HEAD_STEM else 0
        )


@dataclass
class WordCounts:
    """How many passages hold each word and each stem, however rare: what a build keeps, so
    that it can add the passages it writes and take away those that go."""

    words: Counter[str] = field(default_factory=Counter)
    stems: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, texts: Iterable[str]) -> WordCounts:
        """The counts of ``texts``: each word and stem once per text."""
        counts = cls()
        for text in texts:
            found = {w for w in words(text) if len(w) >= MIN_MODIFIER and w.isalpha()}
            counts.words.update(found)
            counts.stems.update({_stem(w) for w in found})
        return counts

    def changed(self, added: WordCounts, removed: WordCounts) -> WordCounts:
        """These counts with ``added`` added and ``removed`` taken away."""
        return WordCounts(
            self.words + added.words - removed.words, self.stems + added.stems - removed.stems
        )

    def vocabulary(self) -> Vocabulary:
        """The vocabulary of the words and stems common enough to be a compound's part (rarer
        ones never change a split)."""
        return Vocabulary(_common(self.words), _common(self.stems))


def _common(counts: Counter[str]) -> dict[str, int]:
    return {key: count for key, count in counts.items() if count >= MIN_PART_DF}


def _modifiers(prefix: str) -> tuple[str, ...]:
    """A first part as written, and without a linking "s" ("verksamhet-s-år")."""
    return (prefix, prefix[:-1]) if prefix.endswith("s") else (prefix,)


def analyze(
    text: str, vocabulary: Vocabulary | None = None, *, heads_only: bool = False
) -> list[str]:
    """The BM25 terms of ``text``: Swedish stems of its meaningful words, followed by the
    stems of the parts of each compound when a ``vocabulary`` is given; with ``heads_only``,
    of its head (the last part) alone: what the compound is ("mötesordförande" is an
    "ordförande", while a "måltid" is no "mål")."""
    found = words(text)
    terms = [_stem(w) for w in found]
    if vocabulary is not None:
        splits = (vocabulary.split(w) for w in found)
        terms += [_stem(p) for parts in splits for p in (parts[-1:] if heads_only else parts)]
    return terms


def analyze_many(texts: Iterable[str], vocabulary: Vocabulary | None = None) -> list[list[str]]:
    """``analyze`` for each text, splitting compounds with ``vocabulary`` (by default, one
    counted from the texts themselves)."""
    texts = list(texts)
    vocabulary = vocabulary or Vocabulary.from_texts(texts)
    return [analyze(text, vocabulary) for text in texts]
