"""What the `minutes` commands share: their settings, their output, the --index and --store
options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from search.printable import json_text, printable
from search.settings import (
    ConfigError,
    Settings,
    check_for_indexing,
    check_for_reading,
    load_settings,
)


def command_settings(*, indexing: bool = False, **flags: Any) -> Settings:
    """The settings, their paths checked for indexing or for reading; else a usage error.
    The --store flag of the command being run is one of the flags."""
    context = click.get_current_context(silent=True)
    if context is not None:
        flags.setdefault("store", context.meta.get(_STORE))
    try:
        settings = load_settings(flags)
        (check_for_indexing if indexing else check_for_reading)(settings)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    return settings


def print_json(data: Any) -> None:
    click.echo(json_text(data))


def echo(text: str, *, err: bool = False) -> None:
    """Print a line holding names or text from the corpus, its control characters escaped."""
    click.echo(printable(text), err=err)


# indexer.decisions.OUTCOMES, written out so that `minutes --help` need not import the
# extractor (tests/test_decision_log.py checks that the two agree).
OUTCOME_CHOICES = ("bifallen", "avslagen", "bordlagd", "återremitterad", "val", "beslut")

SERIES_HELP = "Only meetings of this series: its name or its folder (see `minutes status`)."

_STORE = "minutes.store"  # where the --store flag's value is kept for command_settings


def _remember_store(context: click.Context, _: click.Parameter, value: str | None) -> None:
    context.meta[_STORE] = value


_index_flag = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path, readable=False),
    default=None,
    help="Index directory (env MINUTES_INDEX; default .minutes-index).",
)
_store_flag = click.option(
    "--store",
    default=None,
    expose_value=False,
    callback=_remember_store,
    metavar="postgresql://…",
    help="Keep the index in this PostgreSQL database instead of the index directory, which "
    "then holds only the embedding cache (env MINUTES_STORE).",
)


def index_option(command: Any) -> Any:
    """The --index and --store flags."""
    return _index_flag(_store_flag(command))
