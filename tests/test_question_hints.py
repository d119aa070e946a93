import datetime as dt

import pytest

from indexer.dates import DateRange
from search.question_hints import (
    MeetingSummary,
    fold,
    latest_meeting_hint,
    light_stem,
    named_series,
    series_hints,
    series_spans,
    time_hints,
    time_spans,
)

TODAY = dt.date(2024, 3, 1)


def period(start: str, end: str) -> DateRange:
    return DateRange(dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Vad hände hösten 2019?", period("2019-08-01", "2019-12-31")),
        ("Vad beslutades våren 2020?", period("2020-01-01", "2020-06-30")),
        ("Togs GDPR upp på vårmötet 2018?", period("2018-01-01", "2018-06-30")),
        ("vad gjordes under sommaren 2021", period("2021-06-01", "2021-08-31")),
        ("Vad beslutades i maj 2021?", period("2021-05-01", "2021-05-31")),
        ("budgeten februari 2024", period("2024-02-01", "2024-02-29")),
        ("Lagades dörren vintern 2023?", period("2022-12-01", "2023-03-31")),
        ("Vem var kassör 2017/18?", period("2017-01-01", "2018-12-31")),
        ("Avgiften för verksamhetsåret 2019/2020?", period("2019-01-01", "2020-12-31")),
        ("What was decided in the autumn of 2019?", period("2019-08-01", "2019-12-31")),
        ("Who was elected in May 2021?", period("2021-05-01", "2021-05-31")),
        ("mötet den 19 maj 2021", period("2021-05-19", "2021-05-19")),
        ("protokollet 2021-05-19", period("2021-05-19", "2021-05-19")),
        ("Vem var ordförande 2018?", period("2018-01-01", "2018-12-31")),
        ("Vad gäller VT20?", period("2020-01-01", "2020-06-30")),
        ("Vad gällde ht-2019?", period("2019-08-01", "2019-12-31")),
        ("Vad beslutades i år?", period("2024-01-01", "2024-12-31")),
        ("Vad beslutades förra året?", period("2023-01-01", "2023-12-31")),
    ],
)
def test_time_hints_read_seasons_months_days_and_years(question, expected):
    assert time_hints(question, today=TODAY) == [expected]


def test_several_periods_are_found_in_order():
    question = "Vad kostade förrådet 2017, och vad ville man köpa i december 2018?"
    assert time_hints(question, today=TODAY) == [
        period("2017-01-01", "2017-12-31"),
        period("2018-12-01", "2018-12-31"),
    ]


@pytest.mark.parametrize(
    "question",
    [
        "Vad kostar 120 kr för 5-6 m²?",
        "Mötet började 17:17",
        "vår styrelse och våra pengar",  # "vår" is "our" here, not spring
        "Vad hände i mars?",  # a month without a year names no period
    ],
)
def test_no_period_without_a_year(question):
    assert time_hints(question, today=TODAY) == []


def test_fold_and_light_stem_make_variants_meet():
    assert fold("Divisionsstämman") == "divisionsstamman"
    assert fold("Kristoﬀer") == "kristoffer"
    assert light_stem("styrelsen") == light_stem("styrelse") == light_stem("styrelsens")
    assert light_stem("stämman") == light_stem("stämma") == light_stem("stämmor")


SERIES = [
    "dvd/styrelsen",
    "dvd/divisionsstamman",
    "lithekod/styrelse",
    "lithekod/stormote",
    "ludd",
    "Sobona – ledningsgruppen",
]


def test_series_named_by_words_of_the_question():
    assert series_hints("Vad beslutade LiTHe kods styrelse?", SERIES) == {
        "dvd/styrelsen": 0.5,
        "lithekod/styrelse": 1.0,
        "lithekod/stormote": 0.5,
    }


