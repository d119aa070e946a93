"""Recall@10 of the HNSW graph against exact search, on the development corpora's real vectors.

Usage: python benchmarks/bench_ann.py --index DIR --questions Q.jsonl [Q.jsonl ...]
       [--rows N] [--seed N] [--ef-construction N]

The passage vectors are those of DIR's published snapshot (`make dev-index` builds it) or,
while it has none, those of the default model in its embedding cache. They are replicated to
``--rows`` (default: a quarter above ``EXACT_SEARCH_LIMIT``, so the vectors get a graph): the
real vectors once, then copies of them with Gaussian noise, renormalised. The noise is scaled
so that a copy is as similar to its original as the median real passage is to its nearest
other passage: the copies spread like more passages on the same topics instead of piling up
as duplicates. The vectors are written and read as a snapshot's are (``write_vectors``,
``read_vectors``), so the graph has the parameters of ``indexer/store/vectors.py``
(``--ef-construction`` tries another).

The queries are the development questions, embedded with the index's model. Reported:

- the time to build the graph;
- unfiltered: recall@10 of a walk of the graph against exact search, by breadth (efSearch),
  and its median latency;
- filtered, with random masks allowing 50 %, 5 % and 0.5 % of the rows: the dense ranker of
  retrieval (``search/rankers.py``) asked for 100 rows as retrieval asks: the share of those
  it returned, recall@10 against exact search over the allowed rows, and latency; as tuned,
  with the graph always walked, with the allowed rows always searched exactly, and as a bare
  walk at faiss's default breadth, which is what search did before issue 16.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import faiss
import numpy as np

from indexer.embedders import DEFAULT_MODEL, load_embedder
from indexer.store import IndexDir, read_manifest
from indexer.store import vectors as store_vectors
from indexer.store.embedding_cache import read_cached_vectors
from indexer.store.segments import segment_folder
from indexer.store.vectors import (
    EXACT_SEARCH_LIMIT,
    HNSW_EF_SEARCH,
    HNSW_M,
    PassageVectors,
    read_vectors,
    write_vectors,
)
from search import rankers
from search.rankers import Ranking, dense_ranker
from search.segment_vectors import SegmentedVectors

K = 10
POOL = 100  # rows retrieval asks a ranker for
BREADTHS = (16, 64, 128, 256, 512)
SHARES = (0.5, 0.05, 0.005)
FAISS_DEFAULT_BREADTH = 16

Rank = Callable[[PassageVectors, np.ndarray, np.ndarray], Ranking]
T = TypeVar("T")


def real_vectors(index: Path) -> tuple[str, str, np.ndarray]:
    """(model, where from, vectors) of the index's snapshot, else of its embedding cache."""
    directory = IndexDir(index)
    name = directory.current_name()
    if name is None:
        vectors = read_cached_vectors(directory.cache_file, DEFAULT_MODEL)
        return DEFAULT_MODEL, f"embedding cache of {index}", vectors
    manifest = read_manifest(directory.current())
    stored = [
        read_vectors(segment_folder(directory.current(), segment.name))
        for segment in manifest.segments
    ]
    vectors = np.concatenate([part.exact.reconstruct_n(0, len(part)) for part in stored])
    return manifest.model, f"snapshot {name} (dead rows too)", vectors


def nearest_similarity(vectors: np.ndarray) -> float:
    """The median similarity of a vector to its nearest other one."""
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    similarities, _ = flat.search(vectors, 2)
    return float(np.median(similarities[:, 1]))


def noise_shape(vectors: np.ndarray, similarity: float) -> np.ndarray:
    """A matrix that turns standard normal noise into noise with the covariance of
    ``vectors``, scaled so that a unit vector plus it is ``similarity`` from the vector."""
    variances, axes = np.linalg.eigh(np.cov(vectors, rowvar=False))
    variances = np.clip(variances, 0, None)
    scale = math.sqrt((1 / similarity**2 - 1) / variances.sum())  # E|noise|² = 1/s² − 1
    return (np.sqrt(variances)[:, None] * axes.T * scale).astype(np.float32)


def replicate(vectors: np.ndarray, rows: int, similarity: float, seed: int) -> np.ndarray:
    """``rows`` vectors: ``vectors``, then copies of them with noise shaped like their spread,
    each ``similarity`` from its original."""
    rng = np.random.default_rng(seed)
    count, dim = vectors.shape
    shape = noise_shape(vectors, similarity)
    out = np.empty((rows, dim), dtype=np.float32)
    out[:count] = vectors
    for start in range(count, rows, count):
        end = min(rows, start + count)
        noise = rng.standard_normal((end - start, dim), dtype=np.float32) @ shape
        copies = vectors[: end - start] + noise
        out[start:end] = copies / np.linalg.norm(copies, axis=1, keepdims=True)
    return out


def questions(paths: list[Path]) -> list[str]:
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    return [json.loads(line)["question"] for line in lines if line.strip()]


def recall(found: np.ndarray, truth: np.ndarray) -> float:
    return len(set(found[:K].tolist()) & set(truth[:K].tolist())) / max(1, min(K, len(truth)))


def timed(function: Callable[..., T], *args) -> tuple[T, float]:
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[round(0.95 * (len(ordered) - 1))]
    return f"p50 {statistics.median(ordered) * 1000:7.2f} ms  p95 {p95 * 1000:7.2f} ms"


