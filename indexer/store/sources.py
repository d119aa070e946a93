"""sources.json: the corpus files of a snapshot that are not documents of its segments (files
that failed, with the reason, and meeting.toml files), as the next build compares them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

from indexer.records import SourceRecord
from indexer.store.failures import writing
from indexer.store.layout import SOURCES


def write_sources(snapshot: Path, sources: Iterable[SourceRecord]) -> None:
    """Save the sources that are not documents (a document's state is in its segment)."""
    kept = [asdict(s) for s in sorted(sources, key=lambda s: s.path) if s.status != "document"]
    path = snapshot / SOURCES
    with writing(path):
        path.write_text(json.dumps(kept, ensure_ascii=False, indent=0), encoding="utf-8")


def read_sources(snapshot: Path) -> dict[str, SourceRecord]:
    """The sources saved in ``snapshot`` by path."""
    data = json.loads((snapshot / SOURCES).read_text(encoding="utf-8"))
    return {item["path"]: SourceRecord(**item) for item in data}
