"""The `minutes` command: index, search, ask, decisions, serve, status.

The index and query machinery (FAISS, BM25, the readers, the model) is imported by the
commands that use it, so `minutes --help` and `minutes status` start at once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from indexer.store import (
    META_DB,
    DamagedIndex,
    DamagedSnapshot,
    IndexBusy,
    IndexDir,
    IndexWriteError,
    Manifest,
    NoSnapshot,
    SnapshotFormatError,
    read_manifest,
)
from search.arguments import DateBound, Question, Text
from search.cli_errors import OneLineErrors
from search.printable import json_text, printable
from search.results import Filters
from search.settings import (
    ConfigError,
    Settings,
    check_for_indexing,
    check_for_reading,
    load_settings,
    series_names,
)
from search.validation import MAX_TOP_K, QueryError

if TYPE_CHECKING:
    from indexer.build import BuildSummary
    from indexer.store.entities import SeriesSummary
    from indexer.store.verify import SnapshotCheck
    from search.service import MinutesService


def _settings(*, indexing: bool = False, **flags: Any) -> Settings:
    """The settings, their paths checked for indexing or for reading; else a usage error."""
    try:
        settings = load_settings(flags)
        (check_for_indexing if indexing else check_for_reading)(settings)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    return settings


def _print_json(data: Any) -> None:
    click.echo(json_text(data))


def _echo(text: str, *, err: bool = False) -> None:
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


# Help fills the terminal up to this width; each command's line in `minutes --help` is its
# short_help, short enough never to be cut with "...".
HELP_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 120}


@click.group(cls=OneLineErrors, context_settings=HELP_SETTINGS)
@click.version_option(package_name="minutes")
def cli() -> None:
    """Semantic search and cited answers over Swedish meeting minutes."""


@cli.command(short_help="Index a folder of minutes.")
@click.argument("corpus", required=False, type=click.Path(path_type=Path, readable=False))
@index_option
@click.option(
    "--model", default=None, help="Embedding model (default: the bundled multilingual-e5-small)."
)
@click.option(
    "--exclude",
    multiple=True,
    help="Leave out paths matching this gitignore-style pattern (repeatable).",
)
@click.option(
    "--full", is_flag=True, help="Rebuild from scratch instead of reusing unchanged files."
)
@click.option(
    "--allow-shrink",
    is_flag=True,
    help="Publish even when the build drops most of the published documents.",
)
@click.option(
    "--verify",
    is_flag=True,
    help="Check the published index (every file against its checksum, that each loads, the "
    "embedding cache) without building.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def index(corpus, index_dir, model, exclude, full, allow_shrink, verify, as_json, quiet) -> None:
    """Index the minutes in CORPUS (env MINUTES_CORPUS; default ./corpus)."""
    if verify:
        _verify(index_dir, as_json)
        return
    settings = _settings(
        indexing=True, corpus=corpus, index=index_dir, model=model, exclude=tuple(exclude)
    )
    from indexer.build import IndexBuild
    from indexer.embedders import ModelLoadError
    from indexer.progress import Progress
    from indexer.publish_guard import ShrinkPolicy, ShrinkRefused

    _file_size_limit_is_an_error()
    build = IndexBuild(
        settings.corpus,
        settings.index,
        model=settings.model,
        exclude=settings.exclude,
        max_file_mb=settings.max_file_mb,
        max_expanded_mb=settings.max_expanded_mb,
        read_timeout=settings.read_timeout,
        read_memory_mb=settings.read_memory_mb,
        full=full,
        shrink=ShrinkPolicy(settings.max_shrink, allow=allow_shrink),
        series_names=series_names(settings),
        progress=Progress(enabled=not quiet),
    )
    try:
        summary = build.run()
    except ShrinkRefused as refused:
        _report(refused.summary, as_json)
        raise click.ClickException(str(refused)) from None
    except (IndexBusy, IndexWriteError, FileNotFoundError, ModelLoadError) as error:
        raise click.ClickException(str(error)) from None
    _report(summary, as_json)


def _verify(index_dir: Path | None, as_json: bool) -> None:
    """`minutes index --verify`: what is damaged, one line each; exit status 1 if anything is."""
    settings = _settings(index=index_dir)
    from search.index_check import verify_index

    snapshot, manifest = _published(settings.index)
    found = verify_index(IndexDir(settings.index), snapshot, manifest)
    if as_json:
        _print_json(found.to_json())
    elif found.problems:
        for problem in found.problems:
            _echo(f"Damaged   {problem}")
    else:
        _echo(f"Verified  {found.describe()}")
    if found.problems:
        raise click.ClickException(str(DamagedSnapshot(snapshot, found.problems)))


def _report(summary: BuildSummary, as_json: bool) -> None:
    if as_json:
        _print_json(summary.to_dict())
    else:
        _print_summary(summary)


def _file_size_limit_is_an_error() -> None:
    """Under `ulimit -f`, a write past the limit fails with EFBIG (reported like a full disk)
    instead of SIGXFSZ killing the process."""
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def _counts(label: str, counts) -> str:
    return (
        f"  {label:<10} {counts.added} added, {counts.changed} changed, "
        f"{counts.removed} removed, {counts.unchanged} unchanged"
    )


def _failed_count(failed: list[tuple[str, str]]) -> str:
    """ "3 file(s)", "1 folder(s)" or "3 file(s) and 1 folder(s)" (a folder's path ends in /)."""
    folders = sum(path.endswith("/") for path, _ in failed)
    parts = [f"{len(failed) - folders} file(s)", f"{folders} folder(s)"]
    return " and ".join(part for part in parts if not part.startswith("0 "))


def _print_summary(summary: BuildSummary) -> None:
    if summary.published:
        _echo(f"Published snapshot {summary.snapshot} of {summary.corpus}")
    elif summary.refused:
        _echo(f"Not published: snapshot {summary.snapshot} stays in use")
    else:
        _echo(f"Nothing changed: snapshot {summary.snapshot} is up to date")
    click.echo(_counts("documents", summary.documents))
    click.echo(_counts("meetings", summary.meetings))
    click.echo(
        f"  passages   {summary.chunks} ({summary.chunks_embedded} embedded, "
        f"{summary.chunks_cached} from cache)"
    )
    click.echo(f"  decisions  {summary.decisions} ({summary.decisions_embedded} embedded)")
    if summary.skipped:
        click.echo(f"  skipped    {summary.skipped} file(s) of a type that is not read")
    if summary.failed:
        click.echo(f"  failed     {_failed_count(summary.failed)}:")
        for path, reason in summary.failed:
            _echo(f"    {path}: {reason}")
    if summary.repaired:
        _echo(f"  repaired   {summary.repaired}")
    click.echo(f"  time       {summary.seconds:.1f} s")


@cli.command(short_help="Show what the published index holds.")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
def status(index_dir, as_json) -> None:
    """Show the published snapshot (corpus, model, counts, build time, meeting series) and
    check each of its files against the checksum in its manifest."""
    settings = _settings(index=index_dir)
    from indexer.store.verify import check_snapshot

    snapshot, manifest = _published(settings.index)
    check = check_snapshot(snapshot)
    series = None if check.problems else _series(snapshot)
    if as_json:
        listed = None if series is None else [summary.to_json() for summary in series]
        data = {"snapshot": snapshot.name, **manifest.to_json(), "series": listed}
        _print_json({**data, "damage": check.problems})
    else:
        _print_status(settings.index, snapshot, manifest, series)
        _print_check(check)
    if check.problems:
        raise click.ClickException(str(DamagedSnapshot(snapshot, check.problems)))


def _published(index: Path) -> tuple[Path, Manifest]:
    """The published snapshot and its manifest; a one-line error when there is none."""
    try:
        snapshot = IndexDir(index).current()
    except NoSnapshot as error:
        raise click.ClickException(str(error)) from None
    try:
        return snapshot, read_manifest(snapshot)
    except (SnapshotFormatError, OSError) as error:
        raise click.ClickException(str(DamagedSnapshot(snapshot, [str(error)]))) from None


def _print_status(
    index: Path, snapshot: Path, manifest: Manifest, series: list[SeriesSummary] | None
) -> None:
    counts = manifest.counts
    _echo(f"Index     {index.resolve()}")
    _echo(f"Snapshot  {snapshot.name} (built {manifest.built_at})")
    _echo(f"Corpus    {manifest.corpus}")
    _echo(f"Model     {manifest.model} ({manifest.dim} dimensions)")
    click.echo(
        f"Contents  {counts.meetings} meetings, {counts.documents} documents, "
        f"{counts.chunks} passages, {counts.decisions} decisions"
    )
    if series is not None:  # not read from a damaged snapshot
        lines = [printable(_series_line(summary)) for summary in series]
        click.echo("Series    " + ("\n          ".join(lines) or "none"))


def _print_check(check: SnapshotCheck) -> None:
    """What checking the snapshot's files found, one line per problem."""
    if check.problems:
        for problem in check.problems:
            _echo(f"Damaged   {problem}")
    elif check.files:
        megabytes = check.bytes / 1_000_000
        click.echo(f"Checked   {check.files} files ({megabytes:.1f} MB): each matches its checksum")
    else:
        click.echo("Checked   no checksums recorded (an older snapshot): run `minutes index`")


def _series_line(series: SeriesSummary) -> str:
    """ "LiTHe kod – styrelsen (lithekod/styrelse; LiTHe kod): 188 meetings"."""
    details = [", ".join(f for f in series.folders if f != series.name), series.organisation]
    shown = "; ".join(d for d in details if d)
    return f"{series.name}{f' ({shown})' if shown else ''}: {series.meetings} meeting(s)"


def _series(snapshot: Path) -> list[SeriesSummary]:
    """The series (for --series: a display name or a folder), in name order."""
    from indexer.store.queries import MetadataReader

    reader = MetadataReader(snapshot)
    try:
        return reader.series()
    finally:
        reader.close()


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
    except (NoSnapshot, SnapshotFormatError, ModelMismatch, ModelLoadError) as error:
        raise click.ClickException(str(error)) from None
    except sqlite3.DatabaseError as error:  # damaged where no size shows it
        raise click.ClickException(
            f"the index is damaged: {META_DB} cannot be read ({error}); "
            "run `minutes index` to rebuild it"
        ) from None


def _service(index_dir: Path | None, model: str | None) -> MinutesService:
    """The service on the index; ``model``, when given, must be the index's model."""
    settings = _settings(index=index_dir, model=model)
    from search.service import MinutesService

    return MinutesService(settings, model=None if model is None else settings.model)


@cli.command(short_help="Show the passages that best match QUERY.")
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
        _print_json(result.to_json())
        return
    from search.terminal import format_hits, terminal_width

    for notice in result.notices:
        _echo(f"Note: {notice}", err=True)
    click.echo(format_hits(result.hits, result.query, width=terminal_width()))


@cli.command(short_help="Answer QUESTION from the minutes, with citations.")
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
        _print_json(answer.to_json())
        return
    from search.terminal import format_answer, terminal_width

    click.echo(format_answer(answer, width=terminal_width()))


@cli.command(short_help="List the decisions, in date order.")
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
        _print_json({"query": query, "decisions": [d.to_json() for d in found]})
        return
    from search.terminal import format_decisions, terminal_width

    click.echo(format_decisions(found, width=terminal_width()))


@cli.command(short_help="Start the web app (in Swedish).")
@index_option
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8501,
    show_default=True,
    help="Port to listen on.",
)
@click.option(
    "--host",
    type=Text(),
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0 for every network interface).",
)
def serve(index_dir, port, host) -> None:
    """Start the web app (in Swedish) on http://HOST:PORT."""
    settings = _settings(index=index_dir)
    search = Path(__file__).resolve().parent
    server = search / "webapp" / "server.py"  # serves the page app.py behind http_guard
    for needed in (search.parent / "app.py", server):
        if not needed.is_file():
            raise click.ClickException(f"the web app is missing: {needed} does not exist")
    _warn_if_damaged(settings.index)
    _echo(f"Serving {settings.index.resolve()} at http://{host}:{port}")
    command = [sys.executable, "-m", "search.webapp.launch", "run", str(server)]
    command += ["--server.port", str(port), "--server.address", host]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    command += ["--client.toolbarMode", "minimal", "--server.fileWatcherType", "none"]
    env = {**os.environ, "MINUTES_INDEX": str(settings.index.resolve())}
    sys.stdout.flush()
    os.execve(sys.executable, command, env)


def _warn_if_damaged(index: Path) -> None:
    """One line on stderr when the published snapshot is damaged (the web app says so too,
    and recovers once `minutes index` has rebuilt it)."""
    from indexer.store.checks import size_problems

    try:
        name = IndexDir(index).current_name()
    except DamagedIndex as error:
        _echo(f"Warning: {error}", err=True)
        return
    if name is None:
        return  # no index yet: the web app says so
    snapshot = IndexDir(index).snapshots / name
    try:
        problems = size_problems(snapshot, read_manifest(snapshot).files)
    except (SnapshotFormatError, OSError) as error:
        problems = [str(error)]
    if problems:
        _echo(f"Warning: {DamagedSnapshot(snapshot, problems)}", err=True)


def main() -> None:
    """Console entry point."""
    cli(prog_name="minutes")


if __name__ == "__main__":
    main()
