"""How much of what is specific to a question a sentence holds.

A question's word stems are weighted by how few of the passages read for the answer hold
them (an inverse document frequency over those passages): the name of the organisation,
found in every passage, weighs little; the one word that says what is asked about weighs
most, and most of all when no passage holds it. A compound part counts as a match
("distansarbete" and "distans").
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

from indexer.lexical import analyze

# The least share of the question's specific words (question_terms.coverage) that one
# sentence must hold for an answer; tuned with benchmarks/tune_abstention.py.
MIN_COVERAGE = 0.085
_MIN_PREFIX = 5  # shortest stem that matches as the start of a longer one
_WORD = re.compile(r"\w+")


def term_weights(question: str, passages: Sequence[str]) -> dict[str, float]:
    """The question's stems, each weighted by its rarity among ``passages``."""
    stems = [set(analyze(text)) for text in passages]
    weights = {}
    for term in dict.fromkeys(analyze(question)):
        holding = sum(1 for found in stems if contains(found, term))
        weights[term] = math.log((len(passages) + 1) / (holding + 0.5))
    return weights


def coverage(weights: dict[str, float], stems: Collection[str]) -> float:
    """The share (0 to 1) of the question's weight found among ``stems``."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for term, w in weights.items() if contains(stems, term)) / total


def contains(stems: Collection[str], term: str) -> bool:
    """Whether ``term`` is among ``stems``, as itself or as the start of a longer stem
    (or a longer stem's start is ``term``)."""
    if term in stems:
        return True
    if len(term) < _MIN_PREFIX:
        return False
    return any(
        len(stem) >= _MIN_PREFIX and (stem.startswith(term) or term.startswith(stem))
        for stem in stems
    )


def matching_words(text: str, stems: Collection[str]) -> list[tuple[int, int]]:
    """The spans of the words of ``text`` whose stem the question holds (see ``contains``),
    for highlighting them."""
    spans = []
    for match in _WORD.finditer(text):
        analyzed = analyze(match[0])
        if analyzed and contains(stems, analyzed[0]):
            spans.append(match.span())
    return spans
