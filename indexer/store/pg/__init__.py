"""The PostgreSQL store: the same snapshots as the index folder, in one database that many
`minutes serve` processes (and read replicas) share.

Layout, in the schema named by the store's address (``public`` unless ``?options=-csearch_path=…``
says otherwise):

- ``minutes_snapshots``: one row per published snapshot: its name, manifest (JSON), word
  counts (gzipped JSON, as vocabulary.json.gz) and sources (JSON, as sources.json);
- ``minutes_current``: the name of the published snapshot (one row);
- one schema per segment, ``minutes_seg_<name>``, written once by the build that makes it: the
  tables of a segment's meta.sqlite (``schema``), the passage vectors in a pgvector column with
  an HNSW index above the exact-search limit, the decision and sentence vectors, and the BM25
  postings of our own Swedish analysis (stems and compound parts), per term.

A build writes its new segments and the snapshot's row, and switches ``minutes_current``, in
one transaction: readers see the previous snapshot until it commits, and a build killed
half-way leaves nothing behind. Segments are immutable, so a reader holding an older snapshot
keeps reading it; the segments that no snapshot of the last ``KEEP_SNAPSHOTS`` lists are
dropped by the build that retires them.

- ``database``: connecting, rows by column name, a segment's tables as a SegmentDatabase;
- ``schema``: the tables;
- ``segment_writer``: writing a new segment;
- ``segment_parts``: a segment's vectors and postings, searched in the database;
- ``source``: a published snapshot as a SnapshotSource; ``store``: publishing and the lock.
"""
