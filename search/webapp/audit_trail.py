"""The web app's audit trail (``search.audit``, when the ``audit_log`` setting names a file):
what each user asked and opened, one line each time the page shows something new (a rerun of
the same page, as Streamlit does on every click, adds no line)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from search.audit import AuditLog
from search.settings import Settings
from search.webapp.sign_in import Reader

_WHO = "audit_reader"  # this session's reader and log, set at the start of each run
_LAST = "audit_last"  # the last event written for this session


@st.cache_resource(show_spinner=False)
def _log(path: str) -> AuditLog:
    """One log per file for every session, so their lines never interleave."""
    return AuditLog(Path(path))


def begin(settings: Settings, reader: Reader) -> None:
    """Who this run's events are by, and where they go."""
    log = None if settings.audit_log is None else _log(str(settings.audit_log.absolute()))
    st.session_state[_WHO] = (reader.user, log)


def note(event: str, **what: object) -> None:
    """A line for ``event`` unless it is the last one written for this session."""
    user, log = st.session_state.get(_WHO, ("", None))
    entry = (event, sorted(what.items()))
    if log is None or st.session_state.get(_LAST) == entry:
        return
    log.record(user, event, **what)
    st.session_state[_LAST] = entry
