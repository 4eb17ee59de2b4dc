"""What every ``newsdesk`` command shares: the consoles, the ``--db`` option and clean error reporting.

Results go to standard output; progress, problems and summaries to standard error, so output can be piped.
Exit codes: 0 when everything worked, 1 when some input failed or the command could not run, 2 for usage errors.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

from newsdesk.desk import Desk, default_db_path
from newsdesk.errors import DeskError

#: Piped or captured output gets wide tables, so each row stays on one line for grep and scripts.
PIPED_WIDTH = 200
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else PIPED_WIDTH)
err = Console(stderr=True, soft_wrap=True, width=None if sys.stderr.isatty() else PIPED_WIDTH)


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--db PATH`` on every command that opens a desk (default ``$NEWSDESK_DB`` or ``./newsdesk.db``)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Desk database file. Default: $NEWSDESK_DB or ./newsdesk.db.",
    )(command)


def json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--json``: print one machine-readable JSON document instead of a table or report."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(command)


def handle_desk_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn ``DeskError`` into one clean line on stderr and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DeskError as error:
            err.print(f"[red]Error:[/] {escape(str(error))}")
            sys.exit(1)

    return wrapper


def open_desk(db_path: str | None) -> Desk:
    return Desk(db_path or default_db_path())


def print_json(data: object) -> None:
    """One JSON document on stdout (UTF-8 kept readable)."""
    click.echo(json.dumps(data, ensure_ascii=False))
