import datetime as dt
import json

import pytest

from indexer.passage_sentences import passage_sentences, sentence_embedding_text
from search.answerers.extractive import (
    ExtractiveAnswerer,
    ScoredSentence,
    SentenceSource,
    compose,
    rank_sentences,
)
from search.answers import Answer, abstention_text, filters_phrase, meeting_label
from search.question import Question
from search.question_terms import coverage, term_weights
from search.results import DocumentRef, Filters, Hit, MeetingRef, Passage
from search.retriever import Retriever
from search.snapshot import IndexReader
from tests.conftest import write
from tests.small_index import all_hits, small_corpus_snapshot


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory, store):
    """The small corpus indexed with the fake embedder (in each store)."""
    return small_corpus_snapshot(tmp_path_factory.mktemp("answer"), store=store)


@pytest.fixture(scope="module")
def hits(snapshot):
    return all_hits(snapshot)


@pytest.fixture(scope="module")
def model_snapshot(tmp_path_factory, embedder):
    """The small corpus indexed with the real model: its sentences' vectors are the model's."""
    return small_corpus_snapshot(tmp_path_factory.mktemp("answer-model"), embedder)


@pytest.fixture(scope="module")
def model_hits(model_snapshot):
    return all_hits(model_snapshot)


def passage(text: str, meeting: MeetingRef, *, section: str | None = None, n: int = 0) -> Passage:
    document = DocumentRef(f"doc-{meeting.id}", f"{meeting.id}.txt", "minutes", meeting.title, None)
    return Passage(f"{meeting.id}-{n}", n, text, 0, len(text), (), section, document, meeting)


def meeting(id: str, title: str, date: dt.date | None) -> MeetingRef:
    return MeetingRef(id, title, date, date, None)


def extractive_answer(question: str, hits, source: SentenceSource, embedder) -> Answer:
    asked = Question(question, embedder.embed_query)
    return ExtractiveAnswerer(source).answer(asked, hits)


def scored(hit: Hit, index: int = 0) -> ScoredSentence:
    sentence = passage_sentences(hit.passage)[index]
    return ScoredSentence(hit, sentence, frozenset())


# --- extractive answers on a real index -------------------------------------------------------
# The sentences of an answer are chosen by their similarity to the question: the real model.


@pytest.mark.model
def test_a_decision_outranks_the_discussion_when_the_question_asks_what_was_decided(
    model_snapshot, model_hits, embedder
):
    question = Question("Vad beslutades om distansarbete?", embedder.embed_query)
    ranked = [s.text for s in rank_sentences(question, model_hits, model_snapshot)]
    decision = "Beslut: Styrelsen beslutade att distansarbete tillåts två dagar per vecka."
    discussion = "Styrelsen diskuterade distansarbete efter pandemin."
    assert ranked[0] == decision
    assert ranked.index(decision) < ranked.index(discussion)


@pytest.mark.model
def test_an_answer_cites_the_passage_its_sentences_come_from(model_snapshot, embedder):
    question = "Vad beslutades om distansarbete?"
    reader = IndexReader(model_snapshot.path.parent.parent, embedder=embedder)
    found = Retriever(reader).search(question, top_k=8)
    answer = extractive_answer(question, found, model_snapshot, embedder)
    assert answer.answered and answer.mode == "extractive" and answer.note is None
    assert answer.text.startswith(
        "Styrelsemöte i maj (2021-05-19): "
        "Beslut: Styrelsen beslutade att distansarbete tillåts två dagar per vecka."
    )
    assert "[1]" in answer.text
    first = answer.citations[0]
    assert first.n == 1
    assert "Beslut: Styrelsen beslutade att distansarbete" in first.passage.text
    assert first.quote.startswith("Beslut: Styrelsen beslutade")
    assert answer.hits == found


@pytest.mark.model
def test_an_unrelated_question_is_abstained_on_and_the_hits_are_kept(
    model_snapshot, model_hits, embedder
):
    question = "Vad kostade julbordet på Mars?"
    answer = extractive_answer(question, model_hits, model_snapshot, embedder)
    assert not answer.answered
    assert answer.text == (
        "Jag hittar inget om ”vad kostade julbordet på Mars” i protokollen. "
        "Här är de närmaste avsnitten:"
    )
    assert answer.citations == []
    assert answer.hits == model_hits


