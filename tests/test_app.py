"""The web app's pages, run by Streamlit's AppTest against a real index of the sample corpus."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from streamlit.testing.v1 import AppTest

from indexer.store import IndexDir
from search.service import MinutesService
from search.settings import Settings
from search.snapshot import IndexReader
from search.webapp import texts
from tests.conftest import write
from tests.snapshot_sql import query
from tests.webapp_corpus import (
    EVIL_IMAGE,
    EVIL_LINK,
    EVIL_SCRIPT,
    EVIL_SERIES,
    EVIL_TITLE,
    shared_index,
)

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
    return re.findall(r'href="\?passage=([0-9a-f]+)[&"]', html(at))


def test_ask_shows_a_cited_answer_with_sources_timeline_and_status(app, reader):
    at = ask(app, QUESTION)
    assert not at.exception
    page = html(at)
    assert 'class="answer"' in page
    cited = re.findall(r'<a href="\?passage=([0-9a-f]+)&amp;q=[^"]*" class="cite">\[1\]</a>', page)
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
    at = ask(app, QUESTION, lambda at: at.radio(key="kind").set_value("minutes"))
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


def dates(start: str, end: str):
    def setting(at: AppTest) -> None:
        at.text_input(key="from").input(start)
        at.text_input(key="to").input(end)

    return setting


def test_a_date_range_keeps_only_its_meetings(app, reader):
    at = ask(app, QUESTION, dates("2021-05", "2021-05-31"))
    ids = passage_ids(at)
    assert ids
    days = {reader.snapshot().meta.passage_by_id(i).meeting.date for i in ids}
    assert days == {dt.date(2021, 5, 19)}


def test_a_date_range_without_meetings_finds_nothing(app):
    at = ask(app, QUESTION, dates("1990", "1990"))
    assert not passage_ids(at)
    notice = "i protokollen med filtret från 1990-01-01 till 1990-12-31."
    assert notice in html(at)


def test_reversed_dates_are_pointed_out(app):
    at = ask(app, QUESTION, dates("2022-01-01", "2021-01-01"))
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


def meeting_titles(at: AppTest) -> list[str]:
    return re.findall(r'<div class="meeting-title"><a href="[^"]*">(.*?)</a></div>', html(at))


def test_the_meetings_page_lists_meetings_newest_first_by_series_year_and_words(app):
    app.query_params["page"] = "moten"
    at = app.run()
    titles = meeting_titles(at)
    assert titles[0].startswith("Kaffemöte &lt;img")
    assert titles[1].startswith("Nätverkskonferens")
    assert titles[2].startswith("Sobonas ledningsgrupp")  # undated, last, under its heading
    assert '<h4 class="year">Möten utan datum</h4>' in html(at)
    assert texts.UNDATED not in html(at)
    assert len(re.findall(r'href="\?document=', html(at))) == 7
    at.selectbox(key="browse_series").set_value("Sobona – ledningsgruppen")
    at.run()
    assert meeting_titles(at) == [
        "Sobonas ledningsgrupp (SLG): covid-19, distansarbete och Sobonadagarna"
    ]
    assert at.query_params["series"] == "Sobona – ledningsgruppen"
    at.selectbox(key="browse_series").set_value("")
    at.selectbox(key="browse_year").set_value("2021")
    at.run()
    assert [t[:17] for t in meeting_titles(at)] == ["Nätverkskonferens"]
    at.selectbox(key="browse_year").set_value("")
    at.text_input(key="browse_words").input("kaffe")
    at.run()
    assert [t[:9] for t in meeting_titles(at)] == ["Kaffemöte"]
    assert at.query_params["q"] == "kaffe" and "ar" not in at.query_params


def test_the_meetings_page_restores_its_filters_from_the_url(app):
    app.query_params.update({"page": "moten", "series": "vision-natverket-medicinska-sekreterare"})
    at = app.run()
    assert at.selectbox(key="browse_series").value == (
        "Vision – nätverket för medicinska sekreterare"
    )
    assert [t[:17] for t in meeting_titles(at)] == ["Nätverkskonferens"]


def test_a_meeting_page_lists_its_documents_and_decisions(app, reader):
    meeting = next(
        o.meeting for o in reader.snapshot().meta.meeting_overviews() if "Kaffe" in o.meeting.title
    )
    app.query_params["meeting"] = meeting.id
    at = app.run()
    assert not at.exception
    page = html(at)
    assert "&lt;img src=x" in page and "<img" not in page  # the title, escaped
    assert len(re.findall(r'href="\?document=', page)) == 1
    assert "Kansliet köper in en ny kaffemaskin före sommaren" in page
    assert 'href="?passage=' in page and f"&amp;meeting={meeting.id}" in page
    assert texts.BACK["moten"] in page


def test_an_unknown_meeting_is_a_friendly_message(app):
    app.query_params["meeting"] = "0000000000000000"
    at = app.run()
    assert [w.value for w in at.warning] == [texts.MEETING_NOT_FOUND]


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


@pytest.mark.parametrize("damage", ["binary", "folder"])
def test_a_damaged_index_says_to_run_minutes_index(
    tmp_path, monkeypatch, small_corpus, build_index, damage
):
    index = tmp_path / "index"
    build_index(small_corpus, index)
    current = IndexDir(index).current_file
    if damage == "binary":
        current.write_bytes(b"\xff\xfe")
    else:  # the pointer file, as a folder
        current.unlink()
        current.mkdir()
    monkeypatch.setenv("MINUTES_INDEX", str(index))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert not at.exception
    assert [e.value for e in at.error] == [texts.DAMAGED_INDEX]
    assert "CURRENT" in at.text[0].value and "minutes index" in at.text[0].value.lower()


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


# --- the URL holds the question, the filters and the page -----------------------------------


def test_a_shared_link_restores_the_question_and_its_filters(app, reader):
    app.query_params.update(
        {
            "q": QUESTION,
            "from": "2021",
            "to": "2021-12-31",
            "series": "vision-natverket-medicinska-sekreterare",
            "kind": "minutes",
        }
    )
    at = app.run()
    assert not at.exception
    assert at.text_input(key="from").value == "2021"
    assert at.text_input(key="to").value == "2021-12-31"
    assert at.selectbox(key="series").value == "Vision – nätverket för medicinska sekreterare"
    assert at.radio(key="kind").value == "minutes"
    ids = passage_ids(at)
    assert ids
    passages = [reader.snapshot().meta.passage_by_id(i) for i in ids]
    assert {(p.meeting.date.year, p.document.kind) for p in passages} == {(2021, "minutes")}
    assert "&amp;from=2021&amp;to=2021-12-31&amp;series=" in html(at)  # the way back


def test_the_filters_are_written_to_the_url(app):
    at = ask(app, QUESTION, dates("2021", ""), lambda at: at.radio(key="kind").set_value("minutes"))
    assert (at.query_params["q"], at.query_params["from"], at.query_params["kind"]) == (
        QUESTION,
        "2021",
        "minutes",
    )
    assert "to" not in at.query_params


def test_a_date_that_cannot_be_read_is_pointed_out_in_swedish(app):
    at = ask(app, QUESTION, dates("maj", ""))
    assert texts.QUERY_ERRORS["date"] in [w.value for w in at.sidebar.warning]
    assert not passage_ids(at)


def test_an_unknown_series_in_a_link_is_pointed_out_as_text_and_ignored(app):
    asked = f"Finns inte {MARKDOWN_LINK}"
    app.query_params.update({"q": QUESTION, "series": asked})
    at = app.run()
    assert escape(texts.UNKNOWN_SERIES.format(series=asked)) in html(at)
    assert '<a href="https://example.org' not in html(at)
    assert passage_ids(at)


def test_an_empty_question_is_asked_for(app):
    at = ask(app, "   ")
    assert texts.QUERY_ERRORS["empty"] in [i.value for i in at.info]
    assert at.button(key="example_0")


def test_a_refusal_names_the_active_filters(app):
    app.query_params.update({"q": "Hur många mål gjorde Zlatan i VM?", "from": "2021-01-01"})
    at = app.run()
    assert "i protokollen med filtret från 2021-01-01. Här är" in html(at)


# --- source cards and the timeline -----------------------------------------------------------


def test_a_source_card_marks_the_cited_sentence_and_shows_its_heading_once(app):
    at = ask(app, QUESTION)
    cards = re.findall(r'<div class="source">(.*?)</div></div>', html(at), re.S)
    assert cards
    assert any('<mark class="cited">' in card for card in cards)
    for card in cards:
        text = re.sub(r"<[^>]+>", "", card.split('<div class="passage-text">')[1])
        assert "## " not in text and "\\section" not in text
        section = re.search(r'<div class="section">(.*?)</div>', card)
        if section:
            assert not text.startswith(section[1])


def test_the_timeline_has_a_legend_and_counts_undated_meetings(app):
    at = ask(app, QUESTION)
    [chart] = at.get("vega_lite_chart")
    encoding = json.loads(chart.proto.spec)["encoding"]
    assert encoding["color"]["legend"]["title"] == texts.TIMELINE_ORGANISATION
    assert encoding["size"]["legend"]["title"] == texts.TIMELINE_HITS
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Träffar från ") and "möte" in c for c in captions), captions


def test_no_timeline_when_no_hit_has_a_date(app):
    series = "Sobona – ledningsgruppen"  # its one meeting has no date
    at = ask(app, QUESTION, lambda at: at.selectbox(key="series").set_value(series))
    assert passage_ids(at)
    assert not at.get("vega_lite_chart")
    assert texts.TIMELINE_HEADING not in [m.value.strip("# ") for m in at.markdown]


# --- the passage page leads back ------------------------------------------------------------


def test_a_passage_opened_from_an_answer_links_back_to_it(app, reader):
    at = ask(app, QUESTION, dates("2021", ""))
    link = re.search(r'<a href="(\?passage=[^"]+)" class="cite">', html(at))[1].replace(
        "&amp;", "&"
    )
    query = dict(part.split("=", 1) for part in link[1:].split("&"))
    fresh = AppTest.from_file(str(APP), default_timeout=60)  # a new page load: only the URL
    fresh.query_params.update({k: unquote(v) for k, v in query.items()})
    page = html(fresh.run())
    back = re.search(r'<div class="back"><a href="([^"]+)">(.*?)</a></div>', page)
    assert back and back[2] == texts.BACK[""]
    assert back[1].replace("&amp;", "&") == f"?q={quote(QUESTION, safe='')}&from=2021"


# --- the search page ------------------------------------------------------------------------


def search_page(app: AppTest, **params: str) -> AppTest:
    app.query_params.update({"page": "sok", **params})
    return app.run()


def result_meetings(at: AppTest, reader) -> list:
    meta = reader.snapshot().meta
    return [meta.passage_by_id(i).meeting for i in passage_ids(at)]


def test_the_search_page_lists_cards_with_snippets_linking_back_to_it(app, reader):
    at = search_page(app, q="distansarbete")
    assert not at.exception
    page = html(at)
    assert len(passage_ids(at)) == 10  # a page
    assert "<mark>distansarbete</mark>" in page
    assert "&amp;page=sok&amp;q=distansarbete" in page.replace("?passage=", "&amp;passage=")
    assert any(c.value.startswith("De 100 bästa") or "träffar" in c.value for c in at.caption)


def test_the_search_page_sorts_by_date_and_pages(app, reader):
    at = search_page(app, q="distansarbete", sort="datum")
    assert at.radio(key="sort").value == "datum"
    dates = [m.date or dt.date.min for m in result_meetings(at, reader)]
    assert dates == sorted(dates, reverse=True)
    first = passage_ids(at)
    at.button(key="results_next").click()
    at.run()
    assert at.query_params["sida"] == "2"
    second = passage_ids(at)
    assert second and not set(first) & set(second)
    later = [m.date or dt.date.min for m in result_meetings(at, reader)]
    assert max(later) <= min(dates)


def test_the_search_page_restores_its_page_and_filters_from_the_url(app, reader):
    at = search_page(app, q="distansarbete", sida="2", kind="attachment")
    assert at.radio(key="kind").value == "attachment"
    assert "Sida 2 av" in " ".join(c.value for c in at.caption)
    meta = reader.snapshot().meta
    assert {meta.passage_by_id(i).document.kind for i in passage_ids(at)} == {"attachment"}
    at.text_input(key="q").input("kaffemaskinen")
    at.run()
    assert "sida" not in at.query_params  # a new search starts at page 1


def test_a_search_without_hits_names_its_filters_as_text(app):
    at = search_page(app, q="distansarbete", **{"from": "1990", "to": "1990"})
    notice = "Inga stycken matchar sökningen med filtret från 1990-01-01 till 1990-12-31."
    assert f'<div class="notice" role="status">{notice}</div>' in html(at)


def test_a_series_named_in_a_refusal_stays_text(app):
    at = search_page(app, q="distansarbete", series=EVIL_SERIES, kind="attachment")
    assert escape(f"med filtren mötesserien ”{EVIL_SERIES}” och bara bilagor.") in html(at)
    assert not [e.value for e in [*at.info, *at.markdown] if "javascript" in e.value]


def test_an_empty_search_asks_for_words(app):
    at = search_page(app)
    assert [i.value for i in at.info] == [texts.SEARCH_EMPTY]


def test_the_meetings_page_shows_25_meetings_a_page(tmp_path, monkeypatch, build_index):
    corpus = tmp_path / "corpus"
    for day in range(1, 31):
        write(corpus / "klubben" / f"2021-03-{day:02d}.md", f"# Styrelsemöte\n\nPunkt {day}.\n")
    build_index(corpus, tmp_path / "index")
    at = _app(tmp_path / "index", monkeypatch)
    at.query_params["page"] = "moten"
    at.run()
    titles = meeting_titles(at)
    assert len(titles) == 25 and titles[0] == "Styrelsemöte 2021-03-30"
    assert "30 möten · Sida 1 av 2" in [c.value for c in at.caption]
    at.button(key="meetings_next").click()
    at.run()
    assert at.query_params["sida"] == "2"
    assert meeting_titles(at) == [f"Styrelsemöte 2021-03-0{day}" for day in (5, 4, 3, 2, 1)]
    assert at.button(key="meetings_previous")
