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
    path = snapshot / SOURCES
    with writing(path):
        path.write_text(sources_json(sources), encoding="utf-8")


def sources_json(sources: Iterable[SourceRecord]) -> str:
    """The sources that are not documents, as sources.json holds them."""
    kept = [asdict(s) for s in sorted(sources, key=lambda s: s.path) if s.status != "document"]
    return json.dumps(kept, ensure_ascii=False, indent=0)


def read_sources(snapshot: Path) -> dict[str, SourceRecord]:
    """The sources saved in ``snapshot`` by path."""
    return parse_sources((snapshot / SOURCES).read_text(encoding="utf-8"))


def parse_sources(text: str) -> dict[str, SourceRecord]:
    """The sources of ``sources_json`` by path."""
    return {item["path"]: SourceRecord(**item) for item in json.loads(text)}
