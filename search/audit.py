"""The audit trail: one line per question asked and per document opened in the web app.

Each line is a JSON object: the time (UTC), the user, the event and what was asked or opened
(a question and its filters; a passage's or document's id and the document's path), never the
text of a document. Lines are appended whole, so several app processes may share the file.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

# The events: a question on the ask page, words on the search or decisions page, a passage
# or document opened, and a link to one the user may not read.
EVENTS = ("ask", "search", "decisions", "open", "denied")


class AuditLog:
    """Appends one line per event to the file at ``path``."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def record(self, user: str, event: str, **what: object) -> None:
        """A line for ``event`` by ``user`` (empty: anonymous) about ``what``."""
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}; use one of {', '.join(EVENTS)}")
        when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        line = json.dumps({"time": when, "user": user, "event": event, **what}, ensure_ascii=False)
        with self._lock, open(self.path, "a", encoding="utf-8") as log:
            log.write(line + "\n")
