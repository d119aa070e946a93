"""What the `minutes` commands share: their settings, their output, the --index option."""

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
    """The settings, their paths checked for indexing or for reading; else a usage error."""
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

index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path, readable=False),
    default=None,
    help="Index directory (env MINUTES_INDEX; default .minutes-index).",
)
