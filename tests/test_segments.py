"""Incremental publish: a re-index writes one segment with the meetings that changed, links
the others from the previous snapshot, and marks the replaced meetings dead; segments are
merged when they pile up; what is searched equals a full build of the same corpus."""

from __future__ import annotations

import os

import pytest

from indexer import build, segment_plan
from indexer.store import IndexDir, read_manifest
from indexer.store.segments import segment_folder
from search.service import MinutesService
from search.settings import Settings
from tests.conftest import write
from tests.snapshot_sql import live_passages

LEDNING = "ledningsgruppen/2020-03-12.md"


def _segments(index):
    return read_manifest(IndexDir(index).current()).segments


def _more_minutes(corpus, count: int) -> list[str]:
    """``count`` small meetings of their own, one file each."""
    paths = []
    for n in range(count):
        path = f"nytt/2022-02-{n + 1:02d}.md"
        write(corpus / path, f"# Möte {n}\n\n## Lokalen\nVi hyr lokal nummer {n} för festen.\n")
        paths.append(path)
    return paths


def test_a_changed_file_writes_one_segment_and_links_the_others(
    small_corpus, tmp_path, build_index
):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    before = IndexDir(index).current()
    [old] = _segments(index)
    service = MinutesService(Settings(index=index))
    gone_id = next(p.id for p in live_passages(index) if "Folkhälsomyndighetens" in p.text)
    write(small_corpus / LEDNING, "# Ledningsgruppsmöte 12 mars 2020\n\n## Kaffe\nNy bryggare.\n")
    summary = build_index(small_corpus, index)
    assert summary.published and summary.meetings.changed == 1 and summary.meetings.unchanged == 1
    kept, new = _segments(index)
    assert kept.name == old.name and new.counts.meetings == 1 and len(kept.dead) == 1
    assert summary.chunks == len(live_passages(index)) < first.chunks + new.counts.chunks
    after = IndexDir(index).current()
    for file in segment_folder(before, old.name).rglob("*"):  # linked, not copied
        if file.is_file():
            linked = segment_folder(after, old.name) / file.relative_to(
                segment_folder(before, old.name)
            )
            assert os.stat(file).st_ino == os.stat(linked).st_ino
    assert service.passage(gone_id) is None
    hits = service.search("bryggare kaffe", top_k=20).hits
    assert hits[0].passage.document.path == LEDNING
    assert all("Folkhälsomyndighetens" not in hit.passage.text for hit in hits)
    assert len(service.meetings()) == 2
    assert [s.meetings for s in service.series_summaries()] == [1, 1]


