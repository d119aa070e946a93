"""The PostgreSQL store against a real server (``tests.postgres``): the same build, search,
answers and pages as the index folder, incremental re-indexing, and retiring old segments."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from indexer.build import IndexBuild
from indexer.store.pg.store import KEEP_SNAPSHOTS, PgStore
from search.results import Filters
from search.service import MinutesService
from search.settings import Settings
from tests.conftest import index_command, write
from tests.test_decision_log import BOARD_2023, MEMBERS_2023, MEMBERS_2024

SAMPLE_CORPUS = Path(__file__).resolve().parents[1] / "corpus"
QUESTIONS = [
    "Vad beslutades om distansarbete?",
    "Vem valdes till ordförande?",
    "Hur mycket kostar medlemsavgiften?",
    "När hölls årsmötet?",
    "covid resor",
    "Vad kostar kaffet?",
    "Fick Femme++ pengar till avslutningsmiddagen?",
]


def _build(corpus: Path, index: Path, embedder, store: str | None = None, **options):
    build = IndexBuild(
        corpus, index, model=embedder.model_id, embedder=embedder, store=store, **options
    )
    return build.run()


def _service(index: Path, embedder, store: str | None = None) -> MinutesService:
    return MinutesService(Settings(index=index, store=store), embedder=embedder)


@pytest.fixture(scope="module")
def both_stores(tmp_path_factory, fake_embedder, postgres_server):
    """The sample corpus indexed into a folder and into a database: both services."""
    root = tmp_path_factory.mktemp("stores")
    corpus = root / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    write(corpus / "styrelsen" / "2023-05-01.md", BOARD_2023)
    write(corpus / "medlemsmoten" / "2023-09-10.md", MEMBERS_2023)
    write(corpus / "medlemsmoten" / "2024-02-01.md", MEMBERS_2024)
    postgres_server.psql("CREATE DATABASE minutes_sample;")
    address = postgres_server.get_uri("minutes_sample")
    _build(corpus, root / "folder", fake_embedder)
    _build(corpus, root / "cache", fake_embedder, store=address)
    return (
        _service(root / "folder", fake_embedder),
        _service(root / "cache", fake_embedder, store=address),
    )


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_search_finds_what_the_index_folder_finds(both_stores, mode):
    folder, database = both_stores
    for question in QUESTIONS:
        expected = folder.search(question, mode=mode, top_k=10).hits
        found = database.search(question, mode=mode, top_k=10).hits
        assert [h.passage.id for h in found] == [h.passage.id for h in expected], question
        assert [h.score for h in found] == pytest.approx([h.score for h in expected], rel=1e-4)


def test_filtered_search_finds_what_the_index_folder_finds(both_stores):
    folder, database = both_stores
    series = folder.series()[0]
    for filters in (Filters(series=series), Filters(kind="attachment")):
        for question in QUESTIONS:
            expected = [h.passage.id for h in folder.search(question, filters=filters).hits]
            found = [h.passage.id for h in database.search(question, filters=filters).hits]
            assert found == expected, (question, filters)


def test_answers_and_decisions_are_those_of_the_index_folder(both_stores):
    folder, database = both_stores
    for question in QUESTIONS:
        expected, found = folder.ask(question), database.ask(question)
        assert found.text == expected.text, question
        assert [c.passage.id for c in found.citations] == [c.passage.id for c in expected.citations]
    assert database.decisions() == folder.decisions()
    assert database.decisions("kaffepriset") == folder.decisions("kaffepriset")
    assert len(folder.decisions()) > 3  # the sample corpus has decisions to compare


def test_every_page_reads_as_from_the_index_folder(both_stores):
    folder, database = both_stores
    assert database.series_summaries() == folder.series_summaries()
    meetings = folder.meetings()
    assert database.meetings() == meetings
    for overview in meetings:
        meeting = overview.meeting.id
        assert database.meeting(meeting) == folder.meeting(meeting)
        assert database.meeting_decisions(meeting) == folder.meeting_decisions(meeting)
        for document in overview.documents:
            assert database.document(document.id) == folder.document(document.id)
    hit = folder.search("styrelsen").hits[0]
    assert database.passage(hit.passage.id) == folder.passage(hit.passage.id)
    assert database.status()["counts"] == folder.status()["counts"]


def test_a_slow_query_does_not_hold_up_the_others(both_stores):
    """Reads go through a pool of connections: a search is answered while another session's
    statement is still running (one shared connection made it wait)."""
    folder, database = both_stores
    snapshot = database.snapshot()
    segment = snapshot.source.open_segment(snapshot.manifest.segments[0])
    slow = threading.Thread(target=segment.rows, args=("SELECT pg_sleep(2)",))
    slow.start()
    time.sleep(0.3)  # the slow statement holds its connection
    started = time.monotonic()
    found = database.search("distansarbete", top_k=5).hits
    took = time.monotonic() - started
    slow.join()
    assert [h.passage.id for h in found] == [
        h.passage.id for h in folder.search("distansarbete", top_k=5).hits
    ]
    assert took < 1.5, f"the search waited {took:.1f} s for the slow statement"


def test_lost_connections_are_replaced_for_the_next_query(both_stores, postgres_server):
    """The database ending every reading connection (a restart, an administrator) costs
    nothing but new connections: the next search is answered."""
    folder, database = both_stores
    expected = [h.passage.id for h in folder.search("kaffe", top_k=5).hits]
    assert [h.passage.id for h in database.search("kaffe", top_k=5).hits] == expected
    ended = postgres_server.psql(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE application_name = 'minutes';"
    )
    assert int(ended.split()[2]) >= 1, ended  # " count \n-------\n     2\n(1 row)"
    database.retriever.forget_queries()
    assert [h.passage.id for h in database.search("kaffe", top_k=5).hits] == expected


def test_a_rebuild_writes_only_the_changed_meeting_and_retires_old_segments(
    tmp_path, fake_embedder, pg_store
):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE_CORPUS, corpus)
    cache = tmp_path / "cache"
    first = _build(corpus, cache, fake_embedder, store=pg_store)
    assert _build(corpus, cache, fake_embedder, store=pg_store).published is False  # no-op
    changed = sorted(corpus.rglob("protokoll.txt"))[0]
    for round_number in range(KEEP_SNAPSHOTS + 1):
        with changed.open("a", encoding="utf-8") as handle:
            handle.write(f"\n## Övrigt\n\nStyrelsen beslutade att köpa {round_number} stolar.\n")
        summary = _build(corpus, cache, fake_embedder, store=pg_store)
        assert summary.published and summary.meetings.changed == 1
        assert summary.chunks_embedded < first.chunks_embedded
    service = _service(cache, fake_embedder, store=pg_store)
    hits = service.search("stolar", mode="lexical").hits
    assert any("köpa 3 stolar" in hit.passage.text for hit in hits)
    rebuilt = _build(corpus, tmp_path / "folder", fake_embedder)  # the same files from scratch
    assert len(service.snapshot()) == rebuilt.chunks
    expected = _service(tmp_path / "folder", fake_embedder).search("köpa stolar").hits
    assert [h.passage.id for h in service.search("köpa stolar").hits] == [
        h.passage.id for h in expected
    ]
    with psycopg.connect(pg_store) as connection:
        snapshots = connection.execute("SELECT count(*) FROM minutes_snapshots").fetchone()
    assert snapshots[0] == KEEP_SNAPSHOTS
    listed = {s.name for s in service.snapshot().manifest.segments}
    assert len(listed) <= _segment_schemas(pg_store) <= len(listed) + KEEP_SNAPSHOTS - 1


def _minutes(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "search.cli", *arguments]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, env={**os.environ, **(env or {})}
    )


def test_the_commands_take_the_store_from_the_flag_or_the_environment(
    small_corpus, tmp_path, pg_store
):
    cache = str(tmp_path / "cache")
    built = _minutes(*index_command(small_corpus, tmp_path / "cache")[3:], "--store", pg_store)
    assert built.returncode == 0, built.stderr
    assert not (tmp_path / "cache" / "snapshots").exists()  # the folder keeps only the cache
    status = _minutes("status", "--index", cache, "--json", env={"MINUTES_STORE": pg_store})
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["counts"]["meetings"] == 2
    asked = _minutes("ask", "distansarbete", "--index", cache, "--store", pg_store, "--json")
    assert asked.returncode == 0, asked.stderr
    assert "distans" in json.loads(asked.stdout)["answer"].lower()


def test_an_unreachable_database_is_one_line_that_hides_the_password(tmp_path, pg_store):
    address = "postgresql://minutes:hemligt@127.0.0.1:1/minutes"  # nothing listens on port 1
    for command in (["search", "budget"], ["status"]):
        result = _minutes(*command, "--index", str(tmp_path), "--store", address)
        assert result.returncode == 1
        assert result.stderr.startswith("Error: the index database cannot be reached")
        assert len(result.stderr.strip().splitlines()) == 1 and "hemligt" not in result.stderr
    refused = _minutes("status", "--store", "mysql://minutes:hemligt@db/minutes")
    assert refused.returncode == 2 and "hemligt" not in refused.stderr
    verify = _minutes("index", "--verify", "--index", str(tmp_path), "--store", address)
    assert verify.returncode == 2 and "a database store checks its own pages" in verify.stderr


def test_sigkill_mid_transaction_leaves_the_previous_snapshot_answering(
    small_corpus, tmp_path, fake_embedder, pg_store
):
    cache = tmp_path / "cache"
    first = _build(small_corpus, cache, fake_embedder, store=pg_store)
    write(small_corpus / "nytt" / "2022-01-01.md", "# Möte\n\nVi köpte en ny kaffebryggare.\n")
    with psycopg.connect(pg_store) as blocker:
        # Builds write everything, then wait here to insert the snapshot's row; readers don't.
        blocker.execute("LOCK TABLE minutes_snapshots IN SHARE MODE")
        build = subprocess.Popen(
            [*index_command(small_corpus, cache), "--store", pg_store], stderr=subprocess.PIPE
        )
        try:
            _wait_for_lock(pg_store, build)
            reader = _service(cache, fake_embedder, store=pg_store)  # while the build waits
            assert reader.snapshot().name == first.snapshot
            assert reader.search("distansarbete").hits
            build.send_signal(signal.SIGKILL)
            assert build.wait(10) == -signal.SIGKILL
        finally:
            build.kill()
            build.wait(10)
    reader = _service(cache, fake_embedder, store=pg_store)
    assert reader.snapshot().name == first.snapshot
    assert not reader.search("kaffebryggare", mode="lexical").hits
    assert _segment_schemas(pg_store) == len(reader.snapshot().manifest.segments)
    resumed = _build(small_corpus, cache, fake_embedder, store=pg_store)  # the lock was let go
    assert resumed.published
    assert _service(cache, fake_embedder, store=pg_store).search("kaffebryggare").hits


def _wait_for_lock(address: str, build: subprocess.Popen) -> None:
    """Until the build's transaction waits for a lock (its segments written, not committed)."""
    deadline = time.monotonic() + 120
    with psycopg.connect(address, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            assert build.poll() is None, build.stderr.read().decode() if build.stderr else ""
            waiting = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE application_name = 'minutes index' AND wait_event_type = 'Lock'"
            ).fetchone()[0]
            if waiting:
                return
            time.sleep(0.05)
    pytest.fail("the build never waited for the lock")


