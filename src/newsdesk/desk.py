"""The ``Desk``: one newsdesk database and everything a user does with it.

The CLI (and any other front end) is a thin layer over this class, so a script can do exactly what the command
line does::

    from newsdesk import Desk
    with Desk("newsdesk.db") as desk:
        report = desk.add(["articles/"])
        for hit in desk.search('"Kim Jong-un" Brief'):
            print(hit.title)
        desk.export("out.jsonl", format="jsonl")
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Literal

from newsdesk.errors import DeskError
from newsdesk.export import write_export
from newsdesk.ingest import build_article, content_id
from newsdesk.model import Article, SourceDocument, SourceProblem
from newsdesk.sources import iter_sources
from newsdesk.store import SearchHit, Store

LOGGER = logging.getLogger(__name__)

DEFAULT_DB = "newsdesk.db"
DB_ENVIRONMENT_VARIABLE = "NEWSDESK_DB"
#: Articles per transaction: large enough that commits cost little, small enough that a killed ingest loses
#: at most this much work (the stored batches stay consistent either way).
BATCH_SIZE = 500


def default_db_path() -> str:
    """``$NEWSDESK_DB`` if set, else ``./newsdesk.db``."""
    return os.environ.get(DB_ENVIRONMENT_VARIABLE) or DEFAULT_DB


@dataclass(slots=True)
class AddReport:
    """What one ``Desk.add`` call did. ``problems`` lists every input that failed, with the reason."""

    added: int = 0
    unchanged: int = 0
    copies: int = 0
    problems: list[SourceProblem] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.problems)


#: Called for each input as it is handled: ("added" | "unchanged", Article or id) or ("failed", SourceProblem).
ProgressCallback = Callable[[str, object], None]


class Desk:
    """A desk: a SQLite file of articles with the operations newsdesk offers on it.

    path (Path | str | None): The database file; ``None`` means ``$NEWSDESK_DB`` or ``./newsdesk.db``.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else default_db_path()
        self.store = Store(self.path)

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def add(
        self,
        paths: Sequence[str],
        *,
        field_map: Mapping[str, str] | None = None,
        max_bytes: int = 20_000_000,
        outlet: str | None = None,
        outlet_from_folder: bool = False,
        stdin: IO[str] | IO[bytes] | None = None,
        progress: ProgressCallback | None = None,
    ) -> AddReport:
        """Ingest files, folders, globs or ``-`` (stdin): read, extract, clean and store every article in them.

        Input already on the desk is recognised by its content hash and left alone, so re-running is safe.
        Bad input never stops the run: each failure is reported (``AddReport.problems``, also stored in the
        desk's ``ingest_problems``) and the rest goes on. Articles are committed in batches of ``BATCH_SIZE``.

        outlet (str | None): Outlet name for inputs whose source names none (plain text files).
        outlet_from_folder (bool): Use the name of each file's folder as its outlet when the source names none.
        """
        report = AddReport()
        notify = progress or (lambda kind, item: None)
        run_id = self.store.start_run(paths)
        documents = iter_sources(paths, field_map=field_map, max_bytes=max_bytes, stdin=stdin)
        exhausted = False
        while not exhausted:
            with self.store.transaction():
                for _ in range(BATCH_SIZE):
                    doc = next(documents, None)
                    if doc is None:
                        exhausted = True
                        break
                    self._add_one(doc, run_id, report, notify, outlet=outlet, outlet_from_folder=outlet_from_folder)
        self.store.finish_run(run_id, added=report.added, unchanged=report.unchanged, failed=report.failed)
        return report

    def _add_one(
        self,
        doc: SourceDocument | SourceProblem,
        run_id: int,
        report: AddReport,
        notify: ProgressCallback,
        *,
        outlet: str | None,
        outlet_from_folder: bool,
    ) -> None:
        if isinstance(doc, SourceDocument):
            article_id = content_id(doc)
            if self.store.has_article(article_id):
                report.unchanged += 1
                notify("unchanged", article_id)
                return
            if not doc.outlet:
                doc.outlet = outlet or (_folder_name(doc.origin) if outlet_from_folder else None)
            result = build_article(doc, article_id=article_id)
        else:
            result = doc
        if isinstance(result, SourceProblem):
            report.problems.append(result)
            self.store.record_problem(run_id, result.origin, result.reason)
            notify("failed", result)
            return
        result.duplicate_of = self.store.first_with_text_hash(result.text_hash)
        self.store.insert_article(result)
        report.added += 1
        report.copies += result.duplicate_of is not None
        notify("added", result)

    def article(self, article_id: str) -> Article:
        """The article with this id (or an unambiguous id prefix). Raises ``DeskError`` when there is none."""
        article = self.store.get_article(article_id)
        if article is None:
            raise DeskError(f"no article with id {article_id!r} on the desk {self.path}")
        return article

    def articles(self) -> Iterator[Article]:
        """Every article, in the order added (streamed)."""
        return self.store.iter_articles()

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Ranked full-text hits over titles and texts. ``query`` uses SQLite FTS5 syntax (words, "phrases", OR,
        NOT, prefix*); an invalid query raises ``DeskError`` with a hint."""
        if not query.strip():
            raise DeskError("the search query is empty")
        return self.store.search(query, limit=limit)

    def export(self, destination: str | Path | IO[str], *, format: Literal["json", "jsonl"] = "json") -> int:
        """Write the desk in the versioned export format (``docs/export-format.md``). RETURNS (int): articles."""
        if isinstance(destination, (str, Path)):
            target = Path(destination)
            temporary = target.with_name(target.name + ".partial")
            with temporary.open("w", encoding="utf-8") as handle:
                count = write_export(self.articles(), handle, format=format)
            temporary.replace(target)  # never leave a half-written export under the real name
            return count
        return write_export(self.articles(), destination, format=format)

    def summary(self) -> dict[str, object]:
        """Counts for a quick look at the desk (articles, copies, languages, outlets, dated, removed lines)."""
        return self.store.summary()


def _folder_name(origin: str) -> str | None:
    path = origin.split("#", 1)[0]
    if path == "-":
        return None
    name = Path(path).parent.name
    return name or None
