"""``newsdesk report``: stories with their dossiers as ONE self-contained HTML file, to mail or archive.

The file is the web app's story pages (the same templates and SVG charts) with the stylesheet inlined: no script,
no external reference, readable in any browser or mail client offline. Citations show the outlet and sentence
number, with the sentence as a tooltip, since the article pages are not in the file.
"""

from __future__ import annotations

from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path

from markupsafe import Markup

from newsdesk.desk import Desk
from newsdesk.web.render import environment, story_view


def render_report(desk: Desk, story_ids: list[str] | None = None) -> tuple[str, int]:
    """The report's HTML and how many stories it holds: the named stories (ids or unambiguous prefixes), or every
    story newest first. Raises ``DeskError`` for an unknown story."""
    ids = story_ids or [story.id for story in desk.stories()]
    views = [story_view(desk, story_id) for story_id in ids]
    css = files("newsdesk.web").joinpath("static/style.css").read_text(encoding="utf-8")
    written = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    html = environment().get_template("report.html").render(
        views=views, link=False, inline_css=Markup(css.replace("</", "<\\/")), allow_edits=False, csrf_token="",
        path="", desk_name=Path(desk.path).name, written=written)
    return html, len(views)


def write_report(desk: Desk, destination: str | Path, story_ids: list[str] | None = None) -> int:
    """Write the report to ``destination`` (whole, or not at all). RETURNS (int): stories written."""
    html, stories = render_report(desk, story_ids)
    target = Path(destination)
    temporary = target.with_name(target.name + ".partial")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(target)
    return stories
