"""The store's tables: the published snapshots, and each segment's tables in its own schema."""

from __future__ import annotations

import re

from indexer.store.metadata import SCHEMA as SEGMENT_METADATA

SNAPSHOTS = """
CREATE TABLE IF NOT EXISTS minutes_snapshots (
    name TEXT PRIMARY KEY, manifest TEXT NOT NULL, word_counts BYTEA NOT NULL,
    sources TEXT NOT NULL, published_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS minutes_current (
    one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    name TEXT NOT NULL REFERENCES minutes_snapshots(name)
);
"""


def segment_tables(dim: int) -> str:
    """The tables of one segment (created in its schema): meta.sqlite's, with 64-bit
    integers and the insertion order that SQLite's rowid gives; the vectors, ``dim``
    numbers each; the postings of passages ("passages") and decisions ("decisions")."""
    metadata = re.sub(r"\bINTEGER\b", "BIGINT", SEGMENT_METADATA)
    metadata = metadata.replace(
        "title_core TEXT NOT NULL\n", "title_core TEXT NOT NULL,\n    rowid BIGSERIAL\n"
    )
    metadata = metadata.replace("rows BIGINT NOT NULL\n", "rows BIGINT NOT NULL, rowid BIGSERIAL\n")
    return (
        metadata
        + f"""
CREATE TABLE passage_vectors (row BIGINT PRIMARY KEY, embedding vector({dim}) NOT NULL);
CREATE TABLE decision_vectors (row BIGINT PRIMARY KEY, embedding vector({dim}) NOT NULL);
CREATE TABLE sentence_vectors (row BIGINT PRIMARY KEY, embedding BYTEA NOT NULL);
CREATE TABLE postings (
    kind TEXT NOT NULL, term TEXT NOT NULL, rows BYTEA NOT NULL, counts BYTEA NOT NULL,
    PRIMARY KEY (kind, term)
);
CREATE TABLE row_lengths (kind TEXT PRIMARY KEY, lengths BYTEA NOT NULL);
"""
    )


# The graph of a segment's passage vectors above the exact-search limit (as the folder
# store's HNSW: inner product, 48 links per vector, 200 candidates weighed when linking).
HNSW_INDEX = (
    "CREATE INDEX passage_vectors_graph ON passage_vectors "
    "USING hnsw (embedding vector_ip_ops) WITH (m = {m}, ef_construction = {ef})"
)
