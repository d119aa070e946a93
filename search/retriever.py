"""Hybrid retrieval: dense (FAISS) and lexical (BM25) rankings fused by reciprocal rank.

Filters restrict every ranking before it is cut (``rankers``), so a filtered search returns
as many passages as exist, on an approximate index too. Each hint in the question (a period
such as "hösten 2019", a series such as "LiTHe kods styrelse", "förra årsmötet") adds the
same rankings once more, restricted to the passages of the meetings it names and weighted by
how specific it is (1 − its share of the passages): those passages rise, the others stay
reachable. At most ``per_document`` passages of one document are kept, before the list is
cut to ``top_k``. The "dense" and "lexical" modes use one side only (with its hints), for
evaluation.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from search.question import Question
from search.question_hints import MeetingSummary, latest_meeting_hint, names_latest, time_hints
from search.rankers import Ranker, dense_ranker, lexical_ranker
from search.results import NO_FILTERS, Filters, Hit
from search.snapshot import IndexReader, Snapshot

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")
RRF_K = 30  # reciprocal rank fusion: score = sum of weight / (RRF_K + rank); tuned on dev
DENSE_WEIGHT = 1.0
LEXICAL_WEIGHT = 1.0
# A question in another language than the minutes' is led by the (multilingual) dense side:
# its words seldom occur in the minutes, and those that do (names) are few.
LEXICAL_WEIGHT_OTHER_LANGUAGE = 0.5
HINT_WEIGHT = 1.0  # weight of each ranking restricted to the meetings the question names
POOL = 100  # candidates taken from each ranking; grown when the per-document cap empties it
REMEMBERED_QUERIES = 512  # query embeddings kept (about 1.5 kB each)
_NO_DATE = -1


@dataclass(frozen=True)
class _Rows:
    """Per-row facts of one snapshot as arrays, for filtering and the per-document cap."""

    document: np.ndarray  # row → document number
    meeting: np.ndarray  # row → meeting number
    attachment: np.ndarray  # row → is it in an attachment
    document_paths: list[str]  # document number → its path in the corpus
    meetings: list[MeetingSummary]  # by meeting number (dead ones too)
    live_meetings: list[MeetingSummary]  # those not dead
    live: np.ndarray | None  # row → not dead (a meeting replaced or gone); None: all live
    meeting_start: np.ndarray  # meeting number → first day (ordinal), _NO_DATE if undated
    meeting_end: np.ndarray
    # meeting number → the number of its series' display name and of its folder (-1: none),
    # numbered by ``series_numbers``: comparing numbers, not strings, keeps a question that
    # names hundreds of series as fast as one that names one
    meeting_series: np.ndarray
    meeting_folder: np.ndarray
    series_numbers: dict[str, int]
    series_names: list[str]  # the display names and the folders of the series

    @classmethod
    def load(cls, snapshot: Snapshot) -> _Rows:
        table = snapshot.rows
        meetings = table.meetings
        doc_of_row = table.row_document
        doc_meeting = table.document_meeting
        doc_attachment = np.array([kind == "attachment" for kind in table.document_kinds])
        no_rows = not len(doc_of_row)
        live = [m for m, alive in zip(meetings, table.live_meetings, strict=True) if alive]
        numbers: dict[str, int] = {}
        return cls(
            document=doc_of_row,
            meeting=doc_of_row if no_rows else doc_meeting[doc_of_row],
            attachment=doc_of_row.astype(bool) if no_rows else doc_attachment[doc_of_row],
            document_paths=table.document_paths,
            meetings=[MeetingSummary(m.id, m.title, m.series, m.date) for m in meetings],
            live_meetings=[MeetingSummary(m.id, m.title, m.series, m.date) for m in live],
            live=table.live_rows,
            meeting_start=np.array([_ordinal(m.date) for m in meetings], dtype=np.int64),
            meeting_end=np.array([_ordinal(m.date_end or m.date) for m in meetings], np.int64),
            meeting_series=_numbered((m.series for m in meetings), numbers),
            meeting_folder=_numbered((m.series_folder for m in meetings), numbers),
            series_numbers=numbers,
            series_names=sorted(
                {name for m in live for name in (m.series, m.series_folder) if name}
            ),
        )

    def meetings_in(self, start: dt.date | None, end: dt.date | None) -> np.ndarray:
        """Meetings (as a mask) that overlap the period; open ends are unbounded."""
        dated = self.meeting_start != _NO_DATE
        after = self.meeting_end >= (start.toordinal() if start else 0)
        before = self.meeting_start <= (end.toordinal() if end else dt.date.max.toordinal())
        return dated & after & before

    def of_series(self, names: list[str]) -> np.ndarray:
        """Meetings (as a mask) of the series with these display names or folders."""
        wanted = [self.series_numbers[name] for name in names if name in self.series_numbers]
        return np.isin(self.meeting_series, wanted) | np.isin(self.meeting_folder, wanted)

    def meetings_with(self, allowed: np.ndarray | None) -> list[MeetingSummary]:
        """The live meetings that hold at least one of the ``allowed`` rows (all: None)."""
        if allowed is None or allowed is self.live:
            return self.live_meetings
        return [self.meetings[n] for n in np.unique(self.meeting[allowed]).tolist()]

    def allowed(self, filters: Filters) -> np.ndarray | None:
        """The rows (as a mask) that pass ``filters`` and are live, or None when every row
        does."""
        if filters.is_empty():
            return self.live
        meetings = np.ones(len(self.meetings), dtype=bool)
        if filters.date_from or filters.date_to:
            meetings &= self.meetings_in(filters.date_from, filters.date_to)
        if filters.series:
            meetings &= self.of_series([filters.series])
        rows = meetings[self.meeting]
        if filters.kind:
            rows &= self.attachment == (filters.kind == "attachment")
        if filters.access is not None:
            rows &= filters.access.readable(self.document_paths)[self.document]
        return rows if self.live is None else rows & self.live


def _numbered(names: Iterable[str | None], numbers: dict[str, int]) -> np.ndarray:
    """Each name's number in ``numbers`` (new names numbered as they come), -1 for None."""
    return np.array(
        [-1 if name is None else numbers.setdefault(name, len(numbers)) for name in names],
        dtype=np.int64,
    )


