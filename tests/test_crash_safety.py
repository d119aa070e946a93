"""Killing a build, two builds at once, and searching while a new snapshot is published."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading

import filelock
import pytest

from indexer.embedders.fake import STALL_VARIABLE
from indexer.store import IndexDir
from search.service import MinutesService
from search.settings import Settings
from tests.conftest import index_command, write
from tests.faults import one_line_error, run

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


def _stalling_build(corpus, index) -> subprocess.Popen:
    """`minutes index` in another process, with a fake embedder that stalls after one batch.

    No timing is involved: once the line saying so is on stderr (``_wait_until_stalled``), the
    build holds the lock, has stored one batch of vectors in the cache, and waits to be killed.
    """
    return subprocess.Popen(
        index_command(corpus, index),
        env={**os.environ, STALL_VARIABLE: "1"},
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_stalled(process: subprocess.Popen) -> None:
    watchdog = threading.Timer(300, process.kill)  # a build that neither stalls nor ends
    watchdog.start()
    lines = []
    try:
        for line in process.stderr:
            if line.startswith("fake embedder: stalled"):
                return
            lines.append(line)
    finally:
        watchdog.cancel()
    pytest.fail(f"the build ended (status {process.wait()}) without stalling:\n{''.join(lines)}")


def _stop(process: subprocess.Popen) -> None:
    process.kill()
    process.wait(10)
    process.stderr.close()


def test_sigkill_mid_build_keeps_the_previous_snapshot(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    _many_minutes(small_corpus, 25, seed=1)  # more than one batch of 64: killed between them
    before = _cached_vectors(index)
    process = _stalling_build(small_corpus, index)
    try:
        _wait_until_stalled(process)
        assert _cached_vectors(index) > before
        assert process.poll() is None, "the build finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(10) == -signal.SIGKILL
    finally:
        _stop(process)
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
    process = _stalling_build(small_corpus, index)
    try:
        _wait_until_stalled(process)
        with pytest.raises(filelock.Timeout):  # the first build holds the lock
            IndexDir(index).lock().acquire(timeout=0)
        second = subprocess.run(
            index_command(small_corpus, index), capture_output=True, text=True, timeout=60
        )
        assert process.poll() is None, "the first build finished too soon to test the lock"
        assert second.returncode == 1
        assert "another `minutes index` is running" in second.stderr
    finally:
        _stop(process)
    assert IndexDir(index).current_name() == first.snapshot


def test_searches_keep_working_while_new_snapshots_are_published(
    small_corpus, tmp_path, build_index
):
    index = tmp_path / "index"
    build_index(small_corpus, index)
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
            build_index(small_corpus, index)
    finally:
        done.set()
        reader.join(30)
    assert not errors, errors[0]
    assert searches > 0
    assert len(list(IndexDir(index).snapshots.iterdir())) == 2


# `minutes index` in another process that kills itself (SIGKILL) when it would call a function
# of the store ("module:function") for the time given (0: the first)
_KILLED_BUILD = """
import importlib, os, signal, sys
module, name = sys.argv[1].split(":")
calls = int(sys.argv[2])
module = importlib.import_module(module)
real = getattr(module, name)
def dying(*args, **kwargs):
    global calls
    if calls == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    calls -= 1
    return real(*args, **kwargs)
