"""Decision extraction on small minutes in every format we read, read by the real readers.

Each test writes a file as the minutes write them (LaTeX ``beslut`` environment with ``\\item``
and with ``\\att``, Typst ``#attSatser`` with a "Beslut" block, Markdown "Beslut:" bullets and
"Att:" with "Beslut: Attsats bifalles", prose), reads it with ``read_document`` and asserts the
exact decisions. Malformed markup gives no decision and no error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.decisions import OUTCOMES, Decision, extract_decisions
from indexer.decisions.details import amounts, elected
from indexer.decisions.outcome import parse_verdict
from indexer.documents import ExtractedDocument
from indexer.readers import read_document


def read(tmp_path: Path, name: str, source: str) -> ExtractedDocument:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return read_document(path)


def decisions_of(tmp_path: Path, name: str, source: str) -> tuple[str, list[Decision]]:
    doc = read(tmp_path, name, source)
    found = extract_decisions(doc)
    for d in found:  # every decision is well-formed and its span holds it
        assert d.outcome in OUTCOMES
        assert 0 <= d.start < d.end <= len(doc.text)
        assert "\n" not in d.text and d.text == d.text.strip() and d.text
        assert words(d.proposal or d.text)[:40] in words(doc.text[d.start : d.end])
    assert [d.start for d in found] == sorted(d.start for d in found)
    return doc.text, found


def words(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def summary(d: Decision) -> tuple:
    return (d.outcome, d.text, d.proposal, d.agenda_number, d.agenda_title, d.elected, d.amounts)


LATEX_ITEMS = r"""\documentclass[protokoll]{dvd}
\begin{document}
\title{Styrelsemöte 2}
\date{2021-08-26}

\section{Formalia}
\subsection{Val av mötessekreterare}
Ordförande har planerat mötet.
\begin{beslut}
    \item Albin Otterhäll väljs till mötessekreterare.
\end{beslut}

\section{Beslutsärenden}
\subsection{Köpa HDMI-sladd}
Vi behöver en HDMI-sladd till skärmarna.
\begin{beslut}
    \item Morgan tar på sig att inhandla en ny HDMI-sladd för högst 200 kr.
    \item Sladden förvaras i skåpet.
\end{beslut}

\subsection{Ändringar av personuppgiftsprinciper}
\begin{beslut}
    \item Ändra 3 kap. §1 från

    \blockquote[][]{Personuppgifter sparas i ett år.}

    till

    \blockquote[][]{Personuppgifter sparas i sex månader.}
\end{beslut}
\end{document}
"""


def test_latex_beslut_environment_with_items(tmp_path: Path) -> None:
    text, found = decisions_of(tmp_path, "dvd/2021-08-26.tex", LATEX_ITEMS)
    assert [summary(d) for d in found] == [
        (
            "val",
            "Albin Otterhäll väljs till mötessekreterare.",
            None,
            None,
            "Val av mötessekreterare",
            ("Albin Otterhäll",),
            (),
        ),
        (
            "beslut",
            "Morgan tar på sig att inhandla en ny HDMI-sladd för högst 200 kr.",
            None,
            None,
            "Köpa HDMI-sladd",
            (),
            ("200 kr",),
        ),
        ("beslut", "Sladden förvaras i skåpet.", None, None, "Köpa HDMI-sladd", (), ()),
        (
            "beslut",
            "Ändra 3 kap. §1 från Personuppgifter sparas i ett år. till "
            "Personuppgifter sparas i sex månader.",
            None,
            None,
            "Ändringar av personuppgiftsprinciper",
            (),
            (),
        ),
    ]
    assert "väljs till mötessekreterare" in text[found[0].start : found[0].end]


LATEX_ATT = r"""\documentclass{protokoll}
\datum{2018-09-18}
\begin{document}
\punkt{Godkännande av dagordning}
\begin{beslut}
     \att fastslå dagordningen som skickats ut.
\end{beslut}

\punkt{Beslut om inköp}
\subpunkt{Kaffemaskin}
Den gamla kaffemaskinen är trasig.
\begin{beslut}
    \att allokera 900kr från budgetposten Lokal för inköp av en ny kaffemaskin.
