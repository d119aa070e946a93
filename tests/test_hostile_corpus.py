"""A corpus laid out as an attacker or an unlucky administrator would: link loops, names of raw
bytes, `..md`, meeting.toml files of any content. The build names each with a reason, indexes
the rest and publishes; the good minutes are searchable."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from indexer.corpus_reading import TOML_IGNORED
from search.cli import cli
from tests.conftest import FAKE_MODEL, MINUTES_2021, write

GOOD = "styrelsen/2021-05-19.txt"


def _index(corpus, index) -> tuple[int, dict]:
    arguments = ["index", str(corpus), "--index", str(index), "--quiet", "--json"]
    result = CliRunner().invoke(cli, [*arguments, "--model", FAKE_MODEL])
    return result.exit_code, json.loads(result.output) if result.output else {}


def _failed(summary: dict) -> dict[str, str]:
    return {item["path"]: item["reason"] for item in summary["failed"]}


def _searchable(index, words: str) -> set[str]:
    result = CliRunner().invoke(cli, ["search", words, "--index", str(index), "--json"])
    assert result.exit_code == 0, result.output
    return {hit["document"]["path"] for hit in json.loads(result.output)["results"]}


@pytest.fixture
def corpus(tmp_path):
    corpus = tmp_path / "corpus"
    write(corpus / GOOD, MINUTES_2021)
    return corpus


def test_link_loops_broken_links_and_links_out_are_named(corpus, tmp_path):
    os.symlink("b.txt", corpus / "a.txt")
    os.symlink("a.txt", corpus / "b.txt")
    os.symlink("finns-inte.txt", corpus / "trasig.txt")
    (corpus / "mapp").mkdir()
    os.symlink("../mapp", corpus / "mapp" / "sig-själv")  # a folder link back up: not followed
    os.symlink(tmp_path, corpus / "utanför")
    status, summary = _index(corpus, tmp_path / "index")
    assert status == 0
    assert summary["published"]
    failed = _failed(summary)
    assert failed["a.txt"].startswith("link loop")
    assert failed["b.txt"].startswith("link loop")
    assert failed["trasig.txt"] == "broken link (its target does not exist)"
    assert failed["utanför"] == "link to a folder outside the corpus (not followed)"
    assert "mapp/sig-själv" not in failed
    assert _searchable(tmp_path / "index", "distansarbete") == {GOOD}


def test_a_deep_folder_tree_is_walked(corpus, tmp_path):
    folders = [corpus]
    for _ in range(1200):  # deeper than Python's recursion limit
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    try:
        write(folders[-1] / "2022-01-10.txt", "Protokoll 10 januari 2022\n\nBeslut: Kaffe.\n")
        status, summary = _index(corpus, tmp_path / "index")
        assert status == 0 and summary["failed"] == []
        assert summary["documents"]["added"] == 2
    finally:  # shutil.rmtree (and so pytest's clean-up) recurses, and fails on such a tree
        (folders[-1] / "2022-01-10.txt").unlink(missing_ok=True)
        for folder in reversed(folders[1:]):
            folder.rmdir()


def test_names_of_raw_bytes_and_hidden_documents_are_named(corpus, tmp_path):
    raw = os.fsencode(corpus) + b"/m\xf6te-\x1b[2J.txt"
    with open(raw, "wb") as handle:
        handle.write(MINUTES_2021.encode())
    write(corpus / "..md", "# Protokoll\n\nEn fil som heter ..md.\n")
    write(corpus / ".DS_Store", "inget dokument")
    write(corpus / "._2021-05-19.txt", "en AppleDouble-fil")
    status, summary = _index(corpus, tmp_path / "index")
    assert status == 0 and summary["published"]
    assert _failed(summary) == {
        "m\\xf6te-\x1b[2J.txt": "the file name is not valid UTF-8: rename the file to index it",
        "..md": "hidden file (the name starts with a dot): rename it to index it",
    }
    assert _searchable(tmp_path / "index", "distansarbete") == {GOOD}


def test_a_fifo_is_named_not_opened(corpus, tmp_path):
    os.mkfifo(corpus / "2021-06-01.txt")
    os.mkfifo(corpus / "styrelsen" / "meeting.toml")
    status, summary = _index(corpus, tmp_path / "index")
    assert status == 0
    assert _failed(summary) == {
        "2021-06-01.txt": "not a regular file",
        "styrelsen/meeting.toml": "not a regular file",
    }
    assert _searchable(tmp_path / "index", "distansarbete") == {GOOD}


MEETING = "2021-09-01 Styrelsemöte"
TOMLS = {
    "binary": (bytes(range(256)) * 4, "meeting.toml is not UTF-8 text"),
    "nested": (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply"),
    "large": (b'title = "M\xc3\xb6te"\n' + b"# fyllnad\n" * 20_000, "larger than 100 kB"),
    "invalid": (b'title = "oavslutad\n', "invalid meeting.toml"),
}


@pytest.mark.parametrize("kind", list(TOMLS))
def test_a_meeting_toml_of_any_content_leaves_the_meeting_indexed(corpus, tmp_path, kind):
    content, reason = TOMLS[kind]
    meeting = corpus / "styrelsen" / MEETING
    write(meeting / "protokoll.txt", "Protokoll\n\nBeslut: Kaffemaskinen byts ut.\n")
    (meeting / "meeting.toml").write_bytes(content)
    status, summary = _index(corpus, tmp_path / "index")
    assert status == 0 and summary["published"]
    failed = _failed(summary)
    toml = f"styrelsen/{MEETING}/meeting.toml"
    assert list(failed) == [toml]
    assert reason in failed[toml]
    assert failed[toml].endswith(f"; {TOML_IGNORED}")
    assert f"styrelsen/{MEETING}/protokoll.txt" in _searchable(tmp_path / "index", "kaffemaskinen")
    meetings = CliRunner().invoke(cli, ["decisions", "--index", str(tmp_path / "index"), "--json"])
    dates = {d["meeting"]["date"] for d in json.loads(meetings.output)["decisions"]}
    assert "2021-09-01" in dates  # the date still comes from the folder's name