def walk(graph: faiss.Index, query: np.ndarray, breadth: int) -> np.ndarray:
    """The top K rows of a walk of the graph ``breadth`` candidates wide."""
    params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]
    params.efSearch = breadth
    return graph.search(query[None], K, params=params)[1][0]


def unfiltered(vectors: PassageVectors, queries: np.ndarray) -> None:
    _, truth = vectors.exact.search(queries, K)
    for breadth in BREADTHS:
        runs = [timed(walk, vectors.graph, query, breadth) for query in queries]
        recalls = [recall(found, t) for (found, _), t in zip(runs, truth, strict=True)]
        mark = "  (as read)" if breadth == HNSW_EF_SEARCH else ""
        print(
            f"  efSearch {breadth:4d}   recall@10 {np.mean(recalls):.3f}   "
            f"{milliseconds([s for _, s in runs])}{mark}"
        )


def exact_allowed(vectors: PassageVectors, query: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The true top K allowed rows."""
    bits = np.packbits(mask, bitorder="little")
    params = faiss.SearchParameters()
    params.sel = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))
    found = vectors.exact.search(query[None], K, params=params)[1][0]
    return found[found >= 0]


def tuned(factor: int | None) -> Rank:
    """The dense ranker, with EXACT_FILTER_FACTOR set to ``factor`` (None: as tuned)."""

    def rank(vectors: PassageVectors, query: np.ndarray, mask: np.ndarray) -> Ranking:
        saved = rankers.EXACT_FILTER_FACTOR
        rankers.EXACT_FILTER_FACTOR = saved if factor is None else factor
        try:
            return dense_ranker(SegmentedVectors.of(vectors), query)(mask, POOL)
        finally:
            rankers.EXACT_FILTER_FACTOR = saved

    return rank


def before(vectors: PassageVectors, query: np.ndarray, mask: np.ndarray) -> Ranking:
    """A bare filtered walk at faiss's default breadth, as search did before issue 16."""
    assert vectors.graph is not None
    bits = np.packbits(mask, bitorder="little")
    params = faiss.SearchParametersHNSW()  # type: ignore[attr-defined]
    params.sel = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))
    params.efSearch = FAISS_DEFAULT_BREADTH
    found = vectors.graph.search(query[None], POOL, params=params)[1][0]
    return Ranking(found[found >= 0], False)


METHODS: dict[str, Rank] = {
    "as tuned": tuned(None),
    "graph walk": tuned(0),
    "exact": tuned(sys.maxsize),
    "before #16": before,
}


def filtered(vectors: PassageVectors, queries: np.ndarray, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for share in SHARES:
        masks = [rng.random(len(vectors)) < share for _ in queries]
        truths = [exact_allowed(vectors, q, m) for q, m in zip(queries, masks, strict=True)]
        allowed = f"{share:6.1%} ({int(np.mean([m.sum() for m in masks])):7,d} rows)"
        for label, rank in METHODS.items():
            returned, recalls, seconds = [], [], []
            for query, mask, truth in zip(queries, masks, truths, strict=True):
                ranking, elapsed = timed(rank, vectors, query, mask)
                assert mask[ranking.rows].all()
                returned.append(len(ranking.rows) / min(POOL, int(mask.sum())))
                recalls.append(recall(ranking.rows, truth))
                seconds.append(elapsed)
            print(
                f"  {allowed}  {label:11s} returned {np.mean(returned):6.1%} "
                f"(min {min(returned):6.1%})  recall@10 {np.mean(recalls):.3f}  "
                f"{milliseconds(seconds)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--rows", type=int, default=EXACT_SEARCH_LIMIT * 5 // 4)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=store_vectors.HNSW_EF_CONSTRUCTION)
    args = parser.parse_args()
    store_vectors.HNSW_EF_CONSTRUCTION = args.ef_construction
    model, source, real = real_vectors(args.index)
    if not len(real):
        raise SystemExit(f"no vectors in {args.index}: run `make dev-index` first")
    similarity = nearest_similarity(real)
    replicated = replicate(real, max(args.rows, len(real)), similarity, args.seed)
    print(f"vectors      {len(real):,} real ({model}, {source})")
    print(
        f"             replicated to {len(replicated):,}; copies {similarity:.3f} similar to "
        "their original (the median real nearest-neighbour similarity)"
    )
    with tempfile.TemporaryDirectory() as folder:
        (kind, build) = timed(lambda: write_vectors(Path(folder), replicated))
        if kind != "hnsw":
            raise SystemExit(f"{len(replicated):,} rows are searched exactly: raise --rows")
        vectors = read_vectors(Path(folder))
    print(
        f"graph        HNSW M={HNSW_M} efConstruction={args.ef_construction}: built in "
        f"{build:.1f} s ({faiss.omp_get_max_threads()} threads); efSearch {HNSW_EF_SEARCH} as read"
    )
    embedder = load_embedder(model)
    texts = questions(args.questions)
    queries = np.array([embedder.embed_query(text) for text in texts], dtype=np.float32)
    print(f"queries      {len(queries)} development questions, one at a time")
    print(f"unfiltered   recall@{K} of the graph against exact search")
    unfiltered(vectors, queries)
    print(f"filtered     the dense ranker asked for {POOL} rows; recall@{K} against exact")
    filtered(vectors, queries, args.seed)


if __name__ == "__main__":
    main()
