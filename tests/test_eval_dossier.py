"""``newsdesk eval dossier`` on the demo corpus, and the figure rules it measures."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.dossier.numbers import find_figures, same_subject


@pytest.fixture(scope="module")
def result() -> dict:
    outcome = CliRunner().invoke(cli, ["eval", "dossier", "--json"])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.output)


def test_eval_dossier_reports_the_four_figures(result: dict) -> None:
    for key in ("disagreement_precision", "disagreement_recall", "timeline_precision", "timeline_recall"):
        assert 0.0 <= result[key] <= 1.0
    # floors the dossier passes now (0.556, 0.556, 0.722, 0.812): a regression fails here
    assert result["disagreement_precision"] >= 0.55 and result["disagreement_recall"] >= 0.55
    assert result["timeline_precision"] >= 0.7 and result["timeline_recall"] >= 0.8


def test_eval_dossier_flags_no_trap(result: dict) -> None:
    wrong = " ".join(result["wrong"])
    assert "45 Millionen" not in wrong and "780 Millionen" not in wrong and "14 Prozent" not in wrong
    assert "Ende Juli" not in wrong and "1.250" not in wrong and "312" not in wrong


def test_figures_carry_what_they_measure() -> None:
    def subjects(text: str) -> list[str | None]:
        return [figure.subject for figure in find_figures(text, language="de")]

    assert subjects("2023 sank der Umsatz um 14 Prozent auf rund 780 Millionen Euro.") == ["Umsatz", "Umsatz"]
    assert subjects("Das Kabinett billigte ein Wiederaufbauprogramm im Umfang von 200 Millionen Euro.") == [
        "Wiederaufbauprogramm"]
    assert subjects("300 Millionen Euro sollen in den Wiederaufbau fließen.") == ["Wiederaufbau"]
    assert subjects("Drei Menschen wurden leicht verletzt, darunter zwei Feuerwehrleute.") == ["injured"]
    assert same_subject("Wiederaufbauprogramm", "Wiederaufbau") and not same_subject("Deiche", "Wiederaufbau")
