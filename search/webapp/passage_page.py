"""A passage (``?passage=<id>``) or document (``?document=<id>``) shown in its whole document.

The other parameters of a passage's link are those of the view it was opened from (the
question and its filters, a search, …): the page links back to that view.
"""

from __future__ import annotations

import mimetypes
import re
from html import escape
from typing import TypeGuard

import streamlit as st

from search.service import AccessDenied, DocumentView, MinutesService
from search.webapp import audit_trail, render, texts
from search.webapp.scripts import SCROLL_SCRIPT

_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def _valid(identifier: str | None) -> TypeGuard[str]:
    return identifier is not None and _ID.fullmatch(identifier) is not None


def _back_link() -> None:
    """A link back to the view the passage was opened from, when the URL names one."""
    view = {name: st.query_params.get(name, "") for name in st.query_params if name != "passage"}
    if any(view.values()):
        st.html(render.back_link_html(view))


def _not_found(message: str) -> None:
    st.warning(message)
    st.caption(texts.NOT_FOUND_HINT)


def not_permitted() -> None:
    """What a link to something the user may not read shows: that, and nothing of it."""
    st.warning(texts.NOT_PERMITTED)
    st.caption(texts.NOT_PERMITTED_HINT)


def _header(view: DocumentView, page: int | None) -> None:
    """Date and series; the meeting's title (an attachment's own); what the document is."""
    meeting, document = view.meeting, view.document
    meta = render.meta_line([texts.meeting_when(meeting), meeting.series])
    title = meeting.title if document.kind == "minutes" else document.title
    detail = render.meta_line(
        [texts.document_label(document, meeting), texts.page_label(document.page_kind, page)]
    )
    st.html(
        f'<div class="doc-header"><div class="meta">{meta}</div>'
        f"<h2>{escape(title)}</h2>"
        f'<div class="doc-kind">{detail}</div></div>'
    )


def _side_panel(service: MinutesService, view: DocumentView, marked: bool) -> None:
    documents = sorted([view.document, *view.siblings], key=lambda d: (d.kind != "minutes", d.path))
    st.markdown(f"##### {texts.MEETING_DOCUMENTS}")
    st.html(render.documents_html(documents, current=view.document.id))
    original = service.original_file(view.document.id)
    if original is None:
        st.caption(texts.NO_ORIGINAL)
    else:
        st.download_button(
            texts.DOWNLOAD,
            data=original.read_bytes,
            file_name=original.name,
            mime=mimetypes.guess_type(original.name)[0] or "application/octet-stream",
            icon=":material/download:",
            on_click="ignore",
            width="stretch",
        )
        st.html(f'<div class="meta file-name">{escape(view.document.path)}</div>')
    if marked:
        st.caption(texts.PASSAGE_NOTE)


def _document(
    service: MinutesService,
    view: DocumentView,
    mark: tuple[int, int] | None = None,
    page: int | None = None,
) -> None:
    _header(view, page)
    text_column, side_column = st.columns([3, 1], gap="large")
    with text_column:
        body = render.document_html(view.text, view.pages, view.document.page_kind, mark)
        st.html(f'<div class="doc-scroll">{body}</div>')
    with side_column:
        _side_panel(service, view, marked=mark is not None)
    if mark:
        st.html(SCROLL_SCRIPT, unsafe_allow_javascript=True)


def show_passage(service: MinutesService, passage_id: str | None) -> None:
    """The passage highlighted in its document, or a friendly note when it does not exist or
    the user may not read it."""
    _back_link()
    try:
        passage = service.passage(passage_id) if _valid(passage_id) else None
        view = service.document(passage.document.id) if passage else None
    except AccessDenied:
        audit_trail.note("denied", passage=passage_id)
        not_permitted()
        return
    if passage is None or view is None:
        _not_found(texts.PASSAGE_NOT_FOUND)
        return
    audit_trail.note("open", passage=passage.id, document=view.document.path)
    _document(service, view, (passage.start, passage.end), passage.page)


def show_document(service: MinutesService, document_id: str | None) -> None:
    """A whole document with its meeting's other documents."""
    try:
        view = service.document(document_id) if _valid(document_id) else None
    except AccessDenied:
        audit_trail.note("denied", document=document_id)
        not_permitted()
        return
    if view is None:
        _not_found(texts.DOCUMENT_NOT_FOUND)
        return
    audit_trail.note("open", document=view.document.path)
    _document(service, view)
