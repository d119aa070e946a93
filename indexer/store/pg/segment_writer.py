"""Writing a new segment into its own schema, inside the build's transaction."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

import numpy as np
import psycopg

from indexer.lexical import Vocabulary, analyze_many
from indexer.records import SegmentContents
from indexer.store.manifest import SegmentEntry
from indexer.store.metadata import table_rows
from indexer.store.pg.database import first_value, segment_schema
from indexer.store.pg.schema import HNSW_INDEX, segment_tables
from indexer.store.postings import build_postings
from indexer.store.segments import SegmentVectors, counts_of
from indexer.store.vectors import EXACT_SEARCH_LIMIT

PASSAGES, DECISIONS = "passages", "decisions"  # the kinds of postings
HNSW_M, HNSW_EF_CONSTRUCTION = 16, 64  # pgvector's defaults: a graph built in the database
# Comparing every vector costs the database about 3 ms per thousand (``make bench-scale
# --postgresql``: 32 ms for 10,000), against 0.17 µs each for FAISS: a graph pays far sooner.
EXACT_SEARCH_LIMIT_IN_DATABASE = 10_000
SENTENCE_DTYPE = np.dtype("<f2")  # sentence vectors in half precision, as sentences.npy
INT32 = np.dtype("<i4")  # postings' rows and counts, and rows' lengths


def write_segment(
    connection: psycopg.Connection[Any],
    name: str,
    contents: SegmentContents,
    vectors: SegmentVectors,
    vocabulary: Vocabulary,
    exact_limit: int = EXACT_SEARCH_LIMIT,
) -> SegmentEntry:
    """Create the schema of the segment ``name`` and fill it (in the transaction that
    ``connection`` is in), with an HNSW graph above ``exact_limit`` passages (or the lower
    limit of the database); returns its entry for the manifest."""
    schema = segment_schema(name)
    search_path = first_value(connection, "SELECT current_setting('search_path')")
    connection.execute(f'CREATE SCHEMA "{schema}"')
    connection.execute(f'SET LOCAL search_path TO "{schema}", {search_path}')
    connection.execute(segment_tables(vectors.passages.shape[1]))
    for table, rows in table_rows(contents):
        _copy_rows(connection, table, rows)
    _copy_vectors(connection, "passage_vectors", vectors.passages, "vector")
    _copy_vectors(connection, "decision_vectors", vectors.decisions, "vector")
    half = np.asarray(vectors.sentences, dtype=SENTENCE_DTYPE)
    _copy_vectors(connection, "sentence_vectors", (v.tobytes() for v in half), "bytea")
    kind = "flat"
    if len(vectors.passages) > min(exact_limit, EXACT_SEARCH_LIMIT_IN_DATABASE):
        connection.execute(HNSW_INDEX.format(m=HNSW_M, ef=HNSW_EF_CONSTRUCTION))
        kind = "hnsw"
    _write_postings(connection, PASSAGES, [p.embed_text for p in contents.passages], vocabulary)
    _write_postings(connection, DECISIONS, [d.embed_text for d in contents.decisions], vocabulary)
    connection.execute(f"SET LOCAL search_path TO {search_path}")
    return SegmentEntry(name, counts_of(contents), kind)


def _copy_rows(
    connection: psycopg.Connection[Any], table: str, rows: Iterable[dict[str, Any]]
) -> None:
    """COPY ``rows`` (column → value) into ``table``."""
    found = iter(rows)
    first = next(found, None)
    if first is None:
        return
    columns = list(first)
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in chain([first], found):
            copy.write_row([row[c] for c in columns])


def _copy_vectors(
    connection: psycopg.Connection[Any], table: str, vectors: Iterable[Any], kind: str
) -> None:
    """COPY one vector a row, numbered from 0, into ``table``, in binary."""
    sql = f"COPY {table} (row, embedding) FROM STDIN WITH (FORMAT BINARY)"
    with connection.cursor().copy(sql) as copy:
        copy.set_types(["bigint", kind])
        for row, vector in enumerate(vectors):
            copy.write_row((row, vector))


def _write_postings(
    connection: psycopg.Connection[Any], kind: str, texts: list[str], vocabulary: Vocabulary
) -> None:
    """The BM25 postings of ``texts``, analysed as the folder store's: a row per term."""
    postings = build_postings(analyze_many(texts, vocabulary))
    sql = "COPY postings (kind, term, rows, counts) FROM STDIN WITH (FORMAT BINARY)"
    with connection.cursor().copy(sql) as copy:
        copy.set_types(["text", "text", "bytea", "bytea"])
        for number, term in enumerate(postings.terms):
            start, end = int(postings.indptr[number]), int(postings.indptr[number + 1])
            rows, counts = postings.rows[start:end], postings.counts[start:end]
            copy.write_row((kind, term, _int32(rows), _int32(counts)))
    connection.execute(
        "INSERT INTO row_lengths (kind, lengths) VALUES (%s, %s)",
        (kind, _int32(postings.lengths)),
    )


def _int32(values: np.ndarray) -> bytes:
    return np.asarray(values, dtype=INT32).tobytes()
