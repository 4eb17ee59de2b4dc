"""``newsdesk prepare``: the per-article work of ``add`` on Ray, written as Parquet for ``add`` to place."""

from __future__ import annotations

import sys

import click

from newsdesk._cores import usable_cores
from newsdesk.cli import cli
from newsdesk.cli._common import err, handle_desk_errors, parse_field_map
from newsdesk.cli._output import counted, failure_line, shown
from newsdesk.distributed import BATCH_SIZE, ROWS_PER_PART, PrepareOptions, prepare_folder


@cli.command(name="prepare")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="Folder to write (replaced as a whole): OUT/<lang>/part-NNNNN.parquet, _manifest.json, "
              "_problems.jsonl.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None,
              help="Actors preparing articles (each loads the language models, ~0.5 GB)  [default: every core "
              "of this machine]; on a cluster, as many as its CPUs allow.")
@click.option("--address", default=None, metavar="ADDR",
              help="Ray cluster to run on (ray://HOST:10001, or auto); default: start a local Ray for this run.")
@click.option("--analyze/--no-analyze", default=True, show_default=True,
              help="Run the analysis stage too; --no-analyze leaves it to the add of the output.")
@click.option("--field-map", multiple=True, metavar="FIELD=KEY",
              help="For JSON input in another layout, as in newsdesk add. Repeatable.")
@click.option("--max-bytes", default=20_000_000, show_default=True, help="Largest single article accepted.")
@click.option("--outlet", default=None, help="Outlet name for inputs that name none (e.g. plain text files).")
@click.option("--outlet-from-folder", is_flag=True, help="Use each file's folder name as outlet when none is named.")
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              help="Documents an actor prepares per call.")
@click.option("--rows-per-part", type=click.IntRange(min=1), default=ROWS_PER_PART, show_default=True,
              help="Most articles in one part file.")
@handle_desk_errors
def prepare(paths: tuple[str, ...], output: str, workers: int | None, address: str | None, analyze: bool,
            field_map: tuple[str, ...], max_bytes: int, outlet: str | None, outlet_from_folder: bool,
            batch_size: int, rows_per_part: int) -> None:
    """Extract, clean and analyse the articles in PATHS on Ray (Ray Data, pip install 'newsdesk[distributed]')
    and write them as Parquet, one folder per language in publication order: `newsdesk add OUT/de` then places
    them into events and stories without analysing them again. Ids are those `newsdesk add PATHS` would give.
    Prints one line on stderr for each input that failed (also in OUT/_problems.jsonl)."""
    options = PrepareOptions(analyze=analyze, field_map=parse_field_map(field_map), max_bytes=max_bytes,
                             outlet=outlet, outlet_from_folder=outlet_from_folder)
    report = prepare_folder(list(paths), output, options=options, workers=workers or usable_cores(),
                            address=address, batch_size=batch_size, rows_per_part=rows_per_part,
                            on_problem=lambda problem: err.print(failure_line(problem)))
    languages = ", ".join(f"{language} {count:,}" for language, count in sorted(report.languages.items()))
    err.print(f"{counted(report.articles, 'article')} prepared ({languages or 'none'}), "
              f"{len(report.problems):,} failed → {shown(str(report.output))}")
    if report.repeated:
        err.print(f"{counted(report.repeated, 'input')} repeated an earlier one and were written once")
    if report.problems:
        sys.exit(1)
