"""The `minutes` command: index, search, ask, serve, status."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from indexer.build import BuildSummary, IndexBuild
from indexer.config import ConfigError, Settings, load_settings
from indexer.progress import Progress
from indexer.store import IndexBusy, IndexDir, NoSnapshot, read_manifest


def _settings(**flags: Any) -> Settings:
    try:
        return load_settings(flags)
    except ConfigError as error:
        raise click.ClickException(str(error)) from None


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Index directory (env MINUTES_INDEX; default .minutes-index).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="minutes")
def cli() -> None:
    """Semantic search and cited answers over Swedish meeting minutes."""


@cli.command()
@click.argument("corpus", required=False, type=click.Path(path_type=Path))
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
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
@click.option("--quiet", is_flag=True, help="No progress bars.")
def index(corpus, index_dir, model, exclude, full, as_json, quiet) -> None:
    """Index the minutes in CORPUS (env MINUTES_CORPUS; default ./corpus)."""
    settings = _settings(corpus=corpus, index=index_dir, model=model, exclude=tuple(exclude))
    build = IndexBuild(
        settings.corpus,
        settings.index,
        model=settings.model,
        exclude=settings.exclude,
        max_file_mb=settings.max_file_mb,
        full=full,
        progress=Progress(enabled=not quiet),
    )
    try:
        summary = build.run()
    except (IndexBusy, FileNotFoundError) as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _print_json(summary.to_dict())
    else:
        _print_summary(summary)


def _counts(label: str, counts) -> str:
    return (
        f"  {label:<10} {counts.added} added, {counts.changed} changed, "
        f"{counts.removed} removed, {counts.unchanged} unchanged"
    )


def _print_summary(summary: BuildSummary) -> None:
    if summary.published:
        click.echo(f"Published snapshot {summary.snapshot} of {summary.corpus}")
    else:
        click.echo(f"Nothing changed: snapshot {summary.snapshot} is up to date")
    click.echo(_counts("documents", summary.documents))
    click.echo(_counts("meetings", summary.meetings))
    click.echo(
        f"  passages   {summary.chunks} ({summary.chunks_embedded} embedded, "
        f"{summary.chunks_cached} from cache)"
    )
    if summary.skipped:
        click.echo(f"  skipped    {summary.skipped} file(s) of a type that is not read")
    if summary.failed:
        click.echo(f"  failed     {len(summary.failed)} file(s):")
        for path, reason in summary.failed:
            click.echo(f"    {path}: {reason}")
    click.echo(f"  time       {summary.seconds:.1f} s")


@cli.command()
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
def status(index_dir, as_json) -> None:
    """Show the published snapshot: corpus, model, counts, build time."""
    settings = _settings(index=index_dir)
    try:
        snapshot = IndexDir(settings.index).current()
    except NoSnapshot as error:
        raise click.ClickException(str(error)) from None
    manifest = read_manifest(snapshot)
    if as_json:
        _print_json({"snapshot": snapshot.name, **manifest})
        return
    counts = manifest["counts"]
    click.echo(f"Index     {settings.index.resolve()}")
    click.echo(f"Snapshot  {snapshot.name} (built {manifest['built_at']})")
    click.echo(f"Corpus    {manifest['corpus']}")
    click.echo(f"Model     {manifest['model']} ({manifest['dim']} dimensions)")
    click.echo(
        f"Contents  {counts['meetings']} meetings, {counts['documents']} documents, "
        f"{counts['chunks']} passages"
    )


def main() -> None:
    """Console entry point."""
    cli(prog_name="minutes")


if __name__ == "__main__":
    sys.exit(main())
