"""Permissions applied: the service of a signed-in user returns, cites, counts and lists only
what that user may read, and so do the web app's pages (run by Streamlit's AppTest as a
signed-in user)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from search.access import Access, AccessRules, Rule
from search.results import Filters
from search.service import AccessDenied, MinutesService
from search.settings import Settings
from search.webapp import texts
from tests.conftest import write

APP = Path(__file__).resolve().parents[1] / "app.py"
BOARD = "1. Kanslichefen\nStyrelsen diskuterade kanslichefen.\nBeslut: Kanslichefen sägs upp.\n"
MEMBERS = "1. Lokalen\nÅrsmötet diskuterade kanslichefen.\nBeslut: Lokalen hyrs från hösten.\n"
RULES = AccessRules((Rule("*", ("medlemmar",)), Rule("*/styrelse/**", ("styrelsen",))))


@pytest.fixture(scope="module")
def access_settings(tmp_path_factory, fake_embedder, store) -> Settings:
    """Twelve board meetings and five members' meetings, all about the kanslichef."""
    from indexer.build import IndexBuild

    root = tmp_path_factory.mktemp("access")
    for n in range(12):
        write(root / "corpus" / "forening" / "styrelse" / f"2023-01-{n + 1:02d}.txt", BOARD)
    for n in range(5):
        write(root / "corpus" / "forening" / "arsmote" / f"2022-02-{n + 1:02d}.txt", MEMBERS)
    model, index = fake_embedder.model_id, root / "index"
    IndexBuild(root / "corpus", index, model=model, embedder=fake_embedder, store=store).run()
    return Settings(index=index, store=store)


def _service(settings: Settings, *groups: str) -> MinutesService:
    return MinutesService(settings).reading_as(Access(RULES, groups))


def _is_board(path: str) -> bool:
    return "/styrelse/" in path


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_retrieval_with_a_mask_fills_top_k_from_the_readable_passages(access_settings, mode):
    """The board's passages rank first for the words asked; a member gets as many of the
    others as asked for."""
    service = MinutesService(access_settings)
    question = "Vad beslutades om kanslichefen sägs upp?"
    found = service.search(question, top_k=5, mode=mode).hits
    assert all(_is_board(hit.passage.document.path) for hit in found)
    members = Filters(access=Access(RULES, ("medlemmar",)))
    hits = service.retriever.search(question, top_k=5, filters=members, mode=mode)
    assert len(hits) == 5
    assert not any(_is_board(hit.passage.document.path) for hit in hits)


def test_a_member_is_never_answered_from_the_board(access_settings):
    answer = _service(access_settings, "medlemmar").ask("Vad beslutades om kanslichefen?", top_k=8)
    assert len(answer.hits) == 5  # one passage in each members' meeting
    paths = [h.passage.document.path for h in answer.hits]
    paths += [c.passage.document.path for c in answer.citations]
    assert paths and not any(_is_board(path) for path in paths)
    board = _service(access_settings, "medlemmar", "styrelsen").ask(
        "Vad beslutades om kanslichefen?"
    )
    assert any(_is_board(c.passage.document.path) for c in board.citations)


def test_the_last_meeting_is_the_last_one_the_user_may_read(access_settings):
    """ "förra mötet" is the board's last meeting for the board, and the last members'
    meeting for a member (not dropped because the board met later)."""
    question = "Vad sades på förra mötet?"
    board = _service(access_settings, "styrelsen").search(question, top_k=3).hits
    assert board[0].passage.meeting.date.isoformat() == "2023-01-12"
    member = _service(access_settings, "medlemmar").search(question, top_k=3).hits
    assert member[0].passage.meeting.date.isoformat() == "2022-02-05"
    within = Filters(series="forening/arsmote")
    everyone = MinutesService(access_settings).search(question, top_k=3, filters=within).hits
    assert everyone[0].passage.meeting.date.isoformat() == "2022-02-05"


def test_a_member_lists_no_board_meeting_decision_or_series(access_settings):
    member = _service(access_settings, "medlemmar")
    assert len(member.meetings()) == 5
    assert not any(_is_board(d.path) for m in member.meetings() for d in m.documents)
    assert [s.meetings for s in member.series_summaries()] == [5]
    decisions = member.decisions()
    assert len(decisions) == 5 and not any(_is_board(d.document.path) for d in decisions)
    assert member.decisions("Kanslichefen sägs upp") == []
    assert _service(access_settings, "styrelsen").decisions("Kanslichefen sägs upp")
    assert member.status()["counts"] == {"meetings": 5, "documents": 5, "chunks": 5}
    everyone = MinutesService(access_settings)
    assert len(everyone.meetings()) == 17 and len(everyone.series_summaries()) == 2
    assert len(everyone.decisions()) == 17


