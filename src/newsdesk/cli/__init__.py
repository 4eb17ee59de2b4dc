"""The ``newsdesk`` command: thin layers over the library (``newsdesk.Desk`` and the stage modules).

Each module of this package holds one family of commands and registers it on the ``cli`` group:
``articles`` (add, search, export, list, show, info, demo, analyze), ``stories`` (stories, show, events, explain,
similar, compare, move, split, merge), ``evaluate`` (``newsdesk eval …``), ``train`` (``newsdesk train ner|gazetteer``),
``web`` (serve, report) and ``distributed`` (prepare: the per-article work on Ray).
"""

from __future__ import annotations

import logging

import click

from newsdesk import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsdesk")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
def cli(verbose: int) -> None:
    """newsdesk: turn a pile of news articles into stories."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def main() -> None:
    cli(prog_name="newsdesk")


# The command modules register themselves on ``cli``; imported last because they import ``cli`` from here.
from newsdesk.cli import articles, distributed, dossier, evaluate, stories, train, web  # noqa: E402,F401

__all__ = ["cli", "main"]
