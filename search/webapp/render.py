"""Safe HTML for the web app: every text from a document is escaped before any markup is added."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from urllib.parse import quote, urlencode

from indexer.lexical import analyze
from indexer.store.entities import DecisionEntry, shorten
from search.answers import title_has_date
from search.question_terms import matching_words
from search.results import DocumentRef, MeetingRef, Passage
from search.webapp import texts
from search.webapp.card_text import card_text

PASSAGE_ANCHOR = "passage-mark"
_CITATION = re.compile(r"\[(\d+(?:,\s*\d+)*)\]")


def passage_url(passage_id: str, back: Mapping[str, str] | None = None) -> str:
    """The link to a passage; ``back`` holds the parameters of the view it is opened from, so
    that the passage page can link back to it."""
    return _url({"passage": passage_id, **(back or {})})


def document_url(document_id: str) -> str:
    return "?document=" + quote(document_id, safe="")


def meeting_url(meeting_id: str, back: Mapping[str, str] | None = None) -> str:
    """The link to a meeting's page; ``back``: the parameters of the list it is opened from."""
    return _url({"meeting": meeting_id, **(back or {})})


def view_url(params: Mapping[str, str]) -> str:
    """The link to a view of the app with these parameters ("?" for the ask page)."""
    return _url(params)


def _url(params: Mapping[str, str]) -> str:
    """``?name=value&…`` of the parameters with a value, the view's own first."""
    names = sorted(params, key=lambda name: name not in ("passage", "meeting", "page"))
    pairs = [(name, params[name]) for name in names if params[name]]
    return "?" + urlencode(pairs, quote_via=quote, safe="")


def link(href: str, text: str, css_class: str = "") -> str:
    """An anchor with escaped text; ``href`` must be one of this module's URLs."""
    attr = f' class="{css_class}"' if css_class else ""
    return f'<a href="{escape(href)}"{attr}>{escape(text)}</a>'


def question_stems(question: str) -> frozenset[str]:
    """The Swedish stems of the question's meaningful words."""
    return frozenset(analyze(question))


def highlight_terms(text: str, stems: frozenset[str]) -> str:
    """``text`` escaped, with the words that share a stem with the question in <mark>."""
    parts, last = [], 0
    for start, end in matching_words(text, stems):
        parts += [escape(text[last:start]), f"<mark>{escape(text[start:end])}</mark>"]
        last = end
    parts.append(escape(text[last:]))
    return "".join(parts)


def _segments(
    text: str, pages: Sequence[tuple[int, int, int]]
) -> list[tuple[int, int, int | None]]:
    """The text cut at each page start, so that every character lies in one segment."""
    starts = sorted((start, number) for start, _end, number in pages)
    if not starts:
        return [(0, len(text), None)]
    found: list[tuple[int, int, int | None]] = []
    if starts[0][0] > 0:
        found.append((0, starts[0][0], None))
    ends = [start for start, _ in starts[1:]] + [len(text)]
    found += [(start, end, number) for (start, number), end in zip(starts, ends, strict=True)]
    return found


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def document_html(
    text: str,
    pages: Sequence[tuple[int, int, int]],
    page_kind: str | None,
    mark: tuple[int, int] | None = None,
) -> str:
    """The whole document, page by page, with ``text[mark[0]:mark[1]]`` in <mark>."""
    html, anchored = [], False
    for seg_start, seg_end, number in _segments(text, pages):
        start, end = _trimmed(text, seg_start, seg_end)
        if start == end:
            continue
        label = texts.page_label(page_kind, number)
        if label:
            html.append(f'<div class="page-label">{escape(label)}</div>')
        body = escape(text[start:end])
        if mark and mark[0] < end and start < mark[1]:
            lo, hi = max(start, mark[0]), min(end, mark[1])
            anchor = "" if anchored else f' id="{PASSAGE_ANCHOR}"'
            anchored = True
            body = (
                escape(text[start:lo])
                + f'<mark class="passage"{anchor}>{escape(text[lo:hi])}</mark>'
                + escape(text[hi:end])
            )
        html.append(f'<div class="page-text">{body}</div>')
    return '<div class="document">' + "".join(html) + "</div>"


