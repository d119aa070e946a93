import json
import os
from dataclasses import replace

from indexer.store import IndexDir, read_manifest
from search.snapshot import Snapshot
from tests.conftest import write
from tests.snapshot_sql import live_passages, query


def test_first_build_publishes_a_complete_snapshot(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    summary = build_index(small_corpus, index)
    assert summary.published
    assert vars(summary.documents) == {"added": 3, "changed": 0, "removed": 0, "unchanged": 0}
    assert vars(summary.meetings) == {"added": 2, "changed": 0, "removed": 0, "unchanged": 0}
    assert summary.failed == []
    assert summary.chunks_embedded == summary.chunks > 0
    assert summary.sentences_embedded == summary.sentences > summary.chunks
    snapshot = IndexDir(index).current()
    assert snapshot.name == summary.snapshot
    manifest = read_manifest(snapshot)
    counts = {
        "meetings": 2,
        "documents": 3,
        "chunks": summary.chunks,
        "decisions": 2,
        "sentences": summary.sentences,
    }
    assert vars(manifest.counts) == counts
    assert summary.decisions == 2  # "Beslut:" lines of the 2021 minutes
    assert manifest.dim == 384
    assert [s.counts for s in manifest.segments] == [manifest.counts]  # one segment
    opened = Snapshot(snapshot)
    assert len(opened.vectors) == summary.chunks
    for passage in live_passages(index):
        text = opened.meta.document_view(passage.document.id).text
        assert text[passage.start : passage.end] == passage.text
    kinds = {p.document.path: p.document.kind for p in live_passages(index)}
    assert kinds["styrelsen/2021-05-19 Styrelsemöte/bilagor/bilaga-1-enkat.txt"] == "attachment"
    assert kinds["ledningsgruppen/2020-03-12.md"] == "minutes"


def test_meeting_metadata_is_stored(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    snapshot = Snapshot(IndexDir(index).current())
    meetings = query(snapshot, "SELECT title, date, series FROM meetings ORDER BY date")
    assert tuple(meetings[0])[1:] == ("2020-03-12", "ledningsgruppen")
    assert tuple(meetings[1]) == ("Styrelsemöte i maj", "2021-05-19", "Styrelsen")


def test_second_run_embeds_nothing_and_keeps_the_snapshot(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    second = build_index(small_corpus, index)
    assert not second.published
    assert second.snapshot == first.snapshot
    assert second.chunks_embedded == 0
    assert vars(second.documents) == {"added": 0, "changed": 0, "removed": 0, "unchanged": 3}
    assert second.meetings.unchanged == 2


def test_touched_but_identical_file_is_not_read_again(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    path = small_corpus / "ledningsgruppen" / "2020-03-12.md"
    os.utime(path, ns=(1, 1))
    summary = build_index(small_corpus, index)
    assert summary.documents.unchanged == 3
    assert summary.chunks_embedded == 0


def test_changed_file_re_embeds_only_its_own_passages(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    path = small_corpus / "ledningsgruppen" / "2020-03-12.md"
    write(path, path.read_text() + "\n## Almedalen\nVi åker inte till Almedalen i år.\n")
    summary = build_index(small_corpus, index)
    assert summary.published
    assert vars(summary.documents) == {"added": 0, "changed": 1, "removed": 0, "unchanged": 2}
    assert vars(summary.meetings) == {"added": 0, "changed": 1, "removed": 0, "unchanged": 1}
    changed = [
        p for p in live_passages(index) if p.document.path == "ledningsgruppen/2020-03-12.md"
    ]
    assert 1 <= summary.chunks_embedded <= len(changed)
    assert summary.chunks_cached == summary.chunks - summary.chunks_embedded
    assert summary.chunks_cached >= first.chunks - len(changed)


def test_added_and_deleted_files(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    write(
        small_corpus / "ledningsgruppen" / "2020-04-02.md", "# Möte 2 april 2020\n\nInget nytt.\n"
    )
    (
        small_corpus / "styrelsen" / "2021-05-19 Styrelsemöte" / "bilagor" / "bilaga-1-enkat.txt"
    ).unlink()
    summary = build_index(small_corpus, index)
    assert vars(summary.documents) == {"added": 1, "changed": 0, "removed": 1, "unchanged": 2}
    assert vars(summary.meetings) == {"added": 1, "changed": 1, "removed": 0, "unchanged": 1}
    paths = {p.document.path for p in live_passages(index)}
    assert "ledningsgruppen/2020-04-02.md" in paths
    assert not any("bilaga-1-enkat" in p for p in paths)


def test_renamed_file_inside_its_meeting_is_not_embedded_again(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    folder = small_corpus / "styrelsen" / "2021-05-19 Styrelsemöte"
    (folder / "protokoll.txt").rename(folder / "mötesprotokoll.txt")
    summary = build_index(small_corpus, index)
    assert summary.documents.added == 1 and summary.documents.removed == 1
    assert summary.chunks_embedded == 0


def test_full_rebuild_reads_everything_but_uses_the_cache(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    summary = build_index(small_corpus, index, full=True)
    assert summary.published and summary.snapshot != first.snapshot
    assert summary.documents.added == 3
    assert summary.chunks_embedded == 0 and summary.chunks_cached == first.chunks


def test_old_snapshots_are_removed_keeping_the_previous(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    names = [build_index(small_corpus, index, full=True).snapshot for _ in range(3)]
    kept = sorted(p.name for p in (index / "snapshots").iterdir())
    assert kept == sorted(names[1:])


def test_failed_files_are_reported_and_the_rest_indexed(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    (small_corpus / "tom.txt").write_bytes(b"")
    (small_corpus / "trasig.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<<")
    (small_corpus / "data.xlsx").write_bytes(b"PK")
    summary = build_index(small_corpus, index)
    assert summary.published
    failed = dict(summary.failed)
    assert set(failed) == {"tom.txt", "trasig.pdf"}
    assert all(reason for reason in failed.values())
    assert summary.skipped == 1
    assert summary.documents.added == 3
    again = build_index(small_corpus, index)
    assert dict(again.failed) == failed and not again.published


def test_summary_json_contract(small_corpus, tmp_path, build_index):
    (small_corpus / "tom.txt").write_bytes(b"")
    data = json.loads(json.dumps(build_index(small_corpus, tmp_path / "index").to_dict()))
    for key in (
        "snapshot",
        "documents",
        "meetings",
        "chunks_embedded",
        "chunks_cached",
        "sentences",
        "sentences_embedded",
        "sentences_cached",
        "seconds",
        "failed",
    ):
        assert key in data
    for key in ("added", "changed", "removed", "unchanged"):
        assert isinstance(data["documents"][key], int)
        assert isinstance(data["meetings"][key], int)
    assert data["failed"] == [{"path": "tom.txt", "reason": data["failed"][0]["reason"]}]


def test_passage_ids_survive_re_indexing_of_unchanged_text(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    before = {(p.document.path, p.text): p.id for p in live_passages(index)}
    path = small_corpus / "styrelsen" / "2021-05-19 Styrelsemöte" / "protokoll.txt"
    write(path, path.read_text() + "\n5. Övrigt\nInga övriga frågor togs upp på mötet.\n")
    build_index(small_corpus, index, full=True)
    after = {(p.document.path, p.text): p.id for p in live_passages(index)}
    kept = before.keys() & after.keys()
    assert len(kept) >= len(before) - 1  # at most the passage the new item joined changed
    assert all(before[key] == after[key] for key in kept)
    assert len(set(after.values())) == len(after)


def test_an_index_from_other_readers_reads_every_file_again(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    snapshot = IndexDir(index).current()
    manifest = read_manifest(snapshot)
    older = replace(manifest, readers_version=-1)  # as written by an older version of the readers
    (snapshot / "manifest.json").write_text(json.dumps(older.to_json()))
    summary = build_index(small_corpus, index)
    assert summary.published
    assert summary.documents.changed == 3
    assert summary.chunks_embedded == 0 and summary.chunks_cached == first.chunks