@pytest.mark.parametrize(
    ("question", "series"),
    [
        ("Vad tog divisionsstämman upp?", "dvd/divisionsstamman"),
        ("Vad sa stämman om hatten?", "dvd/divisionsstamman"),
        ("Vad togs upp på stormötet?", "lithekod/stormote"),
        ("Vilka är Ludds hedersmedlemmar?", "ludd"),
        ("Vad sa ledningsgruppen om resor?", "Sobona – ledningsgruppen"),
        ("Vad sa Sobona om resor?", "Sobona – ledningsgruppen"),
    ],
)
def test_series_variants_are_tolerated(question, series):
    assert series in series_hints(question, SERIES)


def test_words_that_only_end_like_a_series_do_not_name_it():
    assert series_hints("Vad ska vi bestämma om budgeten?", SERIES) == {}


def test_stop_words_in_a_series_name_name_nothing():
    series = ["Vision – nätverket för medicinska sekreterare"]
    assert series_hints("Vad gjordes för medlemmarna?", series) == {}
    assert series_hints("Vad sa nätverket?", series) == {series[0]: 0.5}


def test_a_word_names_one_part_of_a_series_only():
    series = ["LiTHe kod – styrelsen", "LiTHe kod – stormöte", "LiTHe kod – LiTHe Hack"]
    question = "Skaffade LiTHe kod Nitro Boost till sin Discordserver?"
    assert series_hints(question, series) == dict.fromkeys(series, 0.5)
    assert named_series(question, series) == series
    assert named_series("Vem vann LiTHe Hack hos LiTHe kod?", series) == [series[2]]


def test_the_series_of_a_large_index_are_weighed_as_one_by_one():
    """Only the series a word of the question may name are weighed: the same hints as
    weighing each of many series (an organisation's branches) in turn."""
    series = [*SERIES, *(f"avdelning {n}/{kind}" for n in range(300) for kind in SERIES[:2])]
    for question in [
        "Vad beslutade LiTHe kods styrelse?",
        "Vad sa stämman om hatten i avdelning 7?",
        "Vad tog divisionsstämman upp?",
        "Vad sa ledningsgruppen om resor?",
    ]:
        one_by_one = {}
        for name in series:
            one_by_one.update(series_hints(question, [name]))
        assert series_hints(question, series) == one_by_one


def test_the_words_naming_a_series_are_found_in_the_question():
    question = "Vad beslutade LiTHe kods styrelse om tröjor?"
    spans = series_spans(question, ["LiTHe kod – styrelsen"])
    assert [question[a:b] for a, b in spans] == ["LiTHe", "kods", "styrelse"]


def test_the_periods_of_a_question_are_found_with_their_words():
    question = "Vad hände hösten 2019 och i maj 2021?"
    assert [question[a:b] for a, b in time_spans(question)] == ["hösten 2019", "maj 2021"]


MEETINGS = [
    MeetingSummary("a", "Årsmöte 2018", "ludd", dt.date(2018, 3, 1)),
    MeetingSummary("b", "Årsmöte 2019", "ludd", dt.date(2019, 3, 14)),
    MeetingSummary("c", "Styrelsemöte", "ludd", dt.date(2019, 4, 30)),
    MeetingSummary("d", "Årsmöte 2025", "ludd", dt.date(2025, 3, 1)),  # after "today"
    MeetingSummary("e", "Utan datum", "ludd", None),
]


def test_latest_meeting_of_a_kind():
    found = latest_meeting_hint("Vad beslutade förra årsmötet?", MEETINGS, today=TODAY)
    assert found is not None and found.id == "b"
    found = latest_meeting_hint("Vad sa senaste styrelsemötet?", MEETINGS, today=TODAY)
    assert found is not None and found.id == "c"
    found = latest_meeting_hint("Vad hände på förra mötet?", MEETINGS, today=TODAY)
    assert found is not None and found.id == "c"


def test_no_latest_meeting_for_other_words():
    assert latest_meeting_hint("Vad beslutades förra året?", MEETINGS, today=TODAY) is None
    assert latest_meeting_hint("Vad hände på förra konferensen?", MEETINGS, today=TODAY) is None
