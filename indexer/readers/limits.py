"""How much reading one file may take: the file's size, and how much it may unpack or expand to
(a DOCX or PPTX unzipped, Typst variables and LaTeX macros substituted).

``read_document`` applies a file's limits for the duration of its read, so that the readers
deep inside (the Typst parser, the LaTeX macro expansion) can check what they produce.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from indexer.documents import UnreadableDocument

MAX_ARCHIVE_ENTRIES = 10_000  # a Word or PowerPoint file holds some hundred parts


@dataclass(frozen=True)
class ReadLimits:
    """The largest file read, and the most one file may unpack or expand to, in bytes."""

    max_bytes: int = 50_000_000
    max_expanded_bytes: int = 200_000_000


DEFAULT_LIMITS = ReadLimits()
_CURRENT: ContextVar[ReadLimits | None] = ContextVar("read_limits", default=None)


@contextmanager
def applied(limits: ReadLimits) -> Iterator[None]:
    """``limits`` hold for the reads inside the block."""
    token = _CURRENT.set(limits)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def check_expansion(size: int) -> None:
    """UnreadableDocument when a file unpacks or expands to more than the limit allows."""
    limit = (_CURRENT.get() or DEFAULT_LIMITS).max_expanded_bytes
    if size > limit:
        raise UnreadableDocument(f"expands to more than {human_size(limit)}")


def human_size(size: int) -> str:
    """``52.4 MB``, ``50 MB``, ``1.5 kB``, ``120 bytes``."""
    for unit, factor in (("GB", 1_000_000_000), ("MB", 1_000_000), ("kB", 1_000)):
        if size >= factor:
            return f"{size / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} bytes"
