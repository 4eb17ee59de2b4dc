"""Command-line paths → the files to read, each with the format to read it as.

Rules, chosen so that ``newsdesk add corpus/`` does the obvious thing and never reads a stray image or notes file:

* ``-`` is standard input (its format is sniffed).
* A file named explicitly is always read; a known extension decides its format, any other is sniffed.
* A folder is walked recursively in sorted name order (deterministic across machines), skipping hidden files
  and folders (``.git``, ``.DS_Store``), files whose name starts with ``_`` (the metadata beside a dataset's part
  files: ``_SUCCESS``, ``_manifest.json`` of ``newsdesk prepare``, as Spark and Hadoop skip them) and symbolic
  links to folders (no loops). Only files with a known
  extension are taken; ``.xml`` files only when they are RSS or Atom feeds (not sitemaps).
* A glob pattern (``*.txt``, ``**/*.html``; ``**`` recurses) is expanded in sorted order. ``**`` never enters a
  symbolic link to a folder, as a folder walk does not (``glob.glob`` would, and a link loop would never end).
  Matches are taken like folder contents, except that a pattern ending in a literal extension (``*.log``) takes
  every match by sniffing.
* A file reached twice in one call (a folder and a glob, or through a link) is read once.
* A path that does not exist, a glob without matches and a folder without readable files become problems.
* A path is shown (in problems, and as the origin of what is stored) with the bytes of its name that are not UTF-8
  as ``\\xff`` escapes and control characters as ``\\x1b``, so that it can always be printed and stored; the file is
  still opened by its real name.
"""

from __future__ import annotations

import glob
import logging
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from newsdesk.model import SourceProblem

LOGGER = logging.getLogger(__name__)

Kind = Literal["text", "html", "json", "jsonl", "parquet", "warc", "feed", "xml", "sniff", "stdin"]

#: extension → format; ".xml" is read only when it turns out to be a feed
KNOWN_SUFFIXES: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",
}
_GLOB_CHARS = frozenset("*?[")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One input to read.

    path (str): The path as the user wrote it (or as found under their folder): it becomes the origin.
    kind (Kind): The format to read it as; ``"sniff"`` and ``"xml"`` are decided from the first bytes.
    gz (bool): The file is gzip-compressed and must be unpacked first (WARC files unpack themselves).
    explicit (bool): Named by the user (so it is read even if it turns out not to be an article file).
    """

    path: str
    kind: Kind
    gz: bool = False
    explicit: bool = True

    @property
    def origin(self) -> str:
        """The path as problems and documents name it (see ``printable_path``)."""
        return printable_path(self.path)


def printable_path(path: str) -> str:
    """``path`` as text that can be printed and stored: undecodable bytes and control characters as ``\\x..``.

    Names from the file system or the command line that are not UTF-8 reach Python as lone surrogates, which
    neither a terminal nor SQLite accepts.
    """
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no file name could have produced
        raw = path.encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def kind_of(path: str) -> tuple[Kind, bool] | None:
    """The format a file name announces, with whether it is gzipped; ``None`` for unknown extensions."""
    name = os.path.basename(path).lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    kind = KNOWN_SUFFIXES.get(os.path.splitext(name)[1])
    if kind is None:
        return ("sniff", True) if gz else None
    return kind, gz and kind != "warc"  # warcio undoes gzip itself, record by record


def expand_paths(paths: Sequence[str]) -> Iterator[Entry | SourceProblem]:
    """Expand files, folders, globs and ``-`` into entries in a deterministic order (see the module docstring)."""
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            yield Entry("-", "stdin")
        elif os.path.isdir(raw):
            yield from _unique(_walk(raw), seen)
        elif os.path.lexists(raw):
            known = kind_of(raw)
            yield from _unique([Entry(raw, known[0], known[1]) if known else Entry(raw, "sniff")], seen)
        elif _GLOB_CHARS & set(raw):
            yield from _unique(_glob(raw), seen)
        else:
            yield SourceProblem(printable_path(raw), "no such file or directory")


def _unique(entries: Iterator[Entry | SourceProblem] | list[Entry], seen: set[str]) -> Iterator[Entry | SourceProblem]:
    for entry in entries:
        if isinstance(entry, Entry):
            real = os.path.realpath(entry.path)
            if real in seen:
                LOGGER.debug("skipping %s: already read in this run", entry.path)
                continue
            seen.add(real)
        yield entry


def _walk(folder: str, *, report_empty: bool = True) -> Iterator[Entry | SourceProblem]:
    found = 0
    for item in _walk_files(folder):
        if isinstance(item, SourceProblem):
            yield item
            continue
        known = kind_of(item)
        if known is None or known[0] == "sniff":
            LOGGER.debug("skipping %s: not a known article file type", item)
            continue
        found += 1
        yield Entry(item, known[0], known[1], explicit=False)
    if found == 0 and report_empty:
        suffixes = ", ".join(sorted(KNOWN_SUFFIXES))
        reason = f"folder holds no files newsdesk can read ({suffixes}, optionally .gz)"
        yield SourceProblem(printable_path(folder), reason)


def _walk_files(folder: str) -> Iterator[str | SourceProblem]:
    """Every non-hidden, non-metadata file under ``folder``, depth first in name order, without following folder
    links."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield SourceProblem(printable_path(folder), f"cannot read folder: {(error.strerror or str(error)).lower()}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        if entry.name.startswith("_") and not entry.is_dir(follow_symlinks=False):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk_files(path)
            elif entry.is_file():
                yield path
        except OSError:  # a file vanished or is unreadable while walking; reading it would fail the same way
            yield SourceProblem(printable_path(path), "cannot read: file vanished or is not accessible")


