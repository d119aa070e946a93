"""Reading is bounded: a zip bomb, a file that expands itself, a file that takes too long or
too much memory, and a reader that dies each fail alone, with the reason, while the rest of
the corpus is indexed and published (exit status 0)."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.bounded_reading import ReadingPool, WorkerLimits
from indexer.readers.limits import ReadLimits
from search.cli import cli
from tests.conftest import FAKE_MODEL, MINUTES_2021, write
from tests.filemakers import make_docx, make_docx_bomb

GOOD = "2021-05-19.txt"


def _typst_amplifier(path: Path, variable: int, uses: int) -> Path:
    """A small Typst file whose variable of ``variable`` characters is used ``uses`` times."""
    return write(path, '#let a = "' + "x" * variable + '"\n' + "#a" * uses + "\n")


def _index(corpus: Path, index: Path, **env: str) -> tuple[int, dict]:
    arguments = ["index", str(corpus), "--index", str(index), "--json", "--quiet"]
    result = CliRunner().invoke(cli, [*arguments, "--model", FAKE_MODEL], env=env)
    return result.exit_code, json.loads(result.output)


def _failed(summary: dict) -> dict[str, str]:
    return {item["path"]: item["reason"] for item in summary["failed"]}


def _searchable(index: Path) -> set[str]:
    result = CliRunner().invoke(cli, ["search", "distansarbete", "--index", str(index), "--json"])
    return {hit["document"]["path"] for hit in json.loads(result.output)["results"]}


@pytest.fixture
def corpus(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    write(corpus / GOOD, MINUTES_2021)
    return corpus


def test_a_zip_bomb_is_refused_before_it_is_unzipped(corpus, tmp_path):
    bomb = make_docx_bomb(corpus / "bomb.docx", 64_000_000)
    assert bomb.stat().st_size < 10_000  # a few kB
    started = time.monotonic()
    status, summary = _index(corpus, tmp_path / "index", MINUTES_MAX_EXPANDED_MB="50")
    assert status == 0 and summary["published"]
    assert _failed(summary) == {"bomb.docx": "expands to more than 50 MB"}
    assert time.monotonic() - started < 30
    assert _searchable(tmp_path / "index") == {GOOD}


def test_a_zip_bomb_under_the_size_limit_stops_at_the_memory_limit(corpus, tmp_path):
    make_docx_bomb(corpus / "bomb.docx", 64_000_000, paragraphs=True)  # parsed: gigabytes
    env = {"MINUTES_MAX_EXPANDED_MB": "1000", "MINUTES_READ_MEMORY_MB": "200"}
    status, summary = _index(corpus, tmp_path / "index", **env)
    assert status == 0 and summary["published"]
    assert _failed(summary) == {"bomb.docx": "needs more than 200 MB of memory to read"}
    assert _searchable(tmp_path / "index") == {GOOD}


def test_an_archive_of_too_many_parts_is_refused(corpus, tmp_path):
    path = make_docx(corpus / "delar.docx", ["Protokoll"])
    with zipfile.ZipFile(path, "a") as archive:
        for number in range(10_001):
            archive.writestr(f"customXml/del{number}.xml", "<a/>")
    status, summary = _index(corpus, tmp_path / "index")
    assert status == 0
    assert _failed(summary) == {"delar.docx": "holds more than 10000 parts (a zip bomb?)"}


def test_files_that_expand_themselves_fail_with_the_limit(corpus, tmp_path):
    typst = _typst_amplifier(corpus / "forstoring.typ", 100_000, 50_000)  # 200 kB → 5 GB
    latex = write(
        corpus / "forstoring.tex",
        "\\def\\a{"
        + "y" * 100_000
        + "}\n\\begin{document}\n"
        + "\\a " * 40_000
        + "\\end{document}\n",
    )
    assert typst.stat().st_size < 250_000 and latex.stat().st_size < 250_000
    status, summary = _index(corpus, tmp_path / "index")
    assert status == 0 and summary["published"]
    assert _failed(summary) == {
        "forstoring.tex": "expands to more than 200 MB",
        "forstoring.typ": "expands to more than 200 MB",
    }
    assert _searchable(tmp_path / "index") == {GOOD}


def test_a_file_that_takes_too_long_is_stopped(corpus, tmp_path):
    _typst_amplifier(corpus / "langsam.typ", 20_000, 6_000)  # 120 MB: many seconds to read
    started = time.monotonic()
    status, summary = _index(corpus, tmp_path / "index", MINUTES_READ_TIMEOUT="2")
    assert status == 0 and summary["published"]
    assert _failed(summary) == {"langsam.typ": "took longer than 2 s to read"}
    assert time.monotonic() - started < 20
    assert _searchable(tmp_path / "index") == {GOOD}


def test_a_reader_that_dies_fails_its_file_only(tmp_path):
    slow = _typst_amplifier(tmp_path / "langsam.typ", 20_000, 6_000)
    good = write(tmp_path / GOOD, MINUTES_2021)
    outcomes: dict = {}
    before = _children()
    with ReadingPool(ReadLimits(), WorkerLimits(seconds=60), workers=1) as pool:
        reading = threading.Thread(
            target=lambda: outcomes.update(pool.read([("slow", slow), ("good", good)]))
        )
        reading.start()
        worker = _wait_for(lambda: _children() - before)  # the worker, reading the slow file
        time.sleep(0.2)
        os.kill(worker.pop(), signal.SIGKILL)
        reading.join(60)
    assert outcomes["slow"].reason == (
        "the reader was killed while reading it (SIGKILL: out of memory?)"
    )
    assert "distansarbete" in outcomes["good"].document.text


def _children() -> set[int]:
    """The processes whose parent is this one."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid():
            found.add(int(stat.parent.name))
    return found


def _wait_for(find):
    deadline = time.monotonic() + 30
    while not (found := find()):
        assert time.monotonic() < deadline, "nothing found within 30 s"
        time.sleep(0.05)
    return found


def test_workers_read_files_at_the_same_time(tmp_path):
    files = [_typst_amplifier(tmp_path / f"langsam{n}.typ", 20_000, 6_000) for n in range(2)]
    with ReadingPool(ReadLimits(), WorkerLimits(seconds=2), workers=2) as pool:
        started = time.monotonic()
        outcomes = dict(pool.read([(path.name, path) for path in files]))
        elapsed = time.monotonic() - started
    assert {o.reason for o in outcomes.values()} == {"took longer than 2 s to read"}
    assert elapsed < 3.5  # one after the other would take over 4 s
