"""The LLM answerer against a small chat-completions server running in the test."""

from __future__ import annotations

import socket

import pytest

from search.answerers import FallbackAnswerer, LLMAnswerer
from search.answerers.chat_completions import build_messages, renumber_citations
from search.answers import Answer
from search.question import Question
from search.service import MinutesService
from search.settings import Settings
from tests.chat_server import ChatServer, chat_server
from tests.small_index import small_corpus_hits

QUESTION = "Vad beslutades om distansarbete?"


@pytest.fixture
def server():
    with chat_server() as chat:
        yield chat


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    return tmp_path_factory.mktemp("llm")


@pytest.fixture(scope="module")
def hits(root):
    return small_corpus_hits(root)


@pytest.fixture
def fallback(hits):
    return Answer(QUESTION, True, "Det extraktiva svaret [1]", "extractive", [], hits)


class FixedAnswerer:
    """An answerer that always gives one prepared answer: what the fallback said."""

    name = "extractive"

    def __init__(self, answer: Answer):
        self.fixed = answer

    def answer(self, question, hits) -> Answer:
        return self.fixed


def llm_answer(hits, fallback, **endpoint) -> Answer:
    answerer = FallbackAnswerer(LLMAnswerer(**endpoint), FixedAnswerer(fallback))
    return answerer.answer(Question(QUESTION, embed_query=lambda text: None), hits)


def ask(server: ChatServer, hits, fallback, *, api_key: str | None = "hemlig", timeout=5.0):
    return llm_answer(
        hits,
        fallback,
        base_url=server.base_url,
        model="testmodell",
        api_key=api_key,
        timeout=timeout,
    )


def test_the_prompt_numbers_the_passages_with_their_sources(server, hits, fallback):
    server.reply = "Distansarbete tillåts två dagar per vecka [1]."
    ask(server, hits, fallback)
    [(path, headers, body)] = server.requests
    assert path == "/v1/chat/completions"
    assert headers["Authorization"] == "Bearer hemlig"
    assert body["model"] == "testmodell"
    system, user = body["messages"]
    assert system["role"] == "system" and "[n]" not in system["content"]
    assert "svenska" in system["content"] and "[1]" in system["content"]
    content = user["content"]
    for n, hit in enumerate(hits, 1):
        assert f"[{n}] Möte: {hit.passage.meeting.title}" in content
        assert hit.passage.text.strip() in content
    assert "Möte: Styrelsemöte i maj (2021-05-19)" in content
    assert "(Bilaga till Styrelsemöte i maj)" in content
    assert content.endswith(f"Fråga: {QUESTION}")


def test_a_reply_becomes_an_answer_citing_the_passages_it_names(server, hits, fallback):
    server.reply = "Styrelsen beslutade att distansarbete tillåts två dagar per vecka [2][1]."
    answer = ask(server, hits, fallback, api_key=None)
    assert "Authorization" not in server.requests[0][1]
    assert answer.mode == "llm" and answer.answered and answer.note is None
    assert (
        answer.text == "Styrelsen beslutade att distansarbete tillåts två dagar per vecka [1][2]."
    )
    assert [(c.n, c.passage) for c in answer.citations] == [
        (1, hits[1].passage),
        (2, hits[0].passage),
    ]
    assert answer.citations[0].quote in hits[1].passage.text
    [(start, end)] = answer.citations[0].spans
    assert hits[1].passage.text[start:end] == answer.citations[0].quote
    assert answer.hits == hits


def test_citations_of_passages_that_were_not_given_are_removed_and_flagged(server, hits, fallback):
    server.reply = "Distansarbete tillåts [1]. Budgeten fastställdes [9]."
    answer = ask(server, hits, fallback)
    assert answer.text == "Distansarbete tillåts [1]. Budgeten fastställdes."
    assert answer.note == "Tog bort hänvisningar till källor som inte fanns: [9]"
    assert [c.passage for c in answer.citations] == [hits[0].passage]


def test_a_reply_without_citations_is_not_an_answer(server, hits, fallback):
    server.reply = "Jag vet inte."
    answer = ask(server, hits, fallback)
    assert not answer.answered and answer.text == "Jag vet inte." and answer.citations == []


def test_a_server_slower_than_the_timeout_gives_the_extractive_answer(server, hits, fallback):
    server.delay = 1.0
    answer = ask(server, hits, fallback, timeout=0.2)
    assert answer.mode == "extractive" and answer.text == fallback.text
    assert answer.note == (
        "Språkmodellen kunde inte nås (inget svar inom 0.2 s); visar det extraktiva svaret."
    )
    assert fallback.note is None


def test_a_server_error_gives_the_extractive_answer(server, hits, fallback):
    server.status = 500
    answer = ask(server, hits, fallback)
    assert answer.mode == "extractive" and answer.text == fallback.text
    assert answer.note == (
        "Språkmodellen kunde inte nås (servern svarade med HTTP-fel 500); "
        "visar det extraktiva svaret."
    )


def test_a_malformed_reply_gives_the_extractive_answer(server, hits, fallback):
    server.raw = b"<html>inte json</html>"
    answer = ask(server, hits, fallback)
    assert answer.mode == "extractive"
    assert "servern gav ett svar i fel format" in answer.note


def test_no_server_gives_the_extractive_answer(hits, fallback):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    answer = llm_answer(
        hits, fallback, base_url=f"http://127.0.0.1:{port}/v1", model="m", api_key=None, timeout=2.0
    )
    assert answer.mode == "extractive"
    assert answer.note == (
        f"Språkmodellen kunde inte nås (ingen server svarar på http://127.0.0.1:{port}/v1); "
        "visar det extraktiva svaret."
    )


def test_renumbering_keeps_grouped_citations_and_drops_unknown_ones():
    text, order, unknown = renumber_citations("A [3, 9]. B [1; 3]. C [12] [9].", given=4)
    assert text == "A [1]. B [2, 1]. C."
    assert order == [3, 1]
    assert unknown == [9, 12]


def test_messages_are_built_for_no_passages():
    system, user = build_messages("Vad hände?", [])
    assert user["content"].endswith("Fråga: Vad hände?")


def _service(root, server: ChatServer) -> MinutesService:
    settings = Settings(index=root / "index", llm_base_url=server.base_url, llm_model="m")
    return MinutesService(settings)


def test_the_service_answers_with_the_configured_model(server, hits, root):
    server.reply = "Distansarbete tillåts två dagar per vecka [1]."
    answer = _service(root, server).ask("Vad beslutades om distansarbete?")
    assert (answer.mode, answer.answered) == ("llm", True)
    assert answer.citations[0].passage.id in {hit.passage.id for hit in answer.hits}


def test_the_service_falls_back_to_an_extractive_answer(server, hits, root):
    server.status = 500
    answer = _service(root, server).ask("Vad beslutades om distansarbete?")
    assert (answer.mode, answer.answered) == ("extractive", True)
    assert "[1]" in answer.text and "Språkmodellen kunde inte nås" in answer.note
