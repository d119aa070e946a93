"""What every session of the app shares: one MinutesService per settings, recent answers and
searches."""

from __future__ import annotations

import streamlit as st

from search.access import Access
from search.answers import Answer
from search.results import Filters
from search.service import MinutesService, SearchResult
from search.settings import Settings, check_for_reading, load_settings
from search.validation import MAX_TOP_K


@st.cache_resource(show_spinner=False)
def _service(key: str, _settings: Settings) -> MinutesService:
    """Cached by the settings' text (and store, left out of it: its address may hold a
    password); the service itself follows each newly published snapshot."""
    return MinutesService(_settings)


def settings() -> Settings:
    """Settings from MINUTES_* environment variables and minutes.toml, checked as for the CLI."""
    loaded = load_settings()
    check_for_reading(loaded)
    return loaded


def service() -> MinutesService:
    current = settings()
    return _service(f"{current!r} {current.store}", current)


# The cached answers and searches are kept per index, snapshot and what the user may read
# (``access``): users who may read different documents never share one.


@st.cache_data(max_entries=500, show_spinner=False)
def _answer(
    _service: MinutesService,
    index: str,
    snapshot: str,
    access: Access | None,
    question: str,
    filters: Filters,
) -> Answer:
    return _service.ask(question, filters=filters)


def answer(service: MinutesService, question: str, filters: Filters) -> Answer:
    """The service's answer, kept per published snapshot so a repeated question is instant."""
    index = str(service.settings.index.resolve())
    return _answer(service, index, service.snapshot().name, service.access, question, filters)


@st.cache_data(max_entries=200, show_spinner=False)
def _search(
    _service: MinutesService,
    index: str,
    snapshot: str,
    access: Access | None,
    query: str,
    filters: Filters,
) -> SearchResult:
    return _service.search(query, top_k=MAX_TOP_K, filters=filters)


def search(service: MinutesService, query: str, filters: Filters) -> SearchResult:
    """The best MAX_TOP_K passages for ``query``, kept per published snapshot (the search
    page pages and sorts them)."""
    index = str(service.settings.index.resolve())
    return _search(service, index, service.snapshot().name, service.access, query, filters)
