"""Read the corpus for a build: tell unchanged files from the previous snapshot, parse the
rest in worker processes, each file within the limits of time, memory, size and expansion.

A file with the same size and modification time as before, or the same content, is unchanged:
it is not read, and its text (and chunks) stay in the previous snapshot until the build asks
for them; a file that failed and has not changed fails again without being read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indexer.bounded_reading import ReadingPool, ReadOutcome, WorkerLimits
from indexer.documents import UnreadableDocument
from indexer.file_hash import file_sha256
from indexer.meetings import read_meeting_toml
from indexer.previous import PreviousIndex
from indexer.progress import Progress
from indexer.readers import READERS_VERSION
from indexer.readers.limits import ReadLimits
from indexer.records import DocumentContent, SourceRecord
from indexer.scan import FileStat, ScanResult

TOML_IGNORED = "the meeting is indexed without it (date, title and series from its files)"


@dataclass
class CorpusRead:
    """The outcome of looking at the corpus files: documents to index (read now, or unchanged
    since the previous snapshot), failures, sources."""

    documents: dict[str, DocumentContent] = field(default_factory=dict)  # read now
    unchanged: dict[str, SourceRecord] = field(default_factory=dict)  # as before
    failed: list[tuple[str, str]] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    tomls: dict[str, dict] = field(default_factory=dict)
    changed_paths: set[str] = field(default_factory=set)

    @property
    def paths(self) -> list[str]:
        """Every document to index, sorted."""
        return sorted([*self.documents, *self.unchanged])

    def sha256(self, rel: str) -> str:
        """The content hash of document ``rel``."""
        found = self.documents.get(rel)
        return found.sha256 if found else self.unchanged[rel].sha256 or ""

    def fail(self, stat: FileStat, reason: str) -> None:
        self.failed.append((stat.rel, reason))
        self.sources.append(
            SourceRecord(stat.rel, stat.size, stat.mtime_ns, None, "failed", reason)
        )


@dataclass
class CorpusReader:
    """Reads the files of one scan of ``corpus`` against the ``previous`` snapshot."""

    corpus: Path
    previous: PreviousIndex
    limits: ReadLimits
    worker_limits: WorkerLimits
    progress: Progress

    def read(self, scan: ScanResult) -> CorpusRead:
        read = CorpusRead()
        read.failed.extend(scan.problems)
        manifest = self.previous.manifest
        same_readers = manifest is not None and manifest.same_readers(READERS_VERSION)
        to_parse = []
        for stat in scan.documents:
            reused = self._reuse(stat) if same_readers else None
            if reused is not None:
                read.unchanged[stat.rel] = reused
            elif not (same_readers and self._carry_failure(stat, read)):
                to_parse.append(stat)
        outcomes = self._read_files(to_parse)
        for stat in to_parse:  # in scan order, whichever worker finished first
            self._parsed(stat, outcomes[stat.rel], read)
        for stat in scan.meeting_tomls:
            self._read_toml(stat, read)
        for rel, content in read.documents.items():
            read.sources.append(
                SourceRecord(rel, content.size, content.mtime_ns, content.sha256, "document")
            )
        read.sources += read.unchanged.values()
        return read

    def _reuse(self, stat: FileStat) -> SourceRecord | None:
        """The state of an unchanged document (its time as now), or None when it changed."""
        stored = self.previous.sources.get(stat.rel)
        if stored is None or stored.status != "document" or stored.size != stat.size:
            return None
        if stored.mtime_ns != stat.mtime_ns:
            try:
                if file_sha256(self.corpus / stat.rel) != stored.sha256:
                    return None
            except OSError:
                return None
        return SourceRecord(stat.rel, stat.size, stat.mtime_ns, stored.sha256, "document")

    def _carry_failure(self, stat: FileStat, read: CorpusRead) -> bool:
        """An unchanged file that failed last time fails again without being read."""
        source = self.previous.sources.get(stat.rel)
        if source is None or source.status != "failed":
            return False
        if (source.size, source.mtime_ns) != (stat.size, stat.mtime_ns):
            return False
        read.fail(stat, source.reason or "unreadable")
        return True

    def _read_files(self, stats: list[FileStat]) -> dict[str, ReadOutcome]:
        """Read the files in worker processes, each within the limits, with a progress bar."""
        if not stats:
            return {}
        jobs = [(stat.rel, self.corpus / stat.rel) for stat in stats]
        outcomes: dict[str, ReadOutcome] = {}
        with (
            ReadingPool(self.limits, self.worker_limits) as pool,
            self.progress.bar("Reading", unit="file") as bar,
        ):
            bar.start(len(jobs))
            for rel, outcome in pool.read(jobs):
                outcomes[rel] = outcome
                bar.reached(len(outcomes))
        return outcomes

    def _parsed(self, stat: FileStat, outcome: ReadOutcome, read: CorpusRead) -> None:
        read.changed_paths.add(stat.rel)
        if outcome.document is None or outcome.sha256 is None:
            read.fail(stat, outcome.reason or "unreadable")
            return
        read.documents[stat.rel] = DocumentContent(
            stat.size, stat.mtime_ns, outcome.sha256, outcome.document, None
        )

    def _read_toml(self, stat: FileStat, read: CorpusRead) -> None:
        source = self.previous.sources.get(stat.rel)
        if source is None or (source.size, source.mtime_ns) != (stat.size, stat.mtime_ns):
            read.changed_paths.add(stat.rel)
        try:
            read.tomls[stat.rel] = read_meeting_toml(self.corpus / stat.rel)
        except UnreadableDocument as error:
            read.failed.append((stat.rel, f"{error.reason}; {TOML_IGNORED}"))
        read.sources.append(SourceRecord(stat.rel, stat.size, stat.mtime_ns, None, "meeting.toml"))
