"""Decisions in a real index: stored with the passages, the log, filters, answers, CLI, web."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from indexer.build import IndexBuild
from indexer.decisions import OUTCOMES
from search.cli import cli
from search.cli_common import OUTCOME_CHOICES
from search.results import Filters
from search.service import MinutesService
from search.settings import Settings
from tests.conftest import write
from tests.postgres import store_flags

APP = Path(__file__).resolve().parents[1] / "app.py"

BOARD_2023 = """# Styrelsemöte 1 maj 2023

## Avslutningsmiddag
Femme++ vill arrangera en avslutningsmiddag och har äskat 900kr för detta.

Att: Godkänna äskningen på 900kr.

Beslut: Attsats bifalles

## Medlemskort
Styrelsen diskuterade medlemskort i plast till alla medlemmar.

Att: Divisionen inför medlemskort i plast.

Beslut: Attsats avslås

## Val av ordförande för Mega6
Beslut: Kim Larsson väljs till ordförande för Mega6.
"""

MEMBERS_2023 = """# Medlemsmöte 10 september 2023

## Kaffe
Kaffet i lokalen har kostat för mycket för föreningen.

Beslut: att fastslå kaffepriset till 5 kr per kopp.
"""

MEMBERS_2024 = """# Medlemsmöte 1 februari 2024

## Kaffe
Kaffepriset räcker inte till nya bönor.

Beslut: att fastslå kaffepriset till 7 kr per kopp.
"""

DECISION = {
    "type": "object",
    "required": ["id", "outcome", "text", "proposal", "passage_id", "document", "meeting"],
    "properties": {
        "outcome": {
            "enum": ["bifallen", "avslagen", "bordlagd", "återremitterad", "val", "beslut"]
        },
        "elected": {"type": "array", "items": {"type": "string"}},
        "amounts": {"type": "array", "items": {"type": "string"}},
    },
}
LOG = {
    "type": "object",
    "required": ["query", "decisions"],
    "properties": {"decisions": {"type": "array", "items": DECISION}},
}


@pytest.fixture(scope="module")
def index(tmp_path_factory, fake_embedder, store) -> Path:
    root = tmp_path_factory.mktemp("decisions")
    write(root / "corpus" / "styrelsen" / "2023-05-01.md", BOARD_2023)
    write(root / "corpus" / "medlemsmoten" / "2023-09-10.md", MEMBERS_2023)
    write(root / "corpus" / "medlemsmoten" / "2024-02-01.md", MEMBERS_2024)
    index = root / "index"
    model = fake_embedder.model_id
    IndexBuild(root / "corpus", index, model=model, embedder=fake_embedder, store=store).run()
    return index


@pytest.fixture(scope="module")
def service(index, store) -> MinutesService:
    return MinutesService(Settings(index=index, store=store))


def test_the_log_lists_every_decision_in_date_order_with_its_outcome(service):
    log = service.decisions()
    assert [(d.meeting.date, d.outcome) for d in log] == [
        (dt.date(2023, 5, 1), "bifallen"),
        (dt.date(2023, 5, 1), "avslagen"),
        (dt.date(2023, 5, 1), "val"),
        (dt.date(2023, 9, 10), "beslut"),
        (dt.date(2024, 2, 1), "beslut"),
    ]
    grant, card, election = log[:3]
    assert grant.proposal == "Godkänna äskningen på 900kr." and grant.amounts == ("900kr",)
    assert card.agenda_title == "Medlemskort"
    assert election.elected == ("Kim Larsson",)
    for found in log:  # each decision lies in the passage it cites
        document = service.document(found.document.id)
        assert document is not None
        assert found.passage.start <= found.start < found.passage.end
        assert found.text.split()[0] in document.text[found.start : found.end]


def test_the_log_takes_the_passage_filters_and_an_outcome(service):
    rejected = service.decisions(outcome="avslagen")
    assert [d.agenda_title for d in rejected] == ["Medlemskort"]
    members = service.decisions(filters=Filters(series="medlemsmoten"))
    assert {d.meeting.date.year for d in members} == {2023, 2024}
    late = service.decisions(filters=Filters(date_from=dt.date(2024, 1, 1)))
    assert [d.text for d in late] == ["fastslå kaffepriset till 7 kr per kopp."]


def test_a_query_finds_the_decisions_it_names(service):
    found = service.decisions("kaffepriset")
    assert [d.meeting.date for d in found[:2]] == [dt.date(2023, 9, 10), dt.date(2024, 2, 1)]


def test_a_rejected_proposal_is_answered_as_rejected(service):
    answer = service.ask("Vad beslutades om medlemskort?")
    assert answer.answered
    assert "avslog förslaget att divisionen inför medlemskort i plast" in answer.text
    assert "biföll" not in answer.text
    assert "Medlemskort" in answer.citations[0].passage.text


def test_an_election_is_answered_with_who_was_elected(service):
    answer = service.ask("Vem valdes till ordförande för Mega6?")
    assert answer.answered and "Kim Larsson" in answer.text
    assert "[1]" in answer.text


def test_a_changed_decision_says_when_it_changed(service):
    answer = service.ask("Vad beslutades om kaffepriset?")
    lines = answer.text.splitlines()
    assert lines[0].startswith("- Medlemsmöte") and "5 kr per kopp" in lines[0]
    assert lines[1].startswith("  ändrades 2024-02-01:") and "7 kr per kopp" in lines[1]


def _serve_from(monkeypatch, index: Path, store: str | None) -> None:
    """The web app's settings: ``index`` and ``store``."""
    monkeypatch.setenv("MINUTES_INDEX", str(index))
    if store:
        monkeypatch.setenv("MINUTES_STORE", store)


