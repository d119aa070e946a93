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
    with writing(path):
        path.write_bytes(word_counts_bytes(counts))


def word_counts_bytes(counts: WordCounts) -> bytes:
    """The word and stem counts as vocabulary.json.gz holds them."""
    data = {"words": dict(counts.words), "stems": dict(counts.stems)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=1)


def read_word_counts(snapshot: Path) -> WordCounts:
    """Every word and stem count saved in ``snapshot``."""
    return parse_word_counts((snapshot / VOCABULARY).read_bytes())


def parse_word_counts(stored: bytes) -> WordCounts:
    """The word and stem counts of ``word_counts_bytes``."""
    data = json.loads(gzip.decompress(stored).decode("utf-8"))
    return WordCounts(Counter(data["words"]), Counter(data["stems"]))


def read_vocabulary(snapshot: Path) -> Vocabulary:
    """The vocabulary that queries of ``snapshot`` split compounds with."""
    return read_word_counts(snapshot).vocabulary()
