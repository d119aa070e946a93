"""Sentences embedded at index time: stored beside the passages with their offsets and vectors,
embedded once (the cache), rebuilt when their version or the schema changes, and read by the
extractive answerer, so that answering embeds only the question."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from indexer.passage_sentences import display, passage_sentences, sentence_embedding_text
from indexer.store import IndexDir, read_manifest
from search.service import MinutesService
from search.settings import Settings
from search.snapshot import IndexReader
from tests.conftest import write

CHANGED = "ledningsgruppen/2020-03-12.md"


def _snapshot(index):
    return IndexReader(index).snapshot()


def _sentence_count(snapshot, path: str) -> int:
    passages = snapshot.meta.passages(range(len(snapshot)))
    rows = [row for row, p in passages.items() if p.document.path == path]
    return sum(len(found.sentences) for found in snapshot.sentences_of(rows).values())


def test_each_passage_s_sentences_are_stored_with_their_offsets_and_vectors(
    small_corpus, tmp_path, build_index, fake_embedder
):
    index = tmp_path / "index"
    summary = build_index(small_corpus, index)
    snapshot = _snapshot(index)
    passages = snapshot.meta.passages(range(len(snapshot)))
    stored = snapshot.sentences_of(passages)
    assert sum(len(found.sentences) for found in stored.values()) == summary.sentences > 10
    assert read_manifest(snapshot.path).counts.sentences == summary.sentences
    assert summary.sentences_embedded == summary.sentences
    for row, passage in passages.items():
        found = stored[row]
        assert found.sentences == passage_sentences(passage)  # what an answer would split
        for sentence in found.sentences:
            assert display(passage.text[sentence.start : sentence.end]) == sentence.text
        texts = [sentence_embedding_text(s, passage.section) for s in found.sentences]
        if texts:
            expected = fake_embedder.embed_passages(texts)
            assert np.allclose(found.vectors, expected, atol=2e-3)  # stored in half precision
    decision = "Beslut: Styrelsen beslutade att distansarbete tillåts två dagar per vecka."
    assert decision in {s.text for found in stored.values() for s in found.sentences}


def test_a_passage_without_sentences_has_none_stored(small_corpus, tmp_path, build_index):
    write(small_corpus / "tomt" / "2022-01-01.md", "# Möte\n\nÖppnande\n")
    index = tmp_path / "index"
    build_index(small_corpus, index)
    snapshot = _snapshot(index)
    passages = snapshot.meta.passages(range(len(snapshot)))
    [row] = [row for row, p in passages.items() if p.document.path == "tomt/2022-01-01.md"]
    found = snapshot.sentences_of([row])[row]
    assert found.sentences == [] and found.vectors.shape == (0, 384)


def test_re_indexing_embeds_only_the_sentences_of_what_changed(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    unchanged = build_index(small_corpus, index)
    assert not unchanged.published and unchanged.sentences_embedded == 0
    assert unchanged.sentences == first.sentences
    path = small_corpus / CHANGED
    write(path, path.read_text() + "\n## Almedalen\nVi åker inte till Almedalen i år.\n")
    changed = build_index(small_corpus, index)
    assert changed.published
    in_changed_file = _sentence_count(_snapshot(index), CHANGED)
    assert 1 <= changed.sentences_embedded <= in_changed_file
    assert changed.sentences_cached == changed.sentences - changed.sentences_embedded
    full = build_index(small_corpus, index, full=True)
    assert full.published and full.sentences_embedded == 0
    assert full.sentences_cached == full.sentences


def test_sentences_of_another_version_are_made_again(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    snapshot = IndexDir(index).current()
    older = replace(read_manifest(snapshot), sentences_version=0)
    (snapshot / "manifest.json").write_text(json.dumps(older.to_json()))
    summary = build_index(small_corpus, index)
    assert summary.published and summary.documents.unchanged == 3
    assert summary.sentences_embedded == 0 and summary.sentences_cached == first.sentences


def test_a_snapshot_of_an_older_schema_is_rebuilt(small_corpus, tmp_path, build_index):
    index = tmp_path / "index"
    first = build_index(small_corpus, index)
    snapshot = IndexDir(index).current()
    data = json.loads((snapshot / "manifest.json").read_text())
    del data["segments"]  # as a build before segments wrote it
    (snapshot / "manifest.json").write_text(json.dumps({**data, "schema_version": 4}))
    summary = build_index(small_corpus, index)
    assert summary.published and summary.snapshot != snapshot.name
    assert summary.sentences == first.sentences and summary.sentences_embedded == 0
    assert [v.shape for v in _snapshot(index).sentence_vectors] == [(first.sentences, 384)]


class CountingEmbedder:
    """The fake embedder, counting what it is asked to embed."""

    def __init__(self, embedder):
        self.embedder = embedder
        self.model_id, self.dim = embedder.model_id, embedder.dim
        self.queries: list[str] = []
        self.passages: list[str] = []

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return self.embedder.embed_query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passages += texts
        return self.embedder.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        return self.embedder.count_tokens(text)


def test_answering_embeds_only_the_question(small_corpus, tmp_path, build_index, fake_embedder):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    counting = CountingEmbedder(fake_embedder)
    service = MinutesService(Settings(index=index), embedder=counting)
    answer = service.ask("Vad beslutades om distansarbete i styrelsen?")
    assert answer.hits and answer.mode == "extractive"
    assert len(counting.queries) == 1  # the question (without the series it names)
    assert counting.passages == []
    answer = service.ask("Vad gäller för distansarbete?")
    assert answer.answered and answer.citations
    assert counting.passages == [] and len(counting.queries) == 2
