"""Word .docx files: paragraphs and tables in body order, heading styles as headings."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from docx.document import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from indexer.documents import ExtractedDocument, UnreadableDocument
from indexer.readers.builder import TextBuilder
from indexer.readers.properties import sane_date, sane_title

NOT_DOCX = "not a valid Word document (corrupt or not a .docx)"
# Word names built-in styles in English inside the file; Swedish templates may use "Rubrik N".
_HEADING_STYLE = re.compile(r"(?:heading|rubrik)\s*([1-9])", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"title|rubrik", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list", re.IGNORECASE)


def read_docx(path: Path) -> ExtractedDocument:
    """Read a .docx file's body text."""
    try:
        document = docx.Document(str(path))
        builder = TextBuilder()
        _add_body(document, builder)
        properties = document.core_properties
        title, created = properties.title, properties.created
    except OSError:
        raise
    except Exception as error:
        raise UnreadableDocument(NOT_DOCX) from error
    return ExtractedDocument(
        text=builder.text,
        title=sane_title(title, path),
        date=sane_date(created),
        headings=builder.headings,
    )


def _add_body(document: Document, builder: TextBuilder) -> None:
    in_list = False
    for block in document.iter_inner_content():
        piece, level, is_list_item = _piece(block)
        sep = "\n" if in_list and is_list_item else None
        if builder.add(piece, sep=sep, level=level) is not None:
            in_list = is_list_item


def _piece(block: Paragraph | Table) -> tuple[str, int | None, bool]:
    """The block's text, its heading level if it is a heading, and whether it is a list item."""
    if isinstance(block, Table):
        return table_text(block), None, False
    level = _heading_level(block)
    if level is None and _is_list_item(block):
        text = block.text.strip()
        return ("- " + text if text else ""), None, True
    return block.text, level, False


def table_text(table: Table) -> str:
    """One line per row, cells joined by " | " (a merged cell counted once)."""
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)


def _heading_level(paragraph: Paragraph) -> int | None:
    name = paragraph.style.name if paragraph.style is not None else ""
    match = _HEADING_STYLE.fullmatch(name.strip())
    if match:
        return int(match.group(1))
    return 1 if _TITLE_STYLE.fullmatch(name.strip()) else None


def _is_list_item(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    style = paragraph.style.name if paragraph.style is not None else ""
    return numbered or bool(_LIST_STYLE.search(style))