def test_the_series_and_period_a_question_names_do_not_count_against_an_answer(
    tmp_path, build_index, fake_embedder
):
    """The minutes seldom repeat their series' name or date: "Vem är kassör i Ludd 2019?"
    asks about "kassör", which every hit holds; "Ludd" and "2019" (the hints' words, in no
    passage) made the best sentence hold too little of the question, and it was refused."""
    for day, text in [
        ("2019-02-01", "Kassören redovisade kassan."),
        ("2019-03-01", "Kassören har betalat fakturan."),
        ("2019-03-14", "Beslut: att välja Oscar Brink till kassör."),
        ("2019-04-01", "Kassören och sekreteraren byter roller."),
    ]:
        write(tmp_path / "corpus" / "ludd" / f"{day}.txt", f"1. Ekonomi\n{text}\n")
    build_index(tmp_path / "corpus", tmp_path / "index")
    reader = IndexReader(tmp_path / "index", embedder=fake_embedder)
    snapshot, retriever = reader.snapshot(), Retriever(reader)
    question = retriever.question("Vem är kassör i Ludd 2019?", snapshot)
    hits = retriever.search(question, snapshot=snapshot, top_k=8)
    answer = ExtractiveAnswerer(snapshot).answer(question, hits)
    assert answer.answered and answer.citations[0].passage == hits[0].passage


def test_what_a_question_asks_about_leaves_out_its_hints_and_how_it_asks(fake_embedder):
    asked = Question(
        "Fick Ludd pengar hösten 2019?", fake_embedder.embed_query, series_names=["ludd"]
    )
    assert asked.asked_about.split() == ["pengar", "?"]
    decided = Question("Vad beslutades om distansarbete?", fake_embedder.embed_query)
    assert decided.asked_about.split() == ["Vad", "om", "distansarbete?"]
    counted = Question("Hur många mål gjorde Zlatan?", fake_embedder.embed_query)
    assert counted.asked_about.split() == ["mål", "Zlatan?"]


def test_no_hits_gives_an_abstention_without_pointing_at_passages(snapshot, fake_embedder):
    answer = extractive_answer("Vad beslutades om distansarbete?", [], snapshot, fake_embedder)
    assert not answer.answered
    assert answer.text == "Jag hittar inget om ”vad beslutades om distansarbete” i protokollen."


def test_a_question_in_english_is_answered_from_the_best_passage(snapshot, hits, fake_embedder):
    answer = extractive_answer("What was decided about remote work?", hits, snapshot, fake_embedder)
    assert answer.answered
    assert answer.citations[0].passage == hits[0].passage


def test_to_json_follows_the_contract(snapshot, hits, fake_embedder):
    answer = extractive_answer("Vad beslutades om distansarbete?", hits, snapshot, fake_embedder)
    data = json.loads(json.dumps(answer.to_json()))
    assert set(data) == {"question", "answered", "answer", "mode", "citations", "results"}
    assert data["answer"] == answer.text and data["mode"] == "extractive"
    citation = data["citations"][0]
    assert set(citation) == {"n", "passage_id", "quote", "page", "document", "meeting"}
    assert citation["passage_id"] == answer.citations[0].passage.id
    meeting = answer.citations[0].passage.meeting
    assert citation["meeting"] == {
        "id": meeting.id,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "series": meeting.series,
        "series_folder": meeting.series_folder,
        "organisation": None,
    }
    assert data["results"] == [json.loads(json.dumps(h.to_json())) for h in hits]
    answer.note = "LLM svarade inte; visar det extraktiva svaret"
    assert answer.to_json()["note"] == answer.note


# --- composing the text -------------------------------------------------------------------------


