"""vocabulary.json.gz: how many live passages of the snapshot hold each word and stem (every
count, so the next build can add and take away passages); queries split compounds with the
common ones."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

from indexer.lexical import Vocabulary, WordCounts
from indexer.store.failures import writing
from indexer.store.layout import VOCABULARY


def write_vocabulary(snapshot: Path, counts: WordCounts) -> None:
    """Save the word and stem counts of the snapshot's passages."""
    path = snapshot / VOCABULARY
    with writing(path), gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
        data = {"words": dict(counts.words), "stems": dict(counts.stems)}
        json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))


def read_word_counts(snapshot: Path) -> WordCounts:
    """Every word and stem count saved in ``snapshot``."""
    with gzip.open(snapshot / VOCABULARY, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    return WordCounts(Counter(data["words"]), Counter(data["stems"]))


def read_vocabulary(snapshot: Path) -> Vocabulary:
    """The vocabulary that queries of ``snapshot`` split compounds with."""
    return read_word_counts(snapshot).vocabulary()
