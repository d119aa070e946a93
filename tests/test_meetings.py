"""Grouping files into meetings, meeting.toml, and each meeting's title, date and series."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from indexer.documents import ExtractedDocument, UnreadableDocument
from indexer.meetings import (
    MeetingGroup,
    MeetingInfo,
    group_meetings,
    infer_meeting_info,
    read_meeting_toml,
)

SHARED_CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
CORPUS_EXTRA_FILES = {"MANIFEST.md", "SOURCES.tsv", "dev-questions.jsonl", "dev-questions-2.jsonl"}


def groups_as_tuples(groups: list[MeetingGroup]) -> list[tuple]:
    return [(g.key, g.folder, g.minutes, g.attachments, g.toml_path) for g in groups]


@pytest.mark.parametrize(
    ("files", "tomls", "expected"),
    [
        pytest.param(
            [
                "styrelsen/2021-05-19 möte/protokoll.docx",
                "styrelsen/2021-05-19 möte/Bilagor och underlag/enkät.pdf",
                "styrelsen/2021-05-19 möte/bildspel.pptx",
                "styrelsen/2021-05-19 möte/extra/anteckningar.txt",
            ],
            ["styrelsen/2021-05-19 möte/meeting.toml"],
            [
                (
                    "styrelsen/2021-05-19 möte",
                    "styrelsen/2021-05-19 möte",
                    [
                        "styrelsen/2021-05-19 möte/extra/anteckningar.txt",
                        "styrelsen/2021-05-19 möte/protokoll.docx",
                    ],
                    [
                        "styrelsen/2021-05-19 möte/Bilagor och underlag/enkät.pdf",
                        "styrelsen/2021-05-19 möte/bildspel.pptx",
                    ],
                    "styrelsen/2021-05-19 möte/meeting.toml",
                )
            ],
            id="meeting.toml folder with bilagor/ at any depth",
        ),
        pytest.param(
            ["möte/Bilaga 1.pdf", "möte/Rapport.pdf"],
            ["möte/meeting.toml"],
            [("möte", "möte", ["möte/Bilaga 1.pdf"], ["möte/Rapport.pdf"], "möte/meeting.toml")],
            id="no minutes-like file: the first one is the minutes",
        ),
        pytest.param(
            ["2019/2019-02-17.tex", "2019/2019-03-14.tex"],
            [],
            [
                ("2019/2019-02-17.tex", None, ["2019/2019-02-17.tex"], [], None),
                ("2019/2019-03-14.tex", None, ["2019/2019-03-14.tex"], [], None),
            ],
            id="lone files",
        ),
        pytest.param(
            [
                "ludd/2019/2019-02-17.tex",
                "ludd/2019/2019-03-14.tex",
                "ludd/2019/bilagor/2019-02-17-bilaga.tex",
                "ludd/2019/bilagor/2019-03-14-bilagor.tex",
            ],
            [],
            [
                (
                    "ludd/2019/2019-02-17.tex",
                    None,
                    ["ludd/2019/2019-02-17.tex"],
                    ["ludd/2019/bilagor/2019-02-17-bilaga.tex"],
                    None,
                ),
                (
                    "ludd/2019/2019-03-14.tex",
                    None,
                    ["ludd/2019/2019-03-14.tex"],
                    ["ludd/2019/bilagor/2019-03-14-bilagor.tex"],
                    None,
                ),
            ],
            id="attachment matched by the date in its name",
        ),
        pytest.param(
            ["dvd/2026/2026-04-01.tex", "dvd/2026/bilagor/dvrk26.pdf"],
            [],
            [
                (
                    "dvd/2026/2026-04-01.tex",
                    None,
                    ["dvd/2026/2026-04-01.tex"],
                    ["dvd/2026/bilagor/dvrk26.pdf"],
                    None,
                )
            ],
            id="attachment of the only meeting of its folder",
        ),
        pytest.param(
            ["2021/2021-03-01.md", "2021/2021-04-01.md", "2021/Attachments/budget.pdf"],
            [],
            [
                ("2021/2021-03-01.md", None, ["2021/2021-03-01.md"], [], None),
                ("2021/2021-04-01.md", None, ["2021/2021-04-01.md"], [], None),
                ("2021/Attachments/budget.pdf", None, [], ["2021/Attachments/budget.pdf"], None),
            ],
            id="orphan attachment is a meeting of its own",
        ),
        pytest.param(
            ["2021/2021-03-01.md", "2021/bilagor/2021-03-01 bilaga.pdf", "2021/möte/meeting.toml"],
            ["2021/möte/meeting.toml"],
            [
                (
                    "2021/2021-03-01.md",
                    None,
                    ["2021/2021-03-01.md"],
                    ["2021/bilagor/2021-03-01 bilaga.pdf"],
                    None,
                ),
            ],
            id="a meeting.toml folder without documents is no meeting",
        ),
        pytest.param(
            ["2021/möte/protokoll.md", "2021/bilagor/x.pdf"],
            ["2021/möte/meeting.toml"],
            [
                (
                    "2021/möte",
                    "2021/möte",
                    ["2021/möte/protokoll.md"],
                    ["2021/bilagor/x.pdf"],
                    "2021/möte/meeting.toml",
                ),
            ],
            id="attachment folder next to the only (folder) meeting",
        ),
        pytest.param(
            [
                "2021/2021-05-19 protokoll.docx",
                "2021/2021-05-19 bilaga 2 bildspel.pptx",
                "2021/2021-06-02 rapport.pdf",
            ],
            [],
            [
                (
                    "2021/2021-05-19 protokoll.docx",
                    None,
                    ["2021/2021-05-19 protokoll.docx"],
                    ["2021/2021-05-19 bilaga 2 bildspel.pptx"],
                    None,
                ),
                ("2021/2021-06-02 rapport.pdf", None, ["2021/2021-06-02 rapport.pdf"], [], None),
            ],
            id="attachment named so, next to minutes of the same date",
        ),
        pytest.param(
            ["a/meeting.toml", "a/protokoll.md", "a/b/protokoll.md"],
            ["a/meeting.toml", "a/b/meeting.toml"],
            [
                ("a", "a", ["a/protokoll.md"], [], "a/meeting.toml"),
                ("a/b", "a/b", ["a/b/protokoll.md"], [], "a/b/meeting.toml"),
            ],
            id="nested meeting.toml: the nearest one wins",
        ),
    ],
)
def test_group_meetings(files: list[str], tomls: list[str], expected: list[tuple]) -> None:
    files = [f for f in files if not f.endswith("meeting.toml")]
    assert groups_as_tuples(group_meetings(files, tomls)) == expected


def test_meeting_toml_at_the_corpus_root_makes_one_meeting() -> None:
    (group,) = group_meetings(["protokoll.md", "bilagor/x.pdf", "a/b.md"], ["meeting.toml"])
    assert (group.key, group.folder) == (".", ".")
    assert (group.minutes, group.attachments) == (["a/b.md", "protokoll.md"], ["bilagor/x.pdf"])
    assert infer_meeting_info(group, {}, None) == MeetingInfo("Möte", None, None, None)


def test_meeting_toml_names_the_minutes() -> None:
    files = ["möte/bildspel.pdf", "möte/justerat.pdf", "möte/utkast.docx"]
    contents = {"möte/meeting.toml": {"minutes": ["justerat.pdf"]}}
    (group,) = group_meetings(files, ["möte/meeting.toml"], contents)
    assert group.minutes == ["möte/justerat.pdf"]
    assert group.attachments == ["möte/bildspel.pdf", "möte/utkast.docx"]


def test_every_file_is_in_exactly_one_meeting() -> None:
    files = ["a/1.md", "a/bilagor/x.pdf", "a/bilagor/y/z.pdf", "b/2021-01-01.md", "bilagor/q.md"]
    groups = group_meetings(files, ["b/meeting.toml"])
    grouped = [p for g in groups for p in g.minutes + g.attachments]
    assert sorted(grouped) == sorted(files)


# -- meeting.toml --------------------------------------------------------------------------


def write_toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "meeting.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title = "Årsmöte"\ndate = 2021-05-19\nseries = "Vision"\nminutes = "p.pdf"',
            {
                "title": "Årsmöte",
                "date": date(2021, 5, 19),
                "date_end": date(2021, 5, 19),
                "series": "Vision",
                "minutes": ["p.pdf"],
            },
        ),
        (
            'date = "2021-05-19"\nend_date = "2021-05-20"',
            {"date": date(2021, 5, 19), "date_end": date(2021, 5, 20)},
        ),
        (
            'date = "19-20 maj 2021"',
            {"date": date(2021, 5, 19), "date_end": date(2021, 5, 20)},
        ),
        (
            "date = 2021-05-19T18:00:00\ndate_end = 2021-05-21",
            {"date": date(2021, 5, 19), "date_end": date(2021, 5, 21)},
        ),
        (
            'title = "Möte"\nminutes = ["a.pdf", "b.pdf"]\nextra = 1',
            {"title": "Möte", "minutes": ["a.pdf", "b.pdf"], "extra": 1},
        ),
        ("", {}),
    ],
)
def test_read_meeting_toml(tmp_path: Path, text: str, expected: dict) -> None:
    assert read_meeting_toml(write_toml(tmp_path, text)) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('title = "Årsmöte', "invalid meeting.toml: "),
        ("title = 3", 'invalid meeting.toml: "title" must be a non-empty text'),
        ('date = "snart"', 'invalid meeting.toml: "date" must be a date such as 2021-05-19'),
        ('date = "2021-13-45"', 'invalid meeting.toml: "date" must be a date such as 2021-05-19'),
        ("date = 2021-05-19\ndate_end = 2021-05-01", '"date_end" is before "date"'),
        ("date_end = 2021-05-01", '"date_end" needs a "date"'),
        ("minutes = 3", '"minutes" must be a file name or a list'),
    ],
)
def test_invalid_meeting_toml(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(UnreadableDocument) as raised:
        read_meeting_toml(write_toml(tmp_path, text))
    assert reason in raised.value.reason


def test_bad_toml_syntax_says_where(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument) as raised:
        read_meeting_toml(write_toml(tmp_path, 'title = "ok"\ndate = 2021-05-'))
    assert raised.value.reason.startswith("invalid meeting.toml: ")
    assert "line 2" in raised.value.reason


# -- title, date and series --------------------------------------------------------------

LONE = MeetingGroup("styrelsen/2021/2021-05-19.md", None, ["styrelsen/2021/2021-05-19.md"])
UNDATED = MeetingGroup("styrelsen/2021/protokoll.md", None, ["styrelsen/2021/protokoll.md"])


def doc(text: str = "", title: str | None = None, when: date | None = None) -> ExtractedDocument:
    return ExtractedDocument(text=text, title=title, date=when)


@pytest.mark.parametrize(
    ("group", "document", "toml", "expected"),
    [
        pytest.param(
            LONE,
            doc("Möte 1 juni 2021", when=date(2021, 5, 30)),
            {"date": "2021-05-01"},
            (date(2021, 5, 1), date(2021, 5, 1)),
            id="meeting.toml beats the name",
        ),
        pytest.param(
            LONE,
            doc("Möte 1 juni 2021", when=date(2021, 5, 30)),
            None,
            (date(2021, 5, 19), date(2021, 5, 19)),
            id="the name beats the properties",
        ),
        pytest.param(
            UNDATED,
            doc("Möte 1 juni 2021", when=date(2021, 5, 30)),
            None,
            (date(2021, 5, 30), date(2021, 5, 30)),
            id="the properties beat the text",
        ),
        pytest.param(
            UNDATED,
            doc("Protokoll\nMöte 1-2 juni 2021"),
            None,
            (date(2021, 6, 1), date(2021, 6, 2)),
            id="the text when nothing else",
        ),
        pytest.param(
            UNDATED,
            doc("Protokoll\nInga datum här"),
            None,
            (None, None),
            id="a meeting without a date",
        ),
    ],
)
def test_date_precedence(group, document, toml, expected) -> None:
    info = infer_meeting_info(group, {group.minutes[0]: document}, toml)
    assert (info.date, info.date_end) == expected


def test_a_folder_meeting_takes_its_date_from_the_folder_before_its_files() -> None:
    group = MeetingGroup(
        "n/2021-05-19 Vision", "n/2021-05-19 Vision", ["n/2021-05-19 Vision/p 2021-05-20.pdf"]
    )
    info = infer_meeting_info(group, {}, None)
    assert info.date == date(2021, 5, 19)


def test_a_lone_file_takes_its_date_from_its_folder_name() -> None:
    group = MeetingGroup(
        "n/2021-05-19 Vision/protokoll.pdf", None, ["n/2021-05-19 Vision/protokoll.pdf"]
    )
    assert infer_meeting_info(group, {}, None).date == date(2021, 5, 19)


def test_an_unreadable_file_is_just_missing() -> None:
    assert infer_meeting_info(UNDATED, {}, None) == MeetingInfo(
        "Protokoll", None, None, "styrelsen", "styrelsen"
    )


@pytest.mark.parametrize(
    ("document", "toml", "expected"),
    [
        pytest.param(
            doc("# Styrelsemöte 3", title="Årsmöte"),
            {"title": "Extrastämma"},
            "Extrastämma",
            id="meeting.toml beats everything",
        ),
        pytest.param(
            doc("# Styrelsemöte 3", title="Årsmöte 2021"),
            None,
            "Årsmöte 2021",
            id="the document's own title beats its text",
        ),
        pytest.param(
            doc("# Styrelsemöte 3", title="Template"),
            None,
            "Styrelsemöte 3",
            id="a placeholder title is skipped",
        ),
        pytest.param(
            doc("Text", title="Microsoft Word - Protokoll Vision 210519.docx"),
            None,
            "Protokoll Vision 210519",
            id="Word's PDF title is cleaned",
        ),
        pytest.param(
            doc("Text", title="Kagun-LiU4-20160527144821"),
            None,
            "Text",
            id="a scanner's file name is no title",
        ),
        pytest.param(
            doc("# Mötesprotokoll\n## LiTHe kod\n## 06 Augusti 2018\n## Kallade"),
            None,
            "Mötesprotokoll LiTHe kod",
            id="a generic heading takes the next one along",
        ),
        pytest.param(
            doc("**Protokoll**\n\nNärvarande: Anna"),
            None,
            "Protokoll",
            id="a generic title is still a title",
        ),
        pytest.param(
            doc("Text", title="Protokoll"),
            None,
            "Text",
            id="a specific line beats a generic property title",
        ),
        pytest.param(
            doc("Datum: 2021-05-19\nVision nätverk Väst\n§ 1 Öppnande"),
            None,
            "Vision nätverk Väst",
            id="label and date lines are skipped",
        ),
        pytest.param(
            doc("Plats: T1\nMöte: Årsmöte\nDatum: 2019-03-14"),
            None,
            "Årsmöte",
            id="a Möte: line names the meeting",
        ),
        pytest.param(
            doc("1. Mötets öppnande\nOrdföranden öppnade mötet."),
            None,
            "Styrelsen 2021-05-19",
            id="an agenda item is no title: the name is used",
        ),
        pytest.param(
            doc("konstituerande möte"), None, "Konstituerande möte", id="first letter in upper case"
        ),
        pytest.param(
            doc("x" * 80 + " " + "y" * 30),
            None,
            "Styrelsen 2021-05-19",
            id="a long paragraph is no title",
        ),
        pytest.param(doc(""), None, "Styrelsen 2021-05-19", id="an empty document"),
    ],
)
def test_title(document: ExtractedDocument, toml: dict | None, expected: str) -> None:
    assert infer_meeting_info(LONE, {LONE.key: document}, toml).title == expected


def test_long_title_is_cut_at_a_word() -> None:
    title = infer_meeting_info(LONE, {LONE.key: doc(title="Ord " * 40)}, None).title
    assert len(title) <= 101 and title.endswith("Ord…")


def test_named_file_title() -> None:
    group = MeetingGroup("vision/styrelsemote_170524.md", None, ["vision/styrelsemote_170524.md"])
    assert infer_meeting_info(group, {}, None).title == "Styrelsemote 170524"


@pytest.mark.parametrize(
    ("group", "toml", "expected"),
    [
        (MeetingGroup("lithekod/styrelse/2019/2019-09-11.md", None, []), None, "lithekod/styrelse"),
        (MeetingGroup("ludd/2019/2019-02-17.tex", None, []), None, "ludd"),
        (
            MeetingGroup("dvd/divisionsstamman/2026/2026-04-01.tex", None, []),
            None,
            "dvd/divisionsstamman",
        ),
        (
            MeetingGroup("ludd/2019/bilagor/x.pdf", None, [], ["ludd/2019/bilagor/x.pdf"]),
            None,
            "ludd",
        ),
        (
            MeetingGroup(
                "vision/ht 2021/05-maj/2021-05-19 möte", "vision/ht 2021/05-maj/2021-05-19 möte", []
            ),
            None,
            "vision",
        ),
        (MeetingGroup("vision/2021-05-19 möte/p.pdf", None, []), None, "vision"),
        (MeetingGroup("2021-05-19.md", None, []), None, None),
        (MeetingGroup("2021/2021-05-19.md", None, []), None, None),
        (MeetingGroup("2021-05-19.md", None, []), {"series": "Vision"}, "Vision"),
    ],
)
def test_series(group: MeetingGroup, toml: dict | None, expected: str | None) -> None:
    assert infer_meeting_info(group, {}, toml).series == expected


# -- the real corpus -----------------------------------------------------------------------


@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason="the shared corpora are not here")
def test_real_corpus_grouping_and_dates() -> None:
    files = sorted(
        p.relative_to(SHARED_CORPORA).as_posix()
        for p in SHARED_CORPORA.rglob("*")
        if p.is_file() and p.name not in CORPUS_EXTRA_FILES
    )
    groups = {g.key: g for g in group_meetings(files, [])}
    assert groups["ludd/2019/2019-02-17.tex"].attachments == [
        "ludd/2019/bilagor/2019-02-17-bilaga.tex"
    ]
    assert groups["dvd/divisionsstamman/2026/2026-04-01.tex"].attachments == [
        "dvd/divisionsstamman/2026/bilagor/dvrk26.pdf"
    ]
    assert len(groups) == len(files) - 3  # three attachments joined their meetings
    for key, group in groups.items():
        info = infer_meeting_info(group, {}, None)
        assert info.date is not None and info.date.isoformat() in key
