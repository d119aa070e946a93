"""Write real PDF, Word and PowerPoint files for tests."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pptx
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from PIL import Image, ImageDraw


@dataclass(frozen=True)
class DocxHeading:
    text: str
    level: int = 1  # 0 is Word's "Title" style


@dataclass(frozen=True)
class DocxTable:
    rows: list[list[str]]


@dataclass(frozen=True)
class DocxListItem:
    text: str


DocxBlock = str | DocxHeading | DocxTable | DocxListItem


def make_pdf(
    path: Path,
    pages: list[str],
    *,
    title: str | None = None,
    created: dt.datetime | None = None,
    password: str | None = None,
    aes: bool = False,
) -> Path:
    """A PDF with one text page per item of ``pages`` (Latin-1 text, so å ä ö work).

    With ``password`` the file is encrypted (RC4, or AES-128 with ``aes``, which needs the
    ``cryptography`` package); ``password=""`` encrypts it with an empty user password, as
    PDFs that merely restrict editing are.
    """
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if title is not None:
        pdf.set_title(title)
    pdf.set_creation_date(created or dt.datetime(2021, 5, 19, 12, 0, tzinfo=dt.UTC))
    if password is not None:
        method = EncryptionMethod.AES_128 if aes else EncryptionMethod.RC4
        pdf.set_encryption("ägaren", user_password=password, encryption_method=method)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def make_image_pdf(path: Path, *, pages: int = 1) -> Path:
    """A PDF whose pages hold only a picture of text, like a scan: no text layer."""
    picture = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(picture).rectangle((20, 20, 380, 60), fill="black")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=150)
    pdf.output(str(path))
    return path


def make_docx(
    path: Path,
    blocks: list[DocxBlock],
    *,
    title: str | None = None,
    created: dt.datetime | None = None,
) -> Path:
    """A Word document of paragraphs (plain ``str``), headings, list items and tables."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, DocxHeading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, DocxTable):
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            for cells, row in zip(block.rows, table.rows, strict=True):
                for text, cell in zip(cells, row.cells, strict=True):
                    cell.text = text
        elif isinstance(block, DocxListItem):
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block)
    document.core_properties.title = title or ""
    document.core_properties.created = created or dt.datetime(2021, 5, 19, 12, 0)
    document.save(str(path))
    return path


def make_pptx(
    path: Path,
    slides: list[tuple[str, str]],
    *,
    notes: dict[int, str] | None = None,
    title: str | None = None,
    created: dt.datetime | None = None,
) -> Path:
    """A presentation with one "Title and Content" slide per (title, body) pair.

    ``notes`` maps a 0-based slide index to its speaker notes.
    """
    presentation = pptx.Presentation()
    layout = presentation.slide_layouts[1]
    for index, (heading, body) in enumerate(slides):
        slide = presentation.slides.add_slide(layout)
        slide.shapes.title.text = heading
        slide.placeholders[1].text = body
        if notes and index in notes:
            slide.notes_slide.notes_text_frame.text = notes[index]
    presentation.core_properties.title = title or ""
    presentation.core_properties.created = created or dt.datetime(2021, 5, 19, 12, 0)
    presentation.save(str(path))
    return path


def add_pptx_table(path: Path, slide_index: int, rows: list[list[str]]) -> Path:
    """Add a table to an existing presentation's slide."""
    presentation = pptx.Presentation(str(path))
    slide = presentation.slides[slide_index]
    shape = slide.shapes.add_table(len(rows), len(rows[0]), 0, 0, 4_000_000, 1_000_000)
    for cells, row in zip(rows, shape.table.rows, strict=True):
        for text, cell in zip(cells, row.cells, strict=True):
            cell.text = text
    presentation.save(str(path))
    return path


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_BODY_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
)
_BODY_END = "</w:body></w:document>"


def make_docx_bomb(
    path: Path, unpacked_bytes: int, *, paragraphs: bool = False, text: str = "Protokoll"
) -> Path:
    """A real zip bomb: a minimal Word file whose document part unzips to about
    ``unpacked_bytes``: spaces, bzip2-compressed (which zip allows) to a file of a few kB; or
    empty paragraphs, each an element to parse (deflated to a thousandth)."""
    block = b"<w:p/>" * (1 << 18) if paragraphs else b" " * (1 << 20)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        part = zipfile.ZipInfo("word/document.xml")
        part.compress_type = zipfile.ZIP_DEFLATED if paragraphs else zipfile.ZIP_BZIP2
        with archive.open(part, "w", force_zip64=True) as document:
            document.write(_BODY_START.format(text=text).encode())
            for _ in range(unpacked_bytes // len(block)):
                document.write(block)
            document.write(_BODY_END.encode())
    return path
