"""Dates in Swedish file names and minutes."""

from __future__ import annotations

import time
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.dates import DateRange, date_from_name, date_from_text


def day(iso: str) -> DateRange:
    return DateRange(date.fromisoformat(iso), date.fromisoformat(iso))


def days(first: str, last: str) -> DateRange:
    return DateRange(date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2021-05-19 Vision nätverk", day("2021-05-19")),
        ("2021-05-19.docx", day("2021-05-19")),
        ("protokoll_210519-210520.txt", days("2021-05-19", "2021-05-20")),
        ("styrelsemote_170524.md", day("2017-05-24")),
        ("2019-02-17-bilaga.tex", day("2019-02-17")),
        ("2021-05-19--20 Kongress", days("2021-05-19", "2021-05-20")),
        ("2021-05-19 - 2021-05-21 konferens", days("2021-05-19", "2021-05-21")),
        ("20191007-Fake_members_meeting", day("2019-10-07")),
        ("20210519-20210520 protokoll.pdf", days("2021-05-19", "2021-05-20")),
        ("Protokoll 19 maj 2021.pdf", day("2021-05-19")),
        ("protokoll_19_maj_2021.pdf", day("2021-05-19")),
        ("Årsmöte 2021.05.19", day("2021-05-19")),
        ("IMG_20210519_123456.jpg", day("2021-05-19")),  # 12-34-56 is no date
        ("990519 protokoll", day("1999-05-19")),
        # not dates
        ("2021-13-45 protokoll", None),
        ("20211345", None),
        ("211345", None),  # 6 digits, but not a valid yymmdd
        ("protokoll v1.2.3", None),
        ("version 2021.1.3", None),
        ("rapport 2021", None),
        ("bilaga 3", None),
        ("jun 2016", None),
        ("pi 3.141592", None),
        ("1899-05-19", None),
        ("2101-05-19", None),
        ("850101-1234 personnummer", None),
        ("1234567890", None),
        ("", None),
    ],
)
def test_date_from_name(name: str, expected: DateRange | None) -> None:
    assert date_from_name(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Styrelsemöte 2021-05-19\n\n1. Öppnande", day("2021-05-19")),
        ("Protokoll\nden 19 maj 2021\n", day("2021-05-19")),
        ("Möte 19-20 maj 2021", days("2021-05-19", "2021-05-20")),
        ("Kongress 30 april - 2 maj 2021", days("2021-04-30", "2021-05-02")),
        ("Protokoll 210519-210520", days("2021-05-19", "2021-05-20")),
        ("Datum: 19/5 2021", day("2021-05-19")),
        ("Datum: 19/5-2021", day("2021-05-19")),
        ("Datum: 19-20/5 2021", days("2021-05-19", "2021-05-20")),
        ("Datum: 19.5.2021", day("2021-05-19")),
        ("# Mötesprotokoll\n## LiTHe kod\n## 19 Maj 2021", day("2021-05-19")),
        ("## 06 Augusti 2018", day("2018-08-06")),
        ("###07 jun 2016", day("2016-06-07")),
        ("## 4:e september 2019", day("2019-09-04")),
        ("## 1 sept. 2020", day("2020-09-01")),
        ("## 17 Okt 2020", day("2020-10-17")),
        ("## 7 May 2020", day("2020-05-07")),
        ("{\\Large 2020--11--24}", day("2020-11-24")),
        ("LiTHe\xa0Kod 2013\xad10\xad09", day("2013-10-09")),  # soft hyphens from a PDF
        ("LiTHe Kod     20141114", day("2014-11-14")),
        ("Mötet 2021-05-19 kl. 18:00-20:00", day("2021-05-19")),
        ("Tid 2021-05-19 - 20:00", day("2021-05-19")),  # a time, not a second day
        ("2021-05-19--18", day("2021-05-19")),  # an end before the start is dropped
        ("2021-01-01 - 2021-12-31 verksamhetsår", day("2021-01-01")),  # a year, not a meeting
        ("19 maj\n2021-06-01", day("2021-06-01")),  # a date needs its year
        ("## {DATUM}\n\nKallade: alla", None),
        ("Budget 2021: 12 000 kr", None),
        ("jun 2016", None),
        ("", None),
    ],
)
def test_date_from_text(text: str, expected: DateRange | None) -> None:
    assert date_from_text(text) == expected


def test_date_from_text_takes_the_first_date_of_a_line() -> None:
    assert date_from_text("Möte 3 maj 2021, justerat 2021-05-10") == day("2021-05-03")


def test_date_from_text_reads_only_the_first_lines() -> None:
    text = "Protokoll\n\n" + "text\n" * 20 + "2021-05-19\n"
    assert date_from_text(text) is None
    assert date_from_text(text, max_lines=30) == day("2021-05-19")


def test_blank_lines_do_not_count_as_lines() -> None:
    text = "Protokoll\n" + "\n \n" * 40 + "Datum 2019-05-21\n"  # pypdf's blank-line style
    assert date_from_text(text) == day("2019-05-21")


@given(st.text())
def test_date_from_name_never_raises(name: str) -> None:
    found = date_from_name(name)
    assert found is None or found.start <= found.end


@given(st.text(alphabet=st.characters(), max_size=300))
def test_date_from_text_never_raises(text: str) -> None:
    found = date_from_text(text)
    assert found is None or found.start <= found.end


@given(st.from_regex(r"[0-9 ./\-–:a-zA-ZåäöÅÄÖſK]{0,40}", fullmatch=True))
def test_date_like_noise_never_raises(text: str) -> None:
    date_from_name(text)
    date_from_text(text)


def test_fast_enough_for_every_document_of_every_run() -> None:
    head = "# Mötesprotokoll\n## LiTHe kod\n## {DATUM}\n\n" + "Kallade: Anna, Bo, Cecilia\n" * 30
    names = [f"styrelsen/2021/protokoll_{n:03d}_v1.2.docx" for n in range(300)]
    started = time.perf_counter()
    for name in names:
        assert date_from_name(name) is None
        assert date_from_text(head) is None
    assert time.perf_counter() - started < 0.5


def test_a_date_inside_a_long_paragraph_is_not_the_meeting_date():
    text = (
        "Incheckning\n\n"
        "1. Sobonadagarna (information) Det blir inga Sobonadagar i Gävle i år. Frågan har "
        "uppstått kring om vi kan flytta fram Gävle bokningen till 27-28 maj 2021 och flytta "
        "Borås till 2022.\n"
    )
    assert date_from_text(text) is None
    assert date_from_text("Protokoll\nDatum: 27 maj 2021\n" + text) == DateRange(
        date(2021, 5, 27), date(2021, 5, 27)
    )
