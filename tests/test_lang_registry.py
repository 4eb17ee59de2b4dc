"""The language registry: one normaliser for language tags, and a language added from data files alone."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from newsdesk import lang
from newsdesk.analysis.pubdate import infer_publication_date
from newsdesk.analysis.sentences import split_sentences
from newsdesk.analysis.timex import find_timexes, has_rules
from newsdesk.cluster import ClusterDoc, extract_features

#: An invented, minimal Esperanto: every file a language may have without code (see src/newsdesk/lang/README.md).
ESPERANTO = {
    "calendar.json": {
        "months": {name: number for number, name in enumerate(
            ["januaro", "februaro", "marto", "aprilo", "majo", "junio", "julio", "aŭgusto", "septembro",
             "oktobro", "novembro", "decembro"], 1)},  # fmt: skip
        "weekdays": {"lundo": 1, "mardo": 2, "merkredo": 3, "ĵaŭdo": 4, "vendredo": 5, "sabato": 6, "dimanĉo": 7},
    },
    "abbreviations.json": {"never_end": ["ekz", "k.t.p"], "may_end": [], "sentence_starters": []},
    "stopwords.json": {"words": ["la", "kaj", "de", "en", "al", "estas"]},
    "writing.json": {"nouns_capitalised": False},
}


@pytest.fixture
def esperanto(tmp_path: Path) -> Iterator[str]:
    """Register a folder holding ``eo/`` with the files above, and forget it afterwards."""
    folder = tmp_path / "eo"
    folder.mkdir()
    for name, content in ESPERANTO.items():
        (folder / name).write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    lang.register_path(tmp_path)
    try:
        yield "eo"
    finally:
        lang.unregister_path(tmp_path)


@pytest.mark.parametrize(
    ("tag", "code"),
    [("de-AT", "de"), ("EN_gb", "en"), ("de", "de"), (" fr-CA ", "fr"), ("gsw-CH", "gsw"), (None, None), ("", None),
     ("German", None), ("12", None), (42, None)],
)
def test_normalise_reads_every_spelling_of_a_tag(tag: object, code: str | None) -> None:
    assert lang.normalise(tag) == code


def test_get_gives_the_files_of_a_shipped_language() -> None:
    german = lang.get("de-AT")
    assert german.code == "de" and german.known
    assert german.months["jänner"] == 1 and german.weekdays["sonnabend"] == 6
    assert german.has("timex") and german.module("timex") is not None
    assert "de" in lang.languages() and "en" in lang.languages()


def test_an_unknown_language_has_no_files_and_empty_data() -> None:
    unknown = lang.get("xq")
    assert not unknown.known and unknown.data("calendar") == {} and unknown.months == {}
    assert unknown.module("timex") is None and not unknown.has("quotes")
    assert lang.get("not a tag").code == "und"


def test_a_language_registered_from_files_alone_is_known(esperanto: str) -> None:
    assert esperanto in lang.languages()
    registered = lang.get("EO_001")
    assert registered.code == "eo" and registered.known
    assert registered.months["aŭgusto"] == 8 and registered.weekdays["dimanĉo"] == 7
    assert registered.module("timex") is None  # rule modules live in the package only


def test_sentences_read_the_registered_abbreviations(esperanto: str) -> None:
    text = "Venis multaj, ekz. Zamenhof kaj Grabowski. Poste ili dormis."
    assert [span.text for span in split_sentences(text, language="eo-XX")] == [
        "Venis multaj, ekz. Zamenhof kaj Grabowski.", "Poste ili dormis."]
    # without the registration the abbreviation before a name ends a sentence
    assert len(split_sentences(text, language="und")) == 3


def test_the_clusterer_reads_the_registered_months_and_function_words(esperanto: str) -> None:
    doc = ClusterDoc("eo-1", "Kongreso en Bulonjo", "La kongreso komenciĝis la 5. Aŭgusto 1905 en Bulonjo.",
                     None, "eo")
    features = extract_features(doc)
    assert (1905, 8, 5) in {(d.year, d.month, d.day) for d in features.lead_dates}
    assert "aŭgusto" not in features.terms and "la" not in features.terms
    assert "kongreso" in features.terms


def test_a_registered_language_finds_dates_by_its_calendar(esperanto: str) -> None:
    text = "La kongreso komenciĝis la 5. Aŭgusto 1905 en Bulonjo, la dua en aŭgusto 1906; la tria estis en 1907."
    found = [(timex.text, timex.value) for timex in find_timexes(text, language="eo")]
    assert found == [("5. Aŭgusto 1905", "1905-08-05"), ("aŭgusto 1906", "1906-08"), ("1907", "1907")]
    assert has_rules("eo") and not has_rules("xq")
    # the publication date is guessed from those dates as for any other language
    assert infer_publication_date(text, language="eo", not_after=date(2000, 1, 1)).value is not None


def test_month_first_dates_and_abbreviations_of_a_registered_calendar(tmp_path: Path) -> None:
    (tmp_path / "xx").mkdir()
    calendar = {"months": {"august": 8}, "month_abbreviations": {"aug": 8}}
    (tmp_path / "xx" / "calendar.json").write_text(json.dumps(calendar), encoding="utf-8")
    lang.register_path(tmp_path)
    try:
        assert lang.get("xx").months == {"august": 8, "aug": 8}
        found = find_timexes("Signed August 5, 1905 and Aug. 7 1905.", language="xx")
        assert [(timex.text, timex.value) for timex in found] == [
            ("August 5, 1905", "1905-08-05"), ("Aug. 7 1905", "1905-08-07")]
    finally:
        lang.unregister_path(tmp_path)


def test_patterns_are_built_from_the_calendar() -> None:
    german = lang.get("de")
    assert german.month_abbreviations["sept"] == 9 and "sept" not in german.month_names
    assert [timex.value for timex in find_timexes("am 3. Sept. 1939", language="de")] == ["1939-09-03"]
    assert lang.alternation(["sep", "sept"], capitalised=True) == "Sept|Sep"


def test_a_broken_data_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "eo").mkdir()
    (tmp_path / "eo" / "calendar.json").write_text("{ not json", encoding="utf-8")
    lang.register_path(tmp_path)
    try:
        with pytest.raises(ValueError, match="calendar.json: not a JSON file"):
            lang.get("eo").months
    finally:
        lang.unregister_path(tmp_path)


def test_the_environment_names_extra_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "eo").mkdir()
    (tmp_path / "eo" / "calendar.json").write_text(json.dumps(ESPERANTO["calendar.json"]), encoding="utf-8")
    monkeypatch.setenv(lang.ENVIRONMENT, str(tmp_path))
    lang.refresh()
    try:
        assert lang.get("eo").months["majo"] == 5
    finally:
        monkeypatch.delenv(lang.ENVIRONMENT)
        lang.refresh()
    assert not lang.get("eo").known


def _newsdesk_imports(path: Path, module: str) -> Iterator[str]:
    """Every ``newsdesk`` module or name that the module ``module`` at ``path`` imports, relative imports resolved
    (``from newsdesk import store`` and ``from .. import store`` both give ``newsdesk.store``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([node.module] if node.module else []))
            yield from (f"{base}.{alias.name}" for alias in node.names)


def test_the_language_layer_never_imports_a_stage() -> None:
    root = Path(lang.__file__).parent
    walked, stage_imports = [], []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        module = ".".join(("newsdesk", "lang", *(parts[:-1] if parts[-1] == "__init__" else parts)))
        walked.append(module)
        for name in _newsdesk_imports(path, module):
            if name.split(".")[0] == "newsdesk" and not (name + ".").startswith("newsdesk.lang."):
                stage_imports.append(f"{path.relative_to(root)}: {name}")
    assert {"newsdesk.lang.de.timex", "newsdesk.lang.de.quotes", "newsdesk.lang.timex_rules"} <= set(walked)
    assert stage_imports == []
