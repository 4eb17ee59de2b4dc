"""``newsdesk eval …``: the built-in evaluations on public corpora, as figures for people or, with ``--json``,
one JSON object for scripts (keys documented per command)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.markup import escape

from newsdesk.cli import cli
from newsdesk.cli._common import err, json_option, out, print_json
from newsdesk.evaluate.baselines import BASELINES

existing_dir = click.Path(exists=True, file_okay=False, path_type=Path)
existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.group(name="eval")
def eval_group() -> None:
    """Measure a newsdesk stage on an annotated corpus (see ../shared/datasets/*/SOURCE.txt)."""


def report(result: dict[str, Any], as_json: bool, formatter: Callable[[dict[str, Any]], str]) -> None:
    """Print an evaluation result as one JSON object or as the stage's human-readable report."""
    if as_json:
        print_json(result)
    else:
        out.print(formatter(result), markup=False, highlight=False)


def run_evaluation(evaluate: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run an evaluation; a corpus that cannot be read (or a missing model) ends the command with one clear line,
    not a traceback."""
    try:
        return evaluate()
    except (OSError, ValueError, LookupError, ImportError) as error:
        err.print(f"[red]Error:[/] cannot evaluate: {escape(str(error))}", markup=True, highlight=False)
        raise SystemExit(1) from error


@eval_group.command(name="clustering")
@click.option("--data", "data_path", type=existing_file, default=None,
              help="JSON Lines: doc_id, title, text, optional date_publish and language, and a gold label field.")
@click.option("--demo", is_flag=True,
              help="Instead of --data: build a desk from the demo corpus and score it against demo/gold.json.")
@click.option("--label", "label_field", default="subtopic", show_default=True, help="Field holding the gold event.")
@click.option("--where", "where", multiple=True, metavar="FIELD=VALUE",
              help="Keep only rows with this field value, e.g. split_cybulska_vossen_2015=dev. Repeatable.")
@click.option("--story-label", default=None, help="Also score the stories against this field (e.g. topic).")
@click.option("--baseline", type=click.Choice(sorted(BASELINES)), default=None,
              help="Also score a batch reference told the gold number of clusters (needs scikit-learn: "
                   "pip install 'newsdesk[eval]'; e5-kmeans embeds about 4 documents/s).")
@click.option("--no-analysis", is_flag=True,
              help="Cluster without the analysis stage's entities (as add --no-analyze).")
@click.option("--shuffle", "shuffle_seed", type=int, default=None, metavar="SEED",
              help="Cluster the documents in an order shuffled with SEED instead of file order (order sensitivity).")
@json_option
def eval_clustering(data_path: Path | None, demo: bool, label_field: str, where: tuple[str, ...],
                    story_label: str | None, baseline: str | None, no_analysis: bool, shuffle_seed: int | None,
                    as_json: bool) -> None:
    """Cluster documents online in file order (never told how many events) and score against gold labels.

    JSON keys: bcubed_precision, bcubed_recall, bcubed_f1, pairwise_f1, documents, clusters (and more; with
    --baseline, the reference's scores under baseline).
    """
    from newsdesk.evaluate.clustering import evaluate_clustering, evaluate_demo_clustering, format_clustering_report

    if demo == (data_path is not None):
        raise click.UsageError("give --data FILE or --demo")
    if demo:
        report(run_evaluation(evaluate_demo_clustering), as_json, format_clustering_report)
        return
    filters: dict[str, str] = {}
    for item in where:
        field, sep, value = item.partition("=")
        if not sep or not field:
            raise click.BadParameter(f"{item!r} is not FIELD=VALUE", param_hint="--where")
        filters[field] = value
    if baseline == "e5-kmeans":
        err.print("e5-kmeans embeds about 4 documents per second on two cores: ECB+ train+dev takes some 3 minutes",
                  highlight=False)
    result = run_evaluation(lambda: evaluate_clustering(
        data_path, label_field=label_field, where=filters or None, story_label_field=story_label,
        baseline=baseline, analysis=not no_analysis, shuffle=shuffle_seed))
    report(result, as_json, format_clustering_report)


@eval_group.command(name="pairs")
@click.option("--ecbplus", "ecbplus_path", type=existing_file, default=None,
              help="ECB+ JSON Lines (ecbplus_train_dev.jsonl): adds its train and dev pair sets to the demo's.")
@click.option("--per-relation", type=click.IntRange(min=1), default=400, show_default=True,
              help="ECB+ pairs drawn per relation (same event / same topic / other topic), fixed seed.")
@click.option("--write", "write_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write each set as <set>.jsonl for newsdesk compare --pairs.")
@json_option
def eval_pairs(ecbplus_path: Path | None, per_relation: int, write_dir: Path | None, as_json: bool) -> None:
    """Same-event scores (as newsdesk compare gives them) on graded pairs: Pearson and Spearman of score against
    the relation (2 same event, 1 same story only, 0 unrelated), per set and per language pair.

    JSON keys, per set: pearson, spearman, pairs, mean_score (per relation), brier and auc (the score read as
    P(same event)).
    """
    from newsdesk.evaluate.pairs import evaluate_pairs, format_pairs_report, pair_sets, write_pairs

    def run() -> dict[str, Any]:
        sets = pair_sets(ecbplus_path, per_relation=per_relation)
        if write_dir is not None:
            write_dir.mkdir(parents=True, exist_ok=True)
            for name, pairs in sets.items():
                write_pairs(pairs, write_dir / f"{name}.jsonl")
        return evaluate_pairs(sets)

    report(run_evaluation(run), as_json, format_pairs_report)


@eval_group.command(name="timex")
@click.option("--data", "data_dir", type=existing_dir, required=True,
              help="A WikiWarsDE folder (in/*.sgm with document dates, keyinline/ with the gold TIMEX2 tags).")
@json_option
def eval_timex(data_dir: Path, as_json: bool) -> None:
    """Temporal expressions: extraction F1 (lenient, strict) and value accuracy on WikiWarsDE.

    JSON keys: lenient_f1, strict_f1, value_accuracy, strict_value_f1 (and precision/recall, per_document).
    """
    from newsdesk.evaluate.timex import evaluate_timex, format_timex_report

    report(run_evaluation(lambda: evaluate_timex(data_dir)), as_json, format_timex_report)


#: Publication dates are measured on the Wikinews quote corpus (whose file names carry the dates): one split folder.
wikinews_split_option = click.option(
    "--data", "data_dir", type=existing_dir, required=True,
    help="A split folder of quotes_wikinews_de (one *.json file per article; its date is in the file name).")


#: The real-text set keeps offsets only; its texts are the 10kGNAD corpus file.
texts_option = click.option(
    "--texts", "texts_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The 10kGNAD test.csv for a data/10kgnad-annotations split [default: ../shared/datasets/10kgnad/test.csv "
         "beside the repository].")


@eval_group.command(name="quotes")
@click.option("--data", "data_dir", type=existing_dir, required=True,
              help="A split folder of quotes_wikinews_de (one *.json file per article) or of the real-text set "
                   "data/10kgnad-annotations (e.g. data/10kgnad-annotations/dev).")
@texts_option
@json_option
def eval_quotes(data_dir: Path, texts_path: Path | None, as_json: bool) -> None:
    """Quotes: span precision/recall/F1 (token overlap) and speaker accuracy, per quote type and overall.

    JSON keys: quote_precision, quote_recall, quote_f1 and speaker_accuracy (direct + indirect together), per_type
    (and more).
    """
    from newsdesk.evaluate.quotes import evaluate_quotes, format_quotes_report

    report(run_evaluation(lambda: evaluate_quotes(data_dir, texts=texts_path)), as_json, format_quotes_report)


@eval_group.command(name="pubdate")
@wikinews_split_option
@json_option
def eval_pubdate(data_dir: Path, as_json: bool) -> None:
    """Publication-date inference from the text alone (the date in each file name is hidden from it): exact-day,
    within-7-days and correct-year rates, and how often each confidence band is right.

    JSON keys: exact_day, within_7_days, correct_year, guessed, confident, documents, calibration (per
    confidence band: band, guesses, within_7_days).
    """
    from newsdesk.evaluate.pubdate import evaluate_pubdate, format_pubdate_report

    report(run_evaluation(lambda: evaluate_pubdate(data_dir)), as_json, format_pubdate_report)


@eval_group.command(name="ner")
@click.option("--data", "data_path", type=click.Path(exists=True, path_type=Path), required=True,
              help="A GermEval 2014 file in the official 4-column format (e.g. NER-de-dev.tsv), or a split folder "
                   "of the real-text set (data/10kgnad-annotations/dev).")
@click.option("--collapse", is_flag=True,
              help="Fold the deriv/part subtypes into PER/LOC/ORG/OTH (default: the official 12 classes).")
@click.option("--model-only", is_flag=True, help="Score the trained model alone, without gazetteer and rules.")
@click.option("--tagger", type=click.Choice(["encoder", "spacy"]), default=None,
              help="Which trained tagger [default: $NEWSDESK_NER, else the encoder when installed, else spaCy].")
@texts_option
@json_option
def eval_ner(data_path: Path, collapse: bool, model_only: bool, tagger: str | None, texts_path: Path | None,
             as_json: bool) -> None:
    """Named entities: exact outer-level chunk precision/recall/F1 (GermEval 2014 "Metric 1"), overall and per type;
    on the real-text set, exact name spans and the most frequent false positives and misses.

    JSON keys: precision, recall, f1, per_type (label -> precision, recall, f1, gold, predicted, correct); on the
    real-text set also false_positives and misses (text, type, other, count).
    """
    from newsdesk.evaluate.ner import evaluate_ner, format_ner_report

    report(run_evaluation(lambda: evaluate_ner(data_path, collapse=collapse, model_only=model_only, kind=tagger,
                                               texts=texts_path)),
           as_json, format_ner_report)


@eval_group.command(name="extraction")
@click.option("--data", "data_dir", type=existing_dir, required=True,
              help="A folder with gold.jsonl (file, url, with, without snippets) and html/<file> pages, e.g. "
                   "trafilatura_eval_de.")
@click.option("--split", type=click.Choice(["all", "dev", "test"]), default="all", show_default=True,
              help="Pages by file-name hash: dev (even) for tuning, test (odd) for reporting.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N pages.")
@click.option("--baseline", type=click.Choice(["trafilatura"]), default=None,
              help="Also score plain trafilatura.extract (default settings) on the same pages.")
@json_option
def eval_extraction(data_dir: Path, split: str, limit: int | None, baseline: str | None, as_json: bool) -> None:
    """Extraction and cleaning: must / must-not snippet precision, recall and F1 of the stored clean text.

    JSON keys: precision, recall, f1, pages_all_snippets, pages, counts, seconds_per_page, failures (and with
    --baseline, the reference's figures under baseline).
    """
    from newsdesk.evaluate.extraction import evaluate_extraction, format_extraction_report

    report(run_evaluation(lambda: evaluate_extraction(data_dir, split=split, limit=limit, baseline=baseline)),
           as_json, format_extraction_report)


@eval_group.command(name="dossier")
@click.option("--data", "gold_path", type=existing_file, default=None,
              help="Answer key (default: the demo corpus' dossier_gold.json).")
@json_option
def eval_dossier(gold_path: Path | None, as_json: bool) -> None:
    """Build a desk from the demo corpus in a temporary folder and score every story's dossier: its disagreements
    and its timeline against the answer key.

    JSON keys: disagreement_precision, disagreement_recall, timeline_precision, timeline_recall, their counts
    (disagreements_found, disagreements_expected, disagreements_right, timeline_given, timeline_expected,
    timeline_right), stories, missed, wrong.
    """
    from newsdesk.evaluate.dossier import evaluate_dossier, format_dossier_report

    report(run_evaluation(lambda: evaluate_dossier(gold_path)), as_json, format_dossier_report)
