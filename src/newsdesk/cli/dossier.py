"""``newsdesk dossier STORY``: a story's dossier in the terminal, as JSON or as Markdown for a note or a ticket.

The command calls ``Desk.dossier`` and prints; every text from the desk goes through ``shown`` (terminal) or
``_md`` (Markdown), because scraped text may look like markup or hold escape sequences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import click

from newsdesk.cli import cli
from newsdesk.cli._common import db_option, handle_desk_errors, open_desk, out, print_json
from newsdesk.cli._output import counted, shown
from newsdesk.dossier import Citation, Dossier
from newsdesk.dossier.dates import describe
from newsdesk.plaintext import plain_text

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


@cli.command()
@click.argument("story_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the dossier as JSON.")
@click.option("--format", "form", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="text: for the terminal; markdown: for a note or a ticket.")
@handle_desk_errors
def dossier(story_id: str, db_path: str | None, as_json: bool, form: str) -> None:
    """Show the dossier of one story (ID or unambiguous prefix): brief, timeline, actors, who said what, sources
    and where the articles disagree, each statement with its article and sentence."""
    with open_desk(db_path) as desk:
        found = desk.dossier(story_id)
    if as_json:
        print_json(found.to_dict(), indent=2)
    elif form == "markdown":
        click.echo(markdown(found))
    else:
        _print_text(found)


def _cite(citation: Citation) -> str:
    sentence = "" if citation.sentence is None else f" §{citation.sentence}"
    return f"{citation.article[:8]}{sentence}" + (f" {citation.outlet}" if citation.outlet else "")


def _cites(citations: Iterable[Citation]) -> str:
    return ", ".join(_cite(citation) for citation in citations)


def _print_text(found: Dossier) -> None:
    out.print(f"[bold]{shown(found.title or '(untitled)')}[/]  [dim]{shown(found.story)} · "
              f"{counted(len(found.articles), 'article')}[/]")
    out.print("\n[bold underline]Brief[/]")
    for sentence in found.brief:
        out.print(f"  {shown(sentence.citation.text)} [dim]({shown(_cite(sentence.citation))})[/]")
    out.print("\n[bold underline]Disagreements[/]")
    for item in found.disagreements or ():
        out.print(f"  [bold]{shown(item.kind)}[/]: {shown(item.subject)} [dim](confidence {item.confidence:.2f})[/]")
        for claim in item.claims:
            out.print(f"    [yellow]{shown(claim.value)}[/] — "
                      f"{shown(_cites(claim.sources))}")
    if not found.disagreements:
        out.print("  none found")
    out.print("\n[bold underline]Timeline[/]")
    for entry in found.timeline:
        marks = " [dim](background)[/]" if entry.background else ""
        marks += " [dim](by publication date)[/]" if entry.by_publication else ""
        sources = _cites(entry.sources)
        out.print(f"  [cyan]{shown(describe(entry.date))}[/]{marks} {shown(entry.summary)} [dim]({shown(sources)})[/]")
    if found.undated:
        out.print(f"  [dim]undated: {shown(', '.join(found.undated))}[/]")
    out.print("\n[bold underline]Actors[/]")
    for actor in found.actors[:15]:
        roles = ", ".join(role.role for role in actor.roles)
        out.print(f"  {shown(actor.name)} [dim]{shown(actor.type)} {shown(actor.id)}[/] · "
                  f"{counted(actor.mentions, 'mention')} in {counted(len(actor.articles), 'article')}"
                  + (f" · {shown(roles)}" if roles else ""))
    out.print("\n[bold underline]Who said what[/]")
    for speaker in found.speakers:
        out.print(f"  [bold]{shown(speaker.name)}[/]")
        for quote in speaker.quotes:
            via = f" via {', '.join(quote.via)}" if quote.via else ""
            out.print(f"    {shown(quote.type)}: {shown(quote.text)} [dim]({shown(quote.cue or '')}{shown(via)}; "
                      f"{shown(_cites(quote.sources))})[/]")
    out.print("\n[bold underline]Sources[/]")
    for source in found.sources:
        flags = f" [red]{shown(', '.join(source.flags))}[/]" if source.flags else ""
        media = f" [dim]({shown(', '.join(source.state_media))})[/]" if source.state_media else ""
        dates = ", ".join(date or "undated" for date in source.dates)
        out.print(f"  {shown(source.outlet)}: {counted(len(source.articles), 'article')}, "
                  f"{shown(dates)}{flags}{media}")
    for note in found.notes:
        out.print(f"[dim]{shown(note)}[/]")


def _md(value: object) -> str:
    """Desk text safe inside Markdown: control characters gone, one line, markup characters escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(plain_text(str(value)).split()))


def markdown(found: Dossier) -> str:
    """The dossier as a Markdown document."""
    lines = [f"# {_md(found.title or '(untitled)')}", "", f"Story `{_md(found.story)}`, "
             f"{counted(len(found.articles), 'article')}.", "", "## Brief", ""]
    lines += [f"- {_md(s.citation.text)} ({_md(_cite(s.citation))})" for s in found.brief]
    lines += ["", "## Disagreements", ""]
    for item in found.disagreements:
        lines.append(f"- **{_md(item.kind)}**: {_md(item.subject)} (confidence {item.confidence:.2f})")
        lines += [f"  - {_md(claim.value)}: {_md(_cites(claim.sources))}"
                  for claim in item.claims]
    lines += ["", "## Timeline", ""]
    for entry in found.timeline:
        mark = " *(background)*" if entry.background else " *(by publication date)*" if entry.by_publication else ""
        lines.append(f"- **{_md(describe(entry.date))}**{mark}: {_md(entry.summary)} "
                     f"({_md(_cites(entry.sources))})")
    lines += ["", "## Actors", ""]
    lines += [f"- {_md(a.name)} ({_md(a.type)}): {counted(a.mentions, 'mention')} in "
              f"{counted(len(a.articles), 'article')}"
              + (f"; {_md(', '.join(r.role for r in a.roles))}" if a.roles else "") for a in found.actors]
    lines += ["", "## Who said what", ""]
    for speaker in found.speakers:
        lines.append(f"- **{_md(speaker.name)}**")
        lines += [f"  - {_md(q.type)}: {_md(q.text)} ({_md(_cites(q.sources))})"
                  for q in speaker.quotes]
    lines += ["", "## Sources", ""]
    lines += [f"- {_md(s.outlet)}: {counted(len(s.articles), 'article')}"
              + (f"; {_md(', '.join(s.flags))}" if s.flags else "")
              for s in found.sources]
    return "\n".join(lines) + "\n"