def test_cli_outcome_choices_are_the_extractor_outcomes():
    assert OUTCOME_CHOICES == OUTCOMES


def test_cli_decisions_json_and_table(index, store):
    runner = CliRunner()
    where = ["--index", str(index), *store_flags(store)]
    result = runner.invoke(cli, ["decisions", *where, "--outcome", "avslagen", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, LOG)
    assert [d["outcome"] for d in data["decisions"]] == ["avslagen"]
    table = runner.invoke(cli, ["decisions", "kaffepriset", *where])
    assert table.exit_code == 0, table.output
    assert "2023-09-10  beslut" in table.output and "2024-02-01  beslut" in table.output


def test_the_decisions_page_lists_filters_and_links_each_decision(index, store, monkeypatch):
    _serve_from(monkeypatch, index, store)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["page"] = "beslut"
    at.query_params["outcome"] = "avslagen"
    at.run()
    assert not at.exception
    page = "\n".join(element.value for element in at.html)
    assert "Divisionen inför medlemskort i plast." in page
    assert "kaffepriset" not in page
    assert 'href="?passage=' in page
    assert at.query_params["outcome"] == "avslagen"
    assert at.selectbox(key="outcome").value == "avslagen"
    assert "&amp;page=beslut&amp;outcome=avslagen" in page.replace("?passage=", "&amp;passage=")


def test_the_decisions_page_keeps_its_filters_in_the_url_and_names_them(index, store, monkeypatch):
    _serve_from(monkeypatch, index, store)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update({"page": "beslut", "from": "1990", "to": "1990"})
    at.run()
    assert at.text_input(key="from").value == "1990"
    notice = "Inga beslut matchar sökningen med filtret från 1990-01-01 till 1990-12-31."
    assert notice in "\n".join(element.value for element in at.html)
    at.text_input(key="from").input("")
    at.text_input(key="to").input("")
    at.text_input(key="decisions_query").input("kaffepriset")
    at.run()
    assert "kaffepriset" in "\n".join(element.value for element in at.html)
    assert at.query_params["q"] == "kaffepriset" and "from" not in at.query_params
