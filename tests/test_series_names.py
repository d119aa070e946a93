"""The corpus' names of its series (the ``[series]`` table) and titles that tell meetings apart."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.meetings import (
    MeetingGroup,
    MeetingInfo,
    SeriesName,
    distinct_titles,
    infer_meeting_info,
)
from indexer.meetings.series_names import NamedSeries, name_series
from indexer.readers import read_document
from search.cli import cli
from search.results import Filters
from search.service import MinutesService
from search.settings import Settings
from tests.conftest import FAKE_MODEL, MINUTES_2021, write

NAMES = {
    "lithekod": SeriesName(organisation="LiTHe kod"),
    "lithekod/styrelse": SeriesName("LiTHe kod – styrelsen", meeting="LiTHe kod – styrelsemöte"),
    "dvd/divisionsstamman": SeriesName("Datavetenskapsdivisionen – stämma"),
}


def test_a_folder_is_named_by_its_entry_and_owned_by_the_nearest_organisation():
    assert name_series("lithekod/styrelse", NAMES) == NamedSeries(
        "lithekod/styrelse", "LiTHe kod – styrelsen", "LiTHe kod", "LiTHe kod – styrelsemöte"
    )
    assert name_series("lithekod/stormote", NAMES) == NamedSeries(
        "lithekod/stormote", "lithekod/stormote", "LiTHe kod"
    )
    assert name_series("ludd", NAMES) == NamedSeries("ludd", "ludd")
    assert not name_series("ludd", NAMES).is_named
    assert name_series(None, NAMES) == NamedSeries(None, None)


def test_a_meeting_gets_the_display_name_of_its_series_folder():
    group = MeetingGroup("lithekod/styrelse/2019/2019-10-02.md", None, ["m"])
    info = infer_meeting_info(group, {}, None, NAMES)
    assert (info.series, info.series_folder, info.organisation) == (
        "LiTHe kod – styrelsen",
        "lithekod/styrelse",
        "LiTHe kod",
    )
    assert info.title == "LiTHe kod – styrelsemöte 2019-10-02"  # the file name is a date


def test_meeting_toml_names_its_own_series():
    group = MeetingGroup("lithekod/styrelse/2019/2019-10-02.md", None, ["m"])
    info = infer_meeting_info(group, {}, {"series": "Extra styrelse", "title": "Protokoll"}, NAMES)
    assert (info.series, info.series_folder, info.title_given) == (
        "Extra styrelse",
        "lithekod/styrelse",
        True,
    )


# -- titles ----------------------------------------------------------------------------------


def _info(title: str, day: date | None, folder: str, names=NAMES, **changes) -> MeetingInfo:
    named = name_series(folder, names)
    info = MeetingInfo(title, day, day, named.name, folder, named.organisation, named.meeting)
    return replace(info, **changes)


def _titles(*infos: MeetingInfo) -> list[str]:
    return [info.title for info in distinct_titles(infos)]


def test_a_generic_title_becomes_what_the_series_calls_a_meeting_and_its_date():
    assert _titles(
        _info("Mötesprotokoll LiTHe kod", date(2019, 10, 2), "lithekod/styrelse"),
        _info("LiTHe Kod 20141114", date(2014, 11, 14), "lithekod/styrelse"),
        _info("Divisionsstamman 2024-03-26", date(2024, 3, 26), "dvd/divisionsstamman"),
        _info("Divisionsstämmans möte 2", date(2023, 5, 24), "dvd/divisionsstamman"),
        _info("Divisionsstämma", date(2026, 4, 1), "dvd/divisionsstamman"),
    ) == [
        "LiTHe kod – styrelsemöte 2019-10-02",
        "LiTHe kod – styrelsemöte 2014-11-14",
        "Datavetenskapsdivisionen – stämma 2024-03-26",
        "Datavetenskapsdivisionen – stämma 2023-05-24",
        "Datavetenskapsdivisionen – stämma 2026-04-01",
    ]


def test_a_title_many_meetings_share_gets_the_date_without_a_table():
    assert _titles(
        _info("Mötesprotokoll LiTHe kod", date(2019, 10, 2), "lithekod/styrelse", names={}),
        _info("Mötesprotokoll LiTHe kod", date(2019, 10, 9), "lithekod/styrelse", names={}),
        _info("Styrelsemöte 1", date(2022, 1, 20), "dvd/styrelsen", names={}),
        _info("Styrelsemöte 1", date(2023, 1, 18), "dvd/styrelsen", names={}),
        _info("Årsmöte", date(2019, 3, 14), "ludd", names={}),
        _info("Årsmöte", date(2020, 3, 12), "ludd", names={}),
    ) == [
        "LiTHe kod 2019-10-02",
        "LiTHe kod 2019-10-09",
        "Styrelsemöte 2022-01-20",
        "Styrelsemöte 2023-01-18",
        "Årsmöte 2019-03-14",
        "Årsmöte 2020-03-12",
    ]


def test_specific_titles_are_dated_when_shared_and_kept_else_as_those_of_meeting_toml():
    assert _titles(
        _info("LiTHe kods vårmöte 2018 - Protokoll (2018-05-29)", date(2018, 5, 29), "lithekod"),
        _info("LiTHe kods vårmöte 2019 - Protokoll (2019-05-21)", date(2019, 5, 21), "lithekod"),
    ) == ["LiTHe kods vårmöte 2018-05-29", "LiTHe kods vårmöte 2019-05-21"]
    kept = [
        _info("LiTHe kods höstmöte 2019 - Protokoll", date(2019, 11, 21), "lithekod"),
        _info("Medlemsmöte", date(2019, 10, 10), "ludd"),
        _info("Protokoll", date(2021, 5, 19), "vision", title_given=True),
        _info("Protokoll", date(2021, 6, 19), "vision", title_given=True),
    ]
    assert _titles(*kept) == [info.title for info in kept]


def test_an_undated_generic_title_is_the_series_meeting_name_when_there_is_one():
    assert _titles(
        _info("Mötesprotokoll LiTHe kod", None, "lithekod/styrelse"),
        _info("Protokoll", None, "ludd"),
    ) == ["LiTHe kod – styrelsemöte", "Protokoll"]


def test_a_meeting_of_several_days_is_dated_by_its_span():
    info = replace(_info("Protokoll", date(2021, 5, 19), "ludd"), date_end=date(2021, 5, 20))
    assert _titles(info) == ["Protokoll 2021-05-19–2021-05-20"]


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        (
            "a.tex",
            "\\documentclass{article}\n\\begin{document}\n"
            "\\section*{Protokoll fört vid årsmöte med Föreningen Kod}\n"
            "\\section{Mötets öppnande}\nOrdföranden öppnade mötet.\n\\end{document}\n",
            "Årsmöte med Föreningen Kod",
        ),
        (
            "b.typ",
            '#show: setupDocument.with(\n  title: "Extra stämma om budgeten",\n)\n'
            "= Öppnande av möte\nMötet öppnades.\n",
            "Extra stämma om budgeten",
        ),
        (
            "c.md",
            "# Höstmöte i föreningen\n\n## Öppnande\nMötet öppnades.\n",
            "Höstmöte i föreningen",
        ),
        (
            "d.txt",
            "Protokoll, fört vid styrelsemöte i Kodklubben den 3 maj 2021.\n§ 1 Öppnande\n",
            "Styrelsemöte i Kodklubben den 3 maj 2021",
        ),
    ],
)
def test_a_title_is_read_from_the_document(tmp_path, name, source, expected):
    path = write(tmp_path / name, source)
    group = MeetingGroup(f"klubben/2021-05-03-{name}", None, ["m"])
    assert infer_meeting_info(group, {"m": read_document(path)}, None).title == expected


# -- a build with the table ------------------------------------------------------------------


@pytest.fixture
def named_index(tmp_path, build_index) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    for day in ("2019-10-02", "2019-10-09"):
        write(corpus / "lithekod" / "styrelse" / f"{day}.md", f"# Mötesprotokoll\n\n{MINUTES_2021}")
    write(corpus / "series.toml", '[series]\n"lithekod/styrelse" = "Styrelsen i LiTHe kod"\n')
    index = tmp_path / "index"
    build_index(corpus, index, series_names=NAMES)
    return corpus, index


def test_the_index_holds_the_names_and_search_filters_by_name_or_folder(named_index):
    _, index = named_index
    service = MinutesService(Settings(index=index))
    meetings = [overview.meeting for overview in service.meetings()]
    assert [m.title for m in meetings] == [
        "LiTHe kod – styrelsemöte 2019-10-02",
        "LiTHe kod – styrelsemöte 2019-10-09",
    ]
    assert {(m.series, m.series_folder, m.organisation) for m in meetings} == {
        ("LiTHe kod – styrelsen", "lithekod/styrelse", "LiTHe kod")
    }
    assert service.series() == ["LiTHe kod – styrelsen"]
    for series in ("LiTHe kod – styrelsen", "lithekod/styrelse"):
        hits = service.search("distansarbete", filters=Filters(series=series)).hits
        assert hits and {h.passage.meeting.series for h in hits} == {"LiTHe kod – styrelsen"}
        assert len(service.meetings(series)) == 2


def test_status_lists_the_series_by_display_name_with_folder_and_organisation(named_index):
    _, index = named_index
    result = CliRunner().invoke(cli, ["status", "--index", str(index)])
    assert "Series    LiTHe kod – styrelsen (lithekod/styrelse; LiTHe kod): 2 meeting(s)" in (
        result.output
    )
    data = json.loads(CliRunner().invoke(cli, ["status", "--index", str(index), "--json"]).output)
    assert data["series"] == [
        {
            "name": "LiTHe kod – styrelsen",
            "folders": ["lithekod/styrelse"],
            "organisation": "LiTHe kod",
            "meetings": 2,
        }
    ]
    assert data["series_names"]["lithekod/styrelse"] == {
        "name": "LiTHe kod – styrelsen",
        "meeting": "LiTHe kod – styrelsemöte",
    }


def test_minutes_index_reads_the_corpus_series_toml_and_renames_when_it_changes(named_index):
    corpus, index = named_index
    command = ["index", str(corpus), "--index", str(index), "--quiet", "--model", FAKE_MODEL]
    result = CliRunner().invoke(cli, [*command, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["published"]  # the table is not the one built with
    service = MinutesService(Settings(index=index))
    assert service.series() == ["Styrelsen i LiTHe kod"]
    assert service.meetings()[0].meeting.title == "Styrelsen i LiTHe kod 2019-10-02"
    again = json.loads(CliRunner().invoke(cli, [*command, "--json"]).output)
    assert not again["published"]  # the same table: nothing to do
