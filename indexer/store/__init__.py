"""The index directory and the snapshot format, owned here and nowhere else.

- ``layout``: the index directory, file names, the CURRENT pointer, the build lock.
- ``manifest``: what a snapshot was built from and with (``Manifest``).
- ``metadata``: the meta.sqlite schema and writing it; ``queries``: named reads of it.
- ``entities``: meetings, documents and passages as read.
- ``vectors``, ``lexical_index``: the FAISS and BM25 files.
- ``embedding_cache``: vectors cached across snapshots by (model, text hash).
- ``failures``: a write that failed (disk full, read-only, no permission) as one line.
- ``checks``, ``verify``: each file's size and checksum in the manifest, and checking them.
"""

from indexer.store.failures import IndexWriteError
from indexer.store.layout import (
    META_DB,
    VECTORS,
    DamagedIndex,
    DamagedSnapshot,
    IndexBusy,
    IndexDir,
    NoSnapshot,
    StoreUnavailable,
)
from indexer.store.manifest import (
    SCHEMA_VERSION,
    DamagedManifest,
    Manifest,
    SnapshotCounts,
    SnapshotFormatError,
    read_manifest,
    write_manifest,
)

__all__ = [
    "META_DB",
    "SCHEMA_VERSION",
    "VECTORS",
    "DamagedIndex",
    "DamagedManifest",
    "DamagedSnapshot",
    "SnapshotCounts",
    "SnapshotFormatError",
    "IndexBusy",
    "IndexDir",
    "IndexWriteError",
    "Manifest",
    "NoSnapshot",
    "StoreUnavailable",
    "read_manifest",
    "write_manifest",
]
