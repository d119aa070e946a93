"""A Word or PowerPoint file is a zip archive: its directory is checked before it is parsed, so
that a small file that unzips to gigabytes (a zip bomb) is refused without unzipping it.

Python's zipfile stops each entry at the size the directory declares (and then fails its
checksum), so the declared sizes bound what parsing can unzip.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from indexer.documents import UnreadableDocument
from indexer.readers.limits import MAX_ARCHIVE_ENTRIES, check_expansion

ARCHIVE_SUFFIXES = frozenset({".docx", ".pptx"})


def check_archive(path: Path) -> None:
    """UnreadableDocument when the archive holds too many entries or unzips to too much; an
    archive that cannot be opened is left to its reader to name."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise UnreadableDocument(f"holds more than {MAX_ARCHIVE_ENTRIES} parts (a zip bomb?)")
    check_expansion(sum(entry.file_size for entry in entries))
