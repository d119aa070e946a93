"""The `minutes` command: index, search, ask, decisions, serve, status.

The commands live in ``cli_index`` (index, status) and ``cli_query`` (search, ask,
decisions); ``serve`` is here. The index and query machinery (FAISS, BM25, the readers, the
model) is imported by the commands that use it, so `minutes --help` and `minutes status`
start at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from indexer.store import (
    DamagedIndex,
    DamagedSnapshot,
    IndexDir,
    SnapshotFormatError,
    read_manifest,
)
from search.arguments import Text
from search.cli_common import command_settings, echo, index_option
from search.cli_errors import OneLineErrors
from search.cli_index import index, status
from search.cli_query import ask, decisions, search
from search.settings import ConfigError, check_for_serving

# Help fills the terminal up to this width; each command's line in `minutes --help` is its
# short_help, short enough never to be cut with "...".
HELP_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 120}


@click.group(cls=OneLineErrors, context_settings=HELP_SETTINGS)
@click.version_option(package_name="minutes")
def cli() -> None:
    """Semantic search and cited answers over Swedish meeting minutes."""


for command in (index, search, ask, decisions, status):
    cli.add_command(command)


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
    """Start the web app (in Swedish) on http://HOST:PORT.

    With an [auth] section in the auth_file (default .streamlit/secrets.toml) every page asks
    the visitor to sign in, and the access table of minutes.toml says who may read what.
    """
    settings = command_settings(index=index_dir)
    try:
        signing_in = check_for_serving(settings)
    except ConfigError as error:
        raise click.UsageError(str(error)) from None
    search = Path(__file__).resolve().parent
    server = search / "webapp" / "server.py"  # serves the page app.py behind http_guard
    for needed in (search.parent / "app.py", server):
        if not needed.is_file():
            raise click.ClickException(f"the web app is missing: {needed} does not exist")
    if settings.store is None:
        _warn_if_damaged(settings.index)
    sign_in = " (sign-in required)" if signing_in else ""
    served = "the database index" if settings.store else settings.index.resolve()
    echo(f"Serving {served} at http://{host}:{port}{sign_in}")
    command = [sys.executable, "-m", "search.webapp.launch", "run", str(server)]
    command += ["--server.port", str(port), "--server.address", host]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false"]
    command += ["--client.toolbarMode", "minimal", "--server.fileWatcherType", "none"]
    command += ["--secrets.files", str(settings.auth_file.resolve())]  # its [auth] section
    env = {**os.environ, "MINUTES_INDEX": str(settings.index.resolve())}
    if settings.store:
        env["MINUTES_STORE"] = settings.store
    sys.stdout.flush()
    os.execve(sys.executable, command, env)


def _warn_if_damaged(index: Path) -> None:
    """One line on stderr when the published snapshot is damaged (the web app says so too,
    and recovers once `minutes index` has rebuilt it)."""
    from indexer.store.checks import size_problems

    try:
        name = IndexDir(index).current_name()
    except DamagedIndex as error:
        echo(f"Warning: {error}", err=True)
        return
    if name is None:
        return  # no index yet: the web app says so
    snapshot = IndexDir(index).snapshots / name
    try:
        problems = size_problems(snapshot, read_manifest(snapshot).files)
    except (SnapshotFormatError, OSError) as error:
        problems = [str(error)]
    if problems:
        echo(f"Warning: {DamagedSnapshot(snapshot, problems)}", err=True)


def main() -> None:
    """Console entry point."""
    cli(prog_name="minutes")


if __name__ == "__main__":
    main()
