"""Per-language knowledge (rules, lexicons, trained models): one folder per language code, found through one registry.

A language is a folder ``<code>/`` holding data files (``calendar.json``, ``abbreviations.json``, ``clean.json``, …)
and, in the package only, rule modules (``timex.py``, ``quotes.py``); README.md lists which stage reads which file.
Adding a language is adding files, never editing the stages: they ask :func:`get` for what a language has and get
empty data for what it lacks. Besides this package, folders named by :func:`register_path` or by the environment
variable ``NEWSDESK_LANG_PATH`` (paths joined by ``os.pathsep``) are searched, first, so a language can be added or
extended without touching the installed package.

:func:`normalise` is the one place that turns a language tag as metadata writes it ("de-AT", "EN_gb") into the
ISO 639 code the folders are named by.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = [
    "ENVIRONMENT", "Language", "alternation", "get", "has_component", "languages", "normalise", "refresh",
    "register_path", "unregister_path",
]

ENVIRONMENT = "NEWSDESK_LANG_PATH"
"""Environment variable with extra folders of languages (joined by ``os.pathsep``), searched before the package."""

_PACKAGE_DIR = Path(__file__).resolve().parent
_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
_registered: list[Path] = []


def normalise(tag: object) -> str | None:
    """``"de-AT"``, ``"de_DE"``, ``"DE"`` → ``"de"``; ``None``, blanks and anything that is not a language tag
    (``"German"``, ``"1"``) → ``None``. Metadata spells languages many ways; rules, folders and models use the
    primary subtag alone."""
    if not isinstance(tag, str):
        return None
    match = _TAG.match(tag.strip())
    return match.group(1).lower() if match else None


def register_path(path: str | os.PathLike[str]) -> None:
    """Search the folder ``path`` (which holds ``<code>/`` folders) for languages, before the package's own.

    A language found there is known from then on; one that is also in the package takes each file from ``path``
    where it has one there. Caches are cleared, so lookups made afterwards see the new files.
    """
    folder = Path(path).resolve()
    if folder not in _registered:
        _registered.insert(0, folder)
    refresh()


def unregister_path(path: str | os.PathLike[str]) -> None:
    """Stop searching a folder named by :func:`register_path` (its languages are unknown again)."""
    folder = Path(path).resolve()
    if folder in _registered:
        _registered.remove(folder)
    refresh()


def _search_path() -> tuple[Path, ...]:
    from_environment = [Path(p).resolve() for p in os.environ.get(ENVIRONMENT, "").split(os.pathsep) if p]
    return (*_registered, *from_environment, _PACKAGE_DIR)


def refresh() -> None:
    for cached in (languages, get, has_component, _find, _read_json):
        cached.cache_clear()
    importlib.invalidate_caches()


@lru_cache(maxsize=1)
def languages() -> tuple[str, ...]:
    """Codes of every known language: each ``<code>/`` folder (a valid code) on the search path."""
    found = {entry.name for root in _search_path() if root.is_dir() for entry in root.iterdir()
             if entry.is_dir() and normalise(entry.name) == entry.name}  # fmt: skip
    return tuple(sorted(found))


@lru_cache(maxsize=1024)
def _find(folders: tuple[Path, ...], name: str) -> Path | None:
    """The first of ``folders`` that holds ``name``, asked of the file system once: stages ask per article."""
    return next((folder / name for folder in folders if (folder / name).exists()), None)


@lru_cache(maxsize=256)
def _read_json(path: Path) -> dict[str, Any]:
    """A language's data file; one that is no JSON object is a ValueError naming the file, so a broken file of an
    added language is found at once rather than read as "no data"."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a JSON file in UTF-8 ({error})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object, found {type(data).__name__}")
    return data


@dataclass(frozen=True, slots=True)
class Language:
    """What newsdesk knows of one language: its code and the folders its files are in (first found wins).

    A language newsdesk does not know has no folders; every lookup then gives empty data, so a stage needs no
    special case for it.
    """

    code: str
    folders: tuple[Path, ...] = ()

    @property
    def known(self) -> bool:
        return bool(self.folders)

    def path(self, name: str) -> Path | None:
        """The file or folder ``name`` (``"document_frequencies.tsv.gz"``, ``"ner"``) of this language, if any."""
        return _find(self.folders, name)

    def data(self, name: str) -> dict[str, Any]:
        """The JSON file ``<name>.json`` (``"calendar"``, ``"abbreviations"``), read once; ``{}`` without it."""
        found = self.path(f"{name}.json")
        return _read_json(found) if found is not None else {}

    def module(self, component: str) -> ModuleType | None:
        """The rule module ``newsdesk.lang.<code>.<component>`` (``"timex"``, ``"quotes"``), or ``None``."""
        known = has_component(self.code, component)
        return importlib.import_module(f"{__name__}.{self.code}.{component}") if known else None

    def has(self, component: str) -> bool:
        """Whether the language has ``component``: a rule module ``<component>.py`` or a data file
        ``<component>.json``."""
        return self.path(f"{component}.json") is not None or has_component(self.code, component)

    @property
    def months(self) -> dict[str, int]:
        """Every lower-cased spelling of a month, names and abbreviations, → month number (``calendar.json``)."""
        return {**self.month_names, **self.month_abbreviations}

    @property
    def month_names(self) -> dict[str, int]:
        """Month names written out ("januar", "jänner") → month number (``months`` of ``calendar.json``)."""
        names: dict[str, int] = self.data("calendar").get("months", {})
        return names

    @property
    def month_abbreviations(self) -> dict[str, int]:
        """Short forms ("jan", "sept") → month number (``month_abbreviations`` of ``calendar.json``): kept apart
        from the names because in running text they need their full stop ("Jan." is a month, "Jan" a first
        name)."""
        abbreviations: dict[str, int] = self.data("calendar").get("month_abbreviations", {})
        return abbreviations

    @property
    def weekdays(self) -> dict[str, int]:
        """Lower-cased weekday names → ISO weekday, Monday = 1 (``calendar.json``)."""
        weekdays: dict[str, int] = self.data("calendar").get("weekdays", {})
        return weekdays


def alternation(words: Iterable[str], *, capitalised: bool = False) -> str:
    """A regex alternation of ``words`` (escaped, longest first, so "Sept" wins over "Sep"), each with a capital
    first letter if ``capitalised``: patterns are built from the word lists, so a language names a word once."""
    spelled = {word[:1].upper() + word[1:] if capitalised else word for word in words}
    return "|".join(re.escape(word) for word in sorted(spelled, key=lambda word: (-len(word), word)))


@lru_cache(maxsize=64)
def get(tag: str | None) -> Language:
    """The language of ``tag`` (any spelling :func:`normalise` reads: ``"de-AT"`` is German); an unknown or
    unreadable tag gives a :class:`Language` without files (code ``"und"`` when the tag is not one)."""
    code = normalise(tag) or "und"
    return Language(code, tuple(root / code for root in _search_path() if (root / code).is_dir()))


@lru_cache(maxsize=64)
def has_component(code: str, component: str) -> bool:
    """Whether language ``code`` (ISO 639-1, e.g. ``"de"``) has the module ``newsdesk.lang.<code>.<component>``."""
    if normalise(code) != code:
        return False
    try:
        return importlib.util.find_spec(f"{__name__}.{code}.{component}") is not None
    except ModuleNotFoundError:  # no package for the language at all
        return False
