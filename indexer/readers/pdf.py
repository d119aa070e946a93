"""PDF files: the text layer of each page (pypdf), one PageSpan per page."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from indexer.documents import ExtractedDocument, PageSpan, UnreadableDocument
from indexer.readers.builder import TextBuilder
from indexer.readers.properties import sane_date, sane_title

ENCRYPTED = "encrypted PDF (password protected)"
ENCRYPTED_NEEDS_CRYPTOGRAPHY = "encrypted PDF (opening it needs the Python package 'cryptography')"
NO_TEXT_LAYER = "no text layer (scanned image?)"
CORRUPT = "corrupt or truncated PDF"
_BLANK_RUN = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
_WORDS_PER_LINE_OF_RUNNING_TEXT = 1.5

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its repair notes are not for our users


def read_pdf(path: Path) -> ExtractedDocument:
    """Read a PDF's text layer page by page; raise UnreadableDocument when there is none."""
    reader = _open(path)
    try:
        page_count = len(reader.pages)
    except Exception as error:
        raise UnreadableDocument(CORRUPT) from error
    builder, pages, failed = TextBuilder(), [], 0
    for number in range(1, page_count + 1):
        try:
            raw = reader.pages[number - 1].extract_text()
        except Exception:
            failed += 1
            continue
        span = builder.add(tidy_page(raw))
        if span is not None:
            pages.append(PageSpan(span.start, span.end, number))
    if not pages:
        raise UnreadableDocument(CORRUPT if failed or not page_count else NO_TEXT_LAYER)
    title, date = _properties(reader, path)
    return ExtractedDocument(builder.text, pages=pages, page_kind="page", title=title, date=date)


def _open(path: Path) -> PdfReader:
    """Open the PDF, unlocking it with the empty password when it is encrypted."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise UnreadableDocument(ENCRYPTED)
    except DependencyError as error:  # AES needs the optional "cryptography" package
        raise UnreadableDocument(ENCRYPTED_NEEDS_CRYPTOGRAPHY) from error
    except FileNotDecryptedError as error:
        raise UnreadableDocument(ENCRYPTED) from error
    except (UnreadableDocument, OSError):
        raise
    except Exception as error:
        raise UnreadableDocument(CORRUPT) from error
    return reader


def tidy_page(text: str) -> str:
    """Undo two pypdf artefacts: a blank line after every line, and one word per line."""
    lines = text.replace("\r\n", "\n").split("\n")
    blank = sum(not line.strip() for line in lines)
    filled = len(lines) - blank
    if filled >= 4 and blank >= 0.8 * (filled - 1):
        # Single blank lines only separate lines; longer runs still separate paragraphs.
        text = _BLANK_RUN.sub(lambda m: "\n" if m.group().count("\n") == 2 else "\n\n", text)
    paragraphs = text.split("\n\n")
    return "\n\n".join(_join_word_lines(paragraph) for paragraph in paragraphs)


def _join_word_lines(paragraph: str) -> str:
    lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
    if len(lines) < 8:
        return paragraph
    words = sum(len(line.split()) for line in lines)
    return " ".join(lines) if words / len(lines) < _WORDS_PER_LINE_OF_RUNNING_TEXT else paragraph


def _properties(reader: PdfReader, path: Path) -> tuple[str | None, dt.date | None]:
    """Title and creation date from the document information, when present and sane."""
    try:
        info = reader.metadata
        if info is None:
            return None, None
        return sane_title(info.title, path), sane_date(info.creation_date)
    except Exception:
        return None, None
