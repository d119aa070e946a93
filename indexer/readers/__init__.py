"""Read supported documents into clean text; anything unreadable raises UnreadableDocument."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from indexer.documents import ExtractedDocument, UnreadableDocument
from indexer.readers.archive import ARCHIVE_SUFFIXES, check_archive
from indexer.readers.latex import read_tex
from indexer.readers.limits import DEFAULT_LIMITS, ReadLimits, applied, human_size
from indexer.readers.pdf import read_pdf
from indexer.readers.plaintext import read_markdown, read_text
from indexer.readers.powerpoint import read_pptx
from indexer.readers.typst import read_typst
from indexer.readers.word import read_docx

READERS_VERSION = 2  # bump when extracted text changes: the next build then reads every file again

_READERS: dict[str, Callable[[Path], ExtractedDocument]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".pptx": read_pptx,
    ".tex": read_tex,
    ".typ": read_typst,
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_READERS)


def read_document(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> ExtractedDocument:
    """Read ``path`` with the reader for its suffix, within ``limits``; raise
    UnreadableDocument with a reason."""
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise UnreadableDocument(f"unsupported file type ({suffix or 'no file extension'})")
    try:
        _check_size(path, limits.max_bytes)
        with applied(limits):
            if suffix in ARCHIVE_SUFFIXES:
                check_archive(path)
            document = reader(path)
    except OSError as error:
        raise UnreadableDocument(os_error_reason(error)) from error
    except RecursionError as error:
        raise UnreadableDocument("too complex to read") from error
    if not document.text.strip():
        raise UnreadableDocument("contains no text")
    return document


def _check_size(path: Path, max_bytes: int) -> None:
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise UnreadableDocument("not a regular file")
    if info.st_size == 0:
        raise UnreadableDocument("empty file")
    if info.st_size > max_bytes:
        size, limit = human_size(info.st_size), human_size(max_bytes)
        raise UnreadableDocument(f"file too large ({size}; the limit is {limit})")


def os_error_reason(error: OSError) -> str:
    """Why a file or folder could not be read, as the summary says it ("permission denied")."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "file disappeared before it could be read"
    if isinstance(error, IsADirectoryError):
        return "not a regular file"
    return f"could not be read ({error.strerror or error})"
