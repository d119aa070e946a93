"""A corpus holding every kind of bad file next to good ones: the good ones are indexed,
every bad one is reported with its path and a reason, and a snapshot is published."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from click.testing import CliRunner

from indexer.build import IndexBuild
from indexer.previous import PreviousIndex
from indexer.scan import scan_corpus
from search.cli import cli
from search.snapshot import IndexReader
from tests.conftest import FAKE_MODEL, MINUTES_2021, index_command, write
from tests.faults import without_root_file_access
from tests.filemakers import DocxTable, make_docx, make_image_pdf, make_pdf
from tests.snapshot_sql import query

SWEDISH = "Mötet öppnades. Årsmötet beslutade att höja avgiften. Åtgärder: inga.\n"


def _bad_corpus(root):
    """Good minutes plus one file of each bad kind; returns {path: expected reason part}."""
    for folder in ("bra", "kopia", "trasig"):
        (root / folder).mkdir(parents=True)
    write(root / "bra" / "2021-05-19.txt", MINUTES_2021)
    make_pdf(root / "bra" / "2021-06-01.pdf", ["Protokoll 1 juni 2021", "Beslut: Budgeten antogs."])
    (root / "bra" / "2021-09-01.txt").write_bytes(SWEDISH.encode("cp1252"))
    make_docx(
        root / "bra" / "2021-10-01 tabeller.docx",
        [DocxTable([["Punkt", "Beslut"], ["Distansarbete", "Tillåts två dagar i veckan"]])],
    )
    write(root / "kopia" / "2021-05-19.txt", MINUTES_2021)
    pdf = make_pdf(root / "trasig" / "avklippt.pdf", ["Text som aldrig syns"] * 3)
    pdf.write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 2])
    make_pdf(root / "trasig" / "krypterad.pdf", ["Hemligt"], password="hemligt")
    make_image_pdf(root / "trasig" / "skannad.pdf")
    (root / "trasig" / "tom.txt").write_bytes(b"")
    (root / "trasig" / "blanksteg.md").write_text("  \n\n\t \n")
    (root / "trasig" / "binar.txt").write_bytes(bytes(range(256)) * 40)
    (root / "trasig" / "stor.txt").write_text("Ett långt protokoll. " * 100_000)
    (root / "trasig" / "inte-word.docx").write_bytes(b"det har ar ingen zip-fil")
    (root / "trasig" / "inte-powerpoint.pptx").write_bytes(b"inte heller")
    outside = root.parent / "utanfor.txt"
    outside.write_text("Hemlig text utanför korpusen.")
    os.symlink(outside, root / "trasig" / "lank.txt")
    return {
        "trasig/avklippt.pdf": "corrupt",
        "trasig/krypterad.pdf": "encrypted",
        "trasig/skannad.pdf": "no text layer",
        "trasig/tom.txt": "empty",
        "trasig/blanksteg.md": "no text",
        "trasig/binar.txt": "binary",
        "trasig/stor.txt": "too large",
        "trasig/inte-word.docx": "Word",
        "trasig/inte-powerpoint.pptx": "PowerPoint",
        "trasig/lank.txt": "outside the corpus",
    }


@pytest.fixture
def bad_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    expected = _bad_corpus(corpus)
    return corpus, expected


def test_every_bad_file_is_reported_and_every_good_one_indexed(bad_corpus, tmp_path, fake_embedder):
    corpus, expected = bad_corpus
    index = tmp_path / "index"
    summary = IndexBuild(
        corpus, index, model=fake_embedder.model_id, embedder=fake_embedder, max_file_mb=1
    ).run()
    assert summary.published
    failed = dict(summary.failed)
    assert set(failed) == set(expected)
    for path, reason_part in expected.items():
        assert reason_part.lower() in failed[path].lower(), (path, failed[path])
    snapshot = IndexReader(index).snapshot()
    texts = {
        row["path"]: row["text"] for row in query(snapshot, "SELECT path, text FROM documents")
    }
    assert set(texts) == {
        "bra/2021-05-19.txt",
        "bra/2021-06-01.pdf",
        "bra/2021-09-01.txt",
        "bra/2021-10-01 tabeller.docx",
        "kopia/2021-05-19.txt",
    }
    assert "Årsmötet beslutade att höja avgiften" in texts["bra/2021-09-01.txt"]
    assert "Tillåts två dagar i veckan" in texts["bra/2021-10-01 tabeller.docx"]
    assert "Hemlig text" not in " ".join(texts.values())


def test_same_content_under_two_names_is_two_documents_embedded_once(
    bad_corpus, tmp_path, fake_embedder
):
    corpus, _ = bad_corpus
    summary = IndexBuild(
        corpus,
        tmp_path / "index",
        model=fake_embedder.model_id,
        embedder=fake_embedder,
        max_file_mb=1,
    ).run()
    rows = query(
        IndexReader(tmp_path / "index").snapshot(),
        "SELECT d.path, c.id, c.embed_key FROM chunks c JOIN documents d ON d.id = c.document_id "
        "WHERE d.path LIKE '%/2021-05-19.txt'",
    )
    by_path: dict[str, set] = {}
    for path, passage_id, _ in rows:
        by_path.setdefault(path, set()).add(passage_id)
    assert set(by_path) == {"bra/2021-05-19.txt", "kopia/2021-05-19.txt"}
    assert not by_path["bra/2021-05-19.txt"] & by_path["kopia/2021-05-19.txt"]
    assert summary.chunks_embedded < summary.chunks


def test_a_file_that_disappears_after_the_scan_is_reported(tmp_path, fake_embedder):
    corpus = tmp_path / "corpus"
    write(corpus / "2021-05-19.txt", MINUTES_2021)
    write(corpus / "2021-06-01.txt", "Protokoll 1 juni 2021\n\nInget att rapportera.\n")
    build = IndexBuild(
        corpus, tmp_path / "index", model=fake_embedder.model_id, embedder=fake_embedder
    )
    scan = scan_corpus(corpus)
    (corpus / "2021-06-01.txt").unlink()
    read = build.corpus_reader(PreviousIndex()).read(scan)  # the race: scanned, then removed
    assert read.failed == [("2021-06-01.txt", "file disappeared before it could be read")]
    assert list(read.documents) == ["2021-05-19.txt"]


def test_a_file_without_read_permission_is_reported(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write(corpus / "2021-05-19.txt", MINUTES_2021)
    write(corpus / "2021-06-01.txt", "Låst protokoll").chmod(0)
    command = index_command(corpus, index, "--json")
    result = subprocess.run(
        without_root_file_access() + command, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["failed"] == [{"path": "2021-06-01.txt", "reason": "permission denied"}]
    assert summary["documents"]["added"] == 1


@pytest.mark.parametrize(
    ("mode", "failed", "count"),
    [
        (0o000, ("låst/", "folder cannot be read (permission denied)"), "1 folder(s)"),
        (0o444, ("låst/2021-06-01.txt", "permission denied"), "1 file(s)"),  # listed, not entered
    ],
)
def test_a_folder_without_permission_is_reported(tmp_path, mode, failed, count):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write(corpus / "2021-05-19.txt", MINUTES_2021)
    write(corpus / "låst" / "2021-06-01.txt", "Låst protokoll")
    (corpus / "låst").chmod(mode)
    try:
        command = without_root_file_access() + index_command(corpus, index)
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    finally:
        (corpus / "låst").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert f"  failed     {count}:\n    {failed[0]}: {failed[1]}\n" in result.stdout
    assert "1 added" in result.stdout


def test_cli_exits_zero_and_lists_failures_with_reasons(bad_corpus, tmp_path, monkeypatch):
    corpus, expected = bad_corpus
    monkeypatch.setenv("MINUTES_MAX_FILE_MB", "1")
    result = CliRunner().invoke(
        cli,
        ["index", str(corpus), "--index", str(tmp_path / "i"), "--quiet", "--model", FAKE_MODEL],
    )
    assert result.exit_code == 0, result.output
    assert "Published snapshot" in result.output
    for path in expected:
        assert f"    {path}: " in result.output
