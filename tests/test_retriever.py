import datetime as dt
from pathlib import Path

import pytest

import search.retriever as retriever_module
from indexer.build import IndexBuild
from search.rankers import Ranking, dense_ranker
from search.results import Filters
from search.retriever import Retriever
from search.snapshot import IndexReader, ModelMismatch
from tests.conftest import write

BUDGET = (
    "Kassören redovisade budgeten för {year}. Budgeten fastställdes med ett litet överskott, "
    "och kassören fick i uppdrag att redovisa utfallet för revisorerna före nästa möte."
)

MEETINGS = {
    "styrelsen/2019-09-10.md": f"""# Styrelsemöte 2019-09-10

## Budget
{BUDGET.format(year=2019)}

## Distansarbete
Styrelsen beslutade att distansarbete tillåts två dagar per vecka för alla anställda.
Arbetsgivaren ska se till att arbete hemifrån fungerar med bra utrustning och uppföljning.
""",
    "styrelsen/2020-03-15.md": f"""# Styrelsemöte 2020-03-15

## Budget
{BUDGET.format(year=2020)}

## Covid
Alla resor ställs in till och med april på grund av smittspridningen i landet.
Mötet hölls på distans, och nästa möte hålls också på distans om läget inte ändras.
""",
    "styrelsen/2021-05-19/protokoll.md": """# Styrelsemöte 2021-05-19

## Hemsidan
Föreningens hemsida flyttas till en ny server hos ett annat webbhotell i sommar.
Sekreteraren ansvarar för flytten och meddelar medlemmarna när den är klar.

## Kaffemaskinen
Den gamla kaffemaskinen är trasig och en ny köps in för 3000 kr till lokalen.
Kassören beställer den nya maskinen och ordnar med bortforsling av den gamla.
""",
    "styrelsen/2021-05-19/bilagor/bilaga-1-enkat.md": """# Enkät

## Svar
80 procent av medlemmarna vill arbeta hemifrån minst en dag i veckan efter pandemin.
Svaren samlades in under april och maj, och nästan hälften av medlemmarna svarade.

## Kommentarer
Medlemmarna vill ha en ny kaffemaskin i lokalen och bättre stolar i mötesrummet.
Flera önskar också att möten ska kunna följas på distans med en konferenstelefon.
""",
    "arsmote/2019-03-14.md": f"""# Årsmöte 2019-03-14

## Val av ordförande
Anna Berg valdes till ordförande för verksamhetsåret. Valberedningen hade föreslagit
henne enhälligt, och mötet valde henne med acklamation utan någon motkandidat.

## Budget
{BUDGET.format(year=2019)}
""",
    "styrelsen/2018-01-10.md": "# Styrelsemöte 2018-01-10\n\n"
    + "\n\n".join(
        f"## Lokalen del {n}\nLokalen i källaren behöver städas och målas om, del {n}. "
        "Golvet ska slipas, väggarna målas vita och de gamla hyllorna slängas innan vi "
        "flyttar tillbaka möblerna och kan använda lokalen igen."
        for n in range(1, 8)
    )
    + "\n",
}


def _index(tmp_path_factory, embedder, store: str | None = None) -> Path:
    root = tmp_path_factory.mktemp("retriever")
    for rel, text in MEETINGS.items():
        write(root / "corpus" / rel, text)
    model = embedder.model_id
    IndexBuild(root / "corpus", root / "index", model=model, embedder=embedder, store=store).run()
    return root / "index"


@pytest.fixture(scope="module")
def retriever(tmp_path_factory, fake_embedder, store) -> Retriever:
    """An index of MEETINGS with the fake embedder (in each store), shared by the tests that
    only read it."""
    index = _index(tmp_path_factory, fake_embedder, store)
    return Retriever(IndexReader(index, store=store))


@pytest.fixture(scope="module")
def model_retriever(tmp_path_factory, embedder, store) -> Retriever:
    """An index of MEETINGS with the real model (in each store), for what the dense mode
    finds."""
    return Retriever(IndexReader(_index(tmp_path_factory, embedder, store), store=store))


# What the dense mode finds is what the model makes of the words: it runs on the real model.
DENSE = pytest.param("dense", marks=pytest.mark.model)


@pytest.fixture
def mode_retriever(request, mode, store) -> Retriever:
    """The retriever for ``mode`` (parametrized): the real model's for the dense mode."""
    return request.getfixturevalue("model_retriever" if mode == "dense" else "retriever")


def paths(hits) -> list[str]:
    return [hit.passage.document.path for hit in hits]


@pytest.mark.parametrize("mode", ["hybrid", DENSE, "lexical"])
def test_each_mode_finds_the_known_answer(mode_retriever, mode):
    hits = mode_retriever.search("Vem valdes till ordförande?", top_k=3, mode=mode)
    assert "Anna Berg valdes" in hits[0].passage.text
    hits = mode_retriever.search("trasig kaffemaskin", top_k=3, mode=mode)
    assert "kaffemaskinen är trasig" in hits[0].passage.text


def test_hits_are_ranked_from_one_with_falling_scores(retriever):
    hits = retriever.search("budget", top_k=5)
    assert [hit.rank for hit in hits] == [1, 2, 3, 4, 5]
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))


def test_date_filter_keeps_meetings_in_the_range(retriever):
    filters = Filters(date_from=dt.date(2020, 1, 1), date_to=dt.date(2020, 12, 31))
    hits = retriever.search("budget", top_k=10, filters=filters)
    assert hits and {hit.passage.meeting.date.year for hit in hits} == {2020}


def test_series_filter(retriever):
    hits = retriever.search("budget", top_k=10, filters=Filters(series="arsmote"))
    assert hits and {hit.passage.meeting.series for hit in hits} == {"arsmote"}