setattr(module, name, dying)
from search.cli import cli
cli(sys.argv[3:])
"""
KILL_POINTS = {
    "while linking the kept segments": ("indexer.store.publishing:link_segment", 1),
    "while writing the new segment": ("indexer.store.segments:write_sentence_vectors", 0),
    "before the manifest is written": ("indexer.store.publishing:write_manifest", 0),
    "before CURRENT switches": ("indexer.store.layout:fsync_tree", 0),
}


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_sigkill_during_an_incremental_publish_keeps_the_previous_snapshot(
    small_corpus, tmp_path, build_index, point
):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    _many_minutes(small_corpus, 2, seed=3)
    second = build_index(small_corpus, index)  # two segments now
    path = small_corpus / "ledningsgruppen" / "2020-03-12.md"
    write(path, path.read_text() + "\n## Kaffe\nKaffebryggaren byts mot en espressomaskin.\n")
    name, calls = KILL_POINTS[point]
    command = [
        sys.executable,
        "-c",
        _KILLED_BUILD,
        name,
        str(calls),
        *index_command(small_corpus, index)[3:],
    ]
    killed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert IndexDir(index).current_name() == second.snapshot
    leftovers = set(p.name for p in IndexDir(index).snapshots.iterdir()) - {
        first.snapshot,
        second.snapshot,
    }
    assert len(leftovers) == 1  # the half-written snapshot, not published
    service = MinutesService(Settings(index=index))
    assert not service.search("espressomaskin", top_k=3, mode="lexical").hits
    hits = service.search("distansarbete två dagar per vecka", top_k=3).hits
    assert hits and "distansarbete" in hits[0].passage.text.lower()
    resumed = build_index(small_corpus, index)
    assert resumed.published and resumed.meetings.changed == 1
    snapshots = {p.name for p in IndexDir(index).snapshots.iterdir()}
    assert snapshots == {second.snapshot, resumed.snapshot}
    hits = service.search("espressomaskin", top_k=3, mode="lexical").hits
    assert hits and hits[0].passage.document.path == "ledningsgruppen/2020-03-12.md"
    assert (
        run(
            [sys.executable, "-m", "search.cli", "index", "--verify", "--index", str(index)]
        ).returncode
        == 0
    )


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to name an fd")
def test_every_file_and_folder_of_a_snapshot_is_on_disk_before_current_switches(
    small_corpus, tmp_path, build_index, monkeypatch
):
    """What a power cut needs: each file of the snapshot, its folders and the folder holding
    its name are fsynced before CURRENT is replaced, and the index folder after."""
    index = (tmp_path / "index").resolve()
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(source, target) -> None:
        events.append(("replace", str(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    build_index(small_corpus, index)
    monkeypatch.undo()
    switch = events.index(("replace", str(IndexDir(index).current_file)))
    before = {path for kind, path in events[:switch] if kind == "fsync"}
    snapshot = IndexDir(index).current()
    files = [p for p in snapshot.rglob("*") if p.is_file()]
    assert {"meta.sqlite", "vectors.faiss", "manifest.json"} <= {p.name for p in files}
    assert any(p.parent.name == "postings" for p in files)
    folders = [snapshot, *(p for p in snapshot.rglob("*") if p.is_dir()), snapshot.parent]
    assert {str(p) for p in files + folders} <= before
    assert ("fsync", str(index)) in events[switch:]


@pytest.mark.parametrize(
    ("problem", "damage", "options"),
    [
        ("is not text", lambda current: current.write_bytes(os.urandom(64) + b"\xff"), ()),
        ("is a directory", lambda current: (current / "x").mkdir(parents=True), ("--full",)),
    ],
)
def test_a_damaged_current_is_repaired_by_minutes_index(
    small_corpus, tmp_path, build_index, problem, damage, options
):
    index = tmp_path / "index"
    first = build_index(small_corpus, index).snapshot
    current = IndexDir(index).current_file
    current.unlink()
    damage(current)
    search = [sys.executable, "-m", "search.cli", "search", "distansarbete", "--index", str(index)]
    error = one_line_error(run(search))
    assert error == (
        f"Error: the index in {index} is damaged: CURRENT {problem}; "
        "run `minutes index` to repair it"
    )
    repaired = run(index_command(small_corpus, index, "--json", *options))
    assert repaired.returncode == 0, repaired.stderr
    summary = json.loads(repaired.stdout)
    assert summary["repaired"] == f"CURRENT {problem}: now names snapshot {first}"
    if not options:  # nothing changed: the snapshot that was published answers again
        assert not summary["published"] and summary["snapshot"] == first
    found = run(search)
    assert found.returncode == 0 and "distansarbete" in found.stdout.lower(), found.stderr
    write(small_corpus / "nytt" / "2022-01-01.md", "# Möte\n\nKaffemaskinen byts ut.\n")
    later = run(index_command(small_corpus, index, "--json"))
    assert later.returncode == 0, later.stderr
    assert json.loads(later.stdout)["published"] and json.loads(later.stdout)["repaired"] is None
