"""Killing a build, two builds at once, and searching while a new snapshot is published."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import threading
import time

import filelock
import pytest

from indexer.build import IndexBuild
from indexer.store import IndexDir
from search.service import MinutesService
from search.settings import Settings
from tests.conftest import index_command, write

WORDS = [
    "styrelsen",
    "beslutade",
    "budget",
    "medlemmar",
    "avgift",
    "lokal",
    "hyra",
    "fest",
    "kassör",
    "ordförande",
    "sekreterare",
    "valberedning",
    "stadgar",
    "revision",
    "verksamhetsplan",
    "aktivitet",
    "kommitté",
    "samarbete",
    "sponsor",
    "utbildning",
    "kurs",
    "workshop",
    "hackathon",
    "spelkväll",
    "inköp",
    "dator",
    "server",
    "nätverk",
    "projekt",
]


def _many_minutes(corpus, count: int, seed: int) -> None:
    """``count`` distinct minutes of four passages each (an item is too long to share one)."""
    rng = random.Random(seed)
    for n in range(count):
        items = []
        for item in range(1, 5):
            words = " ".join(rng.choice(WORDS) for _ in range(150))
            items.append(f"{item}. Punkt {item}\n{words.capitalize()}.\n")
        day = 1 + n % 28
        write(corpus / "extra" / f"2022-03-{day:02d}-{seed}-{n}.txt", "\n".join(items))


def _cached_vectors(index) -> int:
    path = IndexDir(index).cache_file
    if not path.exists():
        return 0
    try:
        return (
            sqlite3.connect(path, timeout=1).execute("SELECT count(*) FROM vectors").fetchone()[0]
        )
    except sqlite3.OperationalError:
        return 0


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the build to get going")
        time.sleep(0.05)


def test_sigkill_mid_build_keeps_the_previous_snapshot(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    _many_minutes(small_corpus, 25, seed=1)  # more than one batch of 64: killed between them
    before = _cached_vectors(index)
    process = subprocess.Popen(index_command(small_corpus, index))
    try:
        _wait_for(lambda: _cached_vectors(index) > before or process.poll() is not None)
        assert process.poll() is None, "the build finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        process.kill()
    assert IndexDir(index).current_name() == first.snapshot
    service = MinutesService(Settings(index=index))
    hits = service.search("distansarbete två dagar per vecka", top_k=3).hits
    assert hits and "distansarbete" in hits[0].passage.text.lower()
    resumed = build_index(small_corpus, index)
    assert resumed.published
    assert resumed.chunks_cached > first.chunks  # what the killed run embedded was kept
    snapshots = {p.name for p in IndexDir(index).snapshots.iterdir()}
    assert snapshots == {first.snapshot, resumed.snapshot}


def test_a_second_build_while_one_runs_exits_with_a_clear_message(
    small_corpus, tmp_path, build_index
):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    _many_minutes(small_corpus, 30, seed=2)
    process = subprocess.Popen(index_command(small_corpus, index))
    try:
        lock = IndexDir(index).lock()

        def held() -> bool:
            try:
                lock.acquire(timeout=0)
            except filelock.Timeout:
                return True
            lock.release()
            return process.poll() is not None

        _wait_for(held)
        second = subprocess.run(
            index_command(small_corpus, index), capture_output=True, text=True, timeout=60
        )
        assert process.poll() is None, "the first build finished too soon to test the lock"
        assert second.returncode == 1
        assert "another `minutes index` is running" in second.stderr
    finally:
        process.kill()
        process.wait(10)
    assert IndexDir(index).current_name() == first.snapshot


def test_searches_keep_working_while_new_snapshots_are_published(small_corpus, tmp_path, embedder):
    index = tmp_path / "index"
    IndexBuild(small_corpus, index, model=embedder.model_id, embedder=embedder).run()
    service = MinutesService(Settings(index=index))
    errors: list[BaseException] = []
    searches = 0
    done = threading.Event()

    def search_loop() -> None:
        nonlocal searches
        while not done.is_set():
            try:
                snapshot_before = service.snapshot().name
                hits = service.search("distansarbete", top_k=5).hits
                assert hits
                for hit in hits:
                    view = service.document(hit.passage.document.id)
                    same_snapshot = service.snapshot().name == snapshot_before
                    if view is not None and same_snapshot:
                        assert view.text[hit.passage.start : hit.passage.end] == hit.passage.text
                searches += 1
            except BaseException as error:  # noqa: BLE001 - collected and re-raised below
                errors.append(error)
                return

    reader = threading.Thread(target=search_loop)
    reader.start()
    try:
        for round_ in range(3):
            write(
                small_corpus / "nytt" / f"2022-0{round_ + 1}-01.md",
                f"# Möte {round_}\n\nVi pratade om distansarbete igen, omgång {round_}.\n",
            )
            IndexBuild(small_corpus, index, model=embedder.model_id, embedder=embedder).run()
    finally:
        done.set()
        reader.join(30)
    assert not errors, errors[0]
    assert searches > 0
    assert len(list(IndexDir(index).snapshots.iterdir())) == 2
