"""The `minutes` command end to end on a real index: output contracts and user errors."""

from __future__ import annotations

import json

import click
import jsonschema
import pytest
from click.testing import CliRunner

from search.cli import cli
from tests.conftest import FAKE_MODEL, MINUTES_2020, MINUTES_2021, write

MEETING = {
    "type": "object",
    "required": ["id", "title", "date", "series"],
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "series": {"type": ["string", "null"]},
    },
}
DOCUMENT = {
    "type": "object",
    "required": ["id", "path", "kind", "title"],
    "properties": {
        "id": {"type": "string"},
        "path": {"type": "string"},
        "kind": {"enum": ["minutes", "attachment"]},
        "title": {"type": "string"},
    },
}
RESULT = {
    "type": "object",
    "required": [
        "rank",
        "score",
        "passage_id",
        "text",
        "start",
        "end",
        "page",
        "section",
        "document",
        "meeting",
    ],
    "properties": {
        "rank": {"type": "integer", "minimum": 1},
        "score": {"type": "number"},
        "passage_id": {"type": "string"},
        "text": {"type": "string"},
        "start": {"type": "integer"},
        "end": {"type": "integer"},
        "page": {"type": ["integer", "null"]},
        "section": {"type": ["string", "null"]},
        "document": DOCUMENT,
        "meeting": MEETING,
    },
}
SEARCH = {
    "type": "object",
    "required": ["query", "results"],
    "properties": {"query": {"type": "string"}, "results": {"type": "array", "items": RESULT}},
}
ASK = {
    "type": "object",
    "required": ["question", "answered", "answer", "mode", "citations", "results"],
    "properties": {
        "question": {"type": "string"},
        "answered": {"type": "boolean"},
        "answer": {"type": "string"},
        "mode": {"enum": ["extractive", "llm"]},
        "citations": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["n", "passage_id", "quote", "page", "document", "meeting"],
                "properties": {
                    "n": {"type": "integer", "minimum": 1},
                    "passage_id": {"type": "string"},
                    "quote": {"type": "string"},
                    "page": {"type": ["integer", "null"]},
                    "document": DOCUMENT,
                    "meeting": MEETING,
                },
            },
        },
        "results": {"type": "array", "items": RESULT},
    },
}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    """The small corpus indexed once through the CLI itself."""
    root = tmp_path_factory.mktemp("cli")
    corpus, index = root / "corpus", root / "index"
    write(corpus / "styrelsen" / "2021-05-19.txt", MINUTES_2021)
    write(corpus / "ledningsgruppen" / "2020-03-12.md", MINUTES_2020)
    command = ["index", str(corpus), "--index", str(index), "--quiet", "--model", FAKE_MODEL]
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    return index


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_index_json_summary(indexed, tmp_path):
    index = str(tmp_path / "i")
    result = run(
        "index", str(tmp_path), "--index", index, "--json", "--quiet", "--model", FAKE_MODEL
    )
    data = json.loads(result.output)
    assert result.exit_code == 0
    assert data["documents"] == {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}


def test_status(indexed):
    result = run("status", "--index", str(indexed))
    assert result.exit_code == 0
    assert "2 meetings, 2 documents" in result.output
    assert "Series    ledningsgruppen: 1 meeting(s)\n" in result.output
    assert "          styrelsen: 1 meeting(s)\n" in result.output


def test_search_json_follows_the_contract(indexed):
    result = run("search", "distansarbete", "--index", str(indexed), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, SEARCH)
    assert data["results"][0]["meeting"]["date"] == "2021-05-19"
    assert data["results"][0]["document"]["path"] == "styrelsen/2021-05-19.txt"


def test_search_filters_and_human_output(indexed):
    result = run("search", "möte", "--index", str(indexed), "--from", "2021", "--top-k", "5")
    assert result.exit_code == 0, result.output
    assert "2021-05-19" in result.output and "2020-03-12" not in result.output


def test_ask_json_follows_the_contract(indexed):
    result = run("ask", "Vad beslutades om distansarbete?", "--index", str(indexed), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    jsonschema.validate(data, ASK)
    assert data["answered"] and data["citations"]
    assert "[1]" in data["answer"]


def test_ask_human_output_lists_sources(indexed):
    result = run("ask", "Vad beslutades om distansarbete?", "--index", str(indexed))
    assert result.exit_code == 0, result.output
    assert "Sources:" in result.output and "[1]" in result.output
    assert "[1] Styrelsemöte 2021-05-19 · styrelsen · minutes · 2. Distansarbete" in result.output


@pytest.mark.parametrize("columns", [50, 72, 300])
def test_human_output_is_wrapped_to_the_terminal_width(indexed, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    width = min(columns, 100)
    for command in (["ask", "Vad beslutades om distansarbete?"], ["search", "distansarbete"]):
        result = run(*command, "--index", str(indexed))
        assert result.exit_code == 0, result.output
        lines = click.unstyle(result.output).splitlines()
        assert max(map(len, lines)) <= width, result.output
    answer = run("ask", "Vad beslutades om distansarbete?", "--index", str(indexed)).output
    assert len(click.unstyle(answer).split("\n\nSources:")[0].splitlines()) > (columns < 100)


@pytest.mark.parametrize("columns", [60, 80, 200])
def test_help_is_never_cut_short(monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    for command in ([], *([name] for name in cli.commands)):
        result = run(*command, "--help")
        assert result.exit_code == 0
        usage, rest = result.output.split("\n", 1)  # "[ARGS]..." in the usage line is syntax
        assert "..." not in rest, result.output
    listed = run("--help").output
    for name, command in cli.commands.items():
        short = " ".join(listed.split(f"  {name}  ", 1)[1].split("\n  ", 1)[0].split())
        assert short == command.short_help


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", ""], "the question is empty"),
        (["ask", "   \t "], "the question is empty"),
        (["search", "\x00\x01"], "the question is empty"),
        (["search", "budget", "--top-k", "0"], "'--top-k': 0 is not in the range 1<=x<=100"),
        (["search", "budget", "--top-k", "-3"], "'--top-k': -3 is not in the range 1<=x<=100"),
        (["search", "budget", "--from", "förra året"], "'--from': cannot read the date"),
        (["ask", "budget", "--to", "2021-02-30"], "'--to': cannot read the date"),
        (["ask", "budget", "--series", " "], "'--series': it is empty"),
    ],
)
def test_bad_queries_get_a_clear_message(indexed, args, message):
    result = run(*args, "--index", str(indexed))
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.splitlines()) == 1


def test_a_very_long_question_is_cut_with_a_notice(indexed):
    result = run("search", "distansarbete " * 8_000, "--index", str(indexed), "--top-k", "1")
    assert result.exit_code == 0
    assert "Note: the question was cut" in result.output


def test_control_characters_are_ignored(indexed):
    result = run("search", "distans\x07arbete\x1b", "--index", str(indexed), "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["query"] == "distans arbete"


def test_missing_index_says_what_to_do(tmp_path):
    result = run("ask", "budget", "--index", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "run `minutes index` first" in result.output


def test_index_of_another_model_is_refused(indexed):
    result = run(
        "search",
        "budget",
        "--index",
        str(indexed),
        "--model",
        "sentence-transformers:/models/other",
    )
    assert result.exit_code == 1
    assert "was built with the model" in result.output


def test_missing_corpus_folder(tmp_path):
    result = run("index", str(tmp_path / "nope"), "--index", str(tmp_path / "i"))
    assert result.exit_code == 2
    assert f"setting corpus (argument CORPUS): '{tmp_path / 'nope'}' does not exist" in (
        result.output
    )
