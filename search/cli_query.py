"""`minutes search`, `ask` and `decisions`: what the index says, for people and scripts."""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from indexer.store import META_DB, NoSnapshot, SnapshotFormatError, StoreUnavailable
from search.arguments import DateBound, Question, Text
from search.cli_common import (
    OUTCOME_CHOICES,
    SERIES_HELP,
    command_settings,
    echo,
    index_option,
    print_json,
)
from search.results import Filters
from search.validation import MAX_TOP_K, QueryError

if TYPE_CHECKING:
    from search.service import MinutesService


def _filters(date_from, date_to, series, kind) -> Filters:
    return Filters(date_from=date_from, date_to=date_to, series=series, kind=kind)


def query_options(command):
    """The options search and ask share: index, model, filters, result count, JSON."""
    options = [
        index_option,
        click.option(
            "--model", default=None, help="Refuse to query an index built with another model."
        ),
        click.option(
            "--top-k",
            type=click.IntRange(1, MAX_TOP_K),
            default=None,
            help=f"How many passages (1-{MAX_TOP_K}).",
        ),
        click.option(
            "--from",
            "date_from",
            type=DateBound(end=False),
            help="Meetings on or after this date (YYYY[-MM[-DD]]).",
        ),
        click.option(
            "--to",
            "date_to",
            type=DateBound(end=True),
            help="Meetings on or before this date (YYYY[-MM[-DD]]).",
        ),
        click.option("--series", type=Text(), help=SERIES_HELP),
        click.option(
            "--kind",
            type=click.Choice(["minutes", "attachment"]),
            help="Only this kind of document.",
        ),
        click.option("--json", "as_json", is_flag=True, help="Print the result as JSON."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


# The flags whose values the service checks against the index (see search.validation).
_QUERY_ERROR_FLAGS = {"dates": "'--from' / '--to'", "series": "'--series'"}


@contextmanager
def _user_errors():
    """Turn the errors a user can fix into a one-line message: exit status 2 for a flag
    that does not fit the index, 1 for an index or model that cannot be used."""
    from indexer.embedders import ModelLoadError
    from search.snapshot import ModelMismatch

    try:
        yield
    except QueryError as error:
        raise click.BadParameter(
            str(error), param_hint=_QUERY_ERROR_FLAGS.get(error.code)
        ) from None
    except (
        NoSnapshot,
        SnapshotFormatError,
        StoreUnavailable,
        ModelMismatch,
        ModelLoadError,
    ) as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.DatabaseError as error:  # damaged where no size shows it
        raise click.ClickException(
            f"the index is damaged: {META_DB} cannot be read ({error}); "
            "run `minutes index` to rebuild it"
        ) from None


def _service(index_dir: Path | None, model: str | None) -> MinutesService:
    """The service on the index; ``model``, when given, must be the index's model."""
    settings = command_settings(index=index_dir, model=model)
    from search.service import MinutesService

    return MinutesService(settings, model=None if model is None else settings.model)


@click.command(short_help="Show the passages that best match QUERY.")
@click.argument("query", type=Question())
@query_options
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "dense", "lexical"]),
    default="hybrid",
    help="Retrieval mode (for evaluation).",
)
def search(query, index_dir, model, top_k, date_from, date_to, series, kind, as_json, mode):
    """Show the passages that best match QUERY."""
    with _user_errors():
        service = _service(index_dir, model)
        result = service.search(
            query,
            top_k=10 if top_k is None else top_k,
            mode=mode,
            filters=_filters(date_from, date_to, series, kind),
        )
    if as_json:
        print_json(result.to_json())
        return
    from search.terminal import format_hits, terminal_width

    for notice in result.notices:
        echo(f"Note: {notice}", err=True)
    click.echo(format_hits(result.hits, result.query, width=terminal_width()))


@click.command(short_help="Answer QUESTION from the minutes, with citations.")
@click.argument("question", type=Question())
@query_options
def ask(question, index_dir, model, top_k, date_from, date_to, series, kind, as_json):
    """Answer QUESTION from the minutes, citing the passages it comes from."""
    with _user_errors():
        service = _service(index_dir, model)
        answer = service.ask(
            question,
            top_k=8 if top_k is None else top_k,
            filters=_filters(date_from, date_to, series, kind),
        )
    if as_json:
        print_json(answer.to_json())
        return
    from search.terminal import format_answer, terminal_width

    click.echo(format_answer(answer, width=terminal_width()))


@click.command(short_help="List the decisions, in date order.")
@click.argument("query", required=False, type=Question())
@index_option
@click.option("--model", default=None, help="Refuse to query an index built with another model.")
@click.option(
    "--from",
    "date_from",
    type=DateBound(end=False),
    help="Meetings on or after this date (YYYY[-MM[-DD]]).",
)
@click.option("--to", "date_to", type=DateBound(end=True), help="Meetings on or before this date.")
@click.option("--series", type=Text(), help=SERIES_HELP)
@click.option(
    "--outcome",
    type=click.Choice(OUTCOME_CHOICES),
    help="Only decisions with this outcome.",
)
@click.option(
    "--top-k",
    type=click.IntRange(1, MAX_TOP_K),
    default=20,
    show_default=True,
    help="With QUERY: how many.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the decisions as JSON.")
def decisions(query, index_dir, model, date_from, date_to, series, outcome, top_k, as_json):
    """The decision log in date order: every decision, or those that best match QUERY."""
    with _user_errors():
        service = _service(index_dir, model)
        found = service.decisions(
            query,
            filters=_filters(date_from, date_to, series, None),
            outcome=outcome,
            top_k=top_k,
        )
    if as_json:
        print_json({"query": query, "decisions": [d.to_json() for d in found]})
        return
    from search.terminal import format_decisions, terminal_width

    click.echo(format_decisions(found, width=terminal_width()))
