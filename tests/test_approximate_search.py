"""Search of an index above the exact-search limit (lowered here): filters still fill top_k,
in the index folder (FAISS) and in PostgreSQL (pgvector).

The corpus is 800 meetings of three passages in four series holding 50 %, 5 %, 0.5 % and the
rest of the 2,400 passages, indexed with the fake embedder into an HNSW graph.
"""

from pathlib import Path

import numpy as np
import pytest

from indexer.build import IndexBuild
from indexer.store.pg import segment_parts
from search import rankers
from search.access import Access, AccessRules, Rule
from search.results import Filters
from search.retriever import Retriever
from search.snapshot import IndexReader
from tests.conftest import write

MEETINGS = {"stor": 400, "mellan": 40, "liten": 4, "ovrigt": 356}  # series → meetings
PASSAGES_PER_MEETING = 3  # the per-document cap: 0.5 % still fills top_k
SHARES = {"stor": 0.5, "mellan": 0.05, "liten": 0.005}
EXACT_LIMIT = 2000  # below the corpus' 2,400 passages: the vectors go into an HNSW graph
TOP_K = 10


def _words(rng: np.random.Generator) -> list[str]:
    syllables = ["ba", "ke", "lo", "mi", "nu", "sa", "te", "vi", "ro", "da", "fö", "gå", "hä"]
    return sorted({"".join(rng.choice(syllables, 3)) for _ in range(800)})


def _meeting(rng: np.random.Generator, words: list[str], title: str) -> str:
    items = (
        f"## Punkt {n}\n{' '.join(rng.choice(words, 70))}.\n" for n in range(PASSAGES_PER_MEETING)
    )
    return f"# {title}\n\n" + "\n".join(items)


def _write_corpus(corpus: Path, rng: np.random.Generator, words: list[str]) -> None:
    for series, count in MEETINGS.items():
        for n in range(count):
            day = f"20{10 + n % 12}-{1 + n % 12:02d}-{1 + n % 28:02d}"
            write(corpus / series / f"{day}-{n}.md", _meeting(rng, words, f"Möte {n}"))


@pytest.fixture(scope="module")
def queries() -> list[str]:
    rng = np.random.default_rng(7)
    words = _words(np.random.default_rng(16))
    return [" ".join(rng.choice(words, 3)) for _ in range(15)]


@pytest.fixture(scope="module")
def retriever(tmp_path_factory, fake_embedder, store) -> Retriever:
    root = tmp_path_factory.mktemp("approximate")
    _write_corpus(root / "corpus", np.random.default_rng(16), _words(np.random.default_rng(16)))
    build = IndexBuild(
        root / "corpus",
        root / "index",
        model=fake_embedder.model_id,
        embedder=fake_embedder,
        exact_search_limit=EXACT_LIMIT,
        store=store,
    )
    assert build.run().chunks == sum(MEETINGS.values()) * PASSAGES_PER_MEETING
    return Retriever(IndexReader(root / "index", store=store))


def _always_walk(monkeypatch) -> None:
    """Walk the graph whatever a filter leaves, as a larger index would, in either store."""
    monkeypatch.setattr(rankers, "EXACT_FILTER_FACTOR", 0)
    monkeypatch.setattr(segment_parts, "EXACT_FILTER_FACTOR", 0)


def test_the_index_is_approximate(retriever):
    snapshot = retriever.reader.snapshot()
    assert [segment.vector_index for segment in snapshot.manifest.segments] == ["hnsw"]


@pytest.mark.parametrize("series", SHARES, ids=[f"{share:.1%}" for share in SHARES.values()])
@pytest.mark.parametrize("mode", ["hybrid", "dense"])
@pytest.mark.parametrize("walk", [False, True], ids=["as-tuned", "always-walk"])
def test_a_filtered_search_returns_top_k_passages_all_allowed(
    retriever, queries, monkeypatch, series, mode, walk
):
    if walk:
        _always_walk(monkeypatch)
    for query in queries:
        hits = retriever.search(query, top_k=TOP_K, filters=Filters(series=series), mode=mode)
        assert len(hits) == TOP_K
        assert {hit.passage.meeting.series for hit in hits} == {series}


@pytest.mark.parametrize("walk", [False, True], ids=["as-tuned", "always-walk"])
def test_an_unfiltered_search_returns_top_k_passages(retriever, queries, monkeypatch, walk):
    if walk:
        _always_walk(monkeypatch)
    for query in queries:
        assert len(retriever.search(query, top_k=TOP_K, mode="dense")) == TOP_K


@pytest.mark.parametrize("walk", [False, True], ids=["as-tuned", "always-walk"])
def test_a_user_who_may_read_one_small_series_gets_top_k_passages_of_it(
    retriever, queries, monkeypatch, walk
):
    """Permissions are a mask like the filters: 0.5 % of the passages readable still fill
    top_k."""
    if walk:
        _always_walk(monkeypatch)
    rules = AccessRules((Rule("*", ("styrelsen",)), Rule("liten/", ("medlemmar",))))
    readable = Filters(access=Access(rules, ("medlemmar",)))
    for query in queries:
        hits = retriever.search(query, top_k=TOP_K, filters=readable)
        assert len(hits) == TOP_K
        assert {hit.passage.meeting.series for hit in hits} == {"liten"}