def _ordinal(day: dt.date | None) -> int:
    return day.toordinal() if day else _NO_DATE


class Retriever:
    """Searches a snapshot; keeps its row tables, and remembers recent query embeddings."""

    def __init__(self, reader: IndexReader):
        self.reader = reader
        self._rows: dict[str, _Rows] = {}
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def question(self, text: str, snapshot: Snapshot, filters: Filters = NO_FILTERS) -> Question:
        """``text`` analysed for ``snapshot``: its model's embedding, its vocabulary's terms."""
        return Question(
            text,
            lambda t: self._query_vector(snapshot, t),
            snapshot.vocabulary,
            filters,
            self._rows_of(snapshot).series_names,
        )

    def search(
        self,
        question: Question | str,
        *,
        snapshot: Snapshot | None = None,
        top_k: int = 10,
        filters: Filters = NO_FILTERS,
        mode: Mode = "hybrid",
        per_document: int = 3,
    ) -> list[Hit]:
        """The ``top_k`` best passages for ``question`` that pass ``filters``, at most
        ``per_document`` from one document (0: no limit). ``mode`` picks the rankings used;
        ``snapshot`` is the reader's current one unless given."""
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
        snapshot = snapshot or self.reader.snapshot()
        if isinstance(question, str):
            question = self.question(question, snapshot)
        if top_k <= 0 or len(snapshot) == 0:
            return []
        rows = self._rows_of(snapshot)
        allowed = rows.allowed(filters)
        rankers = _rankers(snapshot, question, mode)
        hints = _hints(question, rows, allowed)
        pool = max(POOL, 2 * top_k)
        while True:  # grow the pool until top_k survive the per-document cap, or none is left
            fused, complete = _fuse(rankers, allowed, hints, pool)
            chosen = _cap_per_document(fused, rows.document, per_document, top_k)
            if len(chosen) >= top_k or complete or pool >= len(snapshot):
                break
            pool *= 4
        passages = snapshot.meta.passages(row for row, _ in chosen)
        return [
            Hit(rank, score, passages[row]) for rank, (row, score) in enumerate(chosen, start=1)
        ]

    def allowed(self, snapshot: Snapshot, filters: Filters) -> np.ndarray | None:
        """The passage rows (as a mask) that pass ``filters``; None when nothing is filtered."""
        return self._rows_of(snapshot).allowed(filters)

    def named_period(self, snapshot: Snapshot, question: Question) -> np.ndarray | None:
        """The passage rows (as a mask) of the meetings in the periods the question names
        ("i maj 2023", "hösten 2019"); None when it names none."""
        periods = time_hints(question.text)
        if not periods:
            return None
        rows = self._rows_of(snapshot)
        meetings = np.logical_or.reduce([rows.meetings_in(p.start, p.end) for p in periods])
        return meetings[rows.meeting]

    def _rows_of(self, snapshot: Snapshot) -> _Rows:
        with self._lock:
            if snapshot.name not in self._rows:
                self._rows = {snapshot.name: _Rows.load(snapshot)}
            return self._rows[snapshot.name]

    def forget_queries(self) -> None:
        """Drop the remembered query embeddings (benchmarks time a query as if new)."""
        with self._lock:
            self._vectors.clear()

    def _query_vector(self, snapshot: Snapshot, query: str) -> np.ndarray:
        """The query's embedding, remembered: the web app repeats a query on every rerun."""
        key = (snapshot.model, query)
        with self._lock:
            if key in self._vectors:
                self._vectors.move_to_end(key)
                return self._vectors[key]
        vector = self.reader.embedder(snapshot).embed_query(query)
        with self._lock:
            self._vectors[key] = vector
            if len(self._vectors) > REMEMBERED_QUERIES:
                self._vectors.popitem(last=False)
        return vector


