"""Real write failures during `minutes index`: a file-size limit reached while embedding or
while writing the snapshot, a full disk (a small tmpfs), too little free space for the new
snapshot, a read-only or unwritable index folder.

Each ends in one line and exit status 1, leaves no partial snapshot, keeps the published one
answering, and the next build succeeds once the fault is gone.
"""

from __future__ import annotations

import random
import sys

import pytest

from indexer.build import IndexBuild
from indexer.embedders import load_embedder
from indexer.store import IndexDir, read_manifest
from indexer.store.segments import segment_folder
from indexer.store.sentence_vectors import sentence_vectors_bytes
from indexer.store.space import estimate_snapshot_bytes
from indexer.store.vectors import vector_index_bytes
from search.service import MinutesService
from search.settings import Settings
from search.snapshot import IndexReader
from tests.conftest import index_command, write
from tests.faults import (
    fill,
    one_line_error,
    read_only_mount,
    run,
    small_disk,
    snapshot_names,
    without_root_file_access,
)
from tests.snapshot_sql import query
from tests.webapp_corpus import make_corpus

WORDS = ["styrelsen", "beslutade", "budget", "medlemmar", "avgift", "lokal", "hyra", "kassör"]


def _more_minutes(corpus, count: int) -> None:
    """``count`` new minutes of four passages each, every one with text never embedded."""
    rng = random.Random(count)
    for n in range(count):
        items = [
            f"{item}. Punkt {item}\n" + " ".join(rng.choice(WORDS) for _ in range(150)) + ".\n"
            for item in range(1, 5)
        ]
        write(corpus / "extra" / f"2022-03-{1 + n % 28:02d}-{n}.txt", "\n".join(items))


def _still_answers(index, snapshot: str) -> None:
    """The published snapshot is ``snapshot`` and it still finds the minutes of 2021."""
    assert IndexDir(index).current_name() == snapshot
    hits = MinutesService(Settings(index=index)).search("distansarbete två dagar", top_k=3).hits
    assert hits and "distansarbete" in hits[0].passage.text.lower()


def _recovers(corpus, index, before: str) -> None:
    """The next build, without the fault, publishes a snapshot holding the new minutes."""
    result = run(index_command(corpus, index, "--json"))
    assert result.returncode == 0, result.stderr
    assert IndexDir(index).current_name() not in (None, before)
    hits = MinutesService(Settings(index=index)).search("kassör avgift hyra", top_k=3).hits
    assert hits and hits[0].passage.document.path.startswith("extra/")
    assert len(snapshot_names(index)) == 2


def test_a_file_size_limit_reached_while_embedding(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index).snapshot
    _more_minutes(small_corpus, 25)  # 100 new passages: more than the limit in the cache
    result = run(index_command(small_corpus, index), file_size=64_000)
    error = one_line_error(result)
    assert f"cannot write {IndexDir(index).cache_file}: disk I/O error" in error
    assert error.endswith("the published index is unchanged")
    assert snapshot_names(index) == {first}
    _still_answers(index, first)
    _recovers(small_corpus, index, first)


@pytest.mark.parametrize(
    ("model", "too_large"), [("fake:384", "meta.sqlite"), ("fake:4096", "vectors.faiss")]
)
def test_a_file_size_limit_reached_while_writing_the_snapshot(
    small_corpus, tmp_path, model, too_large
):
    """Every vector is cached, so the first file past the limit is one of the snapshot's: the
    text database, or (with large vectors) the vector index."""
    index = tmp_path / "index"
    _more_minutes(small_corpus, 25)
    embedder = load_embedder(model)
    first = IndexBuild(small_corpus, index, model=model, embedder=embedder).run().snapshot
    current = IndexDir(index).current()
    segment = segment_folder(current, read_manifest(current).segments[0].name)
    sizes = {p.name: p.stat().st_size for p in segment.iterdir()}
    other = "vectors.faiss" if too_large == "meta.sqlite" else "meta.sqlite"
    assert sizes[too_large] > sizes[other] + 20_000
    limit = sizes[other] + 10_000
    result = run(index_command(small_corpus, index, "--full", model=model), file_size=limit)
    error = one_line_error(result)
    assert f"{IndexDir(index).snapshots}/" in error and f"/{too_large}: " in error
    assert snapshot_names(index) == {first}  # the partial snapshot is gone
    _still_answers(index, first)
    again = run(index_command(small_corpus, index, "--full", model=model))
    assert again.returncode == 0, again.stderr
    assert IndexDir(index).current_name() != first


