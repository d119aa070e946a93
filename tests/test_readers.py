"""Each reader on real files, and every reason a file can be unreadable."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.cleaning import clean_text
from indexer.documents import ExtractedDocument, UnreadableDocument
from indexer.readers import SUPPORTED_SUFFIXES, read_document
from indexer.readers.builder import document_from_marked
from indexer.readers.latex import reduce_latex
from indexer.readers.limits import ReadLimits
from indexer.readers.pdf import tidy_page
from indexer.readers.typst import reduce_typst
from tests.filemakers import (
    DocxHeading,
    DocxListItem,
    DocxTable,
    add_pptx_table,
    make_docx,
    make_image_pdf,
    make_pdf,
    make_pptx,
)

SHARED_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def reason(path: Path, **options) -> str:
    with pytest.raises(UnreadableDocument) as raised:
        read_document(path, **options)
    return raised.value.reason


def headings(document: ExtractedDocument) -> list[tuple[int, str]]:
    return [(h.level, document.text[h.start : h.end]) for h in document.headings]


def pages(document: ExtractedDocument) -> list[tuple[int, str]]:
    return [(p.number, document.text[p.start : p.end]) for p in document.pages]


def assert_clean(document: ExtractedDocument) -> None:
    assert document.text == clean_text(document.text)


def assert_spans_valid(document: ExtractedDocument) -> None:
    """Clean text; each page and heading span is non-empty, trimmed and in order."""
    assert_clean(document)
    for spans in (document.pages, document.headings):
        assert [s.start for s in spans] == sorted(s.start for s in spans)
        for span in spans:
            piece = document.text[span.start : span.end]
            assert piece and piece == piece.strip(), span
    for heading in document.headings:
        assert "\n" not in document.text[heading.start : heading.end]


def write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def test_supported_suffixes() -> None:
    expected = {".txt", ".md", ".markdown", ".docx", ".pdf", ".pptx", ".tex", ".typ"}
    assert expected == SUPPORTED_SUFFIXES


# Plain text and Markdown


def test_text_file_is_read_and_cleaned(tmp_path: Path) -> None:
    path = write(
        tmp_path / "protokoll.TXT", "\ufeffMötet öppnas.\r\n\r\n\r\n\r\nBeslut: bifalles.\r\n"
    )
    document = read_document(path)
    assert document.text == "Mötet öppnas.\n\nBeslut: bifalles."
    assert document.pages == [] and document.headings == [] and document.page_kind is None


def test_windows_1252_swedish_text_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path / "kort.txt", "Mötet öppnades. Åtgärder: inga.", encoding="cp1252")
    assert read_document(path).text == "Mötet öppnades. Åtgärder: inga."


def test_longer_windows_1252_text_with_typographic_quotes(tmp_path: Path) -> None:
    text = "Styrelsen beslutade – efter diskussion – att ”distansarbete” tillåts. Kostnad: 5 €.\n"
    path = write(tmp_path / "lang.txt", text * 20, encoding="cp1252")
    assert read_document(path).text.startswith("Styrelsen beslutade – efter diskussion – att ”dis")


def test_utf16_with_byte_order_mark_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path / "notepad.txt", "Närvarande: Åsa Öberg", encoding="utf-16")
    assert read_document(path).text == "Närvarande: Åsa Öberg"


def test_mostly_utf8_text_with_one_broken_byte_stays_utf8(tmp_path: Path) -> None:
    data = "Kassören redovisade årets överskott på 12 000 kr.".encode() + b"\xff"
    assert read_document(write(tmp_path / "trasig.txt", data)).text.startswith("Kassören red")


def test_markdown_headings_are_spans_of_their_titles(tmp_path: Path) -> None:
    source = (
        "# Mötesprotokoll\n## LiTHe Kod\n\n##Kallade\nAnna, Bertil\n\n"
        "```\n# inte en rubrik\n```\n### Övrigt ###\nText med # i mitten.\n"
    )
    document = read_document(write(tmp_path / "2017-07-03.md", source))
    assert document.text == source.rstrip("\n")
    assert headings(document) == [
        (1, "Mötesprotokoll"),
        (2, "LiTHe Kod"),
        (2, "Kallade"),
        (3, "Övrigt"),
    ]


def test_markdown_with_crlf_has_correct_heading_offsets(tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.markdown", "# Rubrik\r\n\r\nText\r\n## Under\r\n")
    document = read_document(path)
    assert document.text == "# Rubrik\n\nText\n## Under"
    assert headings(document) == [(1, "Rubrik"), (2, "Under")]


def test_text_files_report_no_markdown_headings(tmp_path: Path) -> None:
    assert read_document(write(tmp_path / "a.txt", "# Inte rubrik\ntext")).headings == []


# PDF


def test_pdf_pages_title_and_date(tmp_path: Path) -> None:
    path = make_pdf(
        tmp_path / "protokoll.pdf",
        ["Styrelsemöte\nMötet öppnades kl 18.00.", "Beslut: Budgeten fastställs.", "Slut"],
        title="Protokoll styrelsemöte maj",
        created=dt.datetime(2021, 5, 20, 9, 0, tzinfo=dt.UTC),
    )
    document = read_document(path)
    assert document.page_kind == "page"
    assert pages(document) == [
        (1, "Styrelsemöte\nMötet öppnades kl 18.00."),
        (2, "Beslut: Budgeten fastställs."),
        (3, "Slut"),
    ]
    assert document.text == "\n\n".join(text for _, text in pages(document))
    assert document.title == "Protokoll styrelsemöte maj"
    assert document.date == dt.date(2021, 5, 20)
    assert_clean(document)


def test_pdf_blank_page_gets_no_span(tmp_path: Path) -> None:
    document = read_document(make_pdf(tmp_path / "a.pdf", ["Första", "", "Tredje"]))
    assert pages(document) == [(1, "Första"), (3, "Tredje")]


def test_encrypted_pdf_with_empty_password_is_read(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "skyddad.pdf", ["Redigering är spärrad."], password="")
    assert read_document(path).text == "Redigering är spärrad."


def test_aes_encrypted_pdf_with_empty_password_is_read(tmp_path: Path) -> None:
    pytest.importorskip("cryptography", reason="AES needs the cryptography package")
    path = make_pdf(tmp_path / "aes.pdf", ["Mötet öppnades."], password="", aes=True)
    assert read_document(path).text == "Mötet öppnades."


def test_encrypted_pdf_with_password_is_unreadable(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "hemlig.pdf", ["Hemligt"], password="hemligt")
    assert reason(path) == "encrypted PDF (password protected)"


def test_image_only_pdf_has_no_text_layer(tmp_path: Path) -> None:
    assert reason(make_image_pdf(tmp_path / "skannad.pdf", pages=2)) == (
        "no text layer (scanned image?)"
    )


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    whole = make_pdf(tmp_path / "hel.pdf", ["Mötet öppnades."] * 3).read_bytes()
    for size in (20, len(whole) // 2):
        truncated = write(tmp_path / f"trasig-{size}.pdf", whole[:size])
        assert reason(truncated) == "corrupt or truncated PDF"


def test_text_named_pdf_is_corrupt(tmp_path: Path) -> None:
    assert reason(write(tmp_path / "fel.pdf", "Detta är ingen PDF")) == "corrupt or truncated PDF"


def test_tidy_page_drops_blank_line_after_every_line_but_keeps_paragraphs() -> None:
    raw = "Protokoll\n \n \n1. Öppnande\n \nMötet öppnas\n \nkl 17:15\n \n \n2. Val\n \nAnna väljs"
    assert (
        tidy_page(raw) == "Protokoll\n\n1. Öppnande\nMötet öppnas\nkl 17:15\n\n2. Val\nAnna väljs"
    )


def test_tidy_page_joins_one_word_per_line() -> None:
    words = ["Vi", "i", "kommittén", "har", "påbörjat", "arbetet", "med", "höstens", "inspark"]
    assert tidy_page("DVRK26\n \n \n" + "\n \n".join(words)) == "DVRK26\n\n" + " ".join(words)


def test_tidy_page_leaves_normal_text_alone() -> None:
    normal = "1. Öppnande\nMötet öppnas.\n\n2. Val\nAnna väljs till ordförande.\nBertil justerar."
    assert tidy_page(normal) == normal


# Word


def test_docx_paragraphs_headings_lists_and_tables_in_body_order(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "protokoll.docx",
        [
            DocxHeading("Styrelsemöte 19 maj", level=0),
            DocxHeading("1. Närvarande"),
            DocxTable([["Namn", "Roll"], ["Anna Öberg", "Ordförande"]]),
            DocxHeading("2. Distansarbete"),
            "Styrelsen diskuterade distansarbete.",
            DocxListItem("två dagar i veckan"),
            DocxListItem("utvärdering i höst"),
            DocxHeading("Beslut", level=2),
            "Distansarbete tillåts.[bookmark: _GoBack]",
        ],
        title="Protokoll 2021-05-19",
        created=dt.datetime(2021, 5, 19, 20, 0),
    )
    document = read_document(path)
    assert document.text == (
        "Styrelsemöte 19 maj\n\n1. Närvarande\nNamn | Roll\nAnna Öberg | Ordförande\n\n"
        "2. Distansarbete\nStyrelsen diskuterade distansarbete.\n\n"
        "- två dagar i veckan\n- utvärdering i höst\n\nBeslut\nDistansarbete tillåts."
    )
    assert headings(document) == [
        (1, "Styrelsemöte 19 maj"),
        (1, "1. Närvarande"),
        (1, "2. Distansarbete"),
        (2, "Beslut"),
    ]
    assert document.title == "Protokoll 2021-05-19"
    assert document.date == dt.date(2021, 5, 19)
    assert document.pages == [] and document.page_kind is None


def test_docx_with_only_a_table_yields_its_text(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "lista.docx", [DocxTable([["Punkt", "Ansvarig"], ["Budget", "Kassör"]])]
    )
    assert read_document(path).text == "Punkt | Ansvarig\nBudget | Kassör"


def test_docx_placeholder_title_is_ignored(tmp_path: Path) -> None:
    document = read_document(make_docx(tmp_path / "a.docx", ["Text"], title="Dokument"))
    assert document.title is None


def test_not_a_docx(tmp_path: Path) -> None:
    expected = "not a valid Word document (corrupt or not a .docx)"
    assert reason(write(tmp_path / "text.docx", "bara text")) == expected
    with zipfile.ZipFile(tmp_path / "zip.docx", "w") as archive:
        archive.writestr("hej.txt", "hej")
    assert reason(tmp_path / "zip.docx") == expected
    slides = make_pptx(tmp_path / "bilder.pptx", [("Titel", "Text")])
    assert reason(write(tmp_path / "bilder.docx", slides.read_bytes())) == expected


def test_empty_docx_contains_no_text(tmp_path: Path) -> None:
    assert reason(make_docx(tmp_path / "tom.docx", ["", "   "])) == "contains no text"


# PowerPoint


def test_pptx_slides_titles_tables_and_notes(tmp_path: Path) -> None:
    path = make_pptx(
        tmp_path / "bildspel.pptx",
        [("Budget 2021", "Överskott 12 000 kr"), ("Nästa steg", "Rekrytera\nUtbilda")],
        notes={1: "Påminn om enkäten."},
        title="Verksamhetsplan",
        created=dt.datetime(2021, 3, 1, 10, 0),
    )
    add_pptx_table(path, 0, [["Post", "Kr"], ["Fika", "500"]])
    document = read_document(path)
    assert document.page_kind == "slide"
    assert pages(document) == [
        (1, "Budget 2021\nÖverskott 12 000 kr\n\nPost | Kr\nFika | 500"),
        (2, "Nästa steg\nRekrytera\nUtbilda\n\nPåminn om enkäten."),
    ]
    assert headings(document) == [(1, "Budget 2021"), (1, "Nästa steg")]
    assert document.title == "Verksamhetsplan"
    assert document.date == dt.date(2021, 3, 1)
    assert_clean(document)


def test_not_a_pptx(tmp_path: Path) -> None:
    expected = "not a valid PowerPoint file (corrupt or not a .pptx)"
    assert reason(write(tmp_path / "a.pptx", b"PK\x03\x04 trasig")) == expected
    word = make_docx(tmp_path / "word.docx", ["Text"])
    assert reason(write(tmp_path / "word.pptx", word.read_bytes())) == expected


# LaTeX

LUDD_TEX = r"""\documentclass{protokoll}
\usepackage[utf8]{inputenc}
\plats{LUDD:s Discord}  % Plats
\typ{Styrelsemöte}
\datum{2019-04-30}
\tid{15:06}{15:10}
\ordf{Anton Johansson}
\person{Josef Utbult}{Ledamot}
\person{Lisa Jonsson}{}
%\person{Bortkommenterad}{}
\begin{document}
\punkt{Godkännande av dagordning}
\begin{beslut}
  \att fastslå dagordningen. % kommentar
