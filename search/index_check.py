"""`minutes index --verify`: the published snapshot's files against their checksums, each file
loaded as a query loads it, and the embedding cache; nothing is changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.store import IndexDir, Manifest
from indexer.store.load_checks import load_problems
from indexer.store.verify import cache_problems, check_snapshot


@dataclass
class IndexCheck:
    """What verifying an index found."""

    snapshot: str
    files: int
    bytes: int
    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One line for an index found sound."""
        counts = self.counts
        held = (
            f"{counts['chunks']} passages, {counts['decisions']} decisions, "
            f"{counts['sentences']} sentences"
        )
        return (
            f"snapshot {self.snapshot}: {self.files} files ({self.bytes / 1_000_000:.1f} MB) "
            f"match their checksums and load ({held}); the embedding cache is sound"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot,
            "files": self.files,
            "bytes": self.bytes,
            "counts": self.counts,
            "problems": self.problems,
        }


def verify_index(index: IndexDir, snapshot: Path, manifest: Manifest) -> IndexCheck:
    """Check the published ``snapshot`` (with its ``manifest``) and the cache of ``index``."""
    checked = check_snapshot(snapshot)
    problems = checked.problems or load_problems(snapshot, manifest)
    if not checked.files:
        problems.append("the manifest records no checksums (an older snapshot)")
    problems += cache_problems(index.cache_file)
    counts = vars(manifest.counts).copy()
    return IndexCheck(snapshot.name, checked.files, checked.bytes, counts, problems)