def test_a_read_only_index_folder_is_one_line_and_queries_keep_working(
    small_corpus, tmp_path, build_index
):
    index = tmp_path / "index"
    first = build_index(small_corpus, index).snapshot
    _more_minutes(small_corpus, 2)
    as_user = without_root_file_access()
    folders = [index, *index.rglob("*")]
    for path in folders:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        error = one_line_error(run(as_user + index_command(small_corpus, index)), status=2)
        assert f"'{index}' cannot be written to (permission denied)" in error
        assert "another `minutes index` is running" not in error
        query = [sys.executable, "-m", "search.cli", "search", "distansarbete", "--index"]
        found = run(as_user + [*query, str(index)])
        assert found.returncode == 0, found.stderr
        assert "distansarbete" in found.stdout.lower()
        assert snapshot_names(index) == {first}
    finally:
        for path in folders:
            path.chmod(0o755 if path.is_dir() else 0o644)
    _still_answers(index, first)
    _recovers(small_corpus, index, first)


def test_a_read_only_mount_is_one_line_and_queries_keep_working(
    small_corpus, tmp_path, build_index
):
    index = tmp_path / "index"
    first = build_index(small_corpus, index).snapshot
    _more_minutes(small_corpus, 2)
    read_only = read_only_mount(index)
    error = one_line_error(run(read_only + index_command(small_corpus, index)), status=2)
    assert f"'{index}' cannot be written to" in error
    query = [sys.executable, "-m", "search.cli", "ask", "Vad beslutades om distansarbete?"]
    found = run(read_only + [*query, "--index", str(index)])
    assert found.returncode == 0, found.stderr
    assert "distansarbete" in found.stdout.lower()
    assert snapshot_names(index) == {first}
    _still_answers(index, first)
    _recovers(small_corpus, index, first)


def test_an_index_folder_that_cannot_be_created_is_one_line(small_corpus, tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir(mode=0o555)
    index = parent / "index"
    command = without_root_file_access() + index_command(small_corpus, index)
    error = one_line_error(run(command), status=2)
    assert f"'{index}' cannot be created in '{parent}' (permission denied)" in error


def test_a_full_disk_while_embedding(small_corpus, tmp_path, build_index):
    with small_disk(tmp_path / "disk", "4m") as disk:
        index = disk / "index"
        first = build_index(small_corpus, index).snapshot
        _more_minutes(small_corpus, 25)
        filler = fill(disk, leave=0)
        error = one_line_error(run(index_command(small_corpus, index)))
        assert f"cannot write {IndexDir(index).cache_file}: the disk is full" in error
        assert snapshot_names(index) == {first}
        _still_answers(index, first)
        filler.unlink()
        _recovers(small_corpus, index, first)


def test_too_little_free_space_for_the_snapshot_is_found_before_writing(
    small_corpus, tmp_path, build_index
):
    _more_minutes(small_corpus, 25)
    with small_disk(tmp_path / "disk", "4m") as disk:
        index = disk / "index"
        first = build_index(small_corpus, index).snapshot
        snapshot = IndexDir(index).current()
        size = sum(p.stat().st_size for p in snapshot.rglob("*") if p.is_file())
        filler = fill(disk, leave=size // 3)
        error = one_line_error(run(index_command(small_corpus, index, "--full")))
        assert f"cannot write {index}: not enough free space (the new snapshot needs about" in error
        assert snapshot_names(index) == {first}
        _still_answers(index, first)
        filler.unlink()
        again = run(index_command(small_corpus, index, "--full"))
        assert again.returncode == 0, again.stderr
        assert snapshot_names(index) == {first, IndexDir(index).current_name()} != {first}


def test_the_size_estimate_is_near_the_real_snapshot(tmp_path, build_index):
    """Too large an estimate refuses builds that would fit: on real minutes (the sample corpus
    and a meeting of the web app tests) it is a little below the truth."""
    build_index(make_corpus(tmp_path), tmp_path / "index")
    snapshot = IndexReader(tmp_path / "index").snapshot()
    documents = [row["text"] for row in query(snapshot, "SELECT text FROM documents")]
    passages = [row["text"] for row in query(snapshot, "SELECT text FROM chunks")]
    sentences = [row["text"] for row in query(snapshot, "SELECT text FROM sentences")]
    [part] = snapshot.vectors.parts
    vectors = vector_index_bytes(len(part), part.vectors.exact.d)
    vectors += sentence_vectors_bytes(*snapshot.sentence_vectors[0].shape)
    estimate = estimate_snapshot_bytes(documents, passages, vectors, sentences)
    size = sum(p.stat().st_size for p in snapshot.path.rglob("*") if p.is_file())
    assert 0.7 * size < estimate < size