\end{beslut}
\subpunkt{Kaffe}
Kostnad: 100\% av \LaTeX-priset.
\end{document}
"""

DVD_TEX = r"""\documentclass[protokoll]{dvd}
\def\ordf{Daniell Cole}
\def\vak{\emph{vakant}}
\def\sekr{\vak}
\begin{document}
\title{Styrelsemöte 3}
\date{2022-03-22}
\textbf{Datum:} \csname @date\endcsname\\
\begin{närvarande_förtroendevalda}
    \förtroendevald{Ordförande}{\ordf}{Ja}
    \förtroendevald{Sekreterare}{\sekr}{}
\end{närvarande_förtroendevalda}
\section{Formalia}
    \subsection{Val av justerare}
        \subsubsection*{Förslag}
        \begin{attsatser}
            \item Tekla Siesjö väljs till protokolljusterare
        \end{attsatser}
\section{Övrigt}
\begin{itemize}
    \item Lampor \textbf{lagade}
    \item[Köket] ska ses över
\end{itemize}
\okändmakro{Argumentet syns}{också detta}
\emoji{party-popper}\verb|https://dvet.se/?a=1%2| \href{https://x.se}{Enkät}
\end{document}
"""


def test_latex_minutes_of_ludd(tmp_path: Path) -> None:
    document = read_document(write(tmp_path / "2019-04-30.tex", LUDD_TEX))
    assert document.text == (
        "Plats: LUDD:s Discord\nMöte: Styrelsemöte\nDatum: 2019-04-30\nTid: 15:06–15:10\n"
        "Mötesordförande: Anton Johansson\nNärvarande: Josef Utbult (Ledamot)\n"
        "Närvarande: Lisa Jonsson\n\nGodkännande av dagordning\n"
        "Beslut: att fastslå dagordningen.\n\nKaffe\nKostnad: 100% av LaTeX-priset."
    )
    assert headings(document) == [(1, "Godkännande av dagordning"), (2, "Kaffe")]
    assert document.date == dt.date(2019, 4, 30)
    assert document.title is None


def test_latex_minutes_of_dvd(tmp_path: Path) -> None:
    document = read_document(write(tmp_path / "2022-03-22.tex", DVD_TEX))
    assert document.text == (
        "Datum: 2022-03-22\nOrdförande: Daniell Cole (Ja)\nSekreterare: vakant\n\n"
        "Formalia\n\nVal av justerare\n\nFörslag\n"
        "Att: Tekla Siesjö väljs till protokolljusterare\n\n"
        "Övrigt\n- Lampor lagade\n- Köket: ska ses över\n"
        "Argumentet syns också detta https://dvet.se/?a=1%2 Enkät"
    )
    assert headings(document) == [
        (1, "Formalia"),
        (2, "Val av justerare"),
        (3, "Förslag"),
        (1, "Övrigt"),
    ]
    assert document.title == "Styrelsemöte 3"
    assert document.date == dt.date(2022, 3, 22)


def test_latex_without_document_environment_is_all_body() -> None:
    reduced = reduce_latex(r"Hej \textbf{världen}! \section{Rubrik} Text.")
    assert "Hej världen!" in reduced.text and "Text." in reduced.text


def test_latex_placeholder_title_and_odd_date_are_ignored() -> None:
    reduced = reduce_latex(r"\title{Title}\date{\today}\begin{document}x\end{document}")
    assert reduced.title is None and reduced.date is None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\{}[]%$&#_^~ \nabcåö*:section item begin end"))))
def test_latex_reducer_never_raises(source: str) -> None:
    reduce_latex(source)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_latex_reducer_never_raises_on_any_text(source: str) -> None:
    assert_spans_valid(document_from_marked(reduce_latex(source)))


# Typst

TYPST = """#import "../../../Template/Typst/DVD.typ": setupDocument, attSatser, deltagere
#let time = "13:37"
#show: setupDocument.with(
  time: time,
  title: "Template",
  date: datetime(year: 2025, month: 04, day: 10)
)