\end{beslut}
\subpunkt{Stativ för VR}
Mötet anser att beslut kring inköp inte är brådskande.
\begin{beslut}
    \att bordlägga ärendet till nästa möte.
\end{beslut}

\punkt{Val av Kassör}
\begin{beslut}
  \att välja Oscar Brink till Kassör för verksamhetsåret 2019/2020.
\end{beslut}
\end{document}
"""


def test_latex_beslut_environment_with_att(tmp_path: Path) -> None:
    _, found = decisions_of(tmp_path, "ludd/2018-09-18.tex", LATEX_ATT)
    assert [summary(d) for d in found] == [
        (
            "beslut",
            "fastslå dagordningen som skickats ut.",
            None,
            None,
            "Godkännande av dagordning",
            (),
            (),
        ),
        (
            "beslut",
            "allokera 900kr från budgetposten Lokal för inköp av en ny kaffemaskin.",
            None,
            None,
            "Kaffemaskin",
            (),
            ("900kr",),
        ),
        ("bordlagd", "bordlägga ärendet till nästa möte.", None, None, "Stativ för VR", (), ()),
        (
            "val",
            "välja Oscar Brink till Kassör för verksamhetsåret 2019/2020.",
            None,
            None,
            "Val av Kassör",
            ("Oscar Brink",),
            (),
        ),
    ]


TYPST = """#import "../DVD.typ": setupDocument, attSatser
#show: setupDocument.with(date: datetime(year: 2024, month: 3, day: 26))

= Formalia
== Val av mötesordförande
=== Nomineringar
- Samuel Hammersberg

=== Beslut
#attSatser([ Samuel Hammersberg väljs in som mötesordförande. ])

= Beslutspunkter
== Motion: Köksrenovering
Köket behöver mer förvaring.

=== Förslag till beslut
#attSatser(
  [ ConCats köper en hylla för 399kr. ],
  [ ConCats ordförande kommer klädd som katt till nästa stämma. ],
)

=== Beslut
#attSatser(
  [ attsats 1 bifalles ],
  [ attsats 2 avslås ],
)

== Proposition: Incidenthantering
=== Förslag till beslut
#attSatser([ Styrelsen inför ett dokument för incidenthantering. ])

=== Beslut
#attSatser([ Attsatsen avslages, och styrelsen röstar in dokumentet på ett styrelsemöte. ])

== Motion: Inval av ordförande till Mega6
=== Nomineringar
- Kristoffer Gustafsson

=== Beslut
#attSatser([ attsatsen bifalles. ])

== Val av revisor
=== Förslag från styrelsen
#attSatser([ posten vakantsätts ])

=== Beslut
#attSatser([ punkten bordläggs till nästa stämma ])
"""


def test_typst_att_satser_with_verdicts(tmp_path: Path) -> None:
    text, found = decisions_of(tmp_path, "dvd/2024-03-26.typ", TYPST)
    assert [summary(d) for d in found] == [
        (
            "val",
            "Samuel Hammersberg väljs in som mötesordförande.",
            None,
            None,
            "Val av mötesordförande",
            ("Samuel Hammersberg",),
            (),
        ),
        (
            "bifallen",
            "ConCats köper en hylla för 399kr.",
            "ConCats köper en hylla för 399kr.",
            None,
            "Motion: Köksrenovering",
            (),
            ("399kr",),
        ),
        (
            "avslagen",
            "ConCats ordförande kommer klädd som katt till nästa stämma.",
            "ConCats ordförande kommer klädd som katt till nästa stämma.",
            None,
            "Motion: Köksrenovering",
            (),
            (),
        ),
        (
            "avslagen",
            "Styrelsen inför ett dokument för incidenthantering.",
            "Styrelsen inför ett dokument för incidenthantering.",
            None,
            "Proposition: Incidenthantering",
            (),
            (),
        ),
        (
            "val",
            "Kristoffer Gustafsson",
            None,
            None,
            "Motion: Inval av ordförande till Mega6",
            ("Kristoffer Gustafsson",),
            (),
        ),
        (
            "bordlagd",
            "posten vakantsätts",
            "posten vakantsätts",
            None,
            "Val av revisor",
            (),
            (),
        ),
    ]
    # The span runs from the proposal through its verdict.
    kitchen = text[found[1].start : found[1].end]
    assert kitchen.startswith("Att: ConCats köper en hylla") and kitchen.endswith("bifalles")


TYPST_REFERENCES = """= Beslutspunkter
== Motion: Ny kommitté
=== Förslag till beslut inför mötet från motionären
#attSatser(
  [ Mega6 blir en kommitté. ],
  [ Mega6 får en budget på 1 000 kr. ],
)

