"""A published snapshot whose files were truncated, emptied, changed or removed: queries say
in one line that the index is damaged, `minutes status` and `minutes index --verify` find it,
and `minutes index` rebuilds it from the corpus without embedding anything again."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from indexer.store import IndexDir, read_manifest
from indexer.store.segments import segment_folder
from search.cli import cli
from search.webapp import texts
from tests.conftest import FAKE_MODEL
from tests.serving import free_port

APP = Path(__file__).resolve().parents[1] / "app.py"


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def _smash_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\0" * 100
    path.write_bytes(bytes(data))


def _segment(snapshot: Path) -> Path:
    """The folder of the snapshot's (first) segment."""
    return segment_folder(snapshot, read_manifest(snapshot).segments[0].name)


def _postings_file(snapshot: Path) -> Path:
    return _segment(snapshot) / "postings" / "rows.npy"


def _sentences_file(snapshot: Path) -> Path:
    return _segment(snapshot) / "sentences.npy"


META, VECTORS = (lambda s: _segment(s) / "meta.sqlite"), (lambda s: _segment(s) / "vectors.faiss")
# what is damaged: which file, how, what a query says of it (sizes and loading) and what the
# checks of every byte say
DAMAGE: dict[str, tuple[Callable[[Path], Path], Callable[[Path], None], str, str]] = {
    "vectors truncated": (VECTORS, _truncate, "vectors.faiss is ", "vectors.faiss is "),
    "vectors emptied": (VECTORS, lambda p: p.write_bytes(b""), "is 0 bytes", "is 0 bytes"),
    "sentence vectors truncated": (
        _sentences_file,
        _truncate,
        "sentences.npy is ",
        "sentences.npy is ",
    ),
    "postings array removed": (_postings_file, Path.unlink, "postings/rows.npy is missing", "is m"),
    "metadata header zeroed": (
        META,
        _smash_header,
        "meta.sqlite cannot be loaded (file is not a database)",
        "meta.sqlite has changed (its checksum differs)",
    ),
    "manifest truncated": (
        lambda s: s / "manifest.json",
        _truncate,
        "manifest.json is damaged (not JSON)",
        "manifest.json is damaged (not JSON)",
    ),
}


@pytest.fixture
def index(small_corpus, tmp_path, build_index) -> Path:
    index = tmp_path / "index"
    build_index(small_corpus, index)
    return index


def _cli(*arguments: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in arguments])


def _one_line_error(result) -> str:
    """The error of a command that failed at run time: one line, exit status 1."""
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def _index(corpus: Path, index: Path) -> dict:
    result = _cli("index", corpus, "--index", index, "--json", "--quiet", "--model", FAKE_MODEL)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_snapshot_is_named_and_rebuilt_without_embedding(index, small_corpus, kind):
    where, damage, said, checked = DAMAGE[kind]
    snapshot = IndexDir(index).current()
    damage(where(snapshot))

    for question in (["search", "distansarbete"], ["ask", "Vad gäller för distansarbete?"]):
        error = _one_line_error(_cli(*question, "--index", index))
        assert error.startswith(f"Error: the index in {index} is damaged: ")
        assert said in error and error.endswith("; run `minutes index` to rebuild it")
    for command in (["status"], ["index", "--verify"]):
        result = _cli(*command, "--index", index)
        assert result.exit_code == 1 and checked in result.output, result.output

    summary = _index(small_corpus, index)
    assert summary["published"] and summary["snapshot"] != snapshot.name
    assert summary["chunks_embedded"] == 0 and summary["chunks_cached"] == summary["chunks"]
    assert summary["sentences_embedded"] == 0
    assert summary["sentences_cached"] == summary["sentences"] > 0
    assert summary["repaired"].startswith("the published snapshot was damaged (")
    found = _cli("search", "distansarbete", "--index", index)
    assert found.exit_code == 0 and "distansarbete" in found.output.lower(), found.output
    assert _cli("index", "--verify", "--index", index).exit_code == 0


def test_a_change_of_the_same_size_is_found_by_the_checksums(index, small_corpus):
    snapshot = IndexDir(index).current()
    _flip_last_byte(VECTORS(snapshot))
    # the sizes match: opening it is not refused
    assert _cli("search", "distansarbete", "--index", index).exit_code == 0
    status = _cli("status", "--index", index, "--json")
    assert status.exit_code == 1
    segment = read_manifest(snapshot).segments[0].name
    assert json.loads(status.stdout)["damage"] == [
        f"segments/{segment}/vectors.faiss has changed (its checksum differs)"
    ]
    rebuilt = _index(small_corpus, index)
    assert rebuilt["published"] and rebuilt["chunks_embedded"] == 0


