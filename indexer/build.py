"""One index run: scan the corpus, reuse what is unchanged, read the rest, publish a snapshot."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock
import numpy as np

from indexer.chunking import chunk_document
from indexer.documents import Chunk, ExtractedDocument, UnreadableDocument
from indexer.embedders import Embedder, load_embedder
from indexer.embedding_cache import EmbeddingCache, embed_with_cache, text_key
from indexer.lexical import ANALYZER_VERSION
from indexer.meetings import MeetingGroup, group_meetings, infer_meeting_info, read_meeting_toml
from indexer.previous import PreviousIndex, file_sha256, load_previous
from indexer.progress import Progress
from indexer.readers import READERS_VERSION, read_document
from indexer.records import (
    DocumentContent,
    DocumentRecord,
    MeetingRecord,
    PassageRecord,
    SourceRecord,
)
from indexer.scan import FileStat, ScanResult, scan_corpus
from indexer.snapshot_writer import write_bm25, write_metadata, write_vectors
from indexer.store import SCHEMA_VERSION, IndexBusy, IndexDir, write_manifest

CHUNKING = {"version": 2, "target_tokens": 200, "max_tokens": 350, "overlap_tokens": 40}


@dataclass
class Counts:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass
class BuildSummary:
    """What an index run did; ``to_dict`` is the ``--json`` contract."""

    snapshot: str | None
    published: bool
    corpus: str
    model: str
    documents: Counts = field(default_factory=Counts)
    meetings: Counts = field(default_factory=Counts)
    chunks: int = 0
    chunks_embedded: int = 0
    chunks_cached: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot,
            "published": self.published,
            "corpus": self.corpus,
            "model": self.model,
            "documents": vars(self.documents),
            "meetings": vars(self.meetings),
            "chunks": self.chunks,
            "chunks_embedded": self.chunks_embedded,
            "chunks_cached": self.chunks_cached,
            "skipped": self.skipped,
            "failed": [{"path": path, "reason": reason} for path, reason in self.failed],
            "seconds": round(self.seconds, 3),
        }


def stable_id(*parts: str) -> str:
    """A short id that depends only on ``parts``."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


