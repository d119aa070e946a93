"""Every bad setting, path or argument, as a user meets it through the real `minutes` command
(a separate process): exactly one line on stderr naming the setting (or flag) and where its
value came from, exit status 2 for a usage error and 1 at run time, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from indexer.build import IndexBuild
from search.setting_values import MAX_FILE_MB, MAX_LLM_TIMEOUT
from tests.conftest import MINUTES_2020, MINUTES_2021, write
from tests.faults import without_root_file_access

MINUTES = [sys.executable, "-m", "search.cli"]
NOT_UTF8 = os.fsdecode(b"\xff\xfe")  # what Python makes of those bytes in an argument


@pytest.fixture(scope="module")
def index(tmp_path_factory, fake_embedder) -> Path:
    """Two meetings in the series 'Styrelsen' and 'ledningsgruppen', indexed."""
    root = tmp_path_factory.mktemp("errors")
    corpus = root / "corpus"
    write(corpus / "styrelsen" / "2021-05-19" / "protokoll.txt", MINUTES_2021)
    write(corpus / "styrelsen" / "2021-05-19" / "meeting.toml", 'series = "Styrelsen"\n')
    write(corpus / "ledningsgruppen" / "2020-03-12.md", MINUTES_2020)
    IndexBuild(corpus, root / "index", model=fake_embedder.model_id, embedder=fake_embedder).run()
    return root / "index"


@pytest.fixture
def place(tmp_path: Path, index: Path) -> dict[str, str]:
    """The working folder of a run: a corpus, a plain file, and the indexed index."""
    write(tmp_path / "corpus" / "2021-05-19.txt", MINUTES_2021)
    write(tmp_path / "file", "not a folder")
    return {"tmp": str(tmp_path), "index": str(index)}


def minutes(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, prefix: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`minutes ARGS` in ``cwd``, with no MINUTES_* variable but those in ``env``."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MINUTES_")}
    return subprocess.run(
        [*(prefix or []), *MINUTES, *args],
        cwd=cwd,
        env={**environ, **(env or {})},
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], status: int, *names: str):
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for name in names:
        assert name in lines[0]
    assert result.stdout == ""


def run_case(place, args, env=None, toml=None, cwd=None) -> subprocess.CompletedProcess[str]:
    tmp = Path(place["tmp"])
    if toml is not None:
        (tmp / "minutes.toml").write_text(toml, encoding="utf-8")
    filled = [arg.format(**place) for arg in args]
    env = {key: value.format(**place) for key, value in (env or {}).items()}
    return minutes(filled, cwd or tmp, env)


class Case(NamedTuple):
    """A command line, the text its error must hold, and the environment and minutes.toml."""

    args: list[str]
    name: str
    env: dict[str, str] | None = None
    toml: str | None = None


def _env(variable: str, value: str, command: tuple[str, ...] = ("status",)) -> Case:
    setting = variable.removeprefix("MINUTES_").lower()
    return Case(
        [*command], f"setting {setting} (environment variable {variable})", {variable: value}
    )


def _toml(setting: str, value: str, command: tuple[str, ...] = ("status",)) -> Case:
    origin = f"setting {setting} (file {{tmp}}/minutes.toml)"
    return Case([*command], origin, toml=f"{setting} = {value}\n")


INDEX = ("index", "--index", "{tmp}/new-index", "--model", "fake:384", "--quiet")

# Each setting of the README's settings table: a value of the wrong type, one out of range,
# and an empty one; `status` reads every setting, so a bad one stops it before any work.
SETTINGS = {
    "index: wrong type": _toml("index", "5"),
    "index: a file": Case(["status", "--index", "{tmp}/file"], "setting index (flag --index)"),
    "index: inside a file": Case(["status", "--index", "{tmp}/file/x"], "is not a folder"),
    "index: empty": _env("MINUTES_INDEX", ""),
    "corpus: wrong type": _toml("corpus", '["protokoll"]', INDEX),
    "corpus: missing": Case(
        ["index", "{tmp}/nowhere", "--index", "{tmp}/i"], "setting corpus (argument CORPUS): "
    ),
    "corpus: a file": Case(["index", "{tmp}/file", "--index", "{tmp}/i"], "is not a folder"),
    "corpus: empty": _env("MINUTES_CORPUS", " ", INDEX),
    "model: wrong type": _toml("model", "3"),
    "model: unknown": Case(["search", "x", "--model", "word2vec"], "setting model (flag --model)"),
    "model: out of range": Case(["index", "--model", "fake:0"], "from 1 to 8192"),
    "model: empty": Case(["ask", "x", "--model", ""], "setting model (flag --model)"),
    "exclude: wrong type": _toml("exclude", "[1, 2]"),
    "exclude: bad pattern": Case(["index", "--exclude", "!"], "setting exclude (flag --exclude)"),
    "exclude: empty": _env("MINUTES_EXCLUDE", " , "),
    "max_file_mb: wrong type": _toml("max_file_mb", "true"),
    "max_file_mb: not a number": _env("MINUTES_MAX_FILE_MB", "lots"),
    "max_file_mb: too large": _env("MINUTES_MAX_FILE_MB", str(MAX_FILE_MB + 1)),
    "max_file_mb: empty": _env("MINUTES_MAX_FILE_MB", ""),
    "llm_base_url: wrong type": _toml("llm_base_url", "8080"),
    "llm_base_url: no scheme": _env("MINUTES_LLM_BASE_URL", "localhost:11434"),
    "llm_base_url: empty": _env("MINUTES_LLM_BASE_URL", ""),
    "llm_model: wrong type": _toml("llm_model", '["llama3.1"]'),
    "llm_model: without endpoint": Case(
        ["status"],
        "setting llm_model (not set): it is needed when llm_base_url is set",
        {"MINUTES_LLM_BASE_URL": "http://localhost:11434/v1"},
    ),
    "llm_model: empty": _env("MINUTES_LLM_MODEL", ""),
    "llm_api_key: wrong type": _toml("llm_api_key", "123"),
    "llm_api_key: spaces": _env("MINUTES_LLM_API_KEY", "sk 123"),
    "llm_api_key: empty": _env("MINUTES_LLM_API_KEY", ""),
    "llm_timeout: wrong type": _env("MINUTES_LLM_TIMEOUT", "soon"),
    "llm_timeout: out of range": _env("MINUTES_LLM_TIMEOUT", str(MAX_LLM_TIMEOUT + 1)),
    "llm_timeout: empty": _env("MINUTES_LLM_TIMEOUT", ""),
}


@pytest.mark.parametrize("case", SETTINGS.values(), ids=SETTINGS.keys())
def test_each_bad_setting_is_one_line_naming_it(place, case: Case):
    result = run_case(place, case.args, case.env, case.toml)
    assert_one_line_error(result, 2, case.name.format(**place), "; allowed: ")


# The cases of issue 15, each as it was reported.
ISSUE = {
    "question not UTF-8": (["search", NOT_UTF8, "--index", "{index}"], "'QUERY'", "UTF-8"),
    "ask not UTF-8": (["ask", NOT_UTF8, "--index", "{index}"], "'QUESTION'", "UTF-8"),
    "search --index file": (["search", "budget", "--index", "{tmp}/file"], "setting index"),
    "ask --index file": (["ask", "budget", "--index", "{tmp}/file"], "setting index"),
    "status --index file": (["status", "--index", "{tmp}/file"], "setting index"),
    "index --index file": (["index", "corpus", "--index", "{tmp}/file"], "setting index"),
    "--exclude invalid": ([*INDEX, "--exclude", "a\\"], "setting exclude (flag --exclude)"),
    "--from after --to": (
        ["search", "budget", "--index", "{index}", "--from", "2022", "--to", "2020-06"],
        "'--from' / '--to'",
        "2022-01-01 is after the end date 2020-06-30",
    ),
    "ask --from after --to": (
        ["ask", "budget", "--index", "{index}", "--from", "2021-05-20", "--to", "2021-05-19"],
        "'--from' / '--to'",
    ),
    "unknown --series": (
        ["search", "budget", "--index", "{index}", "--series", "styrelse"],
        "'--series'",
        "choose from: 'Styrelsen', 'ledningsgruppen'",
    ),
    "--top-k out of range": (
        ["search", "budget", "--index", "{index}", "--top-k", "0"],
        "'--top-k'",
    ),
    "--port out of range": (["serve", "--port", "70000"], "'--port'"),
    "--host empty": (["serve", "--host", " "], "'--host'"),
    "--kind unknown": (["search", "budget", "--kind", "protokoll"], "'--kind'"),
    "unknown flag": (["search", "budget", "--indx", "x"], "--indx"),
    "missing question": (["ask"], "'QUESTION'"),
}


@pytest.mark.parametrize(("args", "names"), [(c[0], c[1:]) for c in ISSUE.values()], ids=ISSUE)
def test_each_bad_argument_is_one_line_naming_it(place, args, names):
    assert_one_line_error(run_case(place, args), 2, *names)


@pytest.mark.parametrize("value", ["nan", "inf", "1e400", "0", "-1"])
def test_max_file_mb_that_is_not_a_positive_number_is_refused_before_indexing(place, value):
    result = run_case(place, list(INDEX), {"MINUTES_MAX_FILE_MB": value})
    assert_one_line_error(result, 2, "setting max_file_mb (environment variable ", repr(value))
    assert not (Path(place["tmp"]) / "new-index").exists()


DEEP = "index = " + "[" * 100_000 + "]" * 100_000 + "\n"


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, ("setting config (file ", "minutes.toml): ", "is nested too deeply")),
        (
            {"MINUTES_CONFIG": "{tmp}/missing.toml"},
            ("(environment variable MINUTES_CONFIG)", "does not exist"),
        ),
        (
            {"MINUTES_CONFIG": "{tmp}"},
            ("setting config (environment variable MINUTES_CONFIG)", "is not a file"),
        ),
        (
            {"MINUTES_CONFIG": ""},
            ("setting config (environment variable MINUTES_CONFIG): the value is empty",),
        ),
    ],
    ids=["deeply nested", "named file missing", "named file a folder", "named file empty"],
)
def test_a_settings_file_that_cannot_be_used_is_an_error(place, env, names):
    """A deeply nested ./minutes.toml; the file MINUTES_CONFIG names is read instead of it."""
    assert_one_line_error(run_case(place, ["status"], env, DEEP), 2, *names)


def test_a_bad_line_of_minutesignore_names_the_file_and_line(place):
    write(Path(place["tmp"]) / "corpus" / ".minutesignore", "*.tsv\n!\n")
    result = run_case(place, list(INDEX[:1]) + ["corpus", *INDEX[1:]])
    assert_one_line_error(result, 2, "setting exclude (file ", ".minutesignore, line 2): '!' ")


# Permissions: the checks apply to root too (its file access is dropped for the run).
PERMISSIONS = {
    "corpus unreadable": (
        "corpus",
        0o000,
        ["index", "corpus", "--index", "i"],
        "setting corpus",
        "cannot be read",
    ),
    "index not writable": (
        "index",
        0o555,
        ["index", "corpus", "--index", "index"],
        "setting index",
        "cannot be written to",
    ),
    "index unreadable": (
        "index",
        0o000,
        ["status", "--index", "index"],
        "setting index",
        "cannot be read",
    ),
    "index cannot be created": (
        "parent",
        0o555,
        ["index", "corpus", "--index", "parent/index"],
        "cannot be created in",
    ),
}


@pytest.mark.parametrize(
    ("folder", "mode", "args", "names"),
    [(c[0], c[1], c[2], c[3:]) for c in PERMISSIONS.values()],
    ids=PERMISSIONS,
)
def test_a_folder_without_permission_is_named_with_what_is_missing(
    place, folder, mode, args, names
):
    tmp = Path(place["tmp"])
    (tmp / folder).mkdir(exist_ok=True)
    (tmp / folder).chmod(mode)
    try:
        result = minutes(args, tmp, prefix=without_root_file_access())
    finally:
        (tmp / folder).chmod(0o755)
    assert_one_line_error(result, 2, *names)


# Run-time errors: the arguments are fine, the index is not usable (yet).
def test_a_missing_index_is_a_runtime_error(place):
    result = run_case(place, ["search", "budget", "--index", "{tmp}/nothing-yet"])
    assert_one_line_error(result, 1, "run `minutes index` first")


def test_an_index_of_another_model_is_a_runtime_error(place):
    result = run_case(place, ["ask", "budget", "--index", "{index}", "--model", "fake:16"])
    assert_one_line_error(result, 1, "was built with the model 'fake:384'")


def test_an_unreadable_file_inside_the_index_is_a_runtime_error(place, index):
    current = index / "CURRENT"
    current.chmod(0)
    try:
        result = minutes(
            ["status", "--index", str(index)], Path(place["tmp"]), prefix=without_root_file_access()
        )
    finally:
        current.chmod(0o644)
    assert_one_line_error(result, 1, "CURRENT cannot be read (permission denied)", "minutes index")


# What is not an error.
def test_a_known_series_and_a_good_period_are_searched(place):
    args = ["search", "budget", "--index", "{index}", "--series", "Styrelsen", "--from", "2021"]
    result = run_case(place, [*args, "--to", "2021-05"])
    assert result.returncode == 0, result.stderr
    assert "2021-05-19" in result.stdout


def test_a_file_name_that_is_not_utf8_is_listed_as_failed_and_the_rest_indexed(place):
    corpus = Path(place["tmp"]) / "corpus"
    write(corpus / os.fsdecode(b"m\xf6te.txt"), MINUTES_2020)
    result = run_case(place, [*INDEX[:1], str(corpus), *INDEX[1:]])
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout
    assert "    m\\xf6te.txt: the file name is not valid UTF-8" in result.stdout
