"""One index run: scan the corpus, reuse what is unchanged, read the rest, publish a snapshot.

The steps, in order: take the build lock; load the previous snapshot; scan the corpus; read
the new and changed files (``corpus_reading``); stop if nothing changed; group the files into
meetings and assemble their records and passages (``assembly``); embed what the cache lacks
(``passage_vectors``); write the snapshot and switch CURRENT to it (``store``).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import filelock
import numpy as np

from indexer.assembly import CHUNKING, assemble_records, passage_records
from indexer.corpus_reading import CorpusRead, CorpusReader
from indexer.embedders import Embedder
from indexer.embedders.lazy import LazyEmbedder
from indexer.lexical import ANALYZER_VERSION
from indexer.meetings import group_meetings
from indexer.passage_vectors import embed_with_cache
from indexer.previous import PreviousIndex, load_previous
from indexer.progress import Progress
from indexer.readers import READERS_VERSION
from indexer.records import MeetingRecord, PassageRecord
from indexer.scan import scan_corpus
from indexer.store import IndexBusy, IndexDir, Manifest, SnapshotCounts, write_manifest
from indexer.store.embedding_cache import EmbeddingCache
from indexer.store.lexical_index import write_bm25
from indexer.store.metadata import write_metadata
from indexer.store.vectors import EXACT_SEARCH_LIMIT, write_vectors
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
        full: bool = False,
        progress: Progress | None = None,
        embedder: Embedder | None = None,
        exact_search_limit: int = EXACT_SEARCH_LIMIT,
    ):
        self.corpus = corpus.resolve()
        self.index = IndexDir(index.resolve())
        self.model = model
        self.exclude = exclude
        self.max_bytes = int(max_file_mb * 1_000_000)
        self.full = full
        self.progress = progress or Progress(enabled=False)
        self.embedder = embedder or LazyEmbedder(model)
        self.exact_search_limit = exact_search_limit  # more passages: an HNSW graph

    def run(self) -> BuildSummary:
        """Run under the build lock; raises IndexBusy when another build holds it."""
        if not self.corpus.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {self.corpus}")
        lock = self.index.lock()
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            raise IndexBusy(
                f"another `minutes index` is running on {self.index.root}; "
                "try again when it has finished"
            ) from None
        try:
            return self._run_locked()
        finally:
            lock.release()

    def corpus_reader(self, previous: PreviousIndex) -> CorpusReader:
        """Reads the corpus files against ``previous`` with this build's settings."""
        return CorpusReader(self.corpus, previous, CHUNKING, self.max_bytes, self.progress)

    def _run_locked(self) -> BuildSummary:
        started = time.perf_counter()
        previous = PreviousIndex() if self.full else load_previous(self.index)
        scan = scan_corpus(self.corpus, exclude=self.exclude, skip_dirs=[self.index.root])
        summary = BuildSummary(None, False, str(self.corpus), self.model, skipped=len(scan.skipped))
        read = self.corpus_reader(previous).read(scan)
        summary.failed = sorted(read.failed)
        _count_documents(summary.documents, read, previous)
        if self._is_noop(previous, read):
            summary.snapshot = previous.name
            summary.meetings.unchanged = len(previous.meeting_signatures)
            summary.chunks = previous.chunks
        else:
            self._publish(summary, read, previous)
        summary.seconds = time.perf_counter() - started
        return summary

    def _is_noop(self, previous: PreviousIndex, read: CorpusRead) -> bool:
        manifest = previous.manifest
        if manifest is None or not manifest.reusable_for(
            model=self.model, chunking=CHUNKING, analyzer_version=ANALYZER_VERSION
        ):
            return False
        same_sources = {s.path for s in read.sources} == set(previous.sources)
        return same_sources and not read.changed_paths

    def _publish(self, summary: BuildSummary, read: CorpusRead, previous: PreviousIndex) -> None:
        groups = group_meetings(sorted(read.documents), sorted(read.tomls), read.tomls)
        meetings, documents = assemble_records(groups, read.documents, read.tomls, self.embedder)
        passages = passage_records(meetings, documents)
        vectors = self._embed(passages, summary)
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        snapshot = self.index.snapshots / name
        snapshot.mkdir(parents=True)
        write_metadata(snapshot, meetings, documents, passages, read.sources)
        vector_index = write_vectors(snapshot, vectors, self.exact_search_limit)
        write_bm25(snapshot, [p.embed_text for p in passages])
        counts = SnapshotCounts(len(meetings), len(documents), len(passages))
        write_manifest(snapshot, self._manifest(counts, vectors, vector_index))
        self.index.publish(name)
        summary.snapshot, summary.published, summary.chunks = name, True, len(passages)
        _count_meetings(summary.meetings, meetings, previous)

    def _embed(self, passages: list[PassageRecord], summary: BuildSummary) -> np.ndarray:
        texts = [p.embed_text for p in passages]
        with (
            EmbeddingCache(self.index.cache_file) as cache,
            self.progress.bar("Embedding", unit="passage") as bar,
        ):
            vectors, embedded, from_cache = embed_with_cache(
                self.embedder, texts, cache, on_start=bar.start, on_progress=bar.reached
            )
        summary.chunks_embedded, summary.chunks_cached = embedded, from_cache
        return vectors

    def _manifest(self, counts: SnapshotCounts, vectors: np.ndarray, vector_index: str) -> Manifest:
        return Manifest(
            corpus=str(self.corpus),
            model=self.model,
            dim=int(vectors.shape[1]) if counts.chunks else None,
            chunking=CHUNKING,
            analyzer_version=ANALYZER_VERSION,
            readers_version=READERS_VERSION,
            vector_index=vector_index,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            counts=counts,
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
