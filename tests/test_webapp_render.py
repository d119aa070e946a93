"""The web app's HTML building: escaping, highlighting, marking a passage, Swedish labels."""

from __future__ import annotations

import datetime as dt

from search.results import DocumentRef, MeetingRef, Passage
from search.setting_values import CONFIG, PROBLEMS, SETTINGS, Invalid
from search.settings import ORIGIN_WORDS, ConfigError, Origin
from search.webapp import render, texts

MEETING = MeetingRef("m1", "Styrelsemöte <b>maj</b>", dt.date(2021, 5, 19), None, "Styrelsen")
DOCUMENT = DocumentRef("d1", "a/bilaga.pdf", "attachment", "Bildspel [x](javascript:1)", "slide")


def passage(text: str, pages: tuple[int, ...] = (2,), pid: str = "abc123") -> Passage:
    return Passage(pid, 0, text, 0, len(text), pages, "Budget", DOCUMENT, MEETING)


def test_highlighting_marks_question_words_and_their_inflections_only():
    stems = render.question_stems("Vad beslutades om distansarbetet?")
    html = render.highlight_terms("Beslut: distansarbete tillåts. Om <b>vad</b>?", stems)
    assert "<mark>Beslut</mark>" in html
    assert "<mark>distansarbete</mark>" in html
    assert "<mark>Om</mark>" not in html and "<mark>vad</mark>" not in html  # stop words
    assert "&lt;b&gt;vad&lt;/b&gt;" in html


def test_highlighting_marks_compounds_that_begin_with_a_long_question_word():
    stems = render.question_stems("kaffemaskin")
    assert "<mark>kaffemaskinsfrågan</mark>" in render.highlight_terms("kaffemaskinsfrågan", stems)


def test_document_html_marks_the_passage_across_pages_and_escapes_everything():
    text = "Sida ett <script>x</script>\n\nSida två med slutet"
    pages = [(0, 27, 1), (29, len(text), 2)]
    html = render.document_html(text, pages, "page", mark=(5, 37))
    assert html.count("<mark") == 2
    assert html.count('id="passage-mark"') == 1
    assert '<mark class="passage" id="passage-mark">ett &lt;script&gt;x&lt;/script&gt;</mark>' in (
        html
    )
    assert '<mark class="passage">Sida två</mark> med slutet' in html
    assert ">Sida 1<" in html and ">Sida 2<" in html


def test_document_html_without_pages_or_mark_is_the_escaped_text():
    html = render.document_html("  a < b & c  ", [], None)
    assert html == '<div class="document"><div class="page-text">a &lt; b &amp; c</div></div>'


def test_answer_citations_link_to_their_passages_and_unknown_numbers_stay_text():
    cited = {1: passage("x", pid="p1"), 2: passage("y", pid="p2")}
    html = render.answer_html("Budget <ok> [1].\n\nMer [1, 2] och [7].", cited)
    assert '<a href="?passage=p1" class="cite">[1]</a>' in html
    assert (
        '[<a href="?passage=p1" class="cite">1</a>, <a href="?passage=p2" class="cite">2</a>]'
        in (html)
    )
    assert "[7]" in html and "?passage=7" not in html
    assert html.count("<p>") == 2 and "&lt;ok&gt;" in html


def test_a_source_card_escapes_what_comes_from_the_document():
    html = render.source_html(3, passage("Budgeten <img src=x onerror=alert(1)>"), frozenset())
    assert "<img" not in html
    assert "[3] Styrelsemöte &lt;b&gt;maj&lt;/b&gt;" in html
    assert "Bilaga: Bildspel [x](javascript:1)" in html
    assert "Bild 2" in html and "19 maj 2021" in html and "Styrelsen" in html


def test_ids_in_links_are_url_encoded():
    assert render.passage_url('a"b&c d') == "?passage=a%22b%26c%20d"
    assert (
        render.link(render.document_url("<x>"), "<t>")
        == '<a href="?document=%3Cx%3E">&lt;t&gt;</a>'
    )


def test_swedish_dates_and_spans():
    day = dt.date(2021, 5, 19)
    assert texts.meeting_when(MEETING) == "19 maj 2021"
    assert texts.meeting_when(MeetingRef("m", "t", day, dt.date(2021, 5, 20), None)) == (
        "19–20 maj 2021"
    )
    assert texts.meeting_when(MeetingRef("m", "t", day, dt.date(2021, 6, 2), None)) == (
        "19 maj–2 juni 2021"
    )
    assert texts.meeting_when(MeetingRef("m", "t", None, None, None)) == texts.UNDATED
    assert texts.page_label("slide", 4) == "Bild 4" and texts.page_label(None, None) is None


def test_every_setting_problem_and_origin_has_its_swedish_words():
    assert set(texts.SETTING_PROBLEMS) == set(PROBLEMS)
    assert set(texts.SETTING_ALLOWED) == set(SETTINGS) | {CONFIG}
    assert set(texts.SETTING_ORIGINS) == set(ORIGIN_WORDS)


def test_a_setting_error_in_swedish_names_the_setting_its_origin_and_what_is_allowed():
    error = ConfigError(
        "exclude", Origin("file", "/k/.minutesignore", 4), Invalid("bad_pattern", "!")
    )
    assert texts.setting_error(error) == (
        "Inställningen exclude (filen /k/.minutesignore, rad 4): '!' är inget giltigt mönster; "
        "tillåtet: mönster som i .gitignore (en TOML-lista, eller kommaseparerade i "
        "MINUTES_EXCLUDE)"
    )
    unknown = ConfigError("indx", Origin("file", "/k/minutes.toml"), Invalid("no_setting"))
    assert texts.setting_error(unknown) == (
        "Inställningen indx (filen /k/minutes.toml): det finns ingen sådan inställning; "
        "tillåtet: någon av inställningarna " + ", ".join(SETTINGS)
    )
    needed = ConfigError("llm_model", Origin("unset"), Invalid("needs", detail="llm_base_url"))
    assert texts.setting_error(needed).startswith(
        "Inställningen llm_model (inte satt): den behövs när llm_base_url är satt; tillåtet: "
    )


def test_a_notice_is_plain_text():
    text = "Jag hittar inget om ”[x](https://example.org) ![b](https://example.org/b.png) <b>”."
    assert render.notice_html(text) == (
        '<div class="notice" role="status">Jag hittar inget om ”[x](https://example.org) '
        "![b](https://example.org/b.png) &lt;b&gt;”.</div>"
    )