=== Styrelsens svar på motion
Styrelsen tycker att detta är bra.

=== Styrelsens yrkande
#attSatser([ attsats 1 från motionen bifalles. ])

=== Beslut
#attSatser([ attsats 1 bifalles ])

== Andra läsning: Ny stadga
=== Förslag till beslut inför mötet
#attSatser([ 4 kap. 2 § i stadgan ändras från

Man blir medlem genom styrelsen.

till

Styrelsen sköter medlemskap. ])

=== Beslutet efter föregående stämma
Följande attsats bifalldes föregående stämma.

#attSatser([ attsats 1 från motionen bifalles. ])

=== Beslut
#attSatser([ Attsats 1 från föregående stämma bifalles igen ])
"""


def test_verdicts_followed_through_the_motion_and_the_previous_meeting(tmp_path: Path) -> None:
    _, found = decisions_of(tmp_path, "dvd/2024-12-18.typ", TYPST_REFERENCES)
    assert [(d.outcome, d.text, d.agenda_title) for d in found] == [
        ("bifallen", "Mega6 blir en kommitté.", "Motion: Ny kommitté"),
        (
            "bifallen",
            "4 kap. 2 § i stadgan ändras från Man blir medlem genom styrelsen. till "
            "Styrelsen sköter medlemskap.",
            "Andra läsning: Ny stadga",
        ),
    ]


MARKDOWN = """# Möte 2023-02-07

## Mötesschema
Att: Fastställande av mötesschema utan ändringar

Beslut: Attsats bifalles

## Beslutpunkter

### Gamejam
ConCats vill köpa pizza. Tekla har äskat 1200kr för det.

Att: Godkänna äskningen på 1200kr.

Beslut: Attsats bifalles

### Nytt skåp
Att: Köpa ett nytt skåp för 5 000 kr.

Beslut: Attsatsen avslås

### Inköp
Beslut:
- Köpa en ny kaffebryggare.
- Anna ansvarar för inköpet.

### Ordförande
Mötet beslutar att välja Olav Övrebö till ordförande.

### Stadgar
Motionen återremitteras till styrelsen.
Frågan om medlemsavgift bordläggs till nästa möte.
Mötet godkänner inte propositionen.

### Styrelsekalendern
Ska vi börja använda den?
Ja, vi lägger in alla styrelsemöten.
"""


def test_markdown_att_beslut_bullets_and_prose(tmp_path: Path) -> None:
    _, found = decisions_of(tmp_path, "dvd/2023-02-07.md", MARKDOWN)
    assert [(d.outcome, d.text, d.proposal, d.agenda_title) for d in found] == [
        (
            "bifallen",
            "Fastställande av mötesschema utan ändringar",
            "Fastställande av mötesschema utan ändringar",
            "Mötesschema",
        ),
        (
            "bifallen",
            "Godkänna äskningen på 1200kr.",
            "Godkänna äskningen på 1200kr.",
            "Gamejam",
        ),
        (
            "avslagen",
            "Köpa ett nytt skåp för 5 000 kr.",
            "Köpa ett nytt skåp för 5 000 kr.",
            "Nytt skåp",
        ),
        ("beslut", "Köpa en ny kaffebryggare.", None, "Inköp"),
        ("beslut", "Anna ansvarar för inköpet.", None, "Inköp"),
        ("val", "Mötet beslutar att välja Olav Övrebö till ordförande.", None, "Ordförande"),
        ("återremitterad", "Motionen återremitteras till styrelsen.", None, "Stadgar"),
        ("bordlagd", "Frågan om medlemsavgift bordläggs till nästa möte.", None, "Stadgar"),
        ("avslagen", "Mötet godkänner inte propositionen.", None, "Stadgar"),
        ("bifallen", "Ska vi börja använda den?", "Ska vi börja använda den?", "Styrelsekalendern"),
    ]
    assert found[1].amounts == ("1200kr",)
    assert found[2].amounts == ("5 000 kr",)
    assert found[5].elected == ("Olav Övrebö",)


def test_a_rejected_proposal_is_never_reported_as_decided(tmp_path: Path) -> None:
    _, found = decisions_of(tmp_path, "dvd/2023-02-07.md", MARKDOWN)
    rejected = [d for d in found if "skåp" in d.text]
    assert [d.outcome for d in rejected] == ["avslagen"]


PLAIN_TEXT = """LiTHe kods vårmöte 2019 - Protokoll

