"""A meeting's page (``?meeting=<id>``): its date, series and organisation, its documents,
and the decisions found in them."""

from __future__ import annotations

import re
from html import escape

import streamlit as st

from search.service import AccessDenied, MinutesService
from search.webapp import audit_trail, render, texts
from search.webapp.passage_page import not_permitted

_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def show(service: MinutesService, meeting_id: str | None) -> None:
    """The meeting, or a friendly note when it does not exist."""
    view = {name: st.query_params.get(name, "") for name in st.query_params if name != "meeting"}
    st.html(render.back_link_html({"page": "moten", **view}))
    try:
        found = service.meeting(meeting_id) if meeting_id and _ID.fullmatch(meeting_id) else None
    except AccessDenied:
        audit_trail.note("denied", meeting=meeting_id)
        not_permitted()
        return
    if found is None:
        st.warning(texts.MEETING_NOT_FOUND)
        st.caption(texts.NOT_FOUND_HINT)
        return
    meeting = found.meeting
    meta = render.meta_line([texts.meeting_when(meeting), meeting.series, meeting.organisation])
    title = f"<h2>{escape(meeting.title)}</h2>"
    st.html(f'<div class="doc-header"><div class="meta">{meta}</div>{title}</div>')
    documents, decisions = st.columns([1, 2], gap="large")
    documents.markdown(f"##### {texts.MEETING_DOCUMENTS}")
    documents.html(render.documents_html(found.documents))
    decisions.markdown(f"##### {texts.MEETING_DECISIONS}")
    held = service.meeting_decisions(meeting.id)
    if held:
        decisions.html(render.meeting_decisions_html(held, {"meeting": meeting.id}))
    else:
        decisions.caption(texts.MEETING_NO_DECISIONS)
