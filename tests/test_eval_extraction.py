"""``newsdesk eval extraction`` on a tiny dataset in trafilatura's evaluation layout, written for this test."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from click.testing import CliRunner

from newsdesk.cli import cli
from newsdesk.evaluate.extraction import Page, evaluate_extraction, score_text

BODY = ("Der Gemeinderat von Delmsen hat am Dienstagabend beschlossen, die alte Brücke über die Velme abzureißen und "
        "bis zum Jahr 2027 durch einen Neubau zu ersetzen. Die Kosten schätzt die Verwaltung auf elf Millionen Euro.")
PAGE = f"""<html lang="de"><head><title>Brücke wird ersetzt | Velme-Kurier</title></head><body>
<nav><a href="/">Startseite</a> <a href="/impressum">Impressum</a></nav>
<article><h1>Brücke wird ersetzt</h1><p>{BODY}</p><p>Schon gelesen?</p><p>Fähre fällt aus</p></article>
<footer><p>Impressum</p></footer></body></html>"""


def _dataset(root: Path) -> Path:
    (root / "html").mkdir(parents=True)
    with gzip.open(root / "html" / "bruecke.html.gz", "wt", encoding="utf-8") as page:
        page.write(PAGE)
    (root / "html" / "leer.html").write_text("<html><body><nav>Startseite</nav></body></html>", encoding="utf-8")
    rows = [
        {"file": "bruecke.html.gz", "url": "https://kurier.example/bruecke",
         "with": ["alte Brücke über die Velme", "elf Millionen Euro"], "without": ["Impressum", "Schon gelesen?"]},
        {"file": "leer.html", "url": None, "with": ["Neubau"], "without": ["Startseite"]},
    ]
    (root / "gold.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return root


def test_score_text_counts_snippets_like_trafilatura() -> None:
    page = Page("a.html", None, ("eins", "zwei"), ("drei", "vier"))
    assert score_text("eins und drei", page) == {"tp": 1, "fn": 1, "fp": 1, "tn": 1}


def test_evaluate_extraction_scores_clean_text(tmp_path: Path) -> None:
    result = evaluate_extraction(_dataset(tmp_path))
    assert result["counts"] == {"tp": 2, "fn": 1, "fp": 0, "tn": 3}
    assert (result["precision"], result["pages_all_snippets"]) == (1.0, 0.5)
    assert result["failures"] == [{"file": "leer.html", "missing": ["Neubau"], "leaked": []}]


def test_cli_eval_extraction_prints_figures_json_and_baseline(tmp_path: Path) -> None:
    data = _dataset(tmp_path)
    runner = CliRunner()
    text = runner.invoke(cli, ["eval", "extraction", "--data", str(data), "--baseline", "trafilatura"])
    assert text.exit_code == 0, text.output
    assert "newsdesk" in text.output and "trafilatura" in text.output
    result = json.loads(runner.invoke(cli, ["eval", "extraction", "--data", str(data), "--json"]).stdout)
    assert {"precision", "recall", "f1", "pages_all_snippets", "pages", "counts"} <= set(result)
    assert result["pages"] == 2


def test_cli_eval_extraction_names_a_bad_gold_line(tmp_path: Path) -> None:
    data = _dataset(tmp_path)
    (data / "gold.jsonl").write_text('{"file": "x.html"}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "extraction", "--data", str(data)])
    assert result.exit_code == 1 and "gold.jsonl:1" in result.output and "Traceback" not in result.output