def test_kind_filter(retriever):
    hits = retriever.search("kaffemaskin", top_k=10, filters=Filters(kind="attachment"))
    assert paths(hits) == ["styrelsen/2021-05-19/bilagor/bilaga-1-enkat.md"] * len(hits)
    minutes = retriever.search("kaffemaskin", top_k=10, filters=Filters(kind="minutes"))
    assert minutes and all(hit.passage.document.kind == "minutes" for hit in minutes)


@pytest.mark.parametrize("mode", ["hybrid", DENSE])
def test_a_filter_still_fills_top_k(mode_retriever, monkeypatch, mode):
    """The best passages overall are in the 2018 meeting; filtered out, the others fill up."""
    monkeypatch.setattr(retriever_module, "POOL", 2)  # forces the pool to grow
    query = "Lokalen i källaren behöver städas"
    best = mode_retriever.search(query, top_k=2, mode=mode)
    assert paths(best) == ["styrelsen/2018-01-10.md"] * 2
    filters = Filters(date_from=dt.date(2019, 1, 1))
    hits = mode_retriever.search(query, top_k=6, filters=filters, mode=mode, per_document=10)
    assert len(hits) == 6
    assert "styrelsen/2018-01-10.md" not in paths(hits)


def test_per_document_cap(retriever, monkeypatch):
    monkeypatch.setattr(retriever_module, "POOL", 2)
    query = "Lokalen i källaren behöver städas"
    hits = retriever.search(query, top_k=8, per_document=3)
    assert len(hits) == 8
    assert paths(hits).count("styrelsen/2018-01-10.md") == 3
    uncapped = retriever.search(query, top_k=8, per_document=0)
    assert paths(uncapped).count("styrelsen/2018-01-10.md") == 7


def test_a_short_ranking_that_is_not_complete_grows_the_pool(retriever, monkeypatch):
    """Fewer rows than asked for, not complete (as from an approximate index), is asked again
    with a larger pool rather than taken as all there is."""
    monkeypatch.setattr(retriever_module, "POOL", 2)
    asked = []

    def short_dense_ranker(vectors, vector):
        rank = dense_ranker(vectors, vector)

        def short(mask, k):
            asked.append(k)
            return rank(mask, k) if k > 10 else Ranking(rank(mask, k).rows[:2], complete=False)

        return short

    monkeypatch.setattr(retriever_module, "dense_ranker", short_dense_ranker)
    hits = retriever.search("budget", top_k=5, mode="dense", per_document=0)
    assert len(hits) == 5 and asked == [10, 40]


def test_a_word_finds_the_compound_it_is_part_of(retriever):
    hits = retriever.search("distans", top_k=10, mode="lexical")
    assert any("distansarbete tillåts" in hit.passage.text for hit in hits)


@pytest.mark.parametrize("mode", ["hybrid", DENSE, "lexical"])
@pytest.mark.parametrize(
    ("question", "date"),
    [
        ("Vad sa kassören om budgeten hösten 2019?", dt.date(2019, 9, 10)),
        ("Vad sa kassören om budgeten våren 2020?", dt.date(2020, 3, 15)),
        ("Vad sa kassören om budgeten på årsmötet?", dt.date(2019, 3, 14)),
    ],
)
def test_time_and_series_in_the_question_favour_their_meeting(mode_retriever, question, date, mode):
    assert mode_retriever.search(question, top_k=1, mode=mode)[0].passage.meeting.date == date


def test_hints_do_not_hide_other_meetings(retriever):
    hits = retriever.search("Vad sa kassören om budgeten hösten 2019?", top_k=10)
    assert {hit.passage.meeting.date.year for hit in hits} >= {2019, 2020}


def test_nothing_found_for_words_not_in_the_index(retriever):
    assert retriever.search("xylofon zebra", top_k=5, mode="lexical") == []


def test_a_model_mismatch_is_refused(small_corpus, tmp_path, build_index):
    build_index(small_corpus, tmp_path / "index")
    reader = IndexReader(tmp_path / "index", model="sentence-transformers:/x")
    with pytest.raises(ModelMismatch, match="re-index"):
        Retriever(reader).search("distansarbete")


def test_what_the_hints_match_is_left_out_of_the_rankings(retriever):
    embedded: list[str] = []
    snapshot = retriever.reader.snapshot()
    question = retriever.question("Vad sa årsmötet om budgeten hösten 2019?", snapshot)
    question._embed_query = lambda text: embedded.append(text)
    assert question.series == ["arsmote"]
    assert question.terms == ["budget"]
    question.vector  # noqa: B018 - embeds on first use
    assert embedded == ["Vad sa om budgeten hösten 2019?"]


def test_a_question_made_only_of_hints_is_matched_whole(retriever):
    question = retriever.question("årsmötet 2019", retriever.reader.snapshot())
    assert question.terms == ["årsmöt", "2019"]


@pytest.mark.parametrize(
    ("text", "swedish"),
    [
        ("Vad sa kassören om budgeten?", True),
        ("Who was elected chair in 2019?", False),
        ("Which project ideas came up before the hackathon?", False),
        ("budgeten 2019", True),
    ],
)
def test_the_language_of_a_question(retriever, text, swedish):
    assert retriever.question(text, retriever.reader.snapshot()).is_swedish is swedish


def test_an_english_question_is_matched_without_its_function_words(retriever):
    snapshot = retriever.reader.snapshot()
    question = retriever.question("What did the treasurer say about the budget?", snapshot)
    assert "budget" in question.terms
    assert not {"what", "did", "the", "about"} & set(question.terms)
