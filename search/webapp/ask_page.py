"""The ask page: a question, a cited answer, its sources and when the topic came up.

The question (``q``) and the filters are kept in the URL; every source links to its passage
with them, so the passage page can lead back to the answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

import streamlit as st

from search.answers import Answer
from search.results import Hit
from search.service import MinutesService
from search.validation import MAX_QUERY_CHARS, QueryError
from search.webapp import audit_trail, render, sidebar, state, texts, timeline

QUESTION_KEY = "question"


def _choose(question: str) -> None:
    st.session_state[QUESTION_KEY] = question


def _question_box() -> tuple[str, bool]:
    """The question form, and whether it was just sent; the question comes from the box, an
    example, or the URL (?q=)."""
    if QUESTION_KEY not in st.session_state:
        asked = st.query_params.get("q", "")
        if len(asked) > MAX_QUERY_CHARS:
            st.info(texts.QUESTION_CUT.format(limit=MAX_QUERY_CHARS))
        st.session_state[QUESTION_KEY] = asked[:MAX_QUERY_CHARS]
    with st.form("ask", border=False):
        box, button = st.columns([6, 1], vertical_alignment="bottom")
        box.text_input(
            texts.QUESTION_LABEL,
            key=QUESTION_KEY,
            placeholder=texts.QUESTION_PLACEHOLDER,
            max_chars=MAX_QUERY_CHARS,
        )
        sent = button.form_submit_button(
            texts.ASK_BUTTON, type="primary", width="stretch", key="submit"
        )
    return st.session_state[QUESTION_KEY].strip(), sent


def _examples() -> None:
    st.caption(texts.EXAMPLES_LABEL)
    columns = st.columns(len(texts.EXAMPLE_QUESTIONS))
    for number, (column, question) in enumerate(zip(columns, texts.EXAMPLE_QUESTIONS, strict=True)):
        column.button(
            question, key=f"example_{number}", on_click=_choose, args=(question,), width="stretch"
        )


def _cards(hits: list[Hit], stems: frozenset[str], back: Mapping[str, str]) -> None:
    st.html("".join(render.source_html(None, hit.passage, stems, back=back) for hit in hits))


def _answer(answer: Answer, back: Mapping[str, str]) -> None:
    """The answer, its note, when the topic came up, and the sources; or the abstention,
    which names the active filters."""
    stems = render.question_stems(answer.question)
    if not answer.answered:  # the abstention quotes the question: plain text, never Markdown
        st.html(render.notice_html(answer.text or texts.NO_ANSWER))
        _cards(answer.hits, stems, back)
        return
    st.markdown(f"#### {texts.ANSWER_HEADING}")
    st.html(render.answer_html(answer.text, {c.n: c.passage for c in answer.citations}, back))
    st.caption(texts.ANSWER_MODES.get(answer.mode, ""))
    if answer.note:
        st.html(f'<div class="meta note">{escape(answer.note)}</div>')
    timeline.show(answer.hits)
    st.markdown(f"#### {texts.SOURCES_HEADING}")
    st.html(
        "".join(render.source_html(c.n, c.passage, stems, c.spans, back) for c in answer.citations)
    )
    quoted = {c.passage.id for c in answer.citations}
    others = [hit for hit in answer.hits if hit.passage.id not in quoted]
    if others:
        with st.expander(texts.MORE_HITS.format(count=len(others))):
            _cards(others, stems, back)


def show(service: MinutesService) -> None:
    """Draw the ask page."""
    st.html(f'<p class="intro">{texts.APP_INTRO}</p>')
    choice, filters = sidebar.filters(service)
    question, sent = _question_box()
    if not question:
        st.query_params.pop("q", None)
        if sent:
            st.info(texts.QUERY_ERRORS["empty"])
        _examples()
        return
    st.query_params["q"] = question
    if filters is None:
        return
    audit_trail.note("ask", question=question, filters=choice.params())
    try:
        with st.spinner(texts.THINKING):
            answer = state.answer(service, question, filters)
    except QueryError as error:
        st.warning(texts.QUERY_ERRORS.get(error.code, texts.QUERY_ERROR))
        return
    _answer(answer, {"q": question, **choice.params()})
