"""Escape sequences in file names and document text never reach the terminal: every command
prints them escaped (\\x1b) or as ? (text reordering), also in colour mode and in JSON."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from search.cli import cli
from search.printable import json_text, printable
from tests.conftest import FAKE_MODEL, write

CLEAR = "\x1b[2J"
RED = "\x1b[31m"
LINK = "\x1b]8;;https:evil.example\x07Logga in\x1b]8;;\x07"  # no "/": also a file name
CSI_8BIT = "\x9b2J"
REVERSED = "\u202e"
HOSTILE = f"{CLEAR}{RED}{LINK}{CSI_8BIT}{REVERSED}"
OUR_STYLES = re.compile(r"\x1b\[[0-9;]*m")  # what click.style adds: SGR sequences only

MINUTES = f"""Styrelsemöte 2021-05-19 {HOSTILE}

1. Kaffemaskinen {HOSTILE}
Kaffemaskinen är trasig. {HOSTILE}
Beslut: Styrelsen beslutade att köpa en ny kaffemaskin. {HOSTILE}

2. Övrigt
{"Styrelsen diskuterade hur kansliet ska ordna med fika under hösten. " * 12}
"""


def _assert_safe(output: str) -> None:
    """No control character but our own colours and line breaks; the hostile ones escaped."""
    rest = OUR_STYLES.sub("", output)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", rest), rest
    assert "\\x1b[2J" in rest and "\\x1b]8;;https:evil.example\\x07" in rest
    assert "\\x9b2J" in rest


def _toml_string(text: str) -> str:
    """A TOML string of ``text``, its control characters as TOML's own escapes."""
    escaped = (f"\\u{ord(c):04x}" if c.isascii() and not c.isprintable() else c for c in text)
    return '"' + "".join(escaped) + '"'


def _run(*arguments: str) -> str:
    result = CliRunner().invoke(cli, list(arguments), color=True)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("terminal")
    meeting = root / "corpus" / f"Styrelsen {CLEAR}" / f"2021-05-19 {HOSTILE}"
    write(meeting / f"protokoll {RED}.txt", MINUTES)
    title, series = _toml_string(f"Möte {HOSTILE}"), _toml_string(f"Serie {HOSTILE}")
    write(meeting / "meeting.toml", f"title = {title}\nseries = {series}\n")
    (meeting / f"trasig {LINK}{CSI_8BIT}.pdf").write_bytes(b"ingen pdf")
    output = _run(
        "index", str(root / "corpus"), "--index", str(root / "index"), "--model", FAKE_MODEL
    )
    _assert_safe(output)  # the failed file is named in the summary
    assert "trasig \\x1b]8;;" in output
    return str(root / "index")


@pytest.mark.parametrize(
    "command",
    [
        ("search", "kaffemaskinen"),
        ("ask", "Vad beslutades om kaffemaskinen?"),
        ("decisions",),
        ("decisions", "kaffemaskin"),
        ("status",),
    ],
    ids=" ".join,
)
def test_commands_print_hostile_text_escaped(index, command):
    output = _run(*command, "--index", index)
    if command[0] != "status":
        _assert_safe(output)
    else:  # the series name is all the status shows of the corpus
        assert "Serie \\x1b[2J" in output and "\x1b[2J" not in output


@pytest.mark.parametrize("command", [("search", "kaffemaskinen"), ("decisions",), ("status",)])
def test_json_is_safe_to_print_and_reads_back_the_same(index, command):
    output = _run(*command, "--index", index, "--json")
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", output)
    assert any(HOSTILE in text for text in _strings(json.loads(output)))


def _strings(data) -> list[str]:
    """Every string (key or value) in data read from JSON."""
    if isinstance(data, dict):
        return [*data, *(s for value in data.values() for s in _strings(value))]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return [data] if isinstance(data, str) else []


def test_an_error_naming_a_path_is_escaped(tmp_path):
    result = CliRunner().invoke(cli, ["search", "x", "--index", str(tmp_path / f"i{CLEAR}")])
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "i\\x1b[2J" in result.output


def test_printable_and_json_text():
    assert printable("a\x1b[2Jb\nc\td\u202ee") == "a\\x1b[2Jb\\x0ac\td?e"
    assert printable("rad 1\nrad 2\r", lines=True) == "rad 1\nrad 2\\x0d"
    assert json_text({"k": "\x9b\x1b\u2066"}) == '{\n  "k": "\\u009b\\u001b\\u2066"\n}'
    assert json.loads(json_text({"k": "\x9b\u2066å"})) == {"k": "\x9b\u2066å"}
