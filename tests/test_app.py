"""The web app's pages, run by Streamlit's AppTest against a real index of the sample corpus."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indexer.store import IndexDir
from search.service import MinutesService
from search.settings import Settings
from search.snapshot import IndexReader
from search.webapp import texts
from tests.conftest import write
from tests.snapshot_sql import query
from tests.webapp_corpus import EVIL_IMAGE, EVIL_LINK, EVIL_SCRIPT, EVIL_TITLE, shared_index

APP = Path(__file__).resolve().parents[1] / "app.py"
QUESTION = "Vad beslutades om distansarbete?"


@pytest.fixture(scope="module")
def index(tmp_path_factory, fake_embedder) -> Path:
    """The sample corpus plus the markup meeting (shared with the browser tests)."""
    return shared_index(tmp_path_factory, fake_embedder)


@pytest.fixture(scope="module")
def reader(index) -> IndexReader:
    return IndexReader(index)


@pytest.fixture(scope="module")
def model_index(tmp_path_factory, embedder) -> Path:
    """The same corpus indexed with the real model, for what an example question finds."""
    return shared_index(tmp_path_factory, embedder)


def _app(index: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("MINUTES_INDEX", str(index))
    return AppTest.from_file(str(APP), default_timeout=60)


@pytest.fixture
def app(index, monkeypatch) -> AppTest:
    return _app(index, monkeypatch)


@pytest.fixture
def model_app(model_index, monkeypatch) -> AppTest:
    return _app(model_index, monkeypatch)


def html(at: AppTest) -> str:
    return "\n".join(element.value for element in at.html)


def ask(at: AppTest, question: str, *settings) -> AppTest:
    """Ask ``question`` after applying each of ``settings`` (functions setting filters)."""
    at.run()
    for setting in settings:
        setting(at)
    at.text_input(key="question").input(question)
    at.button(key="submit").click()
    return at.run()


def passage_ids(at: AppTest) -> list[str]:
    return re.findall(r'href="\?passage=([0-9a-f]+)"', html(at))


def test_ask_shows_a_cited_answer_with_sources_timeline_and_status(app, reader):
    at = ask(app, QUESTION)
    assert not at.exception
    page = html(at)
    assert 'class="answer"' in page
    cited = re.findall(r'<a href="\?passage=([0-9a-f]+)" class="cite">\[1\]</a>', page)
    assert cited, page
    passage = reader.snapshot().meta.passage_by_id(cited[0])
    assert passage is not None
    assert "<mark>" in page and "istansarbete</mark>" in page
    assert texts.SOURCES_HEADING in [m.value.strip("# ") for m in at.markdown]
    assert at.get("vega_lite_chart"), "the timeline chart is missing"
    assert at.query_params["q"] == QUESTION
    assert "<dt>Dokument</dt><dd>7</dd>" in page


def test_an_abstention_is_said_plainly_with_the_nearest_passages(app, index):
    question = "Hur många mål gjorde Zlatan i VM?"
    expected = MinutesService(Settings(index=index)).ask(question)
    assert not expected.answered
    at = ask(app, question)
    assert f'<div class="notice" role="status">{escape(expected.text)}</div>' in html(at)
    assert 'class="answer"' not in html(at)
    assert len(passage_ids(at)) == len(expected.hits) > 0


MARKDOWN_LINK = "[klicka här](https://example.org/länk)"
MARKDOWN_IMAGE = "![bild](https://example.org/bild.png)"


def test_markdown_in_a_refused_question_is_shown_as_text(app, index):
    question = f"Hur många mål gjorde Zlatan i VM? {MARKDOWN_LINK} {MARKDOWN_IMAGE} **fet**"
    expected = MinutesService(Settings(index=index)).ask(question)
    assert not expected.answered and MARKDOWN_LINK in expected.text
    app.query_params["q"] = question
    at = app.run()
    assert not at.exception
    page = html(at)
    assert f"{escape(MARKDOWN_LINK)} {escape(MARKDOWN_IMAGE)} **fet**" in page
    assert '<a href="https://example.org' not in page and "<img" not in page
    rendered_as_markdown = [*at.markdown, *at.info, *at.warning, *at.caption]
    assert not [e.value for e in rendered_as_markdown if "example.org" in e.value]


@pytest.mark.model  # what the example question finds, on the real model
def test_an_example_question_is_asked_when_clicked(model_app):
    model_app.run()
    assert not passage_ids(model_app)
    example = model_app.button(key="example_1")
    assert example.label == texts.EXAMPLE_QUESTIONS[1]
    example.click()
    at = model_app.run()
    assert at.text_input(key="question").value == texts.EXAMPLE_QUESTIONS[1]
    assert passage_ids(at)
    assert "Sobonadag" in html(at)


def test_a_question_in_the_url_is_answered(app):
    app.query_params["q"] = QUESTION
    at = app.run()
    assert at.text_input(key="question").value == QUESTION
    assert 'class="answer"' in html(at)


def test_a_very_long_question_in_the_url_is_cut_with_a_notice(app):
    app.query_params["q"] = "distansarbete " * 8_000
    at = app.run()
    assert len(at.text_input(key="question").value) <= 2_000
    assert any("har kortats" in info.value for info in at.info)
    assert not at.exception


def test_a_very_long_search_of_the_decision_log_is_cut_with_a_notice(app):
    app.query_params.update({"page": "beslut", "q": "budget " * 8_000})
    at = app.run()
    assert len(at.text_input[0].value) == 2_000
    assert any("har kortats" in info.value for info in at.info)
    assert not at.exception


def test_a_question_of_only_control_characters_shows_the_examples(app):
    app.query_params["q"] = "\x00\x07 \t"
    at = app.run()
    assert not at.exception
    assert 'class="answer"' not in html(at)


def test_the_kind_filter_keeps_only_minutes(app, reader):
    at = ask(app, QUESTION, lambda at: at.radio(key="kind").set_value("Protokoll"))
    ids = passage_ids(at)
    assert ids
    kinds = {reader.snapshot().meta.passage_by_id(i).document.kind for i in ids}
    assert kinds == {"minutes"}


def test_the_series_filter_keeps_only_that_series(app, reader):
    series = "Sobona – ledningsgruppen"
    at = ask(app, QUESTION, lambda at: at.selectbox(key="series").set_value(series))
    ids = passage_ids(at)
    assert ids
    assert {reader.snapshot().meta.passage_by_id(i).meeting.series for i in ids} == {series}


def dates(start: dt.date, end: dt.date):
    def setting(at: AppTest) -> None:
        at.date_input(key="date_from").set_value(start)
        at.date_input(key="date_to").set_value(end)

    return setting


def test_a_date_range_keeps_only_its_meetings(app, reader):
    at = ask(app, QUESTION, dates(dt.date(2021, 5, 1), dt.date(2021, 5, 31)))
    ids = passage_ids(at)
    assert ids
    days = {reader.snapshot().meta.passage_by_id(i).meeting.date for i in ids}
    assert days == {dt.date(2021, 5, 19)}


def test_a_date_range_without_meetings_finds_nothing(app):
    at = ask(app, QUESTION, dates(dt.date(1990, 1, 1), dt.date(1990, 12, 31)))
    assert not passage_ids(at)
    assert texts.NO_HITS in [info.value for info in at.info]


def test_reversed_dates_are_pointed_out(app):
    at = ask(app, QUESTION, dates(dt.date(2022, 1, 1), dt.date(2021, 1, 1)))
    assert texts.DATES_REVERSED in [w.value for w in at.sidebar.warning]
    assert not passage_ids(at)


def test_a_passage_link_shows_its_document_highlighted_with_the_meeting(app, reader):
    snapshot = reader.snapshot()
    row = query(snapshot, "SELECT id FROM chunks WHERE text LIKE '%Kansliet fortsätter%'")[0]
    passage = snapshot.meta.passage_by_id(row["id"])
    app.query_params["passage"] = passage.id
    at = app.run()
    assert not at.exception
    page = html(at)
    marked = re.search(r'<mark class="passage" id="passage-mark">(.*?)</mark>', page, re.S)
    assert marked and "Kansliet fortsätter med distansarbete" in marked[1]
    assert passage.document.title in page  # an attachment is titled by itself ...
    assert f"Bilaga till {passage.meeting.title}" in page  # ... and tied to its meeting
    assert "Bild 4" in page
    siblings = re.findall(r'href="\?document=([0-9a-f]+)"', page)
    assert len(siblings) == 2  # the minutes and the other attachment; not itself
    assert at.download_button[0].label == texts.DOWNLOAD
    assert "scrollTop" in page  # the script that brings the passage into view


def test_a_document_link_shows_the_whole_document(app, reader):
    document = query(reader.snapshot(), "SELECT id, text FROM documents WHERE kind = 'minutes'")[0]
    app.query_params["document"] = document["id"]
    at = app.run()
    page = html(at)
    assert 'class="document"' in page
    assert 'id="passage-mark"' not in page
    assert at.download_button


@pytest.mark.parametrize("bad", ["0000000000000000", "<script>alert(1)</script>", "x" * 500, ""])
def test_an_unknown_passage_is_a_friendly_message(app, bad):
    app.query_params["passage"] = bad
    at = app.run()
    assert not at.exception
    assert [w.value for w in at.warning] == [texts.PASSAGE_NOT_FOUND]
    app.query_params.clear()
    app.query_params["document"] = bad
    at = app.run()
    assert [w.value for w in at.warning] == [texts.DOCUMENT_NOT_FOUND]


def test_document_text_is_shown_as_text_never_as_markup(app, reader):
    row = query(reader.snapshot(), "SELECT id FROM documents WHERE path LIKE 'kansliet/%'")[0]
    app.query_params["document"] = row["id"]
    page = html(app.run())
    for live in (EVIL_SCRIPT, EVIL_IMAGE, "<img src=x onerror", "<script>window"):
        assert live not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert EVIL_LINK in page  # Markdown is not rendered: the link stays literal text
    assert "&lt;img src=x onerror=&quot;window.__pwned=4&quot;&gt; **fet**" in page
    assert EVIL_TITLE not in page


def test_the_meetings_page_lists_meetings_in_date_order_by_series(app):
    app.query_params["page"] = "moten"
    at = app.run()
    titles = re.findall(r'<div class="meeting-title">(.*?)</div>', html(at))
    assert titles[0].startswith("Nätverkskonferens")
    assert titles[1].startswith("Kaffemöte &lt;img")
    assert len(titles) == 3
    assert len(re.findall(r'href="\?document=', html(at))) == 7
    at.selectbox(key="browse_series").set_value("Sobona – ledningsgruppen")
    at.run()
    assert re.findall(r'<div class="meeting-title">(.*?)</div>', html(at)) == [
        "Sobonas ledningsgrupp (SLG): covid-19, distansarbete och Sobonadagarna"
    ]


def test_a_missing_index_says_to_run_minutes_index(tmp_path, monkeypatch):
    monkeypatch.setenv("MINUTES_INDEX", str(tmp_path / "nothing-here"))
    for params in ({}, {"passage": "0000000000000000"}, {"page": "moten"}):
        at = AppTest.from_file(str(APP), default_timeout=30)
        at.query_params.update(params)
        at.run()
        assert not at.exception
        assert [w.value for w in at.warning] == [texts.NO_INDEX]


@pytest.mark.parametrize(
    ("variable", "value", "detail"),
    [
        (
            "MINUTES_MAX_FILE_MB",
            "nan",
            "Inställningen max_file_mb (miljövariabeln MINUTES_MAX_FILE_MB): 'nan' är inget tal; "
            "tillåtet: ett antal megabyte över 0, högst 10000",
        ),
        ("MINUTES_INDEX", "{tmp}/fil", "Inställningen index (miljövariabeln MINUTES_INDEX): "),
        ("MINUTES_CONFIG", "{tmp}/saknas.toml", "'{tmp}/saknas.toml' finns inte; tillåtet: en"),
        ("MINUTES_LLM_BASE_URL", "localhost:11434", "är ingen http://- eller https://-adress"),
    ],
)
def test_a_setting_that_cannot_be_used_is_explained_in_swedish(
    tmp_path, monkeypatch, variable, value, detail
):
    (tmp_path / "fil").write_text("ingen mapp")
    monkeypatch.setenv(variable, value.format(tmp=tmp_path))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [texts.CONFIG_FAILED]
    assert detail.format(tmp=tmp_path) in at.text[0].value


def test_an_index_file_that_cannot_be_read_is_explained_in_swedish(tmp_path, monkeypatch):
    (tmp_path / "index" / "CURRENT").mkdir(parents=True)  # the pointer file, as a folder
    monkeypatch.setenv("MINUTES_INDEX", str(tmp_path / "index"))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [texts.DAMAGED_INDEX]
    assert "CURRENT" in at.text[0].value


def test_a_damaged_index_says_to_run_minutes_index(
    tmp_path, monkeypatch, small_corpus, build_index
):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    IndexDir(index).current_file.write_bytes(b"\xff\xfe")
    monkeypatch.setenv("MINUTES_INDEX", str(index))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == [texts.DAMAGED_INDEX]
    assert "CURRENT is not text" in at.text[0].value


def test_a_newly_published_index_is_used_without_a_restart(
    tmp_path, monkeypatch, small_corpus, build_index
):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    monkeypatch.setenv("MINUTES_INDEX", str(index))
    at = ask(AppTest.from_file(str(APP), default_timeout=60), "Vad hände med kaffemaskinen?")
    assert "<dt>Möten</dt><dd>2</dd>" in html(at)
    assert "byts ut" not in html(at)  # the passage that is not indexed yet
    write(small_corpus / "kansliet" / "2022-03-10.txt", "Kansliet\n\nKaffemaskinen byts ut.\n")
    build_index(small_corpus, index)
    at.run()
    assert "<dt>Möten</dt><dd>3</dd>" in html(at)
    assert "<mark>Kaffemaskinen</mark>" in html(at)
