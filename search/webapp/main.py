"""Page set-up, routing by query parameters, and the messages for an index that cannot be used."""

from __future__ import annotations

import sqlite3

import streamlit as st

from indexer.embedders import ModelLoadError
from indexer.store import DamagedIndex, NoSnapshot, StoreUnavailable
from search.service import AccessDenied, MinutesService
from search.settings import ConfigError, check_for_serving
from search.snapshot import ModelMismatch
from search.webapp import (
    ask_page,
    audit_trail,
    browse_page,
    decisions_page,
    language,
    meeting_page,
    passage_page,
    render,
    search_page,
    sidebar,
    sign_in,
    state,
    texts,
)
from search.webapp.style import CSS


def _route(service: MinutesService) -> None:
    params = st.query_params
    if "passage" in params:
        passage_page.show_passage(service, params.get("passage"))
    elif "document" in params:
        passage_page.show_document(service, params.get("document"))
    elif "meeting" in params:
        meeting_page.show(service, params.get("meeting"))
    elif params.get("page") == "sok":
        search_page.show(service)
    elif params.get("page") == "moten":
        browse_page.show(service)
    elif params.get("page") == "beslut":
        decisions_page.show(service)
    else:
        ask_page.show(service)


def _active_tab() -> str | None:
    params = st.query_params
    if "passage" in params or "document" in params:
        return None
    if "meeting" in params:
        return "meetings"
    pages = {"sok": "search", "moten": "meetings", "beslut": "decisions"}
    return pages.get(params.get("page", ""), "ask")


def _problem(message: str, detail: str) -> None:
    st.error(message)
    st.text(detail)


def run() -> None:
    """Draw the page the URL asks for; with sign-in on, only the sign-in page to a visitor who
    has not signed in."""
    st.set_page_config(page_title=texts.APP_TITLE, page_icon="📑", layout="wide")
    st.html(CSS)
    language.mark_swedish()
    try:
        settings = state.settings()
        reader = sign_in.reader(settings, check_for_serving(settings))
        if reader is None:
            return
        st.html(render.nav_html(_active_tab()))
        sign_in.account(reader)
        audit_trail.begin(settings, reader)
        # one snapshot for the whole page, and only what the reader may read
        service = state.service().pinned().reading_as(reader.access)
        _route(service)
        sidebar.status(service)
    except AccessDenied:
        st.warning(texts.NOT_PERMITTED)
    except DamagedIndex as error:
        _problem(texts.DAMAGED_INDEX, str(error))
    except NoSnapshot:
        st.warning(texts.NO_INDEX)
        if not state.settings().store:
            st.text(f"{texts.NO_INDEX_DETAIL} {state.settings().index.resolve()}")
    except StoreUnavailable as error:
        _problem(texts.STORE_UNAVAILABLE, str(error))
    except ModelMismatch as error:
        _problem(texts.MODEL_MISMATCH, str(error))
    except ModelLoadError as error:
        _problem(texts.MODEL_LOAD_FAILED, str(error))
    except ConfigError as error:
        _problem(texts.CONFIG_FAILED, texts.setting_error(error))
    except OSError as error:  # a file of the index that cannot be read, as in the terminal
        _problem(texts.INDEX_UNREADABLE, str(error))
    except sqlite3.DatabaseError as error:  # damaged where no file size shows it
        _problem(texts.DAMAGED_INDEX, str(error))