def test_sentence_vectors_that_do_not_load_stop_answers_but_not_searches(index, small_corpus):
    snapshot = IndexDir(index).current()
    _smash_header(_sentences_file(snapshot))  # the size is as recorded
    assert _cli("search", "distansarbete", "--index", index).exit_code == 0
    error = _one_line_error(_cli("ask", "Vad gäller för distansarbete?", "--index", index))
    assert "sentences.npy cannot be loaded (" in error
    for command in (["status"], ["index", "--verify"]):
        result = _cli(*command, "--index", index)
        assert result.exit_code == 1, result.output
        assert "sentences.npy has changed (its checksum differs)" in result.output
    rebuilt = _index(small_corpus, index)
    assert rebuilt["published"] and rebuilt["sentences_embedded"] == 0
    assert _cli("ask", "Vad gäller för distansarbete?", "--index", index).exit_code == 0


def test_a_sound_index_is_verified(index):
    status = CliRunner().invoke(cli, ["status", "--index", str(index)])
    assert status.exit_code == 0
    files = len(read_manifest(IndexDir(index).current()).files)
    assert f"Checked   {files} files (" in status.output
    verify = CliRunner().invoke(cli, ["index", "--verify", "--index", str(index), "--json"])
    assert verify.exit_code == 0, verify.output
    found = json.loads(verify.output)
    assert found["problems"] == [] and found["files"] == files >= 7


def test_the_manifest_records_every_file_of_the_snapshot(index):
    snapshot = IndexDir(index).current()
    files = read_manifest(snapshot).files
    on_disk = {
        p.relative_to(snapshot).as_posix()
        for p in snapshot.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert set(files) == on_disk
    segment = f"segments/{read_manifest(snapshot).segments[0].name}"
    expected = {"meta.sqlite", "vectors.faiss", "decisions.faiss", "sentences.npy"}
    assert {f"{segment}/{name}" for name in expected} | {"vocabulary.json.gz"} <= on_disk
    assert all(len(check.sha256) == 64 and check.size > 0 for check in files.values())


def test_a_snapshot_without_checksums_is_replaced_by_the_next_build(index, small_corpus):
    manifest_file = IndexDir(index).current() / "manifest.json"
    data = json.loads(manifest_file.read_text())
    del data["files"]  # as an older version wrote it
    manifest_file.write_text(json.dumps(data))
    status = CliRunner().invoke(cli, ["status", "--index", str(index)])
    assert status.exit_code == 0 and "no checksums recorded" in status.output
    rebuilt = _index(small_corpus, index)
    assert rebuilt["published"] and rebuilt["chunks_embedded"] == 0
    assert read_manifest(IndexDir(index).current()).files


def test_a_damaged_embedding_cache_is_found_and_replaced(index, small_corpus):
    cache = IndexDir(index).cache_file
    _smash_header(cache)
    verify = _cli("index", "--verify", "--index", index)
    assert verify.exit_code == 1 and "embeddings.sqlite cannot be loaded" in verify.output
    (small_corpus / "ledningsgruppen" / "2020-03-12.md").write_text("# Möte\n\nNy text.\n")
    summary = _index(small_corpus, index)
    # only the changed meeting is embedded: the others' vectors are in their segment
    assert summary["published"] and summary["chunks_embedded"] == 1 < summary["chunks"]
    assert summary["repaired"].startswith("the embedding cache was damaged (")
    assert cache.with_name("embeddings.sqlite.damaged").is_file()
    assert _cli("index", "--verify", "--index", index).exit_code == 0


def test_the_web_app_says_the_index_is_damaged_in_swedish(index, monkeypatch):
    VECTORS(IndexDir(index).current()).write_bytes(b"")
    monkeypatch.setenv("MINUTES_INDEX", str(index))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == [texts.DAMAGED_INDEX]
    assert "vectors.faiss is 0 bytes" in at.text[0].value


def test_serve_warns_of_a_damaged_index_in_one_line(index, tmp_path):
    VECTORS(IndexDir(index).current()).write_bytes(b"")
    port = free_port()
    command = [sys.executable, "-m", "search.cli", "serve", "--index", str(index)]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        warning = process.stderr.readline() if process.stderr else ""
        _wait_for(f"http://127.0.0.1:{port}/_stcore/health")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert warning.startswith(f"Warning: the index in {index} is damaged: segments/")
    assert "vectors.faiss is 0 bytes" in warning


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within 30 s")
