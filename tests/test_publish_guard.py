"""The publish guard: a build that would drop too much of the published index is refused with
exit status 1 and a reason, the published snapshot keeps answering, and `--allow-shrink` (or a
corpus that is whole again) lets the next build through."""

from __future__ import annotations

import json
import shutil

import pytest

from indexer.publish_guard import MANY_FAILURES, ShrinkPolicy, ShrinkRefused
from indexer.store import IndexDir
from search.service import MinutesService
from search.settings import ConfigError, Settings, load_settings
from tests.conftest import index_command, write
from tests.faults import one_line_error, run, without_root_file_access

PUBLISHED = {f"möte-{n}.txt" for n in range(40)}


def _failed(paths) -> list[tuple[str, str]]:
    return [(path, "empty file") for path in sorted(paths)]


def _kept(count: int) -> set[str]:
    return set(sorted(PUBLISHED)[:count])


@pytest.mark.parametrize(
    ("kept", "failed", "refused"),
    [
        (0, 0, True),  # everything gone: an empty or unmounted corpus folder
        (0, 40, True),  # everything failed
        (1, 0, False),  # one document left is not "all of them"
        (1, 39, True),  # but with many failures it is more than half
        (20, 0, False),  # half removed by hand, nothing failed
        (19, 0, False),  # more than half removed, but few failures
        (19, MANY_FAILURES, False),
        (19, MANY_FAILURES + 1, True),  # more than half dropped and many failures
        (20, MANY_FAILURES + 1, False),  # exactly half is not more than half
        (40, 30, False),  # nothing dropped: the failures are new files
    ],
)
def test_the_default_rule(kept, failed, refused):
    failures = _failed(f"ny-{n}.txt" for n in range(failed))
    refusal = ShrinkPolicy().refusal(PUBLISHED, _kept(kept), failures)
    assert (refusal is not None) == refused


def test_a_set_share_replaces_the_default_and_allow_lets_everything_through():
    assert ShrinkPolicy(max_share=0.25).refusal(PUBLISHED, _kept(29), []) is not None
    assert ShrinkPolicy(max_share=0.25).refusal(PUBLISHED, _kept(30), []) is None
    assert ShrinkPolicy(max_share=0.0).refusal(PUBLISHED, _kept(39), []) is not None
    assert ShrinkPolicy(max_share=1.0).refusal(PUBLISHED, set(), []) is None
    assert ShrinkPolicy(allow=True).refusal(PUBLISHED, set(), []) is None
    assert ShrinkPolicy().refusal(set(), set(), _failed(PUBLISHED)) is None  # a first build


def test_the_reason_counts_what_failed_and_what_is_gone():
    failed = [("möte-0.txt", "empty file"), ("möte-1.txt", "empty file")]
    refusal = ShrinkPolicy().refusal({"möte-0.txt", "möte-1.txt", "a/b.txt", "c.txt"}, [], failed)
    assert refusal == (
        "not published: the new snapshot would drop 4 of the 4 documents in the published "
        "index (2 could not be read, 2 are no longer in the corpus folder); the published "
        "index is unchanged. Check the corpus folder, or run again with --allow-shrink to "
        "publish it anyway"
    )
    in_folder = ShrinkPolicy().refusal({"a/b.txt", "a/c/d.txt"}, [], [("a/", "no access")])
    assert "(2 could not be read, 0 are no longer" in in_folder
    in_root = ShrinkPolicy().refusal({"a/b.txt"}, [], [("./", "the corpus folder cannot...")])
    assert "(1 could not be read, 0 are no longer" in in_root


def test_max_shrink_is_a_share_from_0_to_1(tmp_path):
    config = tmp_path / "minutes.toml"
    config.write_text("max_shrink = 0.3\n")
    assert load_settings(config_file=config, environ={}).max_shrink == 0.3
    environ = {"MINUTES_MAX_SHRINK": "1"}
    assert load_settings(config_file=tmp_path / "x", environ=environ).max_shrink == 1.0
    with pytest.raises(ConfigError, match="max_shrink.*out of range.*a share from 0 to 1"):
        load_settings(config_file=tmp_path / "x", environ={"MINUTES_MAX_SHRINK": "50"})


