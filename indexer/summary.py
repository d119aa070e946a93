"""What an index run did: counts of added, changed, removed and unchanged, failures, time."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    decisions: int = 0
    decisions_embedded: int = 0
    sentences: int = 0
    sentences_embedded: int = 0
    sentences_cached: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    repaired: str | None = None  # what was wrong with the index and is mended
    refused: str | None = None  # why the publish guard kept the published snapshot
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
            "decisions": self.decisions,
            "decisions_embedded": self.decisions_embedded,
            "sentences": self.sentences,
            "sentences_embedded": self.sentences_embedded,
            "sentences_cached": self.sentences_cached,
            "skipped": self.skipped,
            "failed": [{"path": path, "reason": reason} for path, reason in self.failed],
            "repaired": self.repaired,
            "refused": self.refused,
            "seconds": round(self.seconds, 3),
        }