def answer_html(
    text: str, citations: Mapping[int, Passage], back: Mapping[str, str] | None = None
) -> str:
    """The answer escaped, paragraph by paragraph, with each known [n] linking to its passage
    (and the way ``back``)."""

    def one(number: str, text: str) -> str:
        passage = citations.get(int(number))
        return link(passage_url(passage.id, back), text, "cite") if passage else text

    def cite(match: re.Match[str]) -> str:
        numbers = re.split(r",\s*", match[1])
        if len(numbers) == 1:
            return one(numbers[0], match[0])
        return "[" + ", ".join(one(n, n) for n in numbers) + "]"

    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = []
    for paragraph in paragraphs:
        body = _CITATION.sub(cite, escape(paragraph)).replace("\n", "<br>")
        html.append(f"<p>{body}</p>")
    return '<div class="answer">' + "".join(html) + "</div>"


def notice_html(text: str) -> str:
    """A notice box (like Streamlit's st.info) holding ``text`` as plain text, for text that
    quotes the question, a filter or the URL: st.info would render a Markdown link or image
    in it."""
    return f'<div class="notice" role="status">{escape(text)}</div>'


def meta_line(items: Iterable[str | None]) -> str:
    """Escaped items joined by a middle dot, empty ones left out."""
    return " · ".join(escape(item) for item in items if item)


def source_html(
    number: int | None,
    passage: Passage,
    stems: frozenset[str],
    spans: Sequence[tuple[int, int]] = (),
    back: Mapping[str, str] | None = None,
) -> str:
    """A source card: meeting, date (unless the title says it), series, document, page, and
    the passage around its cited ``spans`` (marked) or its words that match the question."""
    meeting, document = passage.meeting, passage.document
    prefix = f"[{number}] " if number is not None else ""
    meta = meta_line(
        [
            None if title_has_date(meeting) else texts.meeting_when(meeting),
            meeting.series,
            texts.short_document_label(document),
            texts.page_label(document.page_kind, passage.page),
        ]
    )
    section = f'<div class="section">{escape(passage.section)}</div>' if passage.section else ""
    title = link(passage_url(passage.id, back), prefix + meeting.title)
    return (
        f'<div class="source"><div class="source-title">{title}</div>'
        f'<div class="meta">{meta}</div>{section}'
        f'<div class="passage-text">{card_html(passage, spans, stems)}</div></div>'
    )


def card_html(passage: Passage, spans: Sequence[tuple[int, int]], stems: frozenset[str]) -> str:
    """The passage as its card shows it (``card_text``): escaped, the cited sentences in
    <mark class="cited">, the question's words in <mark>, "…" where it is cut."""
    shown = card_text(passage, spans, stems)
    body = "".join(
        f'<mark class="cited">{highlight_terms(p.text, stems)}</mark>'
        if p.cited
        else highlight_terms(p.text, stems)
        for p in shown.pieces
    )
    return ("… " if shown.cut_before else "") + body.strip() + (" …" if shown.cut_after else "")


def documents_html(documents: Sequence[DocumentRef], current: str | None = None) -> str:
    """A list of links to documents; the one being shown (``current``) is not a link."""
    items = []
    for document in documents:
        label = texts.short_document_label(document)
        if document.id == current:
            items.append(
                f'<li class="current">{escape(label)} '
                f'<span class="meta">({escape(texts.CURRENT_DOCUMENT)})</span></li>'
            )
        else:
            items.append(f"<li>{link(document_url(document.id), label)}</li>")
    return f'<ul class="documents">{"".join(items)}</ul>'


def meeting_html(
    meeting: MeetingRef, documents: Sequence[DocumentRef], back: Mapping[str, str] | None = None
) -> str:
    """One row of the meetings list: date, title (a link to the meeting's page, with the way
    ``back``) and series, links to its documents. An undated meeting's date cell is empty:
    the heading above it says so."""
    links = " · ".join(link(document_url(d.id), texts.short_document_label(d)) for d in documents)
    when = texts.meeting_when(meeting) if meeting.date else ""
    title = link(meeting_url(meeting.id, back), meeting.title)
    return (
        '<div class="meeting">'
        f'<div class="when">{escape(when)}</div>'
        f'<div><div class="meeting-title">{title}</div>'
        f'<div class="meta">{escape(meeting.series or "")}</div></div>'
        f'<div class="meeting-documents">{links}</div></div>'
    )


