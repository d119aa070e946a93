"""Assemble a snapshot's records: meetings with their info, chunked documents, passages,
decisions and the passages' sentences.

Ids are stable: a meeting's depends on its key, a document's on its path, a passage's on its
path, text and occurrence, so links to a passage survive re-indexing of unchanged text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from indexer.chunking import chunk_document
from indexer.decisions import Decision, extract_decisions
from indexer.documents import Chunk, ExtractedDocument
from indexer.embedders import Embedder
from indexer.meetings import MeetingGroup, MeetingInfo, SeriesNames, infer_meeting_info
from indexer.passage_sentences import sentence_embedding_text, text_sentences
from indexer.records import (
    DecisionRecord,
    DocumentContent,
    DocumentRecord,
    MeetingRecord,
    PassageRecord,
    SentenceRecord,
)
from indexer.store.embedding_cache import text_key

CHUNKING = {"version": 2, "target_tokens": 200, "max_tokens": 350, "overlap_tokens": 40}


def stable_id(*parts: str) -> str:
    """A short id that depends only on ``parts``."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def inferred_info(
    group: MeetingGroup,
    documents: Mapping[str, ExtractedDocument],
    tomls: Mapping[str, dict],
    series_names: SeriesNames | None = None,
) -> MeetingInfo:
    """The info of a meeting (series named by ``series_names``) before titles are told
    apart (``distinct_titles``, over every meeting)."""
    toml = tomls.get(group.toml_path) if group.toml_path else None
    return infer_meeting_info(group, documents, toml, series_names)


def meeting_signature(
    group: MeetingGroup, tomls: Mapping[str, dict], info: MeetingInfo, sha256: Mapping[str, str]
) -> str:
    """What changes when any of the meeting's files (``sha256`` by path), its meeting.toml
    or its info changes."""
    toml = tomls.get(group.toml_path) if group.toml_path else None
    files = sorted(group.minutes + group.attachments)
    return stable_id(repr(toml), repr(info), *(f"{rel}:{sha256[rel]}" for rel in files))


def assemble_meeting(
    group: MeetingGroup,
    info: MeetingInfo,
    inferred: MeetingInfo,
    signature: str,
    documents: Mapping[str, DocumentContent],
    embedder: Embedder,
) -> tuple[MeetingRecord, list[DocumentRecord]]:
    """The meeting of ``group`` with its ``info``, and its documents, chunked."""
    meeting = MeetingRecord(
        stable_id("meeting", group.key), group.key, group.folder, info, signature, inferred
    )
    records = []
    for kind, paths in (("minutes", group.minutes), ("attachment", group.attachments)):
        for rel in paths:
            content = documents[rel]
            if content.chunks is None:
                content = replace(content, chunks=chunk(content.extracted, embedder))
            records.append(
                DocumentRecord(stable_id("document", rel), meeting.id, rel, kind, content)
            )
    return meeting, records


def chunk(doc: ExtractedDocument, embedder: Embedder) -> list[Chunk]:
    """The passages of ``doc``, sized in the embedding model's tokens."""
    params = {k: v for k, v in CHUNKING.items() if k != "version"}
    return chunk_document(doc, count_tokens=embedder.count_tokens, **params)


def passage_records(
    meetings: list[MeetingRecord], documents: list[DocumentRecord]
) -> list[PassageRecord]:
    """Every chunk of ``documents`` as a passage, numbered by its row in the snapshot."""
    by_id = {m.id: m for m in meetings}
    passages: list[PassageRecord] = []
    for doc in documents:
        seen: dict[str, int] = {}
        meeting = by_id[doc.meeting_id]
        for ordinal, piece in enumerate(doc.content.chunks or []):
            text = doc.content.extracted.text[piece.start : piece.end]
            occurrence = seen[text] = seen.get(text, -1) + 1
            embed_text = embedding_text(
                meeting.info.title,
                meeting.info.date.isoformat() if meeting.info.date else None,
                _document_title(doc) if doc.kind == "attachment" else None,
                piece.section,
                text,
            )
            passages.append(
                PassageRecord(
                    len(passages),
                    stable_id("passage", doc.path, text, str(occurrence)),
                    doc.id,
                    ordinal,
                    piece,
                    text,
                    embed_text,
                    text_key(embed_text),
                )
            )
    return passages


def decision_records(
    meetings: list[MeetingRecord], documents: list[DocumentRecord], passages: list[PassageRecord]
) -> list[DecisionRecord]:
    """The decisions of every document, each tied to the passage that holds its start."""
    by_id = {m.id: m for m in meetings}
    passages_of: dict[str, list[PassageRecord]] = {}
    for passage in passages:
        passages_of.setdefault(passage.document_id, []).append(passage)
    records: list[DecisionRecord] = []
    for doc in documents:
        held = passages_of.get(doc.id)
        if not held:
            continue
        meeting = by_id[doc.meeting_id]
        seen: dict[str, int] = {}
        for ordinal, decision in enumerate(extract_decisions(doc.content.extracted)):
            occurrence = seen[decision.text] = seen.get(decision.text, -1) + 1
            embed_text = embedding_text(
                meeting.info.title,
                meeting.info.date.isoformat() if meeting.info.date else None,
                _document_title(doc) if doc.kind == "attachment" else None,
                decision.agenda_title,
                _decision_text(decision),
            )
            records.append(
                DecisionRecord(
                    len(records),
                    stable_id("decision", doc.path, decision.text, str(occurrence)),
                    doc.id,
                    ordinal,
                    _holding(held, decision.start).row,
                    decision,
                    embed_text,
                    text_key(embed_text),
                )
            )
    return records


def sentence_records(
    meetings: list[MeetingRecord], documents: list[DocumentRecord], passages: list[PassageRecord]
) -> list[SentenceRecord]:
    """The sentences of every passage that an answer may quote, numbered by their row in the
    snapshot, each with the text it is embedded as."""
    titles = {m.id: m.info.title for m in meetings}
    by_id = {d.id: d for d in documents}
    records: list[SentenceRecord] = []
    for passage in passages:
        doc = by_id[passage.document_id]
        section = passage.chunk.section
        found = text_sentences(
            passage.text, section, (titles[doc.meeting_id], _document_title(doc))
        )
        for sentence in found:
            embed_text = sentence_embedding_text(sentence, section)
            records.append(SentenceRecord(len(records), passage.row, sentence, embed_text))
    return records


def _decision_text(decision: Decision) -> str:
    """What a decision is found by: its proposal (when not the same) and what was decided."""
    if decision.proposal and decision.proposal != decision.text:
        return f"{decision.proposal}\n{decision.text}"
    return decision.text


def _holding(passages: list[PassageRecord], offset: int) -> PassageRecord:
    """The first passage whose span holds ``offset``, else the last that starts before it."""
    for passage in passages:
        if passage.chunk.start <= offset < passage.chunk.end:
            return passage
    before = [p for p in passages if p.chunk.start <= offset]
    return before[-1] if before else passages[0]


def embedding_text(
    meeting_title: str,
    meeting_date: str | None,
    attachment: str | None,
    section: str | None,
    text: str,
) -> str:
    """What is embedded for a passage: a short context header, then the passage itself."""
    header = [meeting_title, meeting_date, f"bilaga: {attachment}" if attachment else None, section]
    return " | ".join(part for part in header if part) + "\n" + text


def _document_title(doc: DocumentRecord) -> str:
    return doc.content.extracted.title or Path(doc.path).stem
