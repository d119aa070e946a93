"""How `minutes` reports an error: one line on stderr, never a traceback or a usage screen.

Usage errors (a setting, flag or argument that cannot be used) exit with status 2, as click's
own do; errors at run time (no index yet, another build running, a file that cannot be read)
with status 1.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from search.printable import printable


def _fail(message: str, status: int) -> NoReturn:
    lines = (line.strip() for line in message.splitlines())
    click.echo("Error: " + printable(" ".join(line for line in lines if line)), err=True)
    sys.exit(status)


def _os_error(error: OSError) -> str:
    if error.strerror and error.filename:
        return f"{error.strerror}: {error.filename}"
    return str(error)


class OneLineErrors(click.Group):
    """A command group whose every error is one line on stderr."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()  # `minutes` alone shows the help
            sys.exit(error.exit_code)
        except click.ClickException as error:
            _fail(error.format_message(), error.exit_code)
        except click.Abort:
            _fail("aborted", 1)
        except OSError as error:
            _fail(_os_error(error), 1)
        sys.exit(result if isinstance(result, int) else 0)