@dataclass
class _Read:
    """The outcome of looking at the corpus files: documents to index, failures, sources."""

    documents: dict[str, DocumentContent] = field(default_factory=dict)
    failed: list[tuple[str, str]] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    tomls: dict[str, dict] = field(default_factory=dict)
    changed_paths: set[str] = field(default_factory=set)


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
    ):
        self.corpus = corpus.resolve()
        self.index = IndexDir(index.resolve())
        self.model = model
        self.exclude = exclude
        self.max_bytes = int(max_file_mb * 1_000_000)
        self.full = full
        self.progress = progress or Progress(enabled=False)
        self.embedder = embedder or LazyEmbedder(model)

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

    def _run_locked(self) -> BuildSummary:
        started = time.perf_counter()
        previous = PreviousIndex() if self.full else load_previous(self.index)
        scan = scan_corpus(self.corpus, exclude=self.exclude, skip_dirs=[self.index.root])
        summary = BuildSummary(None, False, str(self.corpus), self.model, skipped=len(scan.skipped))
        read = self._read_files(scan, previous)
        summary.failed = sorted(read.failed)
        self._count_documents(summary.documents, read, previous)
        if self._is_noop(previous, read):
            summary.snapshot = previous.name
            summary.meetings.unchanged = len(previous.meeting_signatures)
            summary.chunks = previous.manifest.get("counts", {}).get("chunks", 0)
        else:
            self._publish(summary, read, previous)
        summary.seconds = time.perf_counter() - started
        return summary

    # -- reading ---------------------------------------------------------------------------

    def _read_files(self, scan: ScanResult, previous: PreviousIndex) -> _Read:
        read = _Read()
        read.failed.extend(scan.problems)
        to_parse = []
        same_readers = previous.manifest.get("readers_version") == READERS_VERSION
        for stat in scan.documents:
            reused = self._reuse(stat, previous) if same_readers else None
            if reused is not None:
                read.documents[stat.rel] = reused
            elif not (same_readers and self._carry_failure(stat, previous, read)):
                to_parse.append(stat)
        for stat in self.progress.iterate(to_parse, "Reading", unit="file"):
            self._parse(stat, read)
        for stat in scan.meeting_tomls:
            self._read_toml(stat, read, previous)
        for rel, content in read.documents.items():
            read.sources.append(
                SourceRecord(rel, content.size, content.mtime_ns, content.sha256, "document")
            )
        return read

    def _reuse(self, stat: FileStat, previous: PreviousIndex):
        stored = previous.documents.get(stat.rel)
        if stored is None or stored.size != stat.size:
            return None
        if stored.mtime_ns != stat.mtime_ns:
            try:
                if file_sha256(self.corpus / stat.rel) != stored.sha256:
                    return None
            except OSError:
                return None
        chunks = stored.chunks if previous.manifest.get("chunking") == CHUNKING else None
        return DocumentContent(stat.size, stat.mtime_ns, stored.sha256, stored.extracted, chunks)

    def _carry_failure(self, stat: FileStat, previous: PreviousIndex, read: _Read) -> bool:
        """An unchanged file that failed last time fails again without being read."""
        source = previous.sources.get(stat.rel)
        if source is None or source.status != "failed":
            return False
        if (source.size, source.mtime_ns) != (stat.size, stat.mtime_ns):
            return False
        read.failed.append((stat.rel, source.reason or "unreadable"))
        read.sources.append(
            SourceRecord(stat.rel, stat.size, stat.mtime_ns, None, "failed", source.reason)
        )
        return True

    def _parse(self, stat: FileStat, read: _Read) -> None:
        path = self.corpus / stat.rel
        read.changed_paths.add(stat.rel)
        try:
            extracted = read_document(path, max_bytes=self.max_bytes)
            sha = file_sha256(path)
        except UnreadableDocument as error:
            self._fail(stat, error.reason, read)
            return
        except FileNotFoundError:
            self._fail(stat, "file disappeared before it could be read", read)
            return
        except OSError as error:
            self._fail(stat, f"unreadable ({error.strerror or error})", read)
            return
        read.documents[stat.rel] = DocumentContent(stat.size, stat.mtime_ns, sha, extracted, None)

    def _fail(self, stat: FileStat, reason: str, read: _Read) -> None:
        read.failed.append((stat.rel, reason))
        read.sources.append(
            SourceRecord(stat.rel, stat.size, stat.mtime_ns, None, "failed", reason)
        )

    def _read_toml(self, stat: FileStat, read: _Read, previous: PreviousIndex) -> None:
        source = previous.sources.get(stat.rel)
        if source is None or (source.size, source.mtime_ns) != (stat.size, stat.mtime_ns):
            read.changed_paths.add(stat.rel)
        try:
            read.tomls[stat.rel] = read_meeting_toml(self.corpus / stat.rel)
        except UnreadableDocument as error:
            read.failed.append((stat.rel, error.reason))
        read.sources.append(SourceRecord(stat.rel, stat.size, stat.mtime_ns, None, "meeting.toml"))

    # -- deciding --------------------------------------------------------------------------

    def _count_documents(self, counts: Counts, read: _Read, previous: PreviousIndex) -> None:
        for rel in read.documents:
            if rel not in previous.documents:
                counts.added += 1
            elif rel in read.changed_paths:
                counts.changed += 1
            else:
                counts.unchanged += 1
        counts.removed = len(set(previous.documents) - set(read.documents))

    def _is_noop(self, previous: PreviousIndex, read: _Read) -> bool:
        if previous.name is None or previous.manifest.get("model") != self.model:
            return False
        if previous.manifest.get("chunking") != CHUNKING:
            return False
        if previous.manifest.get("analyzer_version") != ANALYZER_VERSION:
            return False
        same_sources = {s.path for s in read.sources} == set(previous.sources)
        return same_sources and not read.changed_paths

    # -- publishing ------------------------------------------------------------------------

    def _publish(self, summary: BuildSummary, read: _Read, previous: PreviousIndex) -> None:
        groups = group_meetings(sorted(read.documents), sorted(read.tomls), read.tomls)
        meetings, documents = self._records(groups, read)
        passages = self._passages(meetings, documents)
        vectors = self._embed(passages, summary)
        name = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        snapshot = self.index.snapshots / name
        snapshot.mkdir(parents=True)
        write_metadata(snapshot, meetings, documents, passages, read.sources)
        vector_index = write_vectors(snapshot, vectors)
        write_bm25(snapshot, [p.embed_text for p in passages])
        write_manifest(
            snapshot, self._manifest(meetings, documents, passages, vectors, vector_index)
        )
        self.index.publish(name)
        summary.snapshot, summary.published, summary.chunks = name, True, len(passages)
        self._count_meetings(summary.meetings, meetings, previous)

    def _records(self, groups: list[MeetingGroup], read: _Read):
        meetings, documents = [], []
        extracted = {rel: content.extracted for rel, content in read.documents.items()}
        for group in groups:
            toml = read.tomls.get(group.toml_path) if group.toml_path else None
            info = infer_meeting_info(group, extracted, toml)
            files = sorted(group.minutes + group.attachments)
            signature = stable_id(
                repr(toml), *(f"{rel}:{read.documents[rel].sha256}" for rel in files)
            )
            meeting = MeetingRecord(
                stable_id("meeting", group.key), group.key, group.folder, info, signature
            )
            meetings.append(meeting)
            for kind, paths in (("minutes", group.minutes), ("attachment", group.attachments)):
                for rel in paths:
                    content = read.documents[rel]
                    if content.chunks is None:
                        content = replace(content, chunks=self._chunk(content.extracted))
                    record_id = stable_id("document", rel)
                    documents.append(DocumentRecord(record_id, meeting.id, rel, kind, content))
        return meetings, documents

    def _chunk(self, doc: ExtractedDocument) -> list[Chunk]:
        params = {k: v for k, v in CHUNKING.items() if k != "version"}
        return chunk_document(doc, count_tokens=self.embedder.count_tokens, **params)

    def _passages(self, meetings: list[MeetingRecord], documents: list[DocumentRecord]):
        by_id = {m.id: m for m in meetings}
        passages: list[PassageRecord] = []
        for doc in documents:
            seen: dict[str, int] = {}
            meeting = by_id[doc.meeting_id]
            for ordinal, chunk in enumerate(doc.content.chunks):
                text = doc.content.extracted.text[chunk.start : chunk.end]
                occurrence = seen[text] = seen.get(text, -1) + 1
                embed_text = embedding_text(
                    meeting.info.title,
                    meeting.info.date.isoformat() if meeting.info.date else None,
                    _document_title(doc) if doc.kind == "attachment" else None,
                    chunk.section,
                    text,
                )
                passages.append(
                    PassageRecord(
                        len(passages),
                        stable_id("passage", doc.path, text, str(occurrence)),
                        doc.id,
                        ordinal,
                        chunk,
                        text,
                        embed_text,
                        text_key(embed_text),
                    )
                )
        return passages

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

    def _manifest(self, meetings, documents, passages, vectors, vector_index) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "corpus": str(self.corpus),
            "model": self.model,
            "dim": int(vectors.shape[1]) if len(passages) else None,
            "chunking": CHUNKING,
            "analyzer_version": ANALYZER_VERSION,
            "readers_version": READERS_VERSION,
            "vector_index": vector_index,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "counts": {
                "meetings": len(meetings),
                "documents": len(documents),
                "chunks": len(passages),
            },
        }

    def _count_meetings(
        self, counts: Counts, meetings: list[MeetingRecord], previous: PreviousIndex
    ) -> None:
        before = previous.meeting_signatures
        for meeting in meetings:
            if meeting.key not in before:
                counts.added += 1
            elif before[meeting.key] != meeting.signature:
                counts.changed += 1
            else:
                counts.unchanged += 1
        counts.removed = len(set(before) - {m.key for m in meetings})


def embedding_text(
    meeting_title: str,
    meeting_date: str | None,
    attachment: str | None,
    section: str | None,
    text: str,
) -> str:
    """What is embedded for a passage: a short context header, then the passage itself."""
    header = [meeting_title, meeting_date, f"bilaga: {attachment}" if attachment else None, section]
    return " | ".join(part for part in header if part) + "\n" + text


def _document_title(doc: DocumentRecord) -> str:
    return doc.content.extracted.title or Path(doc.path).stem


class LazyEmbedder:
    """Loads the model on first use, so runs that embed nothing never load it."""

    def __init__(self, model_id: str):
        self.model_id = model_id
        self._loaded: Embedder | None = None

    def _model(self) -> Embedder:
        if self._loaded is None:
            self._loaded = load_embedder(self.model_id)
        return self._loaded

    @property
    def dim(self) -> int:
        return self._model().dim

    def embed_passages(self, texts) -> np.ndarray:
        return self._model().embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._model().embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self._model().count_tokens(text)
