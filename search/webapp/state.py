"""What every session of the app shares: one MinutesService per settings, and recent answers."""

from __future__ import annotations

import streamlit as st

from search.answers import Answer
from search.results import Filters
from search.service import MinutesService
from search.settings import Settings, check_for_reading, load_settings


@st.cache_resource(show_spinner=False)
def _service(key: str, _settings: Settings) -> MinutesService:
    """Cached by the settings' text; the service itself follows each newly published snapshot."""
    return MinutesService(_settings)


def settings() -> Settings:
    """Settings from MINUTES_* environment variables and minutes.toml, checked as for the CLI."""
    loaded = load_settings()
    check_for_reading(loaded)
    return loaded


def service() -> MinutesService:
    current = settings()
    return _service(repr(current), current)


@st.cache_data(max_entries=500, show_spinner=False)
def _answer(
    _service: MinutesService, index: str, snapshot: str, question: str, filters: Filters
) -> Answer:
    return _service.ask(question, filters=filters)


def answer(service: MinutesService, question: str, filters: Filters) -> Answer:
    """The service's answer, kept per published snapshot so a repeated question is instant."""
    index = str(service.settings.index.resolve())
    return _answer(service, index, service.snapshot().name, question, filters)
