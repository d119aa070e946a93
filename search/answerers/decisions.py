"""The decision answerer: a dated list of what was decided, from the index's decisions.

When the question asks what was decided (or who was elected, what was granted), the
decisions that hold enough of its specific words are listed by meeting date, newest last,
each saying what was decided and its outcome and cited with [n] to the passage that holds
it: "Divisionsstämman (2024-03-26): avslog förslaget att … [2]". A proposal is only ever
shown with its verdict. A later decision on the same matter is shown under the earlier one
("ändrades 2019-10-10: …"). Other questions, and decision questions no decision answers, go
to the fallback answerer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from indexer.lexical import analyze
from indexer.passage_sentences import passage_sentences
from indexer.store.entities import DecisionEntry, shorten
from search.answerers.base import Answerer
from search.answers import Answer, Citation, meeting_label
from search.decision_search import (
    DecisionHit,
    chronological,
    covering,
    decision_weights,
    meeting_words,
    words_of,
)
from search.question import Question
from search.question_terms import coverage
from search.results import Hit

MAX_DECISIONS = 4  # lines in one answer
_SAME_MATTER = 0.5  # share of word stems above which two decisions are on the same matter
_VERBS = {  # outcome → how the answer says what the meeting did with a proposal
    "bifallen": "biföll förslaget",
    "avslagen": "avslog förslaget",
    "återremitterad": "återremitterade förslaget",
    "bordlagd": "bordlade förslaget",
}

FindDecisions = Callable[[Question, Sequence[Hit]], list[DecisionHit]]


class DecisionAnswerer:
    """Answers decision questions from the decisions ``find`` returns; else ``fallback``."""

    name = "decisions"

    def __init__(self, find: FindDecisions, fallback: Answerer):
        self.find = find
        self.fallback = fallback

    def answer(self, question: Question, hits: Sequence[Hit]) -> Answer:
        if not question.asks_for_decision:
            return self.fallback.answer(question, hits)
        found = self.find(question, hits)
        weights = decision_weights(question, found, hits)
        covered = covering(weights, found)
        if not covered or _a_sentence_says_more(weights, covered[0][0], hits):
            return self.fallback.answer(question, hits)
        text, citations = compose([hit.decision for _, hit in covered[:MAX_DECISIONS]])
        return Answer(question.text, True, text, "extractive", citations, list(hits))


def _a_sentence_says_more(weights: dict[str, float], best: float, hits: Sequence[Hit]) -> bool:
    """Whether a sentence of the hits holds more of the question than the best decision
    (``best``): then a decision list would miss what a passage says."""
    for hit in hits:
        context = meeting_words(hit.passage.meeting)
        for sentence in passage_sentences(hit.passage):
            if coverage(weights, set(analyze(f"{sentence.shown} {context}"))) > best:
                return True
    return False


def compose(decisions: Sequence[DecisionEntry]) -> tuple[str, list[Citation]]:
    """The answer: one line per matter in date order, later changes under it; citations."""
    citations: dict[str, Citation] = {}
    lines = []
    for matter in _matters(sorted(decisions, key=chronological)):
        first, *later = matter
        lines.append(f"- {meeting_label(first.meeting)}: {_said(first)} {_cite(first, citations)}")
        for change in later:
            when = change.meeting.date.isoformat() if change.meeting.date else "senare"
            lines.append(f"  ändrades {when}: {_said(change)} {_cite(change, citations)}")
    return "\n".join(lines), list(citations.values())


def _matters(decisions: list[DecisionEntry]) -> list[list[DecisionEntry]]:
    """Decisions grouped by matter (same agenda item name or mostly the same words),
    each group in date order; groups in the order of their first decision."""
    groups: list[list[DecisionEntry]] = []
    for decision in decisions:
        for group in groups:
            if _same_matter(group[0], decision):
                group.append(decision)
                break
        else:
            groups.append([decision])
    return groups


def _same_matter(a: DecisionEntry, b: DecisionEntry) -> bool:
    if a.meeting.id == b.meeting.id:
        return False  # one meeting's decisions stand side by side
    stems_a, stems_b = set(analyze(words_of(a))), set(analyze(words_of(b)))
    union = stems_a | stems_b
    return bool(union) and len(stems_a & stems_b) / len(union) >= _SAME_MATTER


def _said(decision: DecisionEntry) -> str:
    """What the meeting did, in words: "avslog förslaget att …", "X väljs till …"."""
    verb = _VERBS.get(decision.outcome)
    if verb is None or decision.proposal is None:
        return decision.summary().rstrip(" .") + "."
    return f"{verb} {_as_att_clause(shorten(decision.proposal, 300))}."


def _as_att_clause(text: str) -> str:
    """A proposal as an att-clause: "att stämman fastställer …"."""
    text = text.strip().rstrip(" .")
    if text[:4].lower() == "att ":
        return "att " + text[4:]
    return "att " + text[:1].lower() + text[1:]


def _cite(decision: DecisionEntry, citations: dict[str, Citation]) -> str:
    passage = decision.passage
    if passage.id not in citations:
        citations[passage.id] = Citation(len(citations) + 1, passage, "")
    citation = citations[passage.id]
    citation.quote = f"{citation.quote} {decision.summary()}".strip()
    length = len(passage.text)
    start, end = (min(max(at - passage.start, 0), length) for at in (decision.start, decision.end))
    if start < end:
        citation.spans.append((start, end))
    return f"[{citation.n}]"