def _glob(pattern: str) -> Iterator[Entry | SourceProblem]:
    matches = sorted(set(_glob_matches(pattern)))
    if not matches:
        yield SourceProblem(printable_path(pattern), "no files match this pattern")
        return
    suffix = os.path.splitext(os.path.basename(pattern))[1]
    names_suffix = bool(suffix) and not (_GLOB_CHARS & set(suffix))
    for match in matches:
        if os.path.isdir(match):
            yield from _walk(match, report_empty=False)
            continue
        known = kind_of(match)
        if known and known[0] != "sniff":
            yield Entry(match, known[0], known[1], explicit=names_suffix)
        elif names_suffix or known:
            yield Entry(match, "sniff", known[1] if known else False)
        else:
            LOGGER.debug("skipping %s: not a known article file type", match)


def _glob_matches(pattern: str) -> Iterator[str]:
    """What ``glob.glob(pattern, recursive=True)`` matches, except that ``**`` never enters a link to a folder.

    Python's ``**`` follows folder links, so a link to a folder above it is walked again and again until the path
    is too long, and two such links make that never end.
    """
    parts = pattern.split(os.sep)
    if "**" not in parts:
        yield from glob.glob(pattern)
        return
    at = parts.index("**")
    prefix, rest = os.sep.join(parts[:at]), os.sep.join(parts[at + 1 :])
    roots = glob.glob(prefix) if _GLOB_CHARS & set(prefix) else [prefix]
    for root in roots:
        if root and not os.path.isdir(root):
            continue
        for folder in _folders(root):  # a final ``**`` matches everything in every folder, like ``*`` in each
            yield from _glob_matches(os.path.join(glob.escape(folder), rest or "*"))


def _folders(root: str) -> Iterator[str]:
    """``root`` and every non-hidden folder below it, never through a folder link (``""`` is the current folder)."""
    yield root
    try:
        with os.scandir(root or os.curdir) as scan:
            names = sorted(entry.name for entry in scan
                           if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False))
    except OSError:
        return
    for name in names:
        yield from _folders(os.path.join(root, name))


def default_outlet(origin: str, outlet: str | None, from_folder: bool) -> str | None:
    """The outlet of a document whose source names none: ``outlet`` (``--outlet``), else with ``from_folder``
    (``--outlet-from-folder``) the name of the folder its file is in (``corpus/taz/a.txt`` -> ``taz``); ``None``
    for standard input or a file at the top."""
    if outlet or not from_folder:
        return outlet
    path = origin.split("#", 1)[0]
    if path == "-":
        return None
    return os.path.basename(os.path.dirname(path)) or None
