import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search.validation import (
    MAX_QUERY_CHARS,
    QueryError,
    check_date_order,
    check_series,
    check_top_k,
    clean_query,
    parse_date_bound,
)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None, "\x00\x01", "\u200b"])
def test_empty_questions_are_refused(text):
    with pytest.raises(QueryError) as error:
        clean_query(text)
    assert error.value.code == "empty"


def test_control_characters_become_spaces():
    assert clean_query("vad\x00beslutades\x1b om\r\ndistans?") == (
        "vad beslutades om distans?",
        [],
    )


def test_a_very_long_question_is_cut_with_a_notice():
    text, notices = clean_query("distansarbete " * 10_000)
    assert len(text) <= MAX_QUERY_CHARS
    assert notices and "cut" in notices[0]


@given(st.text())
def test_clean_query_never_fails_otherwise(text):
    try:
        cleaned, _ = clean_query(text)
    except QueryError as error:
        assert error.code == "empty"
    else:
        assert cleaned == cleaned.strip() and 0 < len(cleaned) <= MAX_QUERY_CHARS


@pytest.mark.parametrize("top_k", [0, -1, 101])
def test_top_k_out_of_range(top_k):
    with pytest.raises(QueryError, match="between 1 and 100"):
        check_top_k(top_k)


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2021-05-19", False, dt.date(2021, 5, 19)),
        ("2021-05", False, dt.date(2021, 5, 1)),
        ("2021-02", True, dt.date(2021, 2, 28)),
        ("2020", False, dt.date(2020, 1, 1)),
        ("2020", True, dt.date(2020, 12, 31)),
        (" ", True, None),
        (None, False, None),
    ],
)
def test_date_bounds(text, end, expected):
    assert parse_date_bound(text, end=end) == expected


@pytest.mark.parametrize("text", ["igår", "2021-13-01", "2021-02-30", "19/5", "20211"])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(QueryError, match="cannot read the date") as error:
        parse_date_bound(text, end=False)
    assert error.value.code == "date"


def test_a_period_that_ends_before_it_starts_is_refused():
    check_date_order(dt.date(2021, 1, 1), dt.date(2021, 1, 1))
    check_date_order(None, dt.date(2020, 1, 1))
    with pytest.raises(QueryError, match="start date 2022-01-01 is after the end date 2020-12-31"):
        check_date_order(dt.date(2022, 1, 1), dt.date(2020, 12, 31))


def test_an_unknown_series_lists_the_known_ones():
    check_series("Styrelsen", {"Styrelsen": 2})
    with pytest.raises(QueryError) as error:
        check_series("styrelsen", {"Ledningsgruppen": 1, "Styrelsen": 2})
    assert error.value.code == "series"
    assert str(error.value) == (
        "no meeting series 'styrelsen' in the index; choose from: 'Ledningsgruppen', 'Styrelsen'"
    )
    with pytest.raises(QueryError, match="no meeting in it has a series"):
        check_series("Styrelsen", {})
