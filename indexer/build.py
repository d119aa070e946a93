"""One index run: scan the corpus, reuse what is unchanged, read the rest, publish a snapshot.

The steps, in order: take the build lock; repair the index (a damaged CURRENT, folders of
snapshots never completed); load the previous snapshot; scan the corpus; read the new and
changed files (``corpus_reading``); stop if nothing changed; refuse when too much of the
published index would go (``publish_guard``); group the files into meetings and assemble their
records, passages, decisions and the passages' sentences (``assembly``); embed what the cache
lacks (``passage_vectors``); write the snapshot and switch CURRENT to it (``store``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from indexer.assembly import (
    CHUNKING,
    assemble_meeting,
    decision_records,
    embedding_text,
    passage_records,
    sentence_records,
)
from indexer.bounded_reading import WorkerLimits
from indexer.corpus_reading import CorpusRead, CorpusReader
from indexer.embedders import Embedder
from indexer.embedders.lazy import LazyEmbedder
from indexer.lexical import ANALYZER_VERSION, WordCounts
from indexer.meeting_changes import MeetingChanges, find_changes, stored_contents
from indexer.meetings import SeriesNames, group_meetings, names_json
from indexer.passage_sentences import SENTENCES_VERSION
from indexer.passage_vectors import embed_with_cache
from indexer.previous import PreviousIndex, PreviousMeeting
from indexer.progress import Progress
from indexer.publish_guard import ShrinkPolicy, ShrinkRefused
from indexer.readers import READERS_VERSION
from indexer.readers.limits import ReadLimits
from indexer.records import DocumentRecord, MeetingRecord, SegmentContents
from indexer.scan import scan_corpus
from indexer.segment_plan import SegmentPlan, plan_segments
from indexer.store import IndexDir, Manifest
from indexer.store.embedding_cache import EmbeddingCache, discard_if_damaged
from indexer.store.publishing import KeptSegment, NewSegment, SnapshotParts
from indexer.store.segments import SegmentVectors
from indexer.store.vectors import EXACT_SEARCH_LIMIT
from indexer.stores import open_store
from indexer.summary import BuildSummary, Counts

# A build writes the meetings it writes into segments of at most this many passages, each
# embedded just before it is written: its memory is bounded by one segment's vectors.
SEGMENT_ROWS = 250_000


class IndexBuild:
    """Builds and publishes one snapshot of ``corpus`` into ``index``."""

    def __init__(
        self,
        corpus: Path,
        index: Path,
        *,
        model: str,
        exclude: tuple[str, ...] = (),
        max_file_mb: float = 50.0,
        max_expanded_mb: float = 200.0,
        read_timeout: float = 60.0,
        read_memory_mb: float = 1000.0,
        full: bool = False,
        shrink: ShrinkPolicy | None = None,
        series_names: SeriesNames | None = None,
        progress: Progress | None = None,
        embedder: Embedder | None = None,
        exact_search_limit: int = EXACT_SEARCH_LIMIT,
        store: str | None = None,
    ):
        self.corpus = corpus.resolve()
        self.index = IndexDir(index.resolve())  # the embedding cache, and the snapshots
        self.store = open_store(store, self.index.root)  # unless a database holds them
        self.model = model
        self.exclude = exclude
        self.read_limits = ReadLimits(int(max_file_mb * 1e6), int(max_expanded_mb * 1e6))
        self.worker_limits = WorkerLimits(read_timeout, int(read_memory_mb * 1e6))
        self.full = full
        self.shrink = shrink or ShrinkPolicy()
        self.series_names = dict(series_names or {})
        self.progress = progress or Progress(enabled=False)
        self.embedder = embedder or LazyEmbedder(model)
        self.exact_search_limit = exact_search_limit  # more passages: an HNSW graph

    def run(self) -> BuildSummary:
        """Run under the build lock; raises IndexBusy when another build holds it, and
        IndexWriteError (the published snapshot kept) when the index cannot be written."""
        if not self.corpus.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {self.corpus}")
        lock = self.index.acquire_lock()  # the index folder: its cache (and its snapshots)
        try:
            store_lock = self.store.acquire_lock()
            try:
                return self._run_locked()
            finally:
                store_lock.release()
        finally:
            self.store.close()  # a database's reading connections: a build reads no more
            lock.release()

    def corpus_reader(self, previous: PreviousIndex) -> CorpusReader:
        """Reads the corpus files against ``previous`` with this build's settings."""
        return CorpusReader(
            self.corpus, previous, self.read_limits, self.worker_limits, self.progress
        )

    def _run_locked(self) -> BuildSummary:
        started = time.perf_counter()
        repaired = self.store.repair()
        previous = PreviousIndex() if self.full else self.store.load_previous()
        scan = scan_corpus(self.corpus, exclude=self.exclude, skip_dirs=[self.index.root])
        summary = BuildSummary(None, False, str(self.corpus), self.model, skipped=len(scan.skipped))
        mended = [repaired, discard_if_damaged(self.index.cache_file), _rebuilt(previous)]
        summary.repaired = "; ".join(filter(None, mended)) or None
        try:
            read = self.corpus_reader(previous).read(scan)
            summary.failed = sorted(read.failed)
            _count_documents(summary.documents, read, previous)
            if self._is_noop(previous, read):
                summary.snapshot = previous.name
                summary.meetings.unchanged = previous.meeting_count
                summary.chunks = previous.chunks
                summary.decisions = previous.decisions
                summary.sentences = previous.sentences
            else:
                self._publish(summary, read, previous)
        finally:  # a refused build's summary is shown too
            summary.seconds = time.perf_counter() - started
            previous.close()
        return summary

    def _guard(self, summary: BuildSummary, read: CorpusRead) -> None:
        """Raise ShrinkRefused when publishing would drop too much of the published index."""
        refusal = self.shrink.refusal(self.store.published_documents(), read.paths, read.failed)
        if refusal is not None:
            summary.snapshot, summary.refused = self.store.current_name(), refusal
            raise ShrinkRefused(refusal, summary)

    def _is_noop(self, previous: PreviousIndex, read: CorpusRead) -> bool:
        manifest = previous.manifest
        if manifest is None or not manifest.reusable_for(
            model=self.model,
            chunking=CHUNKING,
            analyzer_version=ANALYZER_VERSION,
            sentences_version=SENTENCES_VERSION,
            series_names=names_json(self.series_names),
        ):
            return False
        same_sources = {s.path for s in read.sources} == set(previous.sources)
        return same_sources and not read.changed_paths

    def _stored(self, previous: PreviousIndex) -> dict[str, PreviousMeeting]:
        """The meetings of ``previous`` this build may keep as they are (none when it was
        built with other settings, readers or chunking: then every meeting is written)."""
        manifest = previous.manifest
        if manifest is None or not manifest.same_readers(READERS_VERSION):
            return {}
        if not manifest.reusable_for(
            model=self.model,
            chunking=CHUNKING,
            analyzer_version=ANALYZER_VERSION,
            sentences_version=SENTENCES_VERSION,
            series_names=names_json(self.series_names),
        ):
            return {}
        return previous.meetings

    def _publish(self, summary: BuildSummary, read: CorpusRead, previous: PreviousIndex) -> None:
        groups = group_meetings(read.paths, sorted(read.tomls), read.tomls)
        stored = self._stored(previous)
        same_chunking = previous.manifest is not None and previous.manifest.same_chunking(CHUNKING)
        changes = find_changes(groups, read, previous, stored, self.series_names, same_chunking)
        _count_meetings(summary.meetings, changes.signatures, previous)
        self._guard(summary, read)
        segments = previous.manifest.segments if stored and previous.manifest else []
        plan = plan_segments(segments, stored, changes.changed, changes.gone)
        batches = self._assembled(changes, plan, previous, same_chunking)
        added = WordCounts.of(p.embed_text for batch in batches for p in passage_records(*batch))
        word_counts = self._word_counts(previous, stored, plan, changes.gone, added)
        kept = [
            KeptSegment(
                replace(segments[n], dead=tuple(sorted(plan.dead[n]))),
                previous.live_counts(n, plan.dead[n]),
            )
            for n in plan.kept
        ]
        parts = SnapshotParts(
            previous.path,
            previous.manifest.files if previous.manifest else {},
            kept,
            self._segments(summary, batches),
            word_counts,
            read.sources,
        )
        dim = self.embedder.dim if batches else previous.manifest.dim if previous.manifest else None
        name, manifest = self.store.write_snapshot(
            parts, self._manifest(dim), self.exact_search_limit
        )
        counts = manifest.counts
        summary.snapshot, summary.published = name, True
        summary.chunks, summary.decisions, summary.sentences = (
            counts.chunks,
            counts.decisions,
            counts.sentences,
        )
        summary.chunks_cached = counts.chunks - summary.chunks_embedded
        summary.sentences_cached = counts.sentences - summary.sentences_embedded

    def _assembled(
        self,
        changes: MeetingChanges,
        plan: SegmentPlan,
        previous: PreviousIndex,
        same_chunking: bool,
    ) -> list[tuple[list[MeetingRecord], list[DocumentRecord]]]:
        """The meetings the plan writes, with their documents chunked, in batches of at most
        ``SEGMENT_ROWS`` passages (a meeting is never split): a segment each."""
        groups = [g for g in changes.groups if g.key in plan.written]
        missing = [
            path
            for g in groups
            for path in g.minutes + g.attachments
            if path not in changes.contents
        ]
        contents = {**changes.contents, **stored_contents(previous, missing, same_chunking)}
        batches: list[tuple[list[MeetingRecord], list[DocumentRecord]]] = []
        meetings: list[MeetingRecord] = []
        documents: list[DocumentRecord] = []
        rows = 0
        for group in groups:
            meeting, held = assemble_meeting(
                group,
                changes.info(group.key),
                changes.inferred_info(group.key),
                changes.signatures[group.key],
                contents,
                self.embedder,
            )
            count = sum(len(document.content.chunks or []) for document in held)
            if meetings and rows + count > SEGMENT_ROWS:
                batches.append((meetings, documents))
                meetings, documents, rows = [], [], 0
            meetings.append(meeting)
            documents += held
            rows += count
        if meetings:
            batches.append((meetings, documents))
        return batches

    def _segments(
        self,
        summary: BuildSummary,
        batches: list[tuple[list[MeetingRecord], list[DocumentRecord]]],
    ) -> Iterator[NewSegment]:
        """A segment of each batch of meetings, embedded when it is about to be written, so
        that a build holds the vectors of one segment at a time."""
        for meetings, documents in batches:
            yield self._segment(summary, meetings, documents)

    def _segment(
        self, summary: BuildSummary, meetings: list[MeetingRecord], documents: list[DocumentRecord]
    ) -> NewSegment:
        """The segment of ``meetings``: their passages, decisions and sentences, embedded."""
        passages = passage_records(meetings, documents)
        decisions = decision_records(meetings, documents, passages)
        sentences = sentence_records(meetings, documents, passages)
        vectors, embedded, _ = self._embed([p.embed_text for p in passages], "passage")
        summary.chunks_embedded += embedded
        decision_vectors, embedded, _ = self._embed([d.embed_text for d in decisions], "decision")
        summary.decisions_embedded += embedded
        sentence_vectors, embedded, _ = self._embed([s.embed_text for s in sentences], "sentence")
        summary.sentences_embedded += embedded
        return NewSegment(
            SegmentContents(meetings, documents, passages, decisions, sentences),
            SegmentVectors(vectors, decision_vectors, sentence_vectors),
        )

    def _word_counts(
        self,
        previous: PreviousIndex,
        stored: dict[str, PreviousMeeting],
        plan: SegmentPlan,
        gone: set[str],
        added: WordCounts,
    ) -> WordCounts:
        """The word counts of the new snapshot's passages: the previous ones, without the
        passages of the meetings rewritten or gone, with the ``added`` ones."""
        if not stored:
            return added
        leaving = [stored[key].id for key in (plan.written | gone) & stored.keys()]
        removed = WordCounts.of(
            embedding_text(p.meeting_title, p.meeting_date, p.attachment, p.section, p.text)
            for p in previous.passage_parts(leaving)
        )
        return previous.word_counts().changed(added, removed)

    def _embed(self, texts: list[str], unit: str) -> tuple[np.ndarray, int, int]:
        """The vectors of ``texts``, how many were embedded now and how many were cached."""
        label = "Embedding" if unit == "passage" else f"Embedding {unit}s"
        with (
            EmbeddingCache(self.index.cache_file) as cache,
            self.progress.bar(label, unit=unit) as bar,
        ):
            return embed_with_cache(
                self.embedder, texts, cache, on_start=bar.start, on_progress=bar.reached
            )

    def _manifest(self, dim: int | None) -> Manifest:
        """The manifest of the new snapshot, but for its segments, counts and files."""
        return Manifest(
            corpus=str(self.corpus),
            model=self.model,
            dim=dim,
            chunking=CHUNKING,
            analyzer_version=ANALYZER_VERSION,
            readers_version=READERS_VERSION,
            sentences_version=SENTENCES_VERSION,
            built_at="",
            series_names=names_json(self.series_names),
        )


def _rebuilt(previous: PreviousIndex) -> str | None:
    """What the summary says of a damaged published snapshot, which this build replaces."""
    if not previous.damage:
        return None
    return (
        "the published snapshot was damaged (" + "; ".join(previous.damage) + "): rebuilt "
        "from the corpus, with the embeddings from the cache"
    )


def _count_documents(counts: Counts, read: CorpusRead, previous: PreviousIndex) -> None:
    before = previous.documents
    for rel in read.paths:
        if rel not in before:
            counts.added += 1
        elif rel in read.changed_paths:
            counts.changed += 1
        else:
            counts.unchanged += 1
    counts.removed = len(before - set(read.paths))


def _count_meetings(counts: Counts, signatures: dict[str, str], previous: PreviousIndex) -> None:
    before = previous.meeting_signatures
    for key, signature in signatures.items():
        if key not in before:
            counts.added += 1
        elif before[key] != signature:
            counts.changed += 1
        else:
            counts.unchanged += 1
    counts.removed = len(set(before) - set(signatures))
