"""The small corpus of conftest.py indexed once per test module, its passages as hits."""

from __future__ import annotations

from pathlib import Path

from indexer.build import IndexBuild
from indexer.embedders import Embedder, load_embedder
from search.results import Hit
from search.snapshot import IndexReader, Snapshot
from tests.conftest import FAKE_MODEL, MINUTES_2020, MINUTES_2021, write


def small_corpus_snapshot(
    root: Path, embedder: Embedder | None = None, store: str | None = None
) -> Snapshot:
    """Index the small corpus (two meetings, one attachment) under ``root`` with ``embedder``
    (the fake one by default), into ``store`` (by default the index folder); its snapshot."""
    meeting = root / "corpus" / "styrelsen" / "2021-05-19 Styrelsemöte"
    write(meeting / "protokoll.txt", MINUTES_2021)
    write(meeting / "meeting.toml", 'title = "Styrelsemöte i maj"\nseries = "Styrelsen"\n')
    write(
        meeting / "bilagor" / "bilaga-1-enkat.txt",
        "Enkät om distansarbete\n\n80 procent av medlemmarna vill arbeta på distans.\n",
    )
    write(root / "corpus" / "ledningsgruppen" / "2020-03-12.md", MINUTES_2020)
    index = root / "index"
    embedder = embedder or load_embedder(FAKE_MODEL)
    IndexBuild(
        root / "corpus", index, model=embedder.model_id, embedder=embedder, store=store
    ).run()
    return IndexReader(index, embedder=embedder, store=store).snapshot()


def all_hits(snapshot: Snapshot) -> list[Hit]:
    """Every passage of ``snapshot`` as a hit, in index order."""
    passages = snapshot.meta.passages(range(len(snapshot)))
    return [Hit(rank, 1 / rank, passages[row]) for rank, row in enumerate(sorted(passages), 1)]


def small_corpus_hits(root: Path) -> list[Hit]:
    """The small corpus indexed under ``root`` with the fake embedder; every passage as a hit,
    in index order."""
    return all_hits(small_corpus_snapshot(root))
