"""Store the compound-splitting vocabulary of a snapshot, so queries split like passages."""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from pathlib import Path

from indexer.lexical import Vocabulary

VOCABULARY_FILE = "vocabulary.json.gz"


def write_vocabulary(snapshot: Path, texts: Sequence[str]) -> Vocabulary:
    """Count the vocabulary of the passages ``texts``, save it in ``snapshot`` and return it."""
    vocabulary = Vocabulary.from_texts(texts)
    with gzip.open(snapshot / VOCABULARY_FILE, "wt", encoding="utf-8") as handle:
        counts = {"words": dict(vocabulary.words), "stems": dict(vocabulary.stems)}
        json.dump(counts, handle, ensure_ascii=False, separators=(",", ":"))
    return vocabulary


def read_vocabulary(snapshot: Path) -> Vocabulary | None:
    """The vocabulary saved in ``snapshot``, or None for a snapshot built without one."""
    path = snapshot / VOCABULARY_FILE
    if not path.is_file():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        counts = json.load(handle)
    return Vocabulary(counts["words"], counts["stems"])