def meetings_html(
    meetings: Sequence[tuple[MeetingRef, Sequence[DocumentRef]]],
    back: Mapping[str, str] | None = None,
) -> str:
    """Meeting rows under a heading for each year (undated meetings under their own)."""
    html, year = [], ""
    for meeting, documents in meetings:
        heading = str(meeting.date.year) if meeting.date else texts.UNDATED_HEADING
        if heading != year:
            html.append(f'<h4 class="year">{escape(heading)}</h4>')
            year = heading
        html.append(meeting_html(meeting, documents, back))
    return '<div class="meetings">' + "".join(html) + "</div>"


def nav_html(active: str | None) -> str:
    """The top bar: app name and links to the ask, search, meetings and decisions pages."""
    pages = [
        ("?", texts.NAV_ASK, "ask"),
        ("?page=sok", texts.NAV_SEARCH, "search"),
        ("?page=moten", texts.NAV_MEETINGS, "meetings"),
        ("?page=beslut", texts.NAV_DECISIONS, "decisions"),
    ]
    links = "".join(
        link(href, label, "nav-link active" if name == active else "nav-link")
        for href, label, name in pages
    )
    return f'<nav class="topbar"><span class="brand">{escape(texts.APP_TITLE)}</span>{links}</nav>'


def back_link_html(view: Mapping[str, str]) -> str:
    """ "← Tillbaka till svaret" (or to the search results, the meetings, …): a link to the
    view a passage was opened from, with its question, filters and page."""
    label = texts.BACK.get("meeting" if "meeting" in view else view.get("page", ""), texts.BACK[""])
    return f'<div class="back">{link(view_url(view), label)}</div>'


def decision_html(decision: DecisionEntry, back: Mapping[str, str] | None = None) -> str:
    """One row of the decision log: date, outcome, what was decided (linked to its passage,
    with the way ``back``), the proposal when it differs, and the meeting and agenda item."""
    meeting = decision.meeting
    outcome = texts.OUTCOMES.get(decision.outcome, decision.outcome)
    proposal = ""
    if decision.proposal and decision.proposal != decision.text:
        said = escape(shorten(decision.proposal, 400))
        proposal = f'<div class="meta">{escape(texts.PROPOSAL)}: {said}</div>'
    context = meta_line([meeting.title, meeting.series, decision.agenda_title])
    return (
        '<div class="decision">'
        f'<div class="when">{escape(texts.meeting_when(meeting))}</div>'
        f'<div class="outcome outcome-{escape(decision.outcome)}">{escape(outcome)}</div>'
        f"<div><div>{link(passage_url(decision.passage.id, back), decision.summary(400))}</div>"
        f'{proposal}<div class="meta">{context}</div></div></div>'
    )


def meeting_decisions_html(
    decisions: Sequence[DecisionEntry], back: Mapping[str, str] | None = None
) -> str:
    """A meeting's decisions: outcome, what was decided (linked to its passage), the proposal
    when it differs, the agenda item."""
    rows = []
    for decision in decisions:
        outcome = texts.OUTCOMES.get(decision.outcome, decision.outcome)
        proposal = ""
        if decision.proposal and decision.proposal != decision.text:
            said = escape(shorten(decision.proposal, 400))
            proposal = f'<div class="meta">{escape(texts.PROPOSAL)}: {said}</div>'
        rows.append(
            '<div class="decision in-meeting">'
            f'<div class="outcome outcome-{escape(decision.outcome)}">{escape(outcome)}</div>'
            f"<div><div>{link(passage_url(decision.passage.id, back), decision.summary(400))}"
            f'</div>{proposal}<div class="meta">{escape(decision.agenda_title or "")}</div>'
            "</div></div>"
        )
    return f'<div class="decisions">{"".join(rows)}</div>'


def decisions_html(
    decisions: Sequence[DecisionEntry], back: Mapping[str, str] | None = None
) -> str:
    rows = "".join(decision_html(d, back) for d in decisions)
    return f'<div class="decisions">{rows}</div>'
