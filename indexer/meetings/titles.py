"""Titles that tell meetings apart.

A title that names no meeting ("Mötesprotokoll LiTHe kod", "Styrelsemöte 3", a folder's
"Divisionsstamman 2024-03-26") becomes what the series calls a meeting, and the date:
"LiTHe kod – styrelsemöte 2019-10-02". A title that several meetings share gets its date
(and loses "protokoll"). Titles from meeting.toml are kept as they are.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from indexer.lexicon import GENERIC_TITLE_WORDS, MINUTES_NAME_WORDS, MONTHS, STOP_WORDS
from indexer.meetings.inference import MeetingInfo

_WORD = re.compile(r"[^\W\d_]+")
_NUMBERS = re.compile(r"\(?\b[0-9][0-9\s./:–-]*\b\)?")  # dates, times, meeting numbers
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)}|den|kl)\b\.?", re.IGNORECASE)
_DOCUMENT_WORD = re.compile(rf"\b\w*(?:{MINUTES_NAME_WORDS})\w*\b", re.IGNORECASE)
_LOOSE_ENDS = " ,.:;–-()"
_COMPOUND_HEAD = 5  # a name's word this long counts as the head of a compound title word


def distinct_titles(infos: Sequence[MeetingInfo]) -> list[MeetingInfo]:
    """``infos`` with each generic or shared title made distinct by the meeting's date."""
    cores = [title_core(info) for info in infos]
    shared = Counter(core for core in cores if core)
    return [
        distinct_title(info, core, shared[core]) for core, info in zip(cores, infos, strict=True)
    ]


def distinct_title(info: MeetingInfo, core: str, meetings: int) -> MeetingInfo:
    """``info`` with its title made distinct when it is generic (no ``core``) or shared (the
    ``meetings`` of the corpus whose title has this core are more than one)."""
    if info.title_given or (core and meetings == 1):
        return info
    return _with_date(info, not core)


def title_core(info: MeetingInfo) -> str:
    """The words of the title that could name this meeting: not dates or numbers, not stop or
    generic words, not words of its series, folder or organisation."""
    names = [info.series, info.series_folder, info.organisation, info.meeting_name]
    known = {_base(word) for word in _words(" ".join(filter(None, names)))}
    return " ".join(
        word
        for word in _words(info.title)
        if word not in GENERIC_TITLE_WORDS
        and word not in STOP_WORDS
        and word not in MONTHS
        and not _is_known(_base(word), known)
    )


def _is_known(word: str, known: set[str]) -> bool:
    """A word of the names, or a compound ending in one ("divisionsstamma" in "stamma")."""
    return word in known or any(len(k) >= _COMPOUND_HEAD and word.endswith(k) for k in known)


def _with_date(info: MeetingInfo, generic: bool) -> MeetingInfo:
    """The meeting titled by what its series calls a meeting (for a ``generic`` title) or by
    its own title without dates, followed by its date."""
    prefix = info.meeting_name or (info.series if info.series != info.series_folder else None)
    base = (prefix if generic else None) or _undated(info.title) or info.title
    if info.date is None:
        return replace(info, title=base) if generic and prefix else info
    return replace(info, title=f"{base} {_when(info.date, info.date_end)}")


def _undated(title: str) -> str:
    """``title`` without dates, times and numbers, and without "protokoll" when it says more."""
    text = " ".join(_NUMBERS.sub(" ", _MONTH.sub(" ", title)).split()).strip(_LOOSE_ENDS)
    named = " ".join(_DOCUMENT_WORD.sub(" ", text).split()).strip(_LOOSE_ENDS)
    return named or text


def _when(start: dt.date, end: dt.date | None) -> str:
    """2019-10-02, or 2021-05-19–2021-05-20 for a meeting of several days."""
    if end is None or end == start:
        return start.isoformat()
    return f"{start.isoformat()}–{end.isoformat()}"


def _words(text: str) -> list[str]:
    """The words of ``text``, lower case."""
    return [word.casefold() for word in _WORD.findall(text)]


def _base(word: str) -> str:
    """``word`` without diacritics and without a genitive s: "stämmans" → "stamman"."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return folded[:-1] if folded.endswith("s") and len(folded) > 3 else folded
