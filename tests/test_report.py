"""``newsdesk report``: one self-contained HTML file (no script, no external reference) with the dossiers of the
stories, hostile text escaped as in the web app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk import Desk
from newsdesk.cli import cli
from newsdesk.errors import DeskError
from newsdesk.report import render_report, write_report
from tests.test_web import ESCAPED, HOSTILE, build_desk, hostile_article

_EXTERNAL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def desk_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_desk(tmp_path_factory.mktemp("report"))


def test_report_is_one_file_without_scripts_or_external_references(desk_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    with Desk(desk_path, read_only=True) as desk:
        stories = desk.stories()
        assert write_report(desk, target) == len(stories)
    html = target.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    assert "<script" not in html.lower()
    assert not _EXTERNAL.search(html)
    assert "<style>" in html and 'rel="stylesheet"' not in html
    assert all(f'id="{story.id}"' in html for story in stories)
    assert "timeline-chart" in html and 'href="/' not in html  # no links to app pages the file cannot reach


def test_report_escapes_hostile_text(desk_path: Path) -> None:
    with Desk(desk_path, read_only=True) as desk:
        story = desk.explain(hostile_article().id).story
        html, count = render_report(desk, [story])
    assert count == 1
    for payload in HOSTILE[:2] + ["<b>fett"]:
        assert payload not in html
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE)
    assert any(escaped in html for escaped in ESCAPED)


def test_report_command_names_stories_and_refuses_unknown_ones(desk_path: Path, tmp_path: Path) -> None:
    with Desk(desk_path, read_only=True) as desk:
        story = desk.stories()[0]
        with pytest.raises(DeskError):
            render_report(desk, ["s-nope"])
    target = tmp_path / "one.html"
    result = CliRunner().invoke(cli, ["report", story.id, "--db", str(desk_path), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").count('<article class="dossier"') == 1
    result = CliRunner().invoke(cli, ["report", "s-nope", "--db", str(desk_path), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and not (tmp_path / "x.html").exists()