def _rankers(snapshot: Snapshot, question: Question, mode: Mode) -> list[tuple[float, Ranker]]:
    """(weight, ranking function) for each side the mode uses."""
    rankers: list[tuple[float, Ranker]] = []
    if mode in ("hybrid", "dense"):
        rankers.append((DENSE_WEIGHT, dense_ranker(snapshot.vectors, question.vector)))
    if mode in ("hybrid", "lexical") and snapshot.bm25 is not None:
        weight = LEXICAL_WEIGHT if question.is_swedish else LEXICAL_WEIGHT_OTHER_LANGUAGE
        rankers.append((weight, lexical_ranker(snapshot.bm25, question.terms)))
    return rankers


def _hints(
    question: Question, rows: _Rows, allowed: np.ndarray | None
) -> list[tuple[np.ndarray, float]]:
    """The rows of the meetings the question names by time, series or "förra …" (the latest
    meeting among those searched: one the user may read, within the filters), each set with
    its weight: a set that holds most of the allowed rows says little, so weighs little."""
    meeting_sets = []
    periods = time_hints(question.text)
    if periods:
        meeting_sets.append(
            np.logical_or.reduce([rows.meetings_in(p.start, p.end) for p in periods])
        )
    if question.series:
        meeting_sets.append(rows.of_series(question.series))
    if names_latest(question.text):
        latest = latest_meeting_hint(question.text, rows.meetings_with(allowed))
        if latest is not None:
            meeting_sets.append(np.array([m.id == latest.id for m in rows.meetings]))
    hints = []
    total = len(rows.meeting) if allowed is None else int(allowed.sum())
    for meetings in meeting_sets:
        preferred = meetings[rows.meeting] if allowed is None else meetings[rows.meeting] & allowed
        count = int(preferred.sum())
        if 0 < count < total:
            hints.append((preferred, 1 - count / total))
    return hints


def _fuse(
    rankers: list[tuple[float, Ranker]],
    allowed: np.ndarray | None,
    hints: list[tuple[np.ndarray, float]],
    pool: int,
) -> tuple[list[tuple[int, float]], bool]:
    """Rows with their fused score, best first, and whether every ranking was complete (a
    larger pool would add nothing)."""
    scores: dict[int, float] = {}
    complete = True
    runs = [(weight, ranker, allowed) for weight, ranker in rankers]
    for preferred, specificity in hints:
        runs += [
            (HINT_WEIGHT * specificity * weight, ranker, preferred) for weight, ranker in rankers
        ]
    for weight, ranker, mask in runs:
        ranking = ranker(mask, pool)
        complete &= ranking.complete
        for rank, row in enumerate(ranking.rows.tolist(), start=1):
            scores[row] = scores.get(row, 0.0) + weight / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0])), complete


def _cap_per_document(
    fused: list[tuple[int, float]], document: np.ndarray, per_document: int, top_k: int
) -> list[tuple[int, float]]:
    """The first ``top_k`` rows, skipping rows of a document that already has enough."""
    kept: list[tuple[int, float]] = []
    per: dict[int, int] = {}
    for row, score in fused:
        doc = int(document[row])
        if per_document > 0 and per.get(doc, 0) >= per_document:
            continue
        per[doc] = per.get(doc, 0) + 1
        kept.append((row, score))
        if len(kept) == top_k:
            break
    return kept
