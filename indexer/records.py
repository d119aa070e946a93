"""What a build assembles before it writes a segment: meetings, documents, passages,
decisions, sentences; and the corpus files it was built from (sources)."""

from __future__ import annotations

from dataclasses import dataclass

from indexer.decisions import Decision
from indexer.documents import Chunk, ExtractedDocument, Sentence
from indexer.meetings import MeetingInfo


@dataclass
class DocumentContent:
    """A document file's state, extracted text and chunks (None until it is chunked)."""

    size: int
    mtime_ns: int
    sha256: str
    extracted: ExtractedDocument
    chunks: list[Chunk] | None


@dataclass
class MeetingRecord:
    id: str
    key: str
    folder: str | None
    info: MeetingInfo
    signature: str  # changes when any of its files, its meeting.toml or its info changes
    inferred: MeetingInfo  # the info before titles were told apart (``distinct_titles``)


@dataclass
class DocumentRecord:
    id: str
    meeting_id: str
    path: str
    kind: str
    content: DocumentContent  # chunked


@dataclass
class PassageRecord:
    """A chunk as stored: ``row`` is its position in FAISS and BM25."""

    row: int
    id: str
    document_id: str
    ordinal: int
    chunk: Chunk
    text: str
    embed_text: str
    embed_key: str


@dataclass
class DecisionRecord:
    """A decision as stored: ``row`` is its position in the decision vectors and BM25, and
    ``passage_row`` the passage that holds its start."""

    row: int
    id: str
    document_id: str
    ordinal: int
    passage_row: int
    decision: Decision
    embed_text: str
    embed_key: str


@dataclass
class SentenceRecord:
    """A sentence of a passage as stored: ``row`` is its position in the sentence vectors,
    ``passage_row`` the passage's, and its offsets are in the passage's text."""

    row: int
    passage_row: int
    sentence: Sentence
    embed_text: str


@dataclass
class SourceRecord:
    path: str
    size: int
    mtime_ns: int
    sha256: str | None
    status: str  # "document", "failed" or "meeting.toml"
    reason: str | None = None


@dataclass
class SegmentContents:
    """Everything a new segment's metadata holds: whole meetings, with their documents,
    passages, decisions and sentences (rows numbered from 0 in the segment)."""

    meetings: list[MeetingRecord]
    documents: list[DocumentRecord]
    passages: list[PassageRecord]
    decisions: list[DecisionRecord]
    sentences: list[SentenceRecord]