def test_a_member_may_not_open_a_board_passage_document_or_meeting(access_settings):
    everyone = MinutesService(access_settings)
    board = next(m for m in everyone.meetings() if _is_board(m.documents[0].path))
    document = board.documents[0]
    passage = everyone.search("kanslichefen sägs upp", top_k=1).hits[0].passage
    assert _is_board(passage.document.path)
    member = _service(access_settings, "medlemmar")
    for call, argument in [
        (member.passage, passage.id),
        (member.document, document.id),
        (member.original_file, document.id),
        (member.meeting, board.meeting.id),
    ]:
        with pytest.raises(AccessDenied):
            call(argument)
    assert member.meeting_decisions(board.meeting.id) == []
    assert _service(access_settings, "styrelsen").passage(passage.id) == passage


# --- the pages --------------------------------------------------------------------------------

ACCESS = '[access]\n"*" = ["medlemmar"]\n"*/styrelse/**" = ["styrelsen"]\n'
AUTH = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "{secret}"
client_id = "minutes"
client_secret = "hemligt"
server_metadata_url = "https://login.example.org/.well-known/openid-configuration"
"""
MEMBER = {"is_logged_in": True, "name": "Bertil Medlem", "groups": ["medlemmar"]}


@pytest.fixture
def app(access_settings, tmp_path, monkeypatch):
    """Runs the app with sign-in and the access table: ``app(user, **params)`` shows the URL
    of ``params`` to ``user``, and gives the run and all it shows as text."""
    monkeypatch.setenv("MINUTES_INDEX", str(access_settings.index))
    if access_settings.store:
        monkeypatch.setenv("MINUTES_STORE", access_settings.store)
    monkeypatch.setenv("MINUTES_CONFIG", str(write(tmp_path / "minutes.toml", ACCESS)))
    secrets = write(tmp_path / "secrets.toml", AUTH.format(secret="s" * 40))
    monkeypatch.setenv("MINUTES_AUTH_FILE", str(secrets))

    def run(user: dict, **params: str) -> tuple[AppTest, str]:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.user = user
        at.query_params.update(params)
        at.run()
        shown = [e.value for e in [*at.html, *at.warning, *at.error]]
        return at, "\n".join(str(value) for value in shown)

    return run


def _board_document(settings: Settings) -> tuple[str, str]:
    """A board meeting's id and its document's id."""
    everyone = MinutesService(settings)
    board = next(m for m in everyone.meetings() if _is_board(m.documents[0].path))
    return board.meeting.id, board.documents[0].id


def test_a_visitor_who_has_not_signed_in_sees_only_the_sign_in_page(app):
    at, shown = app({"is_logged_in": False}, page="moten")
    assert [button.label for button in at.button] == [texts.SIGN_IN]
    assert texts.SIGN_IN_TEXT in shown
    assert "<nav" not in shown and "kanslichefen" not in shown.lower()


def test_a_member_sees_their_name_and_the_sign_out_button(app):
    at, shown = app(MEMBER)
    assert texts.SIGNED_IN_AS.format(name="Bertil Medlem") in shown
    assert texts.SIGN_OUT in [button.label for button in at.sidebar.button]


def test_a_member_gets_no_board_link_decision_or_series(app, access_settings):
    meeting, document = _board_document(access_settings)
    for params in ({"document": document}, {"meeting": meeting}):
        at, shown = app(MEMBER, **params)
        assert texts.NOT_PERMITTED in shown
        assert "Kanslichefen sägs upp" not in shown and "2023" not in shown
    at, shown = app(MEMBER, page="beslut")
    assert "Lokalen hyrs" in shown and "sägs upp" not in shown
    at, shown = app(MEMBER, page="sok", q="kanslichefen sägs upp")
    assert re.search(r'href="\?passage=', shown) and "/styrelse/" not in shown
    assert "sägs upp" not in shown
    assert at.sidebar.selectbox(key="series").options == [texts.ALL_SERIES, "forening/arsmote"]


def test_permissions_without_sign_in_show_nothing_but_the_setting_error(app, monkeypatch):
    monkeypatch.delenv("MINUTES_AUTH_FILE")
    at, shown = app(MEMBER)
    assert texts.CONFIG_FAILED in shown
    assert "Inställningen access" in at.text[0].value
    assert "kanslichefen" not in shown.lower() and not at.button