1. Mötets öppnande
Frans Skarman förklarar mötet öppnat kl 17:15

2. Val av mötesfunktionärer
Mötet nominerar och väljer Frans Skarman

9. Fastställande av föreningens budget
Mötet godkänner den föreslagna budgeten.

10. Fastställande av nästa års medlemsavgift
Mötet beslutar att fastställa medlemsavgiften till 20kr för nya medlemmar.

11. Övrigt
Styrelsen bör undersöka saken.
"""


def test_numbered_agenda_items_of_plain_text(tmp_path: Path) -> None:
    _, found = decisions_of(tmp_path, "lithekod/2019-05-21.txt", PLAIN_TEXT)
    assert [summary(d) for d in found] == [
        (
            "val",
            "Mötet nominerar och väljer Frans Skarman",
            None,
            "2",
            "Val av mötesfunktionärer",
            ("Frans Skarman",),
            (),
        ),
        (
            "beslut",
            "Mötet godkänner den föreslagna budgeten.",
            None,
            "9",
            "Fastställande av föreningens budget",
            (),
            (),
        ),
        (
            "beslut",
            "Mötet beslutar att fastställa medlemsavgiften till 20kr för nya medlemmar.",
            None,
            "10",
            "Fastställande av nästa års medlemsavgift",
            (),
            ("20kr",),
        ),
    ]


EARLIER = """# Styrelsemöte 2021-03-01

## § 4 Medlemsavgift
Beslut: Medlemsavgiften fastställs till 50 kr per år.
"""

LATER = """# Styrelsemöte 2021-10-10

## § 3 Medlemsavgift
Beslutet från 2021-03-01 om medlemsavgiften diskuterades igen.

