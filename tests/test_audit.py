"""The audit trail: one JSON line per question and per opened document, no document text."""

from __future__ import annotations

import json

import pytest

from search.audit import AuditLog


def test_the_audit_log_has_one_json_line_per_event_without_document_text(tmp_path):
    log = AuditLog(tmp_path / "audit.log")
    log.record("Anna", "ask", question="Vad beslutades\nom budgeten?", filters={"from": "2021"})
    log.record("Anna", "open", passage="abc123", document="styrelse/2021.txt")
    lines = (tmp_path / "audit.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = map(json.loads, lines)
    assert first["user"] == "Anna" and first["event"] == "ask" and first["time"].endswith("+00:00")
    assert first["question"] == "Vad beslutades\nom budgeten?"
    assert second == {**second, "passage": "abc123", "document": "styrelse/2021.txt"}
    with pytest.raises(ValueError, match="unknown audit event"):
        log.record("Anna", "read")
