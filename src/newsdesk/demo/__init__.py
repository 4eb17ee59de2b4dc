"""The bundled demo corpus: original, fictional German and English news written for newsdesk (see README.md here).

``run_demo`` is newsdesk's main job on that corpus: build a desk from it, group it into events and stories, export
it and write the report of its stories, exactly as a user would with ``newsdesk add``, ``newsdesk stories``,
``newsdesk export`` and ``newsdesk report``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from newsdesk.desk import AddReport, Desk, ProgressCallback
from newsdesk.model import StorySummary
from newsdesk.report import write_report


def corpus_path() -> Path:
    """The folder of demo articles inside the installed package (one sub-folder per fictional outlet)."""
    return Path(str(resources.files("newsdesk.demo") / "corpus"))


@dataclass(slots=True, frozen=True)
class DemoResult:
    """Where the demo put its output and what ingesting the corpus did."""

    db_path: Path
    export_path: Path
    report_path: Path
    report: AddReport
    summary: dict[str, object]
    stories: list[StorySummary]


def run_demo(output_dir: Path | str, *, progress: ProgressCallback | None = None) -> DemoResult:
    """Ingest the demo corpus into ``output_dir/desk.db``, export it to ``output_dir/export.json`` and write the
    report of its stories to ``output_dir/report.html``.

    Safe to re-run: the desk recognises articles it already holds and the export is rewritten.
    """
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    db_path, export_path, report_path = output / "desk.db", output / "export.json", output / "report.html"
    with Desk(db_path) as desk:
        report = desk.add([str(corpus_path())], outlet_from_folder=True, progress=progress)
        desk.export(export_path, format="json")
        write_report(desk, report_path)
        summary = desk.summary()
        stories = desk.stories()
    return DemoResult(db_path=db_path, export_path=export_path, report_path=report_path, report=report,
                      summary=summary, stories=stories)