Beslut: Beslutet från 2021-03-01 ändras: medlemsavgiften fastställs till 30 kr per år.
"""


def test_a_decision_changed_by_a_later_meeting(tmp_path: Path) -> None:
    _, first = decisions_of(tmp_path, "2021-03-01.md", EARLIER)
    _, second = decisions_of(tmp_path, "2021-10-10.md", LATER)
    assert [summary(d) for d in first] == [
        (
            "beslut",
            "Medlemsavgiften fastställs till 50 kr per år.",
            None,
            "4",
            "Medlemsavgift",
            (),
            ("50 kr",),
        )
    ]
    assert [summary(d) for d in second] == [
        (
            "beslut",
            "Beslutet från 2021-03-01 ändras: medlemsavgiften fastställs till 30 kr per år.",
            None,
            "3",
            "Medlemsavgift",
            (),
            ("30 kr",),
        )
    ]


# -- malformed markup: no decision, no error -------------------------------------------------

MALFORMED = {
    "unclosed-beslut.tex": (
        "\\documentclass{protokoll}\n\\begin{document}\n\\punkt{Inköp}\nText.\n"
        "\\begin{beslut}\n  \\att köpa en kaffemaskin för 900kr.\n\n"
        "\\punkt{Övrigt}\nInget.\n\\end{document}\n",
        "köpa en kaffemaskin",
    ),
    "unclosed-attsatser.tex": (
        "\\documentclass{dvd}\n\\begin{document}\n\\section{Inköp}\n"
        "\\subsubsection*{Beslut}\n\\begin{attsatser}\n  \\item köpa en soffa\n"
        "\\section{Övrigt}\nInget.\n\\end{document}\n",
        "köpa en soffa",
    ),
    "attsatser-without-beslut.typ": (
        "= Motion: Soffa\n=== Förslag till beslut\n#attSatser([ köpa en soffa ])\n\n"
        "= Övrigt\nInget.\n",
        "köpa en soffa",
    ),
    "unclosed-attsatser.typ": (
        "= Motion: Soffa\n=== Beslut\n#attSatser([ attsatsen bifalles \n\n= Övrigt\nInget.\n",
        "attsatsen bifalles",
    ),
    "att-without-beslut.md": (
        "## Soffa\nAtt: Köpa en soffa.\n\nVi diskuterade saken.\n",
        "Köpa en soffa",
    ),
    "verdict-without-proposal.md": ("## Soffa\nBeslut: Attsatsen bifalles\n", "bifalles"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_markup_gives_no_decision(tmp_path: Path, name: str) -> None:
    source, kept = MALFORMED[name]
    doc = read(tmp_path, name, source)
    assert kept in doc.text  # still indexed as text
    assert extract_decisions(doc) == []


@pytest.mark.parametrize(
    "text",
    ["", "\n\n", "Beslut:", "Att:", "Beslut:\n- \n", "= \n", "§", "1.\n", "?\nJa", "att: att:"],
)
def test_degenerate_text_does_not_crash(text: str) -> None:
    assert extract_decisions(ExtractedDocument(text=text)) == []


# -- the pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outcome", "numbers", "every", "source"),
    [
        ("attsats 1 bifalles", "bifallen", (1,), False, None),
        ("Attsats 1 och 2 bifalles.", "bifallen", (1, 2), False, None),
        ("attsats 1 till 3 bifalles", "bifallen", (1, 2, 3), False, None),
        ("andra attsatsen avslås", "avslagen", (2,), False, None),
        ("samtliga attsatser bifalles", "bifallen", (), True, None),
        ("förslaget till beslut bifalles", "bifallen", (), True, None),
        ("båda attsatser nekas", "avslagen", (), True, None),
        ("Attsatsen avslages", "avslagen", (), False, None),
        ("punkten bordläggs", "bordlagd", (), False, None),
        ("motionen återremitteras", "återremitterad", (), True, None),
        ("attsats 1 från motionen bifalles.", "bifallen", (1,), False, "motion"),
        ("första attsatsen från ändringsyrkandet bifalles", "bifallen", (1,), False, "amendment"),
        ("Attsats 1 från föregående stämma bifalles igen", "bifallen", (1,), False, "previous"),
    ],
)
def test_verdicts(text: str, outcome: str, numbers: tuple, every: bool, source: str) -> None:
    verdict = parse_verdict(text)
    assert verdict is not None
    assert (verdict.outcome, verdict.numbers, verdict.every, verdict.source) == (
        outcome,
        numbers,
        every,
        source,
    )


@pytest.mark.parametrize(
    "text",
    ["Samuel väljs till ordförande.", "mötesschemat fastställs med första attsatsen", "köpa mat"],
)
def test_not_verdicts(text: str) -> None:
    assert parse_verdict(text) is None


def test_elected_people() -> None:
    assert elected("Kristoffer Gustafsson och Tim Persson väljs till protokolljusterare.") == (
        "Kristoffer Gustafsson",
        "Tim Persson",
    )
    assert elected("Tekla Siesjö (DV'20); Lukas Gartman (DV'20) väljs in till styrelsen") == (
        "Tekla Siesjö",
        "Lukas Gartman",
    )
    assert elected("välja Ida “iceByte” Vranvuk till ordförande för DVRK") == (
        "Ida “iceByte” Vranvuk",
    )
    assert elected("Mötet beslutar att Edvard utses till mötesordförande") == ("Edvard",)
    assert elected("Markus väljs att ta reda på mer.") == ()
    assert elected("välja ansvarsfrihet med tillägg.") == ()
    assert elected("Anna till kassör.", "Val av kassör") == ("Anna",)


def test_amounts_as_written() -> None:
    text = "avsätta 16 000 SEK, 900kr och 0.10 kronor per kopp, 500:- samt 473 Boschmoney; 2128."
    assert amounts(text) == ("16 000 SEK", "900kr", "0.10 kronor", "500:-", "473 Boschmoney")
