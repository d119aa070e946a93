"""PowerPoint .pptx files: one PageSpan per slide; a slide's title is a heading."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pptx
from pptx.shapes.base import BaseShape
from pptx.slide import Slide

from indexer.documents import ExtractedDocument, PageSpan, UnreadableDocument
from indexer.readers.builder import Span, TextBuilder, cover
from indexer.readers.properties import sane_date, sane_title

NOT_PPTX = "not a valid PowerPoint file (corrupt or not a .pptx)"


def read_pptx(path: Path) -> ExtractedDocument:
    """Read the text of every slide: title, other text and tables, then the speaker notes."""
    try:
        presentation = pptx.Presentation(str(path))
        builder, pages = TextBuilder(), []
        for number, slide in enumerate(presentation.slides, start=1):
            span = _add_slide(slide, builder)
            if span is not None:
                pages.append(PageSpan(span.start, span.end, number))
        properties = presentation.core_properties
        title, created = properties.title, properties.created
    except OSError:
        raise
    except Exception as error:
        raise UnreadableDocument(NOT_PPTX) from error
    return ExtractedDocument(
        text=builder.text,
        pages=pages,
        page_kind="slide",
        title=sane_title(title, path),
        date=sane_date(created),
        headings=builder.headings,
    )


def _add_slide(slide: Slide, builder: TextBuilder) -> Span | None:
    title_shape = slide.shapes.title
    spans = [builder.add(title_shape.text_frame.text, level=1)] if title_shape is not None else []
    for shape in _shapes(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        spans.append(builder.add(_shape_text(shape)))
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        spans.append(builder.add(slide.notes_slide.notes_text_frame.text))
    return cover(spans)


def _shapes(shapes: Iterable[BaseShape]) -> Iterator[BaseShape]:
    """The shapes in slide order, with the members of groups in place of the groups."""
    for shape in shapes:
        if hasattr(shape, "shapes"):
            yield from _shapes(shape.shapes)
        else:
            yield shape


def _shape_text(shape: Any) -> str:  # a text frame, table or picture shape
    if getattr(shape, "has_text_frame", False):
        return shape.text_frame.text
    if getattr(shape, "has_table", False):
        rows = (
            " | ".join(" ".join(cell.text.split()) for cell in row.cells)
            for row in shape.table.rows
        )
        return "\n".join(row for row in rows if row.strip(" |"))
    return ""
