"""What the web app's pages show, worked out without Streamlit: card text, filters from a URL,
the meetings list, links that lead back, and the script that makes the page Swedish."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from indexer.store.entities import MeetingOverview
from search.results import DocumentRef, Filters, MeetingRef, Passage
from search.validation import QueryError
from search.webapp import language, meeting_list, render, texts, timeline
from search.webapp.card_text import WINDOW, body_start, card_text, plain
from search.webapp.choices import FilterChoice, page_number, series_name

MEETING = MeetingRef("m1", "Styrelsemöte", dt.date(2021, 5, 19), None, "Styrelsen", "styr")
DOCUMENT = DocumentRef("d1", "styr/2021-05-19.md", "minutes", "Protokoll", None)


def passage(text: str, section: str | None = None) -> Passage:
    return Passage("p1", 0, text, 0, len(text), (), section, DOCUMENT, MEETING)


def shown(text: str, spans=(), stems=frozenset(), section=None) -> str:
    return "".join(p.text for p in card_text(passage(text, section), spans, stems).pieces)


# --- card text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        (
            "## Budget\n- **Kassören** redovisade\n  * `resultatet`",
            "Budget\n• Kassören redovisade\n  • resultatet",
        ),
        ("> citat [länken](https://example.org) ![bild](x.png)", "citat länken bild"),
        (
            "\\section*{Val} \\textbf{Kalle} valdes\\\\ \\item Lisa \\& Per",
            "Val Kalle valdes • Lisa & Per",
        ),
        ("Signatur: ______ och snake_case_namn", "Signatur: ______ och snake_case_namn"),
    ],
)
def test_markdown_and_latex_leftovers_become_plain_text(markup, text):
    assert plain(markup) == text


def test_line_markup_counts_only_where_a_line_starts():
    assert plain("mitt i - raden\n- punkt", starts_line=False) == "mitt i - raden\n• punkt"


def test_the_heading_the_card_shows_is_not_repeated_in_its_text():
    text = "## 2. Budget\nBudget\nKassören redovisade budgeten."
    assert body_start(passage(text, "2. Budget › Budget")) == text.index("Kassören")
    assert shown(text, section="2. Budget › Budget") == "Kassören redovisade budgeten."
    assert body_start(passage("Budget är viktig.", "Budget")) == 0


def test_a_long_passage_is_shown_around_its_cited_sentence():
    before, after = "Inledande prat om annat. " * 40, " Sedan kom övrigt. " * 40
    cited = "Styrelsen beslutade att köpa en kaffemaskin."
    text = before + cited + after
    start = len(before)
    card = card_text(passage(text), [(start, start + len(cited))])
    assert card.cut_before and card.cut_after
    assert [p.text for p in card.pieces if p.cited] == [cited]
    whole = "".join(p.text for p in card.pieces)
    assert len(whole) <= WINDOW + 10 and whole.startswith("Inledande")  # at a sentence


def test_without_a_citation_the_window_is_where_the_question_words_are():
    text = (
        "Ordet saknas här. " * 60 + "Här står kaffemaskin och kaffemaskinen igen." + " Slut." * 60
    )
    card = card_text(passage(text), stems=frozenset({"kaffemaskin"}))
    assert "kaffemaskin" in "".join(p.text for p in card.pieces) and card.cut_before


def test_a_short_passage_is_shown_whole():
    card = card_text(passage("Kort stycke."), [(0, 5)])
    assert (card.cut_before, card.cut_after) == (False, False)
    assert [(p.text, p.cited) for p in card.pieces] == [("Kort ", True), ("stycke.", False)]


def test_a_card_escapes_marks_and_cuts():
    text = "<b>Fet</b> " + "ord " * 200 + "Beslut om kaffe." + " mer" * 200
    start = text.index("Beslut")
    html = render.card_html(passage(text), [(start, start + 16)], frozenset({"kaff"}))
    assert html.startswith("… ") and html.endswith(" …")
    assert '<mark class="cited">Beslut om <mark>kaffe</mark>.</mark>' in html
    assert "<b>" not in render.card_html(passage(text), [], frozenset())


def test_a_card_leaves_the_date_out_when_the_title_says_it():
    dated = MeetingRef("m", "Möte 2023-05-01", dt.date(2023, 5, 1), None, None)
    card = render.source_html(
        None, Passage("p", 0, "Text.", 0, 5, (), None, DOCUMENT, dated), frozenset()
    )
    assert "1 maj 2023" not in card and "Möte 2023-05-01" in card
    assert "19 maj 2021" in render.source_html(None, passage("Text."), frozenset())


# --- filters from a URL -------------------------------------------------------------------------


def test_a_choice_goes_to_the_url_and_back():
    params = {"from": "2021", "to": "2021-06", "series": "Styrelsen", "kind": "minutes"}
    choice = FilterChoice.from_params(params)
    assert choice.params() == params
    assert choice.filters() == Filters(
        dt.date(2021, 1, 1), dt.date(2021, 6, 30), "Styrelsen", "minutes"
    )
    assert FilterChoice.from_params({"kind": "allt"}).params() == {}
    assert FilterChoice().filters() == Filters()


@pytest.mark.parametrize(
    ("params", "code"), [({"from": "maj"}, "date"), ({"from": "2022", "to": "2021"}, "dates")]
)
def test_a_choice_that_cannot_be_used_says_why(params, code):
    with pytest.raises(QueryError) as error:
        FilterChoice.from_params(params).filters()
    assert error.value.code == code


def test_a_series_in_a_url_is_its_name_or_its_folder():
    names, folders = ["LiTHe kod – styrelsen"], {"lithekod/styrelse": "LiTHe kod – styrelsen"}
    assert series_name("lithekod/styrelse", names, folders) == "LiTHe kod – styrelsen"
    assert series_name("LiTHe kod – styrelsen", names, folders) == "LiTHe kod – styrelsen"
    assert series_name("okänd", names, folders) is None


@pytest.mark.parametrize(
    ("value", "page"), [("3", 3), ("0", 1), ("-2", 1), ("x", 1), (None, 1), ("9" * 30, 1)]
)
def test_a_page_number_from_a_url(value, page):
    assert page_number(value) == page


# --- links that lead back ---------------------------------------------------------------------


def test_a_passage_link_carries_the_view_it_was_opened_from():
    url = render.passage_url("p1", {"q": "Vad & hur?", "from": "2021", "series": "", "page": "sok"})
    assert url == "?passage=p1&page=sok&q=Vad%20%26%20hur%3F&from=2021"
    assert render.view_url({}) == "?"


@pytest.mark.parametrize(
    ("view", "label", "href"),
    [
        ({"q": "Vad?", "from": "2021"}, texts.BACK[""], "?q=Vad%3F&amp;from=2021"),
        (
            {"page": "sok", "q": "kaffe", "sida": "2"},
            texts.BACK["sok"],
            "?page=sok&amp;q=kaffe&amp;sida=2",
        ),
        ({"meeting": "m1"}, texts.BACK["meeting"], "?meeting=m1"),
        (
            {"page": "beslut", "outcome": "avslagen"},
            texts.BACK["beslut"],
            "?page=beslut&amp;outcome=avslagen",
        ),
    ],
)
def test_the_back_link_names_the_view_it_leads_to(view, label, href):
    assert render.back_link_html(view) == f'<div class="back"><a href="{href}">{label}</a></div>'


# --- the meetings list ---------------------------------------------------------------------------


def overview(title: str, day: dt.date | None, series: str, documents=()) -> MeetingOverview:
    meeting = MeetingRef(title, title, day, day, series, series.lower())
    return MeetingOverview(
        meeting, [DocumentRef(d, f"{d}.pdf", "attachment", d, None) for d in documents]
    )


def test_meetings_are_listed_newest_first_and_filtered():
    meetings = [
        overview("Vårmöte", dt.date(2020, 3, 1), "Stämman"),
        overview("Utan datum", None, "Styrelsen"),
        overview("Höstmöte", dt.date(2021, 10, 1), "Stämman", ["Budget 2022"]),
        overview("Styrelsemöte", dt.date(2021, 2, 1), "Styrelsen"),
    ]
    ordered = meeting_list.newest_first(meetings)
    assert [m.meeting.title for m in ordered] == [
        "Höstmöte",
        "Styrelsemöte",
        "Vårmöte",
        "Utan datum",
    ]
    assert meeting_list.years(meetings) == [2021, 2020]
    pick = lambda **f: [m.meeting.title for m in meeting_list.matching(ordered, **f)]  # noqa: E731
    assert pick(series="Stämman") == ["Höstmöte", "Vårmöte"]
    assert pick(series="styrelsen", year=2021) == ["Styrelsemöte"]
    assert pick(words="BUDGET") == ["Höstmöte"]  # a document's title
    assert pick(words="möte stämman") == ["Höstmöte", "Vårmöte"]


def test_the_timeline_counts_meetings_not_hits():
    assert timeline.caption(5, 2) == "Träffar från 5 möten och 2 möten utan datum."
    assert timeline.caption(1, 1) == "Träffar från 1 möte och 1 möte utan datum."
    assert timeline.caption(3, 0) == "Träffar från 3 möten."


# --- the page in Swedish -------------------------------------------------------------------------


def test_the_language_script_is_fixed_text_with_its_word_lists_as_json():
    script = language.script()
    assert script.startswith("<script>") and script.count("<script") == 1
    assert 'document.documentElement.lang = "sv"' in script
    lists = re.findall(r"const (?:labels|prefixes|attributes) = (.*);", script)
    assert [json.loads(found) for found in lists] == [
        language.SWEDISH_LABELS,
        language.SWEDISH_PREFIXES,
        list(language._ATTRIBUTES),
    ]
    assert "</" not in "".join(lists)  # nothing in the lists can end the script
