"""What every ``newsdesk`` command shares: the consoles, the ``--db`` option and clean error reporting.

Results go to standard output; progress, problems and summaries to standard error, so output can be piped.
Exit codes: 0 when everything worked, 1 when some input failed or the command could not run, 2 for usage errors.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console

from newsdesk.cli._output import json_text, shown
from newsdesk.desk import Desk, default_db_path
from newsdesk.errors import DeskError
from newsdesk.store import is_database_url

#: Piped or captured output gets wide tables, so each row stays on one line for grep and scripts.
PIPED_WIDTH = 200
#: ``emoji=False``: a title with ``:thumbs_up:`` prints as written (desk text goes through ``_output.shown``).
out = Console(soft_wrap=True, emoji=False, width=None if sys.stdout.isatty() else PIPED_WIDTH)
err = Console(stderr=True, soft_wrap=True, emoji=False, width=None if sys.stderr.isatty() else PIPED_WIDTH)


class DeskLocation(click.Path):
    """A desk's SQLite file (checked as a file path) or a PostgreSQL database's URL (taken as written)."""

    name = "desk"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and is_database_url(value):
            return value
        return super().convert(value, param, ctx)


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--db PATH|URL`` on every command that opens a desk (default ``$NEWSDESK_DB`` or ``./newsdesk.db``)."""
    return click.option(
        "--db",
        "db_path",
        type=DeskLocation(dir_okay=False),
        metavar="PATH|URL",
        default=None,
        help="Desk: an SQLite database file, or a PostgreSQL database URL shared by several machines "
             "(postgresql://user:password@host/database; needs pip install 'newsdesk[postgresql]'). "
             "Default: $NEWSDESK_DB or ./newsdesk.db.",
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
            err.print(f"[red]Error:[/] {shown(error)}")
            sys.exit(1)

    return wrapper


def open_desk(db_path: str | None, *, read_only: bool = False) -> Desk:
    """The desk at ``--db`` (or the default). ``read_only`` for commands that only read: they never create a desk
    ("no desk at PATH"), take no lock, and work on a desk that cannot be written."""
    return Desk(db_path or default_db_path(), read_only=read_only)


def print_json(data: object, *, indent: int | None = None) -> None:
    """One JSON document on stdout (UTF-8 kept readable, control characters escaped)."""
    click.echo(json_text(data, indent=indent))


def parse_field_map(values: tuple[str, ...]) -> dict[str, str] | None:
    """``--field-map text=body.content`` pairs → ``{"text": "body.content"}``."""
    mapping: dict[str, str] = {}
    allowed = ("title", "text", "published", "authors", "url", "outlet", "language")
    for value in values:
        ours, sep, theirs = value.partition("=")
        if not sep or not theirs or ours not in allowed:
            raise click.BadParameter(
                f"{value!r} is not FIELD=KEY with FIELD one of {', '.join(allowed)} (e.g. text=body.content)",
                param_hint="--field-map",
            )
        mapping[ours] = theirs
    return mapping or None