#deltagere(
    styrelsen: true,
    [Ida Vranvuk], [Ja],
    [Hannes Carlsson], [],
)

= Öppnande av möte
Mötet öppnas #time. Se https://dvet.se // en kommentar
/* en blockkommentar
   över flera rader */
#pagebreak()
== Val av justerare
=== Förslag
#attSatser(
  [
    Hannes Carlsson väljs in som *mötesjusterare*
  ],
  [ _ingen_ annan ]
)
#heading(outlined: false, "Städdagar", level: 4)
* Grillen fixades för 201,60kr.
#yrkning("Styrelsen", [
  Styrelsen ändrar attsats 1.
])
#ordningsFråga([Tim Persson], [
  Paus behövs. \\
  #ordningsFrågaBody(förslag: "Pausa i fem minuter")
])
// == Bortkommenterad rubrik
#signatures()
"""


def test_typst_minutes(tmp_path: Path) -> None:
    document = read_document(write(tmp_path / "2025-04-10.typ", TYPST))
    assert document.text == (
        "Närvarande: Ida Vranvuk (Ja)\nNärvarande: Hannes Carlsson\n\n"
        "Öppnande av möte\nMötet öppnas 13:37. Se https://dvet.se\n\n"
        "Val av justerare\n\nFörslag\n"
        "Att: Hannes Carlsson väljs in som mötesjusterare\n\nAtt: ingen annan\n\n"
        "Städdagar\n- Grillen fixades för 201,60kr.\n\n"
        "Yrkande från Styrelsen:\nStyrelsen ändrar attsats 1.\n\n"
        "Ordningsfråga från Tim Persson:\nPaus behövs.\n\nFörslag: Pausa i fem minuter"
    )
    assert headings(document) == [
        (1, "Öppnande av möte"),
        (2, "Val av justerare"),
        (3, "Förslag"),
        (4, "Städdagar"),
    ]
    assert document.date == dt.date(2025, 4, 10)
    assert document.title is None  # "Template" is a placeholder


def test_typst_real_title_is_kept() -> None:
    reduced = reduce_typst('#show: setupDocument.with(title: "Styrelsemöte 1")\n= A\ntext')
    assert reduced.title == "Styrelsemöte 1"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('#[]()"=*_/\\$`:, \nabcå.letshowattSatser'))))
def test_typst_reducer_never_raises(source: str) -> None:
    reduce_typst(source)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_typst_reducer_never_raises_on_any_text(source: str) -> None:
    assert_spans_valid(document_from_marked(reduce_typst(source)))


def test_deeply_nested_typst_does_not_raise() -> None:
    reduce_typst("#f[" * 5000 + "text" + "]" * 5000)


# Offsets: every page and heading span refers to the final, clean text


def test_spans_point_into_clean_text_for_every_format(tmp_path: Path) -> None:
    files = [
        make_pdf(tmp_path / "a.pdf", ["Sida\u00a0ett   \n\n\n\nslut", "Sida två"]),
        make_docx(
            tmp_path / "b.docx", [DocxHeading("Rubrik\u00ad ett"), "Text  ", DocxHeading("Två")]
        ),
        make_pptx(tmp_path / "c.pptx", [("Bild ett", "text"), ("Bild två", "mer text")]),
        write(tmp_path / "d.tex", DVD_TEX),
        write(tmp_path / "e.typ", TYPST),
        write(tmp_path / "f.md", "# Ett\r\ntext\u200b\n\n\n\n## Två  \n"),
    ]
    for path in files:
        assert_spans_valid(read_document(path))
    assert headings(read_document(files[1])) == [(1, "Rubrik ett"), (1, "Två")]


# Reasons for unreadable files


def test_unsupported_suffix(tmp_path: Path) -> None:
    assert reason(write(tmp_path / "bild.xyz", "x")) == "unsupported file type (.xyz)"
    assert reason(write(tmp_path / "README", "x")) == "unsupported file type (no file extension)"


@pytest.mark.parametrize("suffix", sorted(SUPPORTED_SUFFIXES))
def test_empty_file(tmp_path: Path, suffix: str) -> None:
    assert reason(write(tmp_path / f"tom{suffix}", b"")) == "empty file"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".tex", ".typ"])
def test_whitespace_only_file_contains_no_text(tmp_path: Path, suffix: str) -> None:
    assert reason(write(tmp_path / f"blank{suffix}", " \n\t\r\n\u00a0\n")) == "contains no text"


def test_latex_with_only_commands_contains_no_text(tmp_path: Path) -> None:
    source = "\\documentclass{article}\\begin{document}\\newpage\\end{document}"
    assert reason(write(tmp_path / "tom.tex", source)) == "contains no text"


@pytest.mark.parametrize("suffix", [".txt", ".md", ".tex", ".typ"])
def test_binary_data_in_text_file(tmp_path: Path, suffix: str) -> None:
    assert reason(write(tmp_path / f"nul{suffix}", b"Text\x00\x01\x02 med nollor")) == (
        "binary data, not text"
    )
    noise = bytes(range(1, 32)) * 40 + bytes(range(128, 256)) * 10
    assert reason(write(tmp_path / f"brus{suffix}", noise)) == "binary data, not text"


def test_image_bytes_named_txt_are_binary(tmp_path: Path) -> None:
    pdf = make_image_pdf(tmp_path / "bild.pdf")
    assert reason(write(tmp_path / "bild.txt", pdf.read_bytes())) == "binary data, not text"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "stor.txt", "a" * 1500)
    assert reason(path, limits=ReadLimits(max_bytes=1000)) == (
        "file too large (1.5 kB; the limit is 1 kB)"
    )
    assert read_document(path, ReadLimits(max_bytes=1500)).text == "a" * 1500


def test_size_message_in_megabytes(tmp_path: Path) -> None:
    path = tmp_path / "gles.txt"
    with path.open("wb") as sparse:
        sparse.truncate(52_400_000)
    assert reason(path) == "file too large (52.4 MB; the limit is 50 MB)"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: file permissions are not enforced here "
    "(tests/test_bad_input.py checks this as root with capabilities dropped)",
)
def test_file_without_read_permission(tmp_path: Path) -> None:
    path = write(tmp_path / "låst.txt", "hemligt")
    path.chmod(0)
    try:
        assert reason(path) == "permission denied"
    finally:
        path.chmod(0o600)


def test_file_that_disappeared(tmp_path: Path) -> None:
    assert reason(tmp_path / "borta.md") == "file disappeared before it could be read"


def test_folder_with_a_supported_suffix(tmp_path: Path) -> None:
    (tmp_path / "mapp.md").mkdir()
    assert reason(tmp_path / "mapp.md") == "not a regular file"


# The real corpus (skipped where the shared folder is absent)


@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason="shared corpora not present")
def test_scanned_pdfs_of_the_corpus_have_no_text_layer() -> None:
    for name in ("2016/2016-05-23.pdf", "2020/2020-11-24-signerat.pdf"):
        assert reason(SHARED_CORPORA / "lithekod" / "stormote" / name) == (
            "no text layer (scanned image?)"
        )


@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason="shared corpora not present")
def test_corpus_pdf_with_blank_line_after_every_line_reads_compactly() -> None:
    document = read_document(SHARED_CORPORA / "lithekod" / "stormote" / "2019" / "2019-05-21.pdf")
    first_page = pages(document)[0][1]
    assert "1. Mötets öppnande\nFrans Skarman förklarar mötet öppnat kl 17:15" in first_page
    assert [number for number, _ in pages(document)] == list(range(1, 9))  # page 9 is a scan


@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason="shared corpora not present")
def test_latex_and_typst_files_of_the_corpus_read_cleanly() -> None:
    """The first file of each folder, to keep the test quick; all read without leftovers."""
    sources = sorted(p for p in SHARED_CORPORA.rglob("*") if p.suffix in {".tex", ".typ"})
    first_per_folder = {(path.parent, path.suffix): path for path in reversed(sources)}
    assert len(first_per_folder) >= 10
    for path in first_per_folder.values():
        document = read_document(path)
        assert_clean(document)
        assert "\\" not in document.text.replace("\\\\", ""), path
        assert "#" not in document.text, path
