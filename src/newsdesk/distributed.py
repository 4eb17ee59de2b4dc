"""``newsdesk prepare``: the per-article work of ``add`` as a distributed map on Ray Data, written as Parquet.

Extraction, cleaning, language identification and the analysis (``newsdesk.prepare.prepare``) need nothing but
the document, and are nearly all of what ``add`` costs; placing articles into events needs the whole desk, one
article after another. So the first part runs here, on as many machines as a Ray cluster has, and its output is
a folder of Parquet files in the export contract's article table (``docs/export-format.md``), analysis included,
which ``newsdesk add OUT/de`` places without any per-article NLP (``prepare.reused_analysis``).
``docs/distributed.md`` records why Ray Data and not Spark, and how to run it.

The pipeline: the driver lists the input files (``sources.expand_paths``, as ``add`` would); one Ray task per file
reads it (``sources.iter_entries``) and gives each document the id ``add`` would give it (``ingest.content_id``);
the documents are cut into batches that a pool of actors prepares, each actor loading the language models once;
the results are sorted by language and publication time and written by the driver, language by language, as
``OUT/<lang>/part-NNNNN.parquet``, with ``OUT/_manifest.json`` and ``OUT/_problems.jsonl`` beside them.

Ray is optional (``pip install 'newsdesk[distributed]'``) and imported only here.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

from newsdesk.analysis import ANALYSIS_VERSION
from newsdesk.errors import DeskError
from newsdesk.export import article_record, export_header, parquet_export_paths, parquet_row, parquet_schema
from newsdesk.ingest import content_id
from newsdesk.model import Article, Provenance, RemovedLine, SourceDocument, SourceProblem
from newsdesk.sources import iter_entries
from newsdesk.sources._paths import Entry, default_outlet, expand_paths, printable_path
from newsdesk.sources.parquet import load_pyarrow

__all__ = ["MANIFEST", "PROBLEMS", "RAY_MISSING", "PrepareOptions", "PrepareReport", "load_ray", "prepare_folder"]

LOGGER = logging.getLogger(__name__)

RAY_MISSING = "newsdesk prepare needs Ray, which is not installed: pip install 'newsdesk[distributed]'"
MANIFEST = "_manifest.json"
PROBLEMS = "_problems.jsonl"
UNDETERMINED = "und"
"""The folder of articles whose language is not known (ISO 639-2 "undetermined")."""
BATCH_SIZE = 16
"""Documents an actor prepares per call: ~1.5 s of analysis, short enough that a killed actor loses little."""
ROWS_PER_PART = 10_000
ROWS_PER_GROUP = 1_000
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*")
#: Columns the actors add to the article table, to sort and route rows; they are not written.
_ROUTING = (("lang", "string"), ("undated", "bool"), ("when", "string"), ("problem", "string"))
_SORT_KEYS = ["lang", "undated", "when", "id"]


@dataclass(frozen=True, slots=True)
class PrepareOptions:
    """How to read and prepare: the options of ``newsdesk add`` that change what an article becomes."""

    analyze: bool = True
    field_map: Mapping[str, str] | None = None
    max_bytes: int = 20_000_000
    outlet: str | None = None
    outlet_from_folder: bool = False


@dataclass(slots=True)
class PrepareReport:
    """What one ``prepare_folder`` run wrote: articles per language, problems, and inputs repeated in the input
    (the same id twice; written once, as ``add`` stores it once)."""

    output: Path
    languages: dict[str, int] = field(default_factory=dict)
    problems: list[SourceProblem] = field(default_factory=list)
    repeated: int = 0

    @property
    def articles(self) -> int:
        return sum(self.languages.values())


def load_ray() -> Any:
    """The ``ray`` module with Ray Data. RAISES (DeskError): with the extra to install when Ray is missing."""
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise DeskError(RAY_MISSING) from error
    return ray


def prepare_folder(paths: Sequence[str], output: str | Path, *, options: PrepareOptions = PrepareOptions(),
                   workers: int = 2, address: str | None = None, batch_size: int = BATCH_SIZE,
                   rows_per_part: int = ROWS_PER_PART,
                   on_problem: Callable[[SourceProblem], None] | None = None) -> PrepareReport:
    """Prepare every article in ``paths`` on Ray and write them to the folder ``output`` (replaced as a whole).

    workers: Actors that prepare articles (each holds the language models: ~0.5 GB). address: the Ray cluster to
    run on (``ray://host:10001``, ``auto``); ``None`` starts a local Ray with ``workers + 1`` CPUs (``_check_cpus``),
    or uses the Ray this process already runs. batch_size: documents per actor call. rows_per_part: the most
    articles in one part file. on_problem: called for each input that failed, as the output is written.
    RAISES (DeskError): Ray or pyarrow missing, an ``output`` that is not a previous output of this command, or
    a cluster that cannot be reached.
    """
    ray = load_ray()
    pa, pq = load_pyarrow()
    target = Path(output)
    _check_replaceable(target)
    listed, problems = _listed_files(paths)
    partial = target.parent / f".{target.name}.partial-{os.getpid()}"
    report = PrepareReport(target)
    notify = on_problem or (lambda problem: None)
    for problem in problems:
        notify(problem)
    report.problems.extend(problems)
    try:
        partial.mkdir(parents=True)
        with _ray_session(ray, workers, address):
            rows = _prepared_rows(ray, listed, options, workers=workers, batch_size=batch_size)
            _write_parts(pa, pq, rows, partial, report, notify, rows_per_part=rows_per_part)
        _write_sidecars(partial, report, paths, len(listed), options)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _replace(partial, target)
    return report


def _check_replaceable(target: Path) -> None:
    """Refuse to replace a folder this command did not write: the run replaces ``output`` as a whole."""
    if target.exists() and not (target / MANIFEST).is_file() and (not target.is_dir() or any(target.iterdir())):
        raise DeskError(f"{target} exists and is not the output of newsdesk prepare; choose a new or empty folder")


def _listed_files(paths: Sequence[str]) -> tuple[list[Entry], list[SourceProblem]]:
    """The files to read, as ``add`` lists them, and the paths that name none. The events and stories files of a
    Parquet export found in a folder are left out here (``add`` skips them too), so no task is spent on them."""
    listed, problems = [], []
    for entry in expand_paths(list(paths)):
        if isinstance(entry, SourceProblem):
            problems.append(entry)
        elif entry.kind == "stdin":
            problems.append(SourceProblem("-", "newsdesk prepare reads files, not standard input; save it to a file"))
        elif not entry.explicit and _export_sibling(entry.path):
            LOGGER.debug("skipping %s: events or stories of a newsdesk export", entry.path)
        else:
            listed.append(entry)
    return listed, problems


def _export_sibling(path: str) -> bool:
    stem = Path(path).name.split(".")[0]
    siblings = parquet_export_paths(Path(path).with_name(f"{stem}.parquet"))
    return Path(path) in (siblings["events"], siblings["stories"])


@contextmanager
def _ray_session(ray: Any, workers: int, address: str | None) -> Iterator[None]:
    """Ray for one run: the one this process already runs, the cluster at ``address``, or a local one with
    ``workers`` CPUs and one for reading, without dashboard or worker logs on the terminal. Only a Ray started
    here is stopped."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    context.enable_auto_log_stats = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    if ray.is_initialized():
        _check_cpus(ray, workers)
        yield
        return
    settings = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address:
            ray.init(address=address, **settings)
        else:
            ray.init(num_cpus=workers + 1, **settings)
    except (ConnectionError, RuntimeError, ValueError) as error:
        raise DeskError(f"cannot start Ray{f' at {address}' if address else ''}: {error}") from error
    try:
        _check_cpus(ray, workers)
        yield
    finally:
        ray.shutdown()


def _check_cpus(ray: Any, workers: int) -> None:
    """Refuse more actors than the cluster has CPUs for beside one: the actors hold theirs for the whole map, and
    reading, cutting into batches and sorting need one more (with none left, the run would wait for good)."""
    cpus = int(ray.cluster_resources().get("CPU", 0))
    if workers > cpus - 1:
        raise DeskError(f"the Ray cluster has {cpus} CPUs: run at most {max(cpus - 1, 0)} workers (--workers), "
                        "one CPU reads the input and sorts the output")


def _prepared_rows(ray: Any, listed: list[Entry], options: PrepareOptions, *, workers: int,
                   batch_size: int) -> Iterator[Any]:
    """The prepared articles and problems as Arrow tables, sorted by language, publication time and id (problems,
    language ``""``, first, in input order).

    An actor that dies is restarted and its batch retried: Ray Data's actor pool sets ``max_restarts=-1`` and
    ``max_task_retries=-1`` itself (passing them in ``ray_remote_args`` is deprecated since Ray 2.60), and keeps
    each batch's output once, so no article is lost or doubled (``tests/test_distributed.py`` kills one)."""
    files = [{"file": number, "entry": json.dumps(asdict(entry))} for number, entry in enumerate(listed)]
    if not files:
        return iter(())
    documents = ray.data.from_items(files, override_num_blocks=len(files))
    documents = documents.map_batches(read_files, fn_kwargs={"options": options}, batch_size=1,
                                      compute=ray.data.TaskPoolStrategy(size=min(workers, len(files))))
    documents = documents.repartition(target_num_rows_per_block=batch_size)
    prepared = documents.map_batches(
        PrepareActor, fn_constructor_kwargs={"analyze": options.analyze}, batch_size=batch_size, num_cpus=1,
        compute=ray.data.ActorPoolStrategy(size=workers)).materialize()  # ends the pool: the sort needs its CPUs
    return prepared.sort(_SORT_KEYS).iter_batches(batch_format="pyarrow", batch_size=ROWS_PER_GROUP)


def read_files(batch: dict[str, Any], *, options: PrepareOptions) -> Iterator[dict[str, list[Any]]]:
    """The documents of a batch of files (a Ray task): each with its place in the input and the id ``add`` gives
    it, in blocks of ``ROWS_PER_GROUP`` rows, so that a large file is never held whole."""
    for file, listed in zip(batch["file"], batch["entry"], strict=True):
        items = iter_entries([Entry(**json.loads(listed))], field_map=options.field_map, max_bytes=options.max_bytes)
        rows = ({"file": int(file), "number": number, **_document_row(item, options)}
                for number, item in enumerate(items, 1))
        while block := list(islice(rows, ROWS_PER_GROUP)):
            yield {name: [row[name] for row in block] for name in block[0]}


def _document_row(item: SourceDocument | SourceProblem, options: PrepareOptions) -> dict[str, str]:
    """A document or problem as plain columns (``id``, ``document`` and ``problem`` as JSON; ``""`` where none),
    with the outlet ``add`` would give it (``Desk._jobs``)."""
    from newsdesk.prepare import failure

    if isinstance(item, SourceProblem):
        return {"id": "", "document": "", "problem": _problem_json(item)}
    try:
        article_id = content_id(item)
    except Exception as error:
        return {"id": "", "document": "", "problem": _problem_json(failure(item.origin, "reading", error))}
    if not item.outlet:
        item.outlet = default_outlet(item.origin, options.outlet, options.outlet_from_folder)
    return {"id": article_id, "document": json.dumps(asdict(item)), "problem": ""}  # ASCII: lone surrogates too


class PrepareActor:
    """Prepares batches of documents (a Ray actor): ``prepare.prepare``, as ``add`` runs it, once per document.

    The language models load in ``__init__``, once per actor, by analysing one short invented sentence."""

    def __init__(self, analyze: bool) -> None:
        from newsdesk.cluster import OnlineEventClusterer
        from newsdesk.prepare import PrepareSettings, analysis_or_problem

        self.pa, _ = load_pyarrow()
        self.settings = PrepareSettings(OnlineEventClusterer().feature_settings(), analyze)
        self.schema = _output_schema(self.pa)
        if analyze:
            analysis_or_problem(Article(id="warm-up", source="warm-up", language="de",
                                        text="Der Stadtrat von Talheim tagte am Montag im Rathaus."))

    def __call__(self, batch: dict[str, Any]) -> Any:
        rows: list[dict[str, Any]] = []
        for file, number, article_id, document, problem in zip(batch["file"], batch["number"], batch["id"],
                                                                batch["document"], batch["problem"], strict=True):
            place = f"{int(file):08d}:{int(number):010d}"
            if problem:
                rows.append(_problem_row(problem, place))  # the reading task's JSON, passed on as it is
            else:
                rows.extend(self._prepared_rows(json.loads(document), str(article_id), place))
        return self.pa.Table.from_pylist(rows, schema=self.schema)

    def _prepared_rows(self, data: dict[str, Any], article_id: str, place: str) -> list[dict[str, Any]]:
        """One document's rows: its article (and the problem of its analysis, if any), or its problem. An
        exception here is the document's problem: raised, it would stop the whole run (Ray retries dead actors,
        not failing code)."""
        from newsdesk.prepare import failure, prepare

        doc = _document_from_json(data)
        prepared = prepare(doc, article_id, self.settings)
        if not isinstance(prepared.article, Article):
            return [_problem_row(_problem_json(prepared.article), place)] if prepared.article else []
        try:
            rows = [_article_row(prepared.article, prepared.analysis)]
        except Exception as error:
            return [_problem_row(_problem_json(failure(doc.origin, "writing", error)), place)]
        if prepared.analysis_problem is not None:
            rows.append(_problem_row(_problem_json(prepared.analysis_problem), place))
        return rows


def _document_from_json(data: dict[str, Any]) -> SourceDocument:
    """The ``SourceDocument`` that ``_document_row`` sent as JSON (``dataclasses.asdict``)."""
    first = data.get("provenance")
    provenance = None if first is None else Provenance(
        first["source"], first["extraction"], tuple(RemovedLine(**line) for line in first["removed"]),
        tuple(first["notes"]))
    return SourceDocument(**{**data, "authors": tuple(data["authors"]), "notes": tuple(data["notes"]),
                             "provenance": provenance})


def _output_schema(pa: Any) -> Any:
    """The export contract's article table with the routing columns (``_ROUTING``) after it."""
    types = {"string": pa.string(), "bool": pa.bool_()}
    schema = parquet_schema(pa, "articles")
    for name, kind in _ROUTING:
        schema = schema.append(pa.field(name, types[kind]))
    return schema


def _problem_json(problem: SourceProblem) -> str:
    """How a problem travels between the stages (``_write_parts`` turns it back into a ``SourceProblem``)."""
    return json.dumps(asdict(problem))


def _problem_row(problem_json: str, place: str) -> dict[str, Any]:
    return {"lang": "", "undated": False, "when": place, "id": "", "problem": problem_json}


def _article_row(article: Article, analysis: dict[str, Any] | None) -> dict[str, Any]:
    record = parquet_row("articles", article_record((article, None, None, analysis)))
    when = _utc_time(article.published)
    return {**record, "lang": _language_folder(article.language), "undated": when is None, "when": when or "",
            "problem": None}


def _language_folder(language: str | None) -> str:
    code = (language or "").lower()
    return code if _LANGUAGE.fullmatch(code) else UNDETERMINED


def _utc_time(published: str | None) -> str | None:
    """``published`` as UTC ISO 8601 text, which sorts in time order whatever offset the source wrote (a date alone
    is its midnight, a time without offset is taken as UTC); text that is no ISO date sorts as it is."""
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    except (ValueError, OverflowError):  # not ISO 8601, or out of range in UTC (year 1 with an offset)
        return published


class _PartWriter:
    """Writes sorted rows as ``<lang>/part-NNNNN.parquet``, up to ``rows_per_part`` rows a file, each file with
    ``schema``: the export's article table with its header (``table: articles``), so that ``add`` keeps the ids and
    reuses the analysis."""

    def __init__(self, pq: Any, root: Path, schema: Any, rows_per_part: int) -> None:
        self.pq, self.root, self.rows_per_part, self.schema = pq, root, rows_per_part, schema
        self.writer: Any = None
        self.language, self.part, self.rows = "", 0, 0

    def write(self, language: str, table: Any) -> None:
        while table.num_rows:
            if language != self.language or self.rows >= self.rows_per_part:
                self._next_part(language)
            room = self.rows_per_part - self.rows
            self.writer.write_table(table.slice(0, room).select(self.schema.names).cast(self.schema))
            self.rows += min(room, table.num_rows)
            table = table.slice(room)

    def _next_part(self, language: str) -> None:
        self.close()
        self.part = self.part + 1 if language == self.language else 0
        self.language, self.rows = language, 0
        folder = self.root / language
        folder.mkdir(exist_ok=True)
        self.writer = self.pq.ParquetWriter(folder / f"part-{self.part:05d}.parquet", self.schema, compression="zstd")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def _write_parts(pa: Any, pq: Any, batches: Iterator[Any], root: Path, report: PrepareReport,
                 notify: Callable[[SourceProblem], None], *, rows_per_part: int) -> None:
    """Route the sorted rows: problems to ``report`` (and ``notify``), articles to their language's part files;
    an id seen before (the same input twice) is dropped, as ``add`` would store it once."""
    writer = _PartWriter(pq, root, parquet_schema(pa, "articles", export_header()), rows_per_part)
    seen: set[str] = set()
    try:
        for batch in batches:
            for language, rows in _language_runs(batch):
                if not language:
                    for raw in rows.column("problem").to_pylist():
                        problem = SourceProblem(**json.loads(raw))
                        report.problems.append(problem)
                        notify(problem)
                    continue
                rows = _unseen(pa, rows, seen, report)
                if rows.num_rows:
                    writer.write(language, rows)
                    report.languages[language] = report.languages.get(language, 0) + rows.num_rows
    finally:
        writer.close()


def _unseen(pa: Any, rows: Any, seen: set[str], report: PrepareReport) -> Any:
    """The rows whose id is not in ``seen`` (which they join), counting the others as repeated."""
    keep = []
    for article_id in rows.column("id").to_pylist():
        keep.append(article_id not in seen)
        seen.add(article_id)
    report.repeated += keep.count(False)
    return rows.filter(pa.array(keep))


def _language_runs(batch: Any) -> Iterator[tuple[str, Any]]:
    """The rows of a sorted batch in runs of one language."""
    languages = batch.column("lang").to_pylist()
    start = 0
    for end in range(1, len(languages) + 1):
        if end == len(languages) or languages[end] != languages[start]:
            yield languages[start], batch.slice(start, end - start)
            start = end


def _write_sidecars(root: Path, report: PrepareReport, paths: Sequence[str], files: int,
                    options: PrepareOptions) -> None:
    """``_problems.jsonl`` (every failed input, in input order) and ``_manifest.json`` (what the run read and wrote)."""
    with (root / PROBLEMS).open("w", encoding="utf-8") as handle:
        for problem in report.problems:
            handle.write(json.dumps(asdict(problem), ensure_ascii=False) + "\n")
    header = export_header()
    manifest = {
        "generator": header["generator"],
        "generated_at": header["generated_at"],
        "inputs": [printable_path(path) for path in paths],
        "files": files,
        "analysis_version": ANALYSIS_VERSION if options.analyze else None,
        "articles": report.articles,
        "languages": dict(sorted(report.languages.items())),
        "repeated": report.repeated,
        "problems": len(report.problems),
    }
    (root / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _replace(partial: Path, target: Path) -> None:
    """Put the finished output in place of ``target``: one rename, after moving a previous output aside."""
    previous = target.parent / f".{target.name}.previous-{os.getpid()}"
    if target.exists():
        target.rename(previous)
    partial.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