def _answers(index, snapshot: str) -> None:
    assert IndexDir(index).current_name() == snapshot
    hits = MinutesService(Settings(index=index)).search("distansarbete två dagar", top_k=3).hits
    assert hits and "distansarbete" in hits[0].passage.text.lower()


def test_an_all_failing_corpus_over_a_full_index_is_not_published(
    small_corpus, tmp_path, build_index
):
    index = tmp_path / "index"
    first = build_index(small_corpus, index).snapshot
    every_file_too_large = {"MINUTES_MAX_FILE_MB": "0.000001"}
    refused = run(index_command(small_corpus, index, "--full", "--json"), env=every_file_too_large)
    error = one_line_error(refused)
    assert error.startswith(
        "Error: not published: the new snapshot would drop 3 of the 3 documents in the "
        "published index (3 could not be read, 0 are no longer in the corpus folder)"
    )
    summary = json.loads(refused.stdout)
    assert summary["published"] is False and summary["snapshot"] == first
    assert summary["refused"] == error.removeprefix("Error: ")
    assert len(summary["failed"]) == 3
    assert all("too large" in failure["reason"] for failure in summary["failed"])
    _answers(index, first)
    assert {p.name for p in IndexDir(index).snapshots.iterdir()} == {first}
    recovered = run(index_command(small_corpus, index, "--full", "--json"))
    assert recovered.returncode == 0, recovered.stderr
    assert json.loads(recovered.stdout)["published"]
    _answers(index, json.loads(recovered.stdout)["snapshot"])


def test_an_empty_corpus_folder_is_refused_unless_shrinking_is_allowed(
    small_corpus, tmp_path, build_index
):
    index = tmp_path / "index"
    first = build_index(small_corpus, index).snapshot
    unmounted = tmp_path / "share"
    unmounted.mkdir()
    error = one_line_error(run(index_command(unmounted, index)))
    assert "would drop 3 of the 3 documents" in error
    assert "(0 could not be read, 3 are no longer in the corpus folder)" in error
    _answers(index, first)
    allowed = run(index_command(unmounted, index, "--allow-shrink"))
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.startswith("Published snapshot")
    assert IndexDir(index).current_name() != first
    assert MinutesService(Settings(index=index)).search("distansarbete").hits == []


def test_unreadable_folders_holding_every_document_are_refused(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index).snapshot
    folders = [small_corpus / "styrelsen", small_corpus / "ledningsgruppen"]
    for folder in folders:
        folder.chmod(0)
    try:
        result = run(without_root_file_access() + index_command(small_corpus, index))
    finally:
        for folder in folders:
            folder.chmod(0o755)
    error = one_line_error(result)
    assert "would drop 3 of the 3 documents" in error and "(3 could not be read" in error
    assert "styrelsen/: folder cannot be read (permission denied)" in result.stdout
    _answers(index, first)


def test_many_failures_that_drop_most_documents_are_refused(tmp_path, build_index):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    for n in range(30):
        write(corpus / f"2021-{1 + n % 12:02d}-{1 + n:02d}.txt", f"Möte {n}\n\nDistansarbete {n}.")
    build_index(corpus, index)
    broken = sorted(corpus.iterdir())[: MANY_FAILURES + 1]
    for path in broken:
        path.write_bytes(b"")  # "empty file"
    with pytest.raises(ShrinkRefused, match="would drop 21 of the 30 documents") as refused:
        build_index(corpus, index)
    assert len(refused.value.summary.failed) == MANY_FAILURES + 1
    assert vars(refused.value.summary.documents)["removed"] == 21
    for path in broken[:-2]:  # with 19 failures, dropping 21 of 30 passes
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    assert build_index(corpus, index).published


def test_max_shrink_from_the_environment_is_obeyed(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index).snapshot
    (small_corpus / "ledningsgruppen" / "2020-03-12.md").unlink()  # 1 of 3 documents
    error = one_line_error(
        run(index_command(small_corpus, index), env={"MINUTES_MAX_SHRINK": "0.2"})
    )
    assert "would drop 1 of the 3 documents" in error
    _answers(index, first)
    allowed = run(index_command(small_corpus, index), env={"MINUTES_MAX_SHRINK": "0.5"})
    assert allowed.returncode == 0, allowed.stderr
    assert IndexDir(index).current_name() != first