def test_sentences_are_grouped_by_meeting_in_date_order_with_numbered_citations():
    spring = meeting("m1", "Nätverkskonferens", dt.date(2021, 5, 19))
    earlier = meeting("m2", "Styrelsemöte", dt.date(2020, 3, 12))
    undated = meeting("m3", "Sobonas ledningsgrupp", None)
    a1 = Hit(1, 1.0, passage("Konferensen hålls i Gävle.", spring, n=1))
    a2 = Hit(2, 0.9, passage("Nästa konferens blir digital.", spring, n=2))
    b = Hit(3, 0.8, passage("Styrelsen beslutade att boka lokal.", earlier))
    c = Hit(4, 0.7, passage("Ledningsgruppen tar frågan vidare.", undated))
    text, citations = compose([scored(a1), scored(c), scored(b), scored(a2)])
    assert text == (
        "Styrelsemöte (2020-03-12): Styrelsen beslutade att boka lokal. [1]\n\n"
        "Nätverkskonferens (2021-05-19): Konferensen hålls i Gävle. [2] "
        "Nästa konferens blir digital. [3]\n\n"
        "Sobonas ledningsgrupp (utan datum): Ledningsgruppen tar frågan vidare. [4]"
    )
    assert [(c.n, c.passage) for c in citations] == [
        (1, b.passage),
        (2, a1.passage),
        (3, a2.passage),
        (4, c.passage),
    ]
    assert citations[1].quote == "Konferensen hålls i Gävle."


def test_sentences_of_one_passage_share_one_citation_and_their_list_item():
    board = meeting("m1", "Styrelsemöte", dt.date(2019, 12, 11))
    text = "- Opera julstuga\n  - Bättre med helt julbord\n  - Kolla med Opera om tid"
    hit = Hit(1, 1.0, passage(text, board))
    composed, citations = compose([scored(hit, 1), scored(hit, 0)])
    assert composed == (
        "Styrelsemöte (2019-12-11): Opera julstuga: Bättre med helt julbord. "
        "Kolla med Opera om tid. [1]"
    )
    assert len(citations) == 1


def test_a_meeting_label_says_the_date_once_in_one_form():
    assert meeting_label(meeting("m", "Möte 2023-05-01", dt.date(2023, 5, 1))) == "Möte 2023-05-01"
    two_days = MeetingRef("m", "Kongress", dt.date(2021, 5, 19), dt.date(2021, 5, 21), None)
    assert meeting_label(two_days) == "Kongress (2021-05-19–2021-05-21)"
    spelled = MeetingRef(
        "m", "Nätverkskonferens 19–20 maj 2021", dt.date(2021, 5, 19), dt.date(2021, 5, 20), None
    )
    assert meeting_label(spelled) == "Nätverkskonferens 19–20 maj 2021"
    other_day = meeting("m", "Inför årsmötet 3 mars 2023", dt.date(2023, 2, 1))
    assert meeting_label(other_day) == "Inför årsmötet 3 mars 2023 (2023-02-01)"


def test_abstention_names_what_was_asked():
    assert abstention_text("Vem valdes till kassör?", has_hits=False) == (
        "Jag hittar inget om ”vem valdes till kassör” i protokollen."
    )
    assert abstention_text("LiTHe kods budget?").startswith("Jag hittar inget om ”LiTHe kods")


@pytest.mark.parametrize(
    ("filters", "phrase"),
    [
        (Filters(date_from=dt.date(2021, 1, 1)), "med filtret från 2021-01-01"),
        (
            Filters(dt.date(2021, 1, 1), dt.date(2021, 6, 30), kind="minutes"),
            "med filtren från 2021-01-01 till 2021-06-30 och bara protokoll",
        ),
        (
            Filters(date_to=dt.date(2020, 12, 31), series="LUDD", kind="attachment"),
            "med filtren till 2020-12-31, mötesserien ”LUDD” och bara bilagor",
        ),
        (Filters(), ""),
    ],
)
def test_a_refusal_names_the_active_filters(filters, phrase):
    assert filters_phrase(filters) == phrase
    text = abstention_text("Vem valdes till kassör?", has_hits=False, filters=filters)
    scope = f" {phrase}" if phrase else ""
    assert text == f"Jag hittar inget om ”vem valdes till kassör” i protokollen{scope}."


def test_an_abstention_within_filters_names_them(snapshot, hits, fake_embedder):
    filters = Filters(date_from=dt.date(2021, 1, 1))
    question = Question("Vem vann VM i fotboll?", fake_embedder.embed_query, None, filters)
    answer = ExtractiveAnswerer(snapshot).answer(question, hits)
    assert not answer.answered
    assert "i protokollen med filtret från 2021-01-01. Här är" in answer.text


# --- sentences of a passage ---------------------------------------------------------------------


