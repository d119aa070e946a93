"""Decision-aware answers: the dated decision list, outcomes in words, later changes."""

from __future__ import annotations

import datetime as dt

import numpy as np

from indexer.store.entities import DecisionEntry
from search.answerers.decisions import compose
from search.decision_search import DecisionHit, covering, decision_weights
from search.question import Question, asks_for_decision
from search.results import DocumentRef, MeetingRef, Passage


def meeting(id: str, title: str, date: dt.date | None) -> MeetingRef:
    return MeetingRef(id, title, date, date, "Stämman")


def decision(
    meeting: MeetingRef,
    text: str,
    outcome: str,
    *,
    proposal: str | None = None,
    agenda: str | None = None,
    n: int = 0,
) -> DecisionEntry:
    document = DocumentRef(f"doc-{meeting.id}", f"{meeting.id}.md", "minutes", meeting.title, None)
    passage = Passage(f"p-{meeting.id}-{n}", n, text, 0, len(text), (), agenda, document, meeting)
    return DecisionEntry(
        f"d-{meeting.id}-{n}", n, outcome, text, proposal, None, agenda, (), (), 0, 9, passage
    )


SPRING = meeting("m1", "Divisionsstämma", dt.date(2024, 3, 26))
AUTUMN = meeting("m2", "Divisionsstämma", dt.date(2024, 11, 28))


def test_a_rejected_proposal_is_said_to_be_rejected_never_decided():
    rejected = decision(
        SPRING,
        "stämman inför ett medlemskort i plast",
        "avslagen",
        proposal="stämman inför ett medlemskort i plast",
    )
    text, citations = compose([rejected])
    assert text == (
        "- Divisionsstämma (2024-03-26): avslog förslaget att stämman inför ett medlemskort i "
        "plast. [1]"
    )
    assert "biföll" not in text
    assert [c.passage.id for c in citations] == ["p-m1-0"]
    assert citations[0].quote == "stämman inför ett medlemskort i plast"
    assert citations[0].spans == [(0, 9)]  # the decision's span in the passage


def test_decisions_are_listed_by_date_newest_last_each_cited():
    grant = decision(
        AUTUMN,
        "Godkänna äskningen på 900kr.",
        "bifallen",
        proposal="Godkänna äskningen på 900kr.",
        agenda="Avslutningsmiddag",
    )
    election = decision(SPRING, "Samuel Hammersberg väljs in som mötesordförande.", "val")
    text, citations = compose([grant, election])
    first, second = text.splitlines()
    assert first == (
        "- Divisionsstämma (2024-03-26): Samuel Hammersberg väljs in som mötesordförande. [1]"
    )
    assert second == (
        "- Divisionsstämma (2024-11-28): biföll förslaget att godkänna äskningen på 900kr. [2]"
    )
    assert [c.n for c in citations] == [1, 2]


def test_a_later_decision_on_the_same_matter_is_shown_as_a_change():
    first = decision(SPRING, "att fastslå priset till 0.10 kronor per kopp kaffe", "beslut")
    later = decision(AUTUMN, "att fastslå priset till 0.20 kronor per kopp kaffe", "beslut")
    text, _ = compose([later, first])
    assert text.splitlines() == [
        "- Divisionsstämma (2024-03-26): att fastslå priset till 0.10 kronor per kopp kaffe. [1]",
        "  ändrades 2024-11-28: att fastslå priset till 0.20 kronor per kopp kaffe. [2]",
    ]


def test_decisions_of_one_meeting_stand_side_by_side():
    one = decision(SPRING, "att köpa en ny kaffebryggare till lokalen", "beslut", n=0)
    two = decision(SPRING, "att köpa en ny vattenkokare till lokalen", "beslut", n=1)
    text, citations = compose([one, two])
    assert len(text.splitlines()) == 2 and "ändrades" not in text
    assert len(citations) == 2


def test_decision_questions_are_recognised():
    for question in (
        "Vad beslutades om distansarbete?",
        "Vem valdes till ordförande för Mega6?",
        "Vilka äskningar biföll styrelsen i maj 2023?",
        "Avslogs motionen om medlemskort?",
        "Vad beviljades till hackathonet?",
    ):
        assert asks_for_decision(question), question
    for question in ("Vem är kassör?", "När hölls julfesten?", "Vad kostar en ny bil?"):
        assert not asks_for_decision(question), question


def test_a_decision_is_not_covered_by_the_series_and_year_alone():
    """Every decision of the named series and year holds those words (its meeting's): only
    what the question asks about covers it."""
    chair = decision(SPRING, "Anna Berg väljs till ordförande.", "val")
    secretary = decision(SPRING, "Bertil Ek väljs till sekreterare.", "val", n=1)
    found = [DecisionHit(1, 1.0, secretary), DecisionHit(2, 0.9, chair)]
    question = Question(
        "Vem valdes till ordförande på stämman 2024?",
        lambda text: np.zeros(4, dtype=np.float32),
        series_names=["Stämman"],
    )
    covered = covering(decision_weights(question, found), found)
    assert [hit.decision for _, hit in covered] == [chair]