def _segment_schemas(address: str) -> int:
    with psycopg.connect(address) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'minutes_seg_%'"
        ).fetchone()[0]


def test_the_build_lock_is_free_as_soon_as_a_build_releases_it(pg_store):
    """Builds one after the other (a cron job, the serving test's three) never find the lock
    of the one before still held: releasing it does not wait for the server to notice a
    closed connection."""
    store = PgStore(pg_store)
    held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
    with psycopg.connect(pg_store, autocommit=True) as watcher:
        for _ in range(100):
            store.acquire_lock().release()
            assert watcher.execute(held).fetchone() == (0,)


def test_a_build_leaves_no_reading_connection_open(tmp_path, fake_embedder, pg_store):
    """A build reads the previous snapshot through the store's pool and closes it when done:
    a process that builds again and again (a scheduler, a test) keeps no connections or
    pool threads behind."""
    build = IndexBuild(
        SAMPLE_CORPUS,
        tmp_path / "cache",
        model=fake_embedder.model_id,
        embedder=fake_embedder,
        store=pg_store,
    )
    for _ in range(2):  # the second run reads the first's snapshot
        build.run()
    reading = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name = 'minutes'"
    )
    with psycopg.connect(pg_store, autocommit=True) as watcher:
        assert watcher.execute(reading).fetchone() == (0,)
