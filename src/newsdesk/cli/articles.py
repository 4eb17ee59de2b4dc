"""Article commands: add, search, export, list and show articles, desk counts, and the demo."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from newsdesk.cli import cli
from newsdesk.cli._common import (db_option, err, handle_desk_errors, json_option, open_desk, out,
                                  parse_field_map, print_json)
from newsdesk.cli._output import RunProgress, add_row, counted, failure_line, shown


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--field-map",
    multiple=True,
    metavar="FIELD=KEY",
    help="For JSON input in another layout: which record key (dotted for nested) holds FIELD "
    "(title, text, published, authors, url, outlet, language). Repeatable.",
)
@click.option("--max-bytes", default=20_000_000, show_default=True, help="Largest single article accepted.")
@click.option("--outlet", default=None, help="Outlet name for inputs that name none (e.g. plain text files).")
@click.option("--outlet-from-folder", is_flag=True, help="Use each file's folder name as outlet when none is named.")
@click.option("--analyze/--no-analyze", default=True, show_default=True,
              help="Find sentences, dates and quotes in each new article; --no-analyze ingests faster and "
              "`newsdesk analyze` catches up later.")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None,
              help="Processes that extract, clean and measure the articles ahead of placing them  [default: every "
              "core, once the input is long enough to repay starting them]; the result is the same for any number.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary, no progress.")
@handle_desk_errors
def add(
    paths: tuple[str, ...],
    db_path: str | None,
    field_map: tuple[str, ...],
    max_bytes: int,
    outlet: str | None,
    outlet_from_folder: bool,
    analyze: bool,
    workers: int | None,
    quiet: bool,
) -> None:
    """Add articles from PATHS: files, folders (recursively), globs, or - for stdin.

    Reads plain text (.txt), HTML, JSON / JSON Lines (news-please layout), WARC(.gz) and RSS/Atom files.
    Adding the same input again changes nothing. Shows progress on stderr (a bar on a terminal, a line every
    10 seconds otherwise) and one line for each input that failed.
    """
    mapping = parse_field_map(field_map)
    kinds = {"added": "added", "unchanged": "unchanged", "failed": "failed"}
    with open_desk(db_path) as desk:
        with RunProgress(err, "add", kinds=kinds, done_word="read", done_kind="read", quiet=quiet) as progress:
            report = desk.add(
                list(paths),
                field_map=mapping,
                max_bytes=max_bytes,
                outlet=outlet,
                outlet_from_folder=outlet_from_folder,
                stdin=sys.stdin.buffer,
                progress=progress,
                analyze=analyze,
                workers=workers,
            )
        copies = counted(report.copies, "copy of a stored article", "copies of stored articles")
        err.print(f"{report.added:,} added ({copies}), {report.unchanged:,} already on the desk, "
                  f"{report.failed:,} failed → {shown(desk.store.name)}")
        if report.analyses_reused:
            err.print(f"{counted(report.analyses_reused, 'analysis', 'analyses')} reused from the input")
    if report.failed:
        sys.exit(1)


@cli.command()
@click.argument("query")
@db_option
@click.option("-n", "--limit", default=20, show_default=True, help="How many hits to show.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per hit instead of a table.")
@handle_desk_errors
def search(query: str, db_path: str | None, limit: int, as_json: bool) -> None:
    """Full-text search over titles and texts, best match first.

    QUERY uses SQLite FTS5 syntax: words (all must match), "exact phrases", OR, NOT, prefix*.
    """
    with open_desk(db_path, read_only=True) as desk:
        hits = desk.search(query, limit=limit)
    if as_json:
        for hit in hits:
            print_json(dataclasses.asdict(hit))
        return
    if not hits:
        err.print(f"No article matches {shown(repr(query))}.")
        return
    table = Table("id", "title", "outlet", "published", "snippet", show_lines=True)
    for hit in hits:
        add_row(table, hit.id, hit.title, hit.outlet, hit.published, hit.snippet)
    out.print(table)


@cli.command(name="export")
@db_option
@click.option("--format", "format_", type=click.Choice(["json", "jsonl", "parquet"]), default="json",
              show_default=True, help="parquet: FILE.parquet holds the articles, FILE.events.parquet and "
              "FILE.stories.parquet the rest (needs pyarrow: pip install 'newsdesk[parquet]').")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default stdout; parquet needs one).")
@handle_desk_errors
def export_command(db_path: str | None, format_: str, output: str | None) -> None:
    """Export the desk in the versioned contract (docs/export-format.md): JSON, JSON Lines or Parquet."""
    if format_ == "parquet" and not output:
        raise click.UsageError("--format parquet writes files: give one with -o, e.g. -o desk.parquet")
    with open_desk(db_path, read_only=True) as desk:
        count = desk.export(output if output else sys.stdout, format=format_)  # type: ignore[arg-type]
    beside = " (events and stories in .events.parquet and .stories.parquet beside it)" if format_ == "parquet" else ""
    err.print(f"exported {counted(count, 'article')}" + (f" to {shown(output)}{beside}" if output else ""))


#: What ``newsdesk articles --json`` lists of each article: its metadata, not its text (``article ID --json`` has it).
LISTED_FIELDS = ("id", "title", "outlet", "language", "published", "published_from", "duplicate_of", "source", "url",
                 "authors")


@cli.command()
@db_option
@click.option("-n", "--limit", default=50, show_default=True, help="How many articles to list (0: all).")
@json_option
@handle_desk_errors
def articles(db_path: str | None, limit: int, as_json: bool) -> None:
    """List the articles on the desk in the order they were added."""
    table = Table("id", "title", "outlet", "lang", "published", "copy of")
    listed = []
    with open_desk(db_path, read_only=True) as desk:
        for number, article in enumerate(desk.articles()):
            if limit and number >= limit:
                break
            if as_json:
                listed.append({name: getattr(article, name) for name in LISTED_FIELDS})
                continue
            add_row(table, article.id, article.title or "(untitled)", article.outlet, article.language,
                    article.published, article.duplicate_of)
    if as_json:
        print_json(listed)
    else:
        out.print(table)


@cli.command()
@click.argument("article_id")
@db_option
@click.option("--removed/--no-removed", default=True, show_default=True, help="Show the lines cleaning removed.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the article as in the export contract, with its entities summed up under \"entities\".")
@handle_desk_errors
def article(article_id: str, db_path: str | None, removed: bool, as_json: bool) -> None:
    """Show one article (ID or an unambiguous prefix): metadata, clean text, what the analysis found (entities,
    dates, quotes) and the audit of removed lines; --json adds one record per entity under "entities"."""
    with open_desk(db_path, read_only=True) as desk:
        item = desk.article(article_id)
        analysis = desk.analysis(item.id)
    if as_json:
        from newsdesk.analysis.entities.records import summarize_entities

        entities = summarize_entities(analysis.get("entities") or []) if analysis else []
        print_json({**item.to_dict(), "analysis": analysis, "entities": entities}, indent=2)
        return
    out.print(f"[bold]{shown(item.title or '(untitled)')}[/]")
    for label, value in (
        ("id", item.id),
        ("source", item.source),
        ("outlet", item.outlet),
        ("authors", ", ".join(item.authors)),
        ("language", item.language),
        ("published", f"{item.published} (from {item.published_from})" if item.published else None),
        ("copy of", item.duplicate_of),
        ("extraction", item.extraction),
        ("notes", "; ".join(item.notes)),
    ):
        if value:
            out.print(f"[dim]{label}:[/] {shown(value)}")
    out.print()
    out.print(shown(item.text))
    if analysis is not None:
        print_analysis(analysis)
    if removed and item.removed:
        table = Table("line", "rule", "removed text", title="Removed while cleaning")
        for line in item.removed:
            add_row(table, line.line, line.rule, line.text)
        out.print(table)


def print_analysis(analysis: dict[str, Any]) -> None:
    """The analysis of one article: the entities it names, inferred date with its evidence, dates mentioned, and
    quotes with speakers."""
    from newsdesk.analysis.entities.records import summarize_entities

    entities = summarize_entities(analysis.get("entities") or [])
    if entities:
        table = Table("name", "type", "id", "role", "mentions", "in", "written", title="Entities")
        for entity in entities:
            add_row(table, entity["name"], entity["type"] if entity["kind"] == "name" else
                    f"{entity['type']} {entity['kind']}", entity["id"], ", ".join(entity["roles"]),
                    entity["mentions"], ", ".join(entity["fields"]), "; ".join(entity["variants"]))
        out.print(table)
    inferred = analysis.get("inferred_published")
    if inferred and inferred["value"]:
        used = "used for relative dates" if inferred["used_as_reference"] else "too uncertain to use"
        out.print(f"[dim]inferred publication date:[/] {shown(inferred['value'])} (confidence "
                  f"{inferred['confidence']:.2f}, {used}; {shown('; '.join(inferred['evidence']))})")
    if analysis["timexes"]:
        table = Table("date or time", "value", "resolved from", title="Dates and times mentioned")
        for timex in analysis["timexes"]:
            add_row(table, timex["text"], timex["value"] + (f" ({timex['mod']})" if timex["mod"] else ""),
                    timex["anchor"])
        out.print(table)
    if analysis["quotes"]:
        table = Table("sentence", "type", "speaker", "via", "cue", "quote", title="Quotes and reported speech")
        for quote in analysis["quotes"]:
            sentence = quote["sentence"]
            where = "title" if quote.get("field") == "title" else None if sentence is None else sentence + 1
            add_row(table, where, quote["type"], quote["speaker"] or "?",
                    ", ".join(quote["via"]), quote["cue"], quote["text"])
        out.print(table)
    for note in analysis["notes"]:
        out.print(f"[dim]note:[/] {shown(note)}")


@cli.command(name="analyze")
@db_option
@click.option("-j", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes analysing in parallel (each needs ~300 MB); use the number of cores for a large desk.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary, no progress.")
@handle_desk_errors
def analyze_command(db_path: str | None, workers: int, quiet: bool) -> None:
    """Analyse the stored articles that have no current analysis (added with --no-analyze, or by an older
    release): sentences, entities, dates and times, quotes, inferred publication dates. Safe to re-run.
    Shows progress on stderr (a bar on a terminal, a line every 10 seconds otherwise)."""
    kinds = {"analyzed": "analysed", "failed": "failed"}
    with open_desk(db_path) as desk:
        with RunProgress(err, "analyze", kinds=kinds, total=desk.unanalyzed(), quiet=quiet) as progress:
            count = desk.analyze(workers=workers, progress=progress)
    failed = progress.counts["failed"]
    err.print(f"{counted(count, 'article')} analysed" + (f", {counted(failed, 'article')} failed" if failed else ""))
    if failed:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@handle_desk_errors
def info(db_path: str | None, as_json: bool) -> None:
    """Counts for the desk: articles, copies, languages, outlets, dated articles, removed lines."""
    with open_desk(db_path, read_only=True) as desk:
        summary = desk.summary()
        path = desk.store.name  # a PostgreSQL URL without its password
    if as_json:
        print_json({"db": path, **summary}, indent=2)
        return
    print_summary(path, summary)


def print_summary(path: str, summary: dict[str, Any]) -> None:
    languages = ", ".join(f"{code} {count:,}" for code, count in summary["languages"].items())
    out.print(f"Desk {shown(path)}")
    out.print(
        f"  {counted(summary['articles'], 'article')} from {counted(summary['outlets'], 'outlet')} "
        f"({shown(languages)}); {counted(summary['copies'], 'copy', 'copies')}; {summary['dated']:,} with a "
        f"publication date; {counted(summary['removed_lines'], 'debris line')} removed; "
        f"{counted(summary['events'], 'event')} in {counted(summary['stories'], 'story', 'stories')}"
    )


@cli.command()
@click.option(
    "-o", "--output", "output_dir", type=click.Path(file_okay=False), default="newsdesk-demo", show_default=True,
    help="Folder for the demo desk (desk.db), its export (export.json) and report (report.html).",
)
@handle_desk_errors
def demo(output_dir: str) -> None:
    """Run newsdesk on its bundled demo corpus (original fictional articles): the stories it found, and where
    the output is."""
    from newsdesk.cli.stories import stories_table
    from newsdesk.demo import run_demo

    result = run_demo(Path(output_dir))
    for problem in result.report.problems:
        err.print(failure_line(problem))
    print_summary(str(result.db_path), result.summary)
    out.print(f"  this run: {result.report.added} added, {result.report.unchanged} already there")
    out.print(f"{counted(len(result.stories), 'story', 'stories')}, newest first:")
    out.print(stories_table(result.stories))
    out.print(f"Export: {shown(result.export_path)}  ·  report: {shown(result.report_path)} (open it in a browser)")
    out.print(f"Browse: newsdesk serve --db {shown(result.db_path)}  (then open http://127.0.0.1:8000/)")
    story = result.stories[0].id if result.stories else "STORY"
    out.print(f"Next: newsdesk search --db {shown(result.db_path)} Streik  ·  "
              f"newsdesk show --db {shown(result.db_path)} {story}  ·  "
              f"newsdesk dossier --db {shown(result.db_path)} {story}")
