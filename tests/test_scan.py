import os

from indexer.scan import scan_corpus


def _touch(path, text="x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_finds_documents_tomls_and_skips_other_types(tmp_path):
    _touch(tmp_path / "a" / "protokoll.txt")
    _touch(tmp_path / "a" / "meeting.toml")
    _touch(tmp_path / "a" / "bilagor" / "bild.pdf")
    _touch(tmp_path / "b.md")
    _touch(tmp_path / "data.xlsx")
    _touch(tmp_path / ".hidden.txt")
    _touch(tmp_path / ".git" / "x.txt")
    result = scan_corpus(tmp_path)
    assert [f.rel for f in result.documents] == ["b.md", "a/protokoll.txt", "a/bilagor/bild.pdf"]
    assert [f.rel for f in result.meeting_tomls] == ["a/meeting.toml"]
    assert result.skipped == ["data.xlsx"]
    assert result.documents[0].size == 1


def test_ignore_file_and_exclude_patterns(tmp_path):
    _touch(tmp_path / ".minutesignore", "*.tsv\ndrafts/\n")
    _touch(tmp_path / "MANIFEST.md")
    _touch(tmp_path / "x" / "SOURCES.tsv")
    _touch(tmp_path / "drafts" / "utkast.md")
    _touch(tmp_path / "x" / "2020-01-01.md")
    result = scan_corpus(tmp_path, exclude=["MANIFEST.md"])
    assert [f.rel for f in result.documents] == ["x/2020-01-01.md"]
    assert result.skipped == []


def test_skip_dirs_leaves_out_an_index_inside_the_corpus(tmp_path):
    _touch(tmp_path / "idx" / "snapshots" / "s" / "a.txt")
    _touch(tmp_path / "m.txt")
    result = scan_corpus(tmp_path, skip_dirs=[tmp_path / "idx"])
    assert [f.rel for f in result.documents] == ["m.txt"]


def test_link_outside_the_corpus_is_reported_not_followed(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "secret.txt"
    _touch(outside, "hemligt")
    _touch(corpus / "real.txt")
    os.symlink(outside, corpus / "link.txt")
    os.symlink(corpus / "real.txt", corpus / "alias.txt")
    result = scan_corpus(corpus)
    assert [f.rel for f in result.documents] == ["real.txt"]
    assert result.problems == [("link.txt", "link to a file outside the corpus (not followed)")]
    assert result.skipped == ["alias.txt"]


def test_names_that_are_not_utf8_are_problems_shown_with_their_bytes(tmp_path):
    _touch(tmp_path / "bra" / "protokoll.txt")
    _touch(tmp_path / "bra" / "m\udcf6te.txt")  # "möte" in Latin-1: the byte 0xf6
    _touch(tmp_path / "gammal\udce5" / "protokoll.txt")
    result = scan_corpus(tmp_path)
    assert [f.rel for f in result.documents] == ["bra/protokoll.txt"]
    assert result.problems == [
        (
            "gammal\\xe5",
            "the folder name is not valid UTF-8: rename the folder to index what it holds",
        ),
        ("bra/m\\xf6te.txt", "the file name is not valid UTF-8: rename the file to index it"),
    ]