def test_passage_sentences_join_labels_and_verdicts_and_drop_headings():
    board = meeting("m1", "Styrelsemöte", dt.date(2023, 5, 1))
    text = (
        "## Avslutningsmiddag\n"
        "Femme++ har äskat 900kr för en middag.\n\n"
        "Att: Godkänna äskningen på 900kr.\n\n"
        "Beslut: Attsats bifalles\n\n"
        "Beslut:\nStyrelsen bjuder på fika."
    )
    sentences = passage_sentences(passage(text, board, section="Avslutningsmiddag"))
    assert [s.shown for s in sentences] == [
        "Femme++ har äskat 900kr för en middag.",
        "Att: Godkänna äskningen på 900kr. Beslut: Attsats bifalles",
        "Beslut: Styrelsen bjuder på fika.",
    ]
    embedded = sentence_embedding_text(sentences[0], "Avslutningsmiddag")
    assert embedded == "Avslutningsmiddag: Femme++ har äskat 900kr för en middag."
    verdict = sentences[1]
    assert text[verdict.start : verdict.end].endswith("Attsats bifalles")


@pytest.mark.parametrize(
    ("text", "section", "shown"),
    [
        (
            "1. Sobonadagarna (information) Det blir inga Sobona dagar i Gävle i år.",
            "1. Sobonadagarna",
            "Det blir inga Sobona dagar i Gävle i år.",
        ),
        (
            "3. Budget (beslut) Budgeten för 2021 fastställs.",
            None,
            "Budgeten för 2021 fastställs.",
        ),
        ("§ 5 Val av justerare Mötet valde Kalle.", "§ 5 Val av justerare", "Mötet valde Kalle."),
        ("Information:\nKansliet flyttar i maj.", None, "Kansliet flyttar i maj."),
        ("Diskussion: Vi pratade om fika.", None, "Vi pratade om fika."),
        (
            "Sobonadagarna flyttas till 2021.",
            "1. Sobonadagarna",
            "Sobonadagarna flyttas till 2021.",
        ),
        ("5 lag anmälda till NCPC.", None, "5 lag anmälda till NCPC."),
        ("Beslut:\nKansliet flyttar i maj.", None, "Beslut: Kansliet flyttar i maj."),
    ],
)
def test_agenda_numbers_headings_and_kind_labels_open_no_sentence(text, section, shown):
    board = meeting("m1", "Styrelsemöte", dt.date(2020, 3, 12))
    [sentence] = passage_sentences(passage(text, board, section=section))
    assert sentence.shown == shown
    assert " ".join(text[sentence.start : sentence.end].split()) == shown


def test_an_answer_keeps_the_offsets_of_its_sentences():
    board = meeting("m1", "Styrelsemöte", dt.date(2020, 3, 12))
    text = "1. Sobonadagarna (information) Det blir inga Sobona dagar i Gävle i år."
    hit = Hit(1, 1.0, passage(text, board, section="1. Sobonadagarna"))
    composed, [citation] = compose([scored(hit)])
    assert composed == "Styrelsemöte (2020-03-12): Det blir inga Sobona dagar i Gävle i år. [1]"
    assert [text[a:b] for a, b in citation.spans] == ["Det blir inga Sobona dagar i Gävle i år."]


def test_a_list_item_is_shown_under_the_item_it_hangs_from():
    board = meeting("m1", "Styrelsemöte", dt.date(2021, 12, 9))
    text = "- Röda Armens Gosskör\n  - Verk och VOrdf kan skriva ett mail\n- Fika efter mötet"
    sentences = passage_sentences(passage(text, board))
    assert [s.shown for s in sentences] == [
        "Röda Armens Gosskör: Verk och VOrdf kan skriva ett mail",
        "Fika efter mötet",
    ]


# --- question terms -----------------------------------------------------------------------------


def test_words_that_every_passage_holds_weigh_less_than_rare_ones():
    passages = ["LiTHe kod bokar sal.", "LiTHe kod köper pizza.", "LiTHe kod har distansarbete."]
    weights = term_weights("Har LiTHe kod distansarbete?", passages)
    assert weights["distansarbet"] > weights["lith"] == weights["kod"]
    assert coverage(weights, {"distans"}) == pytest.approx(
        weights["distansarbet"] / sum(weights.values())
    )
    assert coverage(weights, {"pizza"}) == 0.0
    assert coverage({}, {"pizza"}) == 0.0


def test_an_answer_keeps_what_it_was_built_from():
    answer = Answer("Fråga?", False, "Inget.", "extractive", [], [])
    assert "note" not in answer.to_json()
