import pytest

from indexer.build import IndexBuild
from indexer.store import DamagedIndex, IndexBusy, IndexDir, Manifest, NoSnapshot, write_manifest
from tests.conftest import FAKE_MODEL


def _snapshot(index: IndexDir, name: str):
    path = index.snapshots / name
    path.mkdir(parents=True)
    manifest = Manifest(
        corpus="corpus",
        model="fake:384",
        dim=None,
        chunking={},
        analyzer_version=0,
        readers_version=0,
        sentences_version=0,
        built_at="2021-05-19T18:00:00+00:00",
    )
    write_manifest(path, manifest)
    return path


def test_no_snapshot_before_the_first_publish(tmp_path):
    index = IndexDir(tmp_path / "index")
    assert index.current_name() is None
    with pytest.raises(NoSnapshot, match="minutes index"):
        index.current()


def test_publish_switches_current_and_keeps_the_previous(tmp_path):
    index = IndexDir(tmp_path / "index")
    for name in ("a", "b", "c"):
        _snapshot(index, name)
        index.publish(name)
    assert index.current_name() == "c"
    assert sorted(p.name for p in index.snapshots.iterdir()) == ["b", "c"]


def test_publish_removes_leftovers_of_a_crashed_build(tmp_path):
    index = IndexDir(tmp_path / "index")
    _snapshot(index, "a")
    index.publish("a")
    (index.snapshots / "half-written").mkdir()
    _snapshot(index, "b")
    index.publish("b")
    assert sorted(p.name for p in index.snapshots.iterdir()) == ["a", "b"]


def test_a_pointer_to_an_incomplete_snapshot_is_a_damaged_index(tmp_path):
    index = IndexDir(tmp_path / "index")
    (index.snapshots / "broken").mkdir(parents=True)
    index.current_file.write_text("broken\n")
    with pytest.raises(DamagedIndex, match="does not name a complete snapshot; run `minutes"):
        index.current_name()
    with pytest.raises(NoSnapshot):  # what the query side catches
        index.current()


DAMAGES = {
    "is not text": lambda current: current.write_bytes(bytes(range(256))),
    "is a directory": lambda current: (current / "sub").mkdir(parents=True),
    "does not name a complete snapshot": lambda current: current.write_text("../../etc\n"),
}


@pytest.mark.parametrize("problem", list(DAMAGES))
def test_repair_points_a_damaged_current_at_the_newest_complete_snapshot(tmp_path, problem):
    index = IndexDir(tmp_path / "index")
    for name in ("20210101T000000Z", "20220101T000000Z"):
        _snapshot(index, name)
    (index.snapshots / "20230101T000000Z").mkdir()  # newer, but never completed
    DAMAGES[problem](index.current_file)
    with pytest.raises(DamagedIndex, match=f"CURRENT {problem}"):
        index.current()
    assert index.repair() == f"CURRENT {problem}: now names snapshot 20220101T000000Z"
    assert index.current_name() == "20220101T000000Z"
    assert sorted(p.name for p in index.snapshots.iterdir()) == [
        "20210101T000000Z",
        "20220101T000000Z",
    ]
    assert index.repair() is None


def test_repair_removes_a_damaged_current_when_no_snapshot_is_complete(tmp_path):
    index = IndexDir(tmp_path / "index")
    (index.snapshots / "half-written").mkdir(parents=True)
    index.current_file.write_bytes(b"\xff\xfe\x00")
    assert index.repair() == "CURRENT is not text: removed"
    assert index.current_name() is None
    assert list(index.snapshots.iterdir()) == []


def test_a_second_build_while_one_holds_the_lock_fails_fast(small_corpus, tmp_path):
    index = tmp_path / "index"
    lock = IndexDir(index).lock()
    with lock.acquire(timeout=0):
        build = IndexBuild(small_corpus, index, model=FAKE_MODEL)
        with pytest.raises(IndexBusy, match="another `minutes index` is running"):
            build.run()
    assert IndexDir(index).current_name() is None
