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
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from indexer.assembly import (
    CHUNKING,
    assemble_records,
    decision_records,
    passage_records,
    sentence_records,
)
from indexer.bounded_reading import WorkerLimits
from indexer.corpus_reading import CorpusRead, CorpusReader
from indexer.embedders import Embedder
from indexer.embedders.lazy import LazyEmbedder
from indexer.lexical import ANALYZER_VERSION
from indexer.meetings import SeriesNames, group_meetings, names_json
from indexer.passage_sentences import SENTENCES_VERSION
from indexer.passage_vectors import embed_with_cache
from indexer.previous import PreviousIndex, load_previous, published_documents
from indexer.progress import Progress
from indexer.publish_guard import ShrinkPolicy, ShrinkRefused
from indexer.readers import READERS_VERSION
from indexer.readers.limits import ReadLimits
from indexer.records import MeetingRecord, SnapshotContents
from indexer.scan import scan_corpus
from indexer.store import IndexDir, Manifest, SnapshotCounts, write_manifest
from indexer.store.checks import FileCheck, record_files
from indexer.store.embedding_cache import EmbeddingCache, discard_if_damaged
from indexer.store.layout import DECISION_BM25_DIR, DECISION_VECTORS
from indexer.store.lexical_index import write_bm25, write_vocabulary
from indexer.store.metadata import write_metadata
from indexer.store.sentence_vectors import sentence_vectors_bytes, write_sentence_vectors
from indexer.store.space import estimate_snapshot_bytes
from indexer.store.vectors import EXACT_SEARCH_LIMIT, vector_index_bytes, write_vectors
from indexer.summary import BuildSummary, Counts


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
    ):
        self.corpus = corpus.resolve()
        self.index = IndexDir(index.resolve())
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
        lock = self.index.acquire_lock()
        try:
            return self._run_locked()
        finally:
            lock.release()

    def corpus_reader(self, previous: PreviousIndex) -> CorpusReader:
        """Reads the corpus files against ``previous`` with this build's settings."""
        return CorpusReader(
            self.corpus, previous, CHUNKING, self.read_limits, self.worker_limits, self.progress
        )

    def _run_locked(self) -> BuildSummary:
        started = time.perf_counter()
        repaired = self.index.repair()
        previous = PreviousIndex() if self.full else load_previous(self.index)
        scan = scan_corpus(self.corpus, exclude=self.exclude, skip_dirs=[self.index.root])
        summary = BuildSummary(None, False, str(self.corpus), self.model, skipped=len(scan.skipped))
        mended = [repaired, discard_if_damaged(self.index.cache_file), _rebuilt(previous)]
        summary.repaired = "; ".join(filter(None, mended)) or None
        read = self.corpus_reader(previous).read(scan)
        summary.failed = sorted(read.failed)
        _count_documents(summary.documents, read, previous)
        try:
            if self._is_noop(previous, read):
                summary.snapshot = previous.name
                summary.meetings.unchanged = len(previous.meeting_signatures)
                summary.chunks = previous.chunks
                summary.decisions = previous.decisions
                summary.sentences = previous.sentences
            else:
                self._publish(summary, read, previous)
        finally:  # a refused build's summary is shown too
            summary.seconds = time.perf_counter() - started
        return summary

    def _guard(self, summary: BuildSummary, read: CorpusRead) -> None:
        """Raise ShrinkRefused when publishing would drop too much of the published index."""
        refusal = self.shrink.refusal(published_documents(self.index), read.documents, read.failed)
        if refusal is not None:
            summary.snapshot, summary.refused = self.index.current_name(), refusal
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

    def _publish(self, summary: BuildSummary, read: CorpusRead, previous: PreviousIndex) -> None:
        groups = group_meetings(sorted(read.documents), sorted(read.tomls), read.tomls)
        meetings, documents = assemble_records(
            groups, read.documents, read.tomls, self.embedder, self.series_names
        )
        _count_meetings(summary.meetings, meetings, previous)
        self._guard(summary, read)
        passages = passage_records(meetings, documents)
        decisions = decision_records(meetings, documents, passages)
        texts = [p.embed_text for p in passages]
        vectors, summary.chunks_embedded, summary.chunks_cached = self._embed(texts, "passage")
        decision_texts = [d.embed_text for d in decisions]
        decision_vectors, summary.decisions_embedded, _ = self._embed(decision_texts, "decision")
        sentences = sentence_records(meetings, documents, passages)
        sentence_texts = [s.embed_text for s in sentences]
        sentence_vectors, summary.sentences_embedded, summary.sentences_cached = self._embed(
            sentence_texts, "sentence"
        )
        contents = SnapshotContents(
            meetings, documents, passages, decisions, sentences, read.sources
        )
        name = self._write(contents, vectors, decision_vectors, sentence_vectors)
        summary.snapshot, summary.published, summary.chunks = name, True, len(passages)
        summary.decisions, summary.sentences = len(decisions), len(sentences)

    def _write(
        self,
        contents: SnapshotContents,
        vectors: np.ndarray,
        decision_vectors: np.ndarray,
        sentence_vectors: np.ndarray,
    ) -> str:
        """Write a new snapshot, publish it, and return its name."""
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        size = estimate_snapshot_bytes(
            (d.content.extracted.text for d in contents.documents),
            (p.text for p in contents.passages),
            vector_index_bytes(*vectors.shape)
            + vector_index_bytes(*decision_vectors.shape)
            + sentence_vectors_bytes(*sentence_vectors.shape),
            (s.sentence.shown for s in contents.sentences),
        )
        texts = [p.embed_text for p in contents.passages]
        decision_texts = [d.embed_text for d in contents.decisions]
        with self.index.new_snapshot(name, size) as snapshot:
            write_metadata(snapshot, contents)
            vector_index = write_vectors(snapshot, vectors, self.exact_search_limit)
            write_vectors(snapshot, decision_vectors, file_name=DECISION_VECTORS)
            write_sentence_vectors(snapshot, sentence_vectors)
            vocabulary = write_vocabulary(snapshot, texts)
            write_bm25(snapshot, texts, vocabulary)
            write_bm25(snapshot, decision_texts, vocabulary, DECISION_BM25_DIR)
            counts = SnapshotCounts(
                len(contents.meetings),
                len(contents.documents),
                len(contents.passages),
                len(contents.decisions),
                len(contents.sentences),
            )
            files = record_files(snapshot)
            write_manifest(snapshot, self._manifest(counts, vectors, vector_index, files))
            self.index.publish(name)
        return name

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

    def _manifest(
        self,
        counts: SnapshotCounts,
        vectors: np.ndarray,
        vector_index: str,
        files: dict[str, FileCheck],
    ) -> Manifest:
        return Manifest(
            corpus=str(self.corpus),
            model=self.model,
            dim=int(vectors.shape[1]) if counts.chunks else None,
            chunking=CHUNKING,
            analyzer_version=ANALYZER_VERSION,
            readers_version=READERS_VERSION,
            sentences_version=SENTENCES_VERSION,
            vector_index=vector_index,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            counts=counts,
            series_names=names_json(self.series_names),
            files=files,
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
    for rel in read.documents:
        if rel not in previous.documents:
            counts.added += 1
        elif rel in read.changed_paths:
            counts.changed += 1
        else:
            counts.unchanged += 1
    counts.removed = len(set(previous.documents) - set(read.documents))


def _count_meetings(counts: Counts, meetings: list[MeetingRecord], previous: PreviousIndex) -> None:
    before = previous.meeting_signatures
    for meeting in meetings:
        if meeting.key not in before:
            counts.added += 1
        elif before[meeting.key] != meeting.signature:
            counts.changed += 1
        else:
            counts.unchanged += 1
    counts.removed = len(set(before) - {m.key for m in meetings})
