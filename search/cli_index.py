"""`minutes index` (build, or --verify) and `minutes status`: writing and checking the index."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import TYPE_CHECKING

import click

from indexer.store import (
    DamagedSnapshot,
    IndexBusy,
    IndexDir,
    IndexWriteError,
    Manifest,
    NoSnapshot,
    SnapshotFormatError,
    StoreUnavailable,
    read_manifest,
)
from search.cli_common import command_settings, echo, index_option, print_json
from search.printable import printable
from search.settings import (
    series_names,
)

if TYPE_CHECKING:
    from indexer.build import BuildSummary
    from indexer.store.entities import SeriesSummary
    from indexer.store.verify import SnapshotCheck


@click.command(short_help="Index a folder of minutes.")
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
    settings = command_settings(
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
        store=settings.store,
    )
    try:
        summary = build.run()
    except ShrinkRefused as refused:
        _report(refused.summary, as_json)
        raise click.ClickException(str(refused)) from None
    except (
        IndexBusy,
        IndexWriteError,
        StoreUnavailable,
        FileNotFoundError,
        ModelLoadError,
    ) as error:
        raise click.ClickException(str(error)) from None
    _report(summary, as_json)


def _verify(index_dir: Path | None, as_json: bool) -> None:
    """`minutes index --verify`: what is damaged, one line each; exit status 1 if anything is."""
    settings = command_settings(index=index_dir)
    if settings.store:
        raise click.UsageError(
            "--verify checks the files of an index folder; a database store checks its own "
            "pages (`minutes status` reads what it holds)"
        )
    from search.index_check import verify_index

    snapshot, manifest = _published(settings.index)
    found = verify_index(IndexDir(settings.index), snapshot, manifest)
    if as_json:
        print_json(found.to_json())
    elif found.problems:
        for problem in found.problems:
            echo(f"Damaged   {problem}")
    else:
        echo(f"Verified  {found.describe()}")
    if found.problems:
        raise click.ClickException(str(DamagedSnapshot(snapshot, found.problems)))


def _report(summary: BuildSummary, as_json: bool) -> None:
    if as_json:
        print_json(summary.to_dict())
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
        echo(f"Published snapshot {summary.snapshot} of {summary.corpus}")
    elif summary.refused:
        echo(f"Not published: snapshot {summary.snapshot} stays in use")
    else:
        echo(f"Nothing changed: snapshot {summary.snapshot} is up to date")
    click.echo(_counts("documents", summary.documents))
    click.echo(_counts("meetings", summary.meetings))
    click.echo(
        f"  passages   {summary.chunks} ({summary.chunks_embedded} embedded, "
        f"{summary.chunks_cached} from cache)"
    )
    click.echo(f"  decisions  {summary.decisions} ({summary.decisions_embedded} embedded)")
    click.echo(
        f"  sentences  {summary.sentences} ({summary.sentences_embedded} embedded, "
        f"{summary.sentences_cached} from cache)"
    )
    if summary.skipped:
        click.echo(f"  skipped    {summary.skipped} file(s) of a type that is not read")
    if summary.failed:
        click.echo(f"  failed     {_failed_count(summary.failed)}:")
        for path, reason in summary.failed:
            echo(f"    {path}: {reason}")
    if summary.repaired:
        echo(f"  repaired   {summary.repaired}")
    click.echo(f"  time       {summary.seconds:.1f} s")


@click.command(short_help="Show what the published index holds.")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
def status(index_dir, as_json) -> None:
    """Show the published snapshot (corpus, model, counts, build time, meeting series) and
    check each of its files against the checksum in its manifest."""
    settings = command_settings(index=index_dir)
    if settings.store:
        _database_status(settings.store, as_json)
        return
    from indexer.store.verify import check_snapshot

    snapshot, manifest = _published(settings.index)
    check = check_snapshot(snapshot)
    series = None if check.problems else _series(snapshot, manifest)
    if as_json:
        listed = None if series is None else [summary.to_json() for summary in series]
        data = {"snapshot": snapshot.name, **manifest.to_json(), "series": listed}
        print_json({**data, "damage": check.problems})
    else:
        _print_status(str(settings.index.resolve()), snapshot.name, manifest, series)
        _print_check(check)
    if check.problems:
        raise click.ClickException(str(DamagedSnapshot(snapshot, check.problems)))


def _database_status(address: str, as_json: bool) -> None:
    """`minutes status` of the PostgreSQL store: its published snapshot and series (the
    database checks its own pages, so there are no file checksums to compare)."""
    from indexer.store.snapshot_metadata import SnapshotMetadata
    from indexer.stores import open_store

    try:
        store = open_store(address, Path())
        source = store.open(store.current())
        manifest = source.manifest()
        metadata = SnapshotMetadata(manifest, source.open_segment)
        try:
            series = metadata.series()
        finally:
            metadata.close()
    except (NoSnapshot, StoreUnavailable) as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        listed = [summary.to_json() for summary in series]
        print_json({"snapshot": source.name, **manifest.to_json(), "series": listed})
        return
    _print_status("the database (--store)", source.name, manifest, series)


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
    index: str, snapshot: str, manifest: Manifest, series: list[SeriesSummary] | None
) -> None:
    counts = manifest.counts
    echo(f"Index     {index}")
    echo(f"Snapshot  {snapshot} (built {manifest.built_at})")
    echo(f"Corpus    {manifest.corpus}")
    echo(f"Model     {manifest.model} ({manifest.dim} dimensions)")
    click.echo(
        f"Contents  {counts.meetings} meetings, {counts.documents} documents, "
        f"{counts.chunks} passages, {counts.decisions} decisions, {counts.sentences} sentences"
    )
    if series is not None:  # not read from a damaged snapshot
        lines = [printable(_series_line(summary)) for summary in series]
        click.echo("Series    " + ("\n          ".join(lines) or "none"))


def _print_check(check: SnapshotCheck) -> None:
    """What checking the snapshot's files found, one line per problem."""
    if check.problems:
        for problem in check.problems:
            echo(f"Damaged   {problem}")
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


def _series(snapshot: Path, manifest: Manifest) -> list[SeriesSummary]:
    """The series (for --series: a display name or a folder), in name order."""
    from indexer.store.snapshot_metadata import SnapshotMetadata

    metadata = SnapshotMetadata.of_folder(snapshot, manifest)
    try:
        return metadata.series()
    finally:
        metadata.close()