def test_a_meeting_gone_from_the_corpus_is_dead_everywhere(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    _more_minutes(small_corpus, 1)
    build_index(small_corpus, index)
    (small_corpus / LEDNING).unlink()
    summary = build_index(small_corpus, index)
    assert summary.meetings.removed == 1 and summary.documents.removed == 1
    service = MinutesService(Settings(index=index))
    assert {m.meeting.title for m in service.meetings()} >= {"Styrelsemöte i maj"}
    assert all(p.document.path != LEDNING for p in live_passages(index))
    for mode in ("dense", "lexical", "hybrid"):
        hits = service.search("Sobonadagarna i Gävle", top_k=50, mode=mode).hits
        assert all(hit.passage.document.path != LEDNING for hit in hits)
    assert "ledningsgruppen" not in service.series()
    assert all(d.document.path != LEDNING for d in service.decisions("beslut"))


def test_segments_are_merged_when_they_pile_up(small_corpus, tmp_path, build_index, monkeypatch):
    monkeypatch.setattr(segment_plan, "MAX_SEGMENTS", 3)
    index = tmp_path / "index"
    build_index(small_corpus, index)
    for path in _more_minutes(small_corpus, 4):
        write(small_corpus / path, (small_corpus / path).read_text() + "\nÄndrat.\n")
        summary = build_index(small_corpus, index)
        assert summary.published and summary.chunks_embedded >= 1
        assert len(_segments(index)) <= 3
    merged = build_index(small_corpus, tmp_path / "full")
    assert {(p.id, p.text) for p in live_passages(index)} == {
        (p.id, p.text) for p in live_passages(tmp_path / "full")
    }
    assert summary.chunks == merged.chunks and summary.decisions == merged.decisions


def test_a_segment_mostly_dead_is_written_again(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    [first] = _segments(index)
    write(small_corpus / LEDNING, (small_corpus / LEDNING).read_text() + "\n## Övrigt\nInget.\n")
    (small_corpus / "styrelsen" / "2021-05-19 Styrelsemöte" / "protokoll.txt").write_text(
        "Styrelsemöte 2021-05-19\n\n1. Öppnande\nOrdföranden öppnade mötet.\n"
    )
    build_index(small_corpus, index)  # both meetings of the first segment changed
    assert first.name not in {s.name for s in _segments(index)}
    assert len(_segments(index)) == 1


@pytest.mark.parametrize("mode", ["dense", "lexical", "hybrid"])
def test_an_incremental_index_searches_as_a_full_build(small_corpus, tmp_path, build_index, mode):
    index, full = tmp_path / "index", tmp_path / "full"
    build_index(small_corpus, index)
    _more_minutes(small_corpus, 3)
    build_index(small_corpus, index)
    write(small_corpus / LEDNING, (small_corpus / LEDNING).read_text() + "\n## Lokalen\nNy hyra.\n")
    build_index(small_corpus, index)
    build_index(small_corpus, full)
    assert len(_segments(index)) == 3 and len(_segments(full)) == 1
    incremental = MinutesService(Settings(index=index))
    rebuilt = MinutesService(Settings(index=full))
    for query in ("lokal för festen", "distansarbete två dagar", "hyra lokalen"):
        found = [h.passage.id for h in incremental.search(query, top_k=8, mode=mode).hits]
        expected = [h.passage.id for h in rebuilt.search(query, top_k=8, mode=mode).hits]
        assert found == expected, query


def test_a_large_build_writes_segments_of_bounded_size(
    small_corpus, tmp_path, build_index, monkeypatch
):
    _more_minutes(small_corpus, 6)
    build_index(small_corpus, tmp_path / "one")
    monkeypatch.setattr(build, "SEGMENT_ROWS", 3)  # a meeting is never split
    summary = build_index(small_corpus, tmp_path / "index")
    segments = _segments(tmp_path / "index")
    assert len(segments) > 2 and summary.chunks == sum(s.counts.chunks for s in segments)
    assert all(s.counts.chunks <= 3 or s.counts.meetings == 1 for s in segments)
    one = MinutesService(Settings(index=tmp_path / "one"))
    many = MinutesService(Settings(index=tmp_path / "index"))
    for query in ("lokal för festen", "distansarbete två dagar"):
        for mode in ("dense", "lexical", "hybrid"):
            found = [h.passage.id for h in many.search(query, top_k=8, mode=mode).hits]
            assert found == [h.passage.id for h in one.search(query, top_k=8, mode=mode).hits]


def test_a_title_shared_by_a_new_meeting_rewrites_the_untouched_one(
    small_corpus, tmp_path, build_index
):
    index = tmp_path / "index"
    write(small_corpus / "klubb/2022-01-10.md", "# Kickoff för klubben\n\n## Mat\nPizza.\n")
    build_index(small_corpus, index)
    service = MinutesService(Settings(index=index))
    titles = {m.meeting.title for m in service.meetings()}
    assert "Kickoff för klubben" in titles
    write(small_corpus / "klubb/2022-02-10.md", "# Kickoff för klubben\n\n## Mat\nTacos.\n")
    summary = build_index(small_corpus, index)
    assert vars(summary.meetings) == {"added": 1, "changed": 1, "removed": 0, "unchanged": 2}
    titles = {m.meeting.title for m in service.meetings()}
    assert {"Kickoff för klubben 2022-01-10", "Kickoff för klubben 2022-02-10"} <= titles
    (small_corpus / "klubb/2022-02-10.md").unlink()
    summary = build_index(small_corpus, index)
    assert vars(summary.meetings) == {"added": 0, "changed": 1, "removed": 1, "unchanged": 2}
    assert "Kickoff för klubben" in {m.meeting.title for m in service.meetings()}
