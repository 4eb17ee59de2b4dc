"""``newsdesk serve`` (the web app over a desk) and ``newsdesk report`` (stories as one self-contained HTML file).

Both are thin: ``serve`` builds ``newsdesk.web.create_app`` and runs it with uvicorn, ``report`` calls
``newsdesk.report.write_report``.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from newsdesk.cli import cli
from newsdesk.cli._common import db_option, err, handle_desk_errors, open_desk
from newsdesk.cli._output import counted, shown
from newsdesk.desk import default_db_path
from newsdesk.errors import DeskError
from newsdesk.store import shown_location


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default is this machine only; another address shares the desk.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--allow-edits", is_flag=True,
              help="Accept corrections (move, merge, split, rename) from the browser. "
                   "Without it the server never writes.")
@handle_desk_errors
def serve(db_path: str | None, host: str, port: int, allow_edits: bool) -> None:
    """Open the desk in the browser: the stories, their dossiers, events, articles, search and a JSON API
    (described at /openapi.json). Read-only unless --allow-edits."""
    import uvicorn

    from newsdesk.web import create_app

    path = db_path or default_db_path()
    open_desk(path, read_only=True).close()  # a missing or foreign file is one clean error line, before listening
    if not _loopback(host):
        err.print(f"[yellow]Warning:[/] listening on {shown(host)}: anyone who can reach it reads the desk"
                  + (" and can correct it" if allow_edits else ""))
    shown_host = f"[{host}]" if ":" in host else host
    err.print(f"newsdesk serves {shown(shown_location(path))} at http://{shown(shown_host)}:{port}/"
              + (" (edits allowed)" if allow_edits else " (read-only)") + "  ·  Ctrl+C stops it")
    uvicorn.run(create_app(path, allow_edits=allow_edits), host=host, port=port, log_level="warning")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.argument("story_ids", nargs=-1)
@db_option
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True, help="The HTML file to write.")
@handle_desk_errors
def report(story_ids: tuple[str, ...], db_path: str | None, output: Path) -> None:
    """Write stories with their dossiers (every story, or the STORY_IDS named) as one self-contained HTML file:
    no scripts, no external files, to read offline, mail or archive."""
    from newsdesk.report import write_report

    with open_desk(db_path, read_only=True) as desk:
        try:
            written = write_report(desk, output, list(story_ids) or None)
        except OSError as error:
            raise DeskError(f"cannot write the report to {output}: {error.strerror or error}") from error
    err.print(f"{counted(written, 'story', 'stories')} written to {shown(output)}")
