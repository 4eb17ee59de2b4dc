"""Event and story commands: list and show stories, explain and correct how articles were grouped, compare texts.

Each command parses its arguments, calls one ``Desk`` method (or ``newsdesk.stories.compare_articles``) and prints.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path

import click
from rich.table import Table

from newsdesk.cli import cli
from newsdesk.cli._common import (DeskLocation, db_option, err, handle_desk_errors, json_option, open_desk, out,
                                  print_json)
from newsdesk.cli._output import add_row, counted, shown
from newsdesk.desk import Desk
from newsdesk.ingest import article_from_text, read_article
from newsdesk.cluster import Evidence
from newsdesk.model import Article, EventDetail, EventSummary, SourceProblem, StorySummary
from newsdesk.stories import compare_articles


def _span(first: str | None, last: str | None) -> str:
    if not first:
        return "undated"
    return first if first == last else f"{first} – {last}"


def stories_table(stories: list[StorySummary], *, limit: int = 0) -> Table:
    """The ``newsdesk stories`` table (also printed by ``newsdesk demo``)."""
    table = Table("id", "title", "events", "articles", "outlets", "dates")
    for story in stories[: limit or None]:
        copies = f" (+{counted(story.copies, 'copy', 'copies')})" if story.copies else ""
        add_row(table, story.id, story.title or "(untitled)", story.events, f"{story.articles}{copies}",
                story.outlets, _span(story.first, story.last))
    return table


@cli.command()
@db_option
@json_option
@click.option("-n", "--limit", default=0, help="Show at most this many stories (0: all).")
@handle_desk_errors
def stories(db_path: str | None, as_json: bool, limit: int) -> None:
    """List the stories on the desk, newest first: events, independent articles, outlets and date span."""
    with open_desk(db_path, read_only=True) as desk:
        found = desk.stories()
    if as_json:
        print_json([dataclasses.asdict(story) for story in found[: limit or None]])
        return
    if not found:
        err.print("No stories yet: add articles with newsdesk add.")
        return
    out.print(stories_table(found, limit=limit))


def _print_event(detail: EventDetail) -> None:
    event = detail.event
    origin = " [dim](split by user)[/]" if event.origin == "split" else ""
    out.print(f"[bold]{shown(event.title or '(untitled)')}[/]  [dim]{shown(event.id)} · "
              f"{counted(event.articles, 'article')} · {counted(event.outlets, 'outlet')} · "
              f"{shown(_span(event.first, event.last))}[/]{origin}")
    for member in detail.members:
        indent = "      copy: " if member.copy_of else "  - "
        decided = f" [dim](placed by decision #{member.decision})[/]" if member.decision else ""
        score = f"{member.score:.2f}"
        out.print(f"{indent}{shown(member.id)}  {shown(member.outlet or '?')}  {shown(member.published or 'undated')}"
                  f"  [dim]{score}[/]  {shown(member.title or '(untitled)')}{decided}")


@cli.command()
@click.argument("story_id")
@db_option
@json_option
@handle_desk_errors
def show(story_id: str, db_path: str | None, as_json: bool) -> None:
    """Show one story (ID or unambiguous prefix): its events, their articles and outlets, copies under originals."""
    with open_desk(db_path, read_only=True) as desk:
        detail = desk.story(story_id)
    if as_json:
        print_json(dataclasses.asdict(detail))
        return
    story = detail.story
    out.print(f"[bold underline]{shown(story.title or '(untitled)')}[/]  [dim]{shown(story.id)} · "
              f"{counted(story.events, 'event')} · {counted(story.articles, 'article')} · "
              f"{counted(story.outlets, 'outlet')} · {shown(_span(story.first, story.last))}[/]")
    for event in detail.events:
        out.print()
        _print_event(event)


@cli.command()
@db_option
@json_option
@click.option("--story", "story_id", default=None, help="Only the events of this story.")
@handle_desk_errors
def events(db_path: str | None, as_json: bool, story_id: str | None) -> None:
    """List events (oldest first) with their story, article and outlet counts."""
    with open_desk(db_path, read_only=True) as desk:
        found = desk.events(story=story_id)
    if as_json:
        print_json([dataclasses.asdict(event) for event in found])
        return
    table = Table("id", "title", "story", "articles", "outlets", "dates")
    for event in found:
        add_row(table, event.id, event.title or "(untitled)", event.story, event.articles, event.outlets,
                _span(event.first, event.last))
    out.print(table)


@cli.command()
@click.argument("article_id")
@db_option
@json_option
@handle_desk_errors
def explain(article_id: str, db_path: str | None, as_json: bool) -> None:
    """Say why an article (ID or prefix) is in its event: shared terms, names, figures, dates, score, notes."""
    with open_desk(db_path, read_only=True) as desk:
        found = desk.explain(article_id)
        event = desk.event(found.event).event
    if as_json:
        print_json(dataclasses.asdict(found))
        return
    verdict = "opened the event" if found.opened else f"joined with score {found.score:.2f} (join at 0.50)"
    if found.copy_of:
        verdict = f"is a copy of {found.copy_of} (text overlap {found.score:.2f}) and follows its original"
    out.print(f"Article {shown(found.article)} is in event {shown(found.event)} "
              f"({shown(event.title or '(untitled)')}), story {shown(found.story)}: it {shown(verdict)}.")
    if found.shared_terms:
        out.print("  shared terms:    " + shown(", ".join(f"{term} ({weight:.3f})" for term, weight in
                                                       found.shared_terms)))
    if found.shared_entities:
        out.print("  shared names:    " + shown(", ".join(found.shared_entities)))
    if found.shared_numbers:
        out.print("  shared figures:  " + shown(", ".join(found.shared_numbers)))
    if found.date_agreement:
        out.print(f"  dates:           {shown(found.date_agreement)}")
    if found.components:
        out.print("  signals:         " + shown(", ".join(f"{key} {value:g}" for key, value in
                                                         found.components.items())))
    if found.note:
        out.print(f"  note:            {shown(found.note)}")
    if found.story_note:
        out.print(f"  story:           {shown(found.story_note)}")


@cli.command()
@click.argument("article_id")
@db_option
@json_option
@click.option("-n", "--limit", default=10, show_default=True, help="How many neighbours to show.")
@handle_desk_errors
def similar(article_id: str, db_path: str | None, as_json: bool, limit: int) -> None:
    """The stored articles nearest to ARTICLE_ID, with a same-event score in [0, 1] (0.5: same event)."""
    with open_desk(db_path, read_only=True) as desk:
        found = desk.similar(article_id, limit=limit)
    if as_json:
        print_json([dataclasses.asdict(neighbour) for neighbour in found])
        return
    table = Table("score", "id", "title", "outlet", "published", "event")
    for neighbour in found:
        copy = f" (copy of {neighbour.copy_of})" if neighbour.copy_of else ""
        add_row(table, f"{neighbour.score:.2f}", neighbour.id, (neighbour.title or "(untitled)") + copy,
                neighbour.outlet, neighbour.published, neighbour.event)
    out.print(table)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--pairs", "pairs_path", type=click.Path(dir_okay=False, exists=True), default=None,
              help="JSON Lines file of pairs (fields text1, text2; other fields are echoed back): print one JSON "
                   "line per pair with a 'score' key.")
@click.option("--db", "db_path", type=DeskLocation(dir_okay=False, exists=True), default=None,
              help="Weigh words with this desk's learned frequencies (default: from the compared texts alone).")
@json_option
@handle_desk_errors
def compare(files: tuple[str, ...], pairs_path: str | None, db_path: str | None, as_json: bool) -> None:
    """Same-event score of two article files (read and cleaned as newsdesk add would), or of many --pairs."""
    if bool(pairs_path) == bool(files) or (files and len(files) != 2):
        raise click.UsageError("give two files, or --pairs PAIRS.jsonl")
    desk = Desk(db_path, read_only=True) if db_path else None
    try:
        scorer: Callable[[Article, Article], Evidence] = desk.compare if desk else compare_articles
        if pairs_path:
            if _compare_pairs(Path(pairs_path), scorer):
                sys.exit(1)  # every pair was answered, but some could not be read: as for add, exit code 1
            return
        evidence = scorer(read_article(files[0]), read_article(files[1]))
    finally:
        if desk:
            desk.close()
    if as_json:
        print_json(dataclasses.asdict(evidence))
        return
    verdict = "same event" if evidence.score >= 0.5 else "different events"
    scale = "the desk's same-event score; it joins at 0.5" if desk else "probability of one event"
    out.print(f"score {evidence.score:.3f} ({verdict}; {scale})")
    if evidence.shared_terms:
        out.print("  shared terms:   " + shown(", ".join(term for term, _ in evidence.shared_terms)))
    if evidence.shared_entities:
        out.print("  shared names:   " + shown(", ".join(evidence.shared_entities)))
    if evidence.date_agreement:
        out.print(f"  dates:          {shown(evidence.date_agreement)}")
    if evidence.note:
        out.print(f"  note:           {shown(evidence.note)}")


def _compare_pairs(path: Path, scorer: Callable[[Article, Article], Evidence]) -> int:
    """One JSON line per input line; a line that cannot be read gets score 0 and an ``error``, the rest go on.
    Returns how many lines could not be read."""
    failed = 0
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                record = json.loads(line)
                texts = [record["text1"], record["text2"]]
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                print_json({"line": number, "score": 0.0, "error": f"{origin}: not a pair with text1 and text2 "
                                                                   f"({error})"})
                failed += 1
                continue
            echo = {key: value for key, value in record.items() if key not in ("text1", "text2")}
            articles = [article_from_text(str(text), f"{origin}:text{side}") for side, text in enumerate(texts, 1)]
            problems = [article for article in articles if isinstance(article, SourceProblem)]
            if problems:
                print_json({**echo, "line": number, "score": 0.0, "error": str(problems[0])})
                failed += 1
                continue
            score = scorer(articles[0], articles[1]).score  # type: ignore[arg-type]
            print_json({**echo, "line": number, "score": score})
    if failed:
        err.print(f"{counted(failed, 'pair')} could not be read (score 0, see 'error')")
    return failed


def _correct(db_path: str | None, what: str, decide: Callable[[Desk], EventSummary]) -> None:
    """Run one correction on the desk and say where it left the event."""
    with open_desk(db_path) as desk:
        event = decide(desk)
    out.print(f"{what}: event {shown(event.id)} ({shown(event.title or '(untitled)')}) now has "
              f"{counted(event.articles, 'article')} from {counted(event.outlets, 'outlet')}, "
              f"story {shown(event.story)}")


@cli.command()
@click.argument("article_id")
@click.argument("event_id")
@db_option
@handle_desk_errors
def move(article_id: str, event_id: str, db_path: str | None) -> None:
    """Move an article (and its copies) into another event; kept as a decision that survives re-runs."""
    _correct(db_path, "moved", lambda desk: desk.move(article_id, event_id))


@cli.command()
@click.argument("event_id")
@click.argument("article_ids", nargs=-1, required=True)
@db_option
@handle_desk_errors
def split(event_id: str, article_ids: tuple[str, ...], db_path: str | None) -> None:
    """Split articles out of an event into a new event of the same story (a kept decision)."""
    _correct(db_path, "split", lambda desk: desk.split(event_id, list(article_ids)))


@cli.command()
@click.argument("event_id")
@click.argument("other_ids", nargs=-1, required=True)
@db_option
@handle_desk_errors
def merge(event_id: str, other_ids: tuple[str, ...], db_path: str | None) -> None:
    """Merge the other events into EVENT_ID; articles the clusterer puts into them later go there too."""
    _correct(db_path, "merged", lambda desk: desk.merge(event_id, list(other_ids)))


@cli.command()
@click.argument("story_id")
@click.argument("title")
@db_option
@handle_desk_errors
def rename(story_id: str, title: str, db_path: str | None) -> None:
    """Give a story a title of your own; it stays when articles join and through re-runs, until the next rename."""
    with open_desk(db_path) as desk:
        story = desk.rename(story_id, title)
    out.print(f"renamed: story {shown(story.id)} is now {shown(story.title or '')} "
              f"({counted(story.articles, 'article')} in {counted(story.events, 'event')})")


__all__ = ["stories_table"]
