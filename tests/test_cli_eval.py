"""``newsdesk eval …`` through the command line: human-readable figures, ``--json`` objects with the documented
keys, and one clear line for data that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "datasets"


def _stream(path: Path) -> Path:
    rows = [
        {"doc_id": "a1", "title": "Fähre nach Helgoland fällt aus", "text": "Die Fähre nach Helgoland fällt wegen "
         "eines Maschinenschadens bis Freitag aus, teilte die Reederei mit.", "event": "ferry"},
        {"doc_id": "a2", "title": "Helgoland-Fähre bleibt im Hafen", "text": "Ein Maschinenschaden legt die Fähre "
         "nach Helgoland bis Freitag lahm; die Reederei bietet Ersatzflüge an.", "event": "ferry"},
        {"doc_id": "b1", "title": "Neue Brücke in Delmsen eröffnet", "text": "In Delmsen ist die neue Brücke über "
         "die Velme für den Verkehr freigegeben worden.", "event": "bridge"},
    ]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    return path


def test_cli_eval_clustering_prints_figures_and_json(tmp_path: Path) -> None:
    data = _stream(tmp_path / "stream.jsonl")
    runner = CliRunner()
    text = runner.invoke(cli, ["eval", "clustering", "--data", str(data), "--label", "event"])
    assert text.exit_code == 0, text.output
    assert "B-cubed" in text.output
    as_json = runner.invoke(cli, ["eval", "clustering", "--data", str(data), "--label", "event", "--json"])
    result = json.loads(as_json.stdout)
    assert {"bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1", "documents", "clusters"} <= set(result)
    assert result["documents"] == 3


def test_cli_eval_clustering_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _stream(tmp_path / "stream.jsonl")
    runner = CliRunner()
    args = ["eval", "clustering", "--data", str(data), "--label", "event", "--baseline", "tfidf-kmeans"]
    text = runner.invoke(cli, args)
    assert text.exit_code == 0, text.output
    assert "baseline         tfidf-kmeans, batch and told k=2" in text.output
    reference = json.loads(runner.invoke(cli, [*args, "--json"]).stdout)["baseline"]
    assert reference["told_k"] == 2 and 0.0 <= reference["bcubed_f1"] <= 1.0
    monkeypatch.setitem(__import__("sys").modules, "sklearn.cluster", None)  # as if scikit-learn were missing
    missing = runner.invoke(cli, args)
    assert missing.exit_code == 1 and "pip install 'newsdesk[eval]'" in missing.output
    assert "Traceback" not in missing.output


def test_cli_eval_clustering_names_the_bad_record(tmp_path: Path) -> None:
    data = _stream(tmp_path / "stream.jsonl")
    result = CliRunner().invoke(cli, ["eval", "clustering", "--data", str(data), "--label", "missing"])
    assert result.exit_code == 1
    assert "stream.jsonl:1" in result.output and "Traceback" not in result.output


def test_cli_eval_where_needs_field_and_value(tmp_path: Path) -> None:
    data = _stream(tmp_path / "stream.jsonl")
    result = CliRunner().invoke(cli, ["eval", "clustering", "--data", str(data), "--where", "nonsense"])
    assert result.exit_code == 2 and "FIELD=VALUE" in result.output


@pytest.mark.parametrize(
    ("command", "folder", "keys"),
    [
        ("timex", "wikiwarsde", {"lenient_f1", "strict_f1", "value_accuracy", "strict_value_f1"}),
        ("quotes", "quotes_wikinews_de/dev", {"quote_f1", "speaker_accuracy", "per_type"}),
        ("pubdate", "quotes_wikinews_de/dev", {"exact_day", "within_7_days", "correct_year"}),
    ],
)
def test_cli_eval_on_shared_corpora_json_keys(command: str, folder: str, keys: set[str]) -> None:
    data = SHARED / folder
    if not data.is_dir():
        pytest.skip(f"{data} is not present beside the checkout")
    result = CliRunner().invoke(cli, ["eval", command, "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    assert keys <= set(json.loads(result.stdout))
