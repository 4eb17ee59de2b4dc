"""How the CLI prints: desk text made safe to show, counts in words, JSON no terminal obeys, progress of long runs.

Text from a desk is data, never a command. A desk made before text was stored plain (``newsdesk.plaintext``) may
hold terminal escape sequences, and any title may look like rich markup (``[bold red]…[/]``, ``[link=…]``); file
names and failure reasons can hold both. Everything of that kind goes through ``shown`` before it is printed.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from newsdesk.model import SourceProblem
from newsdesk.plaintext import plain_text

__all__ = ["RunProgress", "add_row", "counted", "failure_line", "json_text", "shown"]

#: What ``json.dumps(ensure_ascii=False)`` leaves raw although a terminal may obey it: DEL and the C1 controls
#: (``\x9b`` alone starts a CSI sequence). C0 controls are escaped by ``json.dumps`` already.
_RAW_CONTROL = re.compile("[\x7f-\x9f]")


def shown(value: object) -> str:
    """``value`` ready for a rich markup string: escape sequences and control characters removed, markup escaped,
    so that ``[bold]`` prints as written and nothing retitles or clears the terminal. ``None`` shows as ``""``."""
    return "" if value is None else escape(plain_text(str(value)))


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``1 copy``, ``2 copies``, ``1,200 articles``."""
    return f"{number:,} {singular if number == 1 else plural or singular + 's'}"


def json_text(data: object, *, indent: int | None = None) -> str:
    """``data`` as exact JSON, UTF-8 kept readable but every control character escaped (``\\u009b``)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _RAW_CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def failure_line(problem: object) -> str:
    """One line (rich markup) for an input that failed: where it is and why."""
    if isinstance(problem, SourceProblem):
        return f"[red]FAILED[/] {shown(problem.origin)}: {shown(problem.reason)}"
    return f"[red]FAILED[/] {shown(problem)}"


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class _RateColumn(ProgressColumn):
    """Items per second, as rich estimates it over the last half minute."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.speed:,.1f}/s" if task.speed else "", style="progress.data.speed")


class RunProgress:
    """What a long run (``add``, ``analyze``) has done so far, shown while it goes, on ``console`` (stderr).

    On a terminal: a live bar with the counts, the rate and, when the total is known, the time left. Otherwise
    (a log, a pipe): one plain line every ``every`` seconds, so a long run is seen to be alive. Nothing when
    ``quiet``. Failures are printed as they happen in every mode, one line each (above the bar on a terminal).
    An instance is a ``newsdesk.desk.ProgressCallback``.

    kinds: the kinds of item the run reports (as ``Desk`` names them) and the word each is counted with.
    done_word: what all items together are, in the plain line ("1,200 read").
    done_kind: the kind that moves the bar and counts as done, when the run reports one for every item ahead of the
        others (``add`` reports "read" as each input is prepared, the outcomes only once their batch is stored);
        ``None``: every item of ``kinds`` counts.
    """

    def __init__(self, console: Console, verb: str, *, kinds: Mapping[str, str], done_word: str = "done",
                 done_kind: str | None = None, total: int | None = None, quiet: bool = False,
                 every: float = 10.0) -> None:
        self.console, self.verb, self.total, self.every = console, verb, total, every
        self.kinds, self.done_word, self.done_kind, self.quiet = kinds, done_word, done_kind, quiet
        self.counts = dict.fromkeys(kinds, 0)
        self._started = self._last_line = time.monotonic()
        self._bar = None if quiet or not console.is_terminal else self._new_bar()
        self._task = self._bar.add_task(verb, total=total, counts=self._counts()) if self._bar else None

    def _new_bar(self) -> Progress:
        known = self.total is not None
        columns: list[ProgressColumn | str] = [
            *([] if known else [SpinnerColumn()]),
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            *([MofNCompleteColumn()] if known else []),
            TextColumn("{task.fields[counts]}"),
            _RateColumn(),
            TimeElapsedColumn(),
            *([TimeRemainingColumn(), TextColumn("left")] if known else []),
        ]
        return Progress(*columns, console=self.console, transient=True)

    def __enter__(self) -> RunProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, kind: str, item: object) -> None:
        if kind == "failed":
            self.console.print(failure_line(item))
        self.advance(kind)

    def advance(self, kind: str) -> None:
        """Count one item of ``kind``; refresh the bar, or print the plain line when it is due."""
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if self._bar is not None and self._task is not None:
            moves = self.done_kind is None or kind == self.done_kind
            self._bar.update(self._task, advance=1 if moves else 0, counts=self._counts())
        elif not self.quiet and time.monotonic() - self._last_line >= self.every:
            self._last_line = time.monotonic()
            self.console.print(self.line(), markup=False, highlight=False)

    def _counts(self) -> str:
        return ", ".join(f"{self.counts.get(kind, 0):,} {word}" for kind, word in self.kinds.items())

    def line(self) -> str:
        """``add: 1,200 read, 1,150 added, 47 unchanged, 3 failed, 41.2/s`` (and the time left when known)."""
        done = (self.counts.get(self.done_kind, 0) if self.done_kind
                else sum(self.counts.get(kind, 0) for kind in self.kinds))
        rate = done / max(time.monotonic() - self._started, 1e-9)
        of_total = f" of {self.total:,}" if self.total is not None else ""
        left = (f", about {_duration((self.total - done) / rate)} left"
                if self.total is not None and rate and done < self.total else "")
        return f"{self.verb}: {done:,}{of_total} {self.done_word}, {self._counts()}, {rate:,.1f}/s{left}"


def add_row(table: Table, *cells: object) -> None:
    """Add a row of plain values (desk text, numbers, ``None``) to ``table``, each ``shown`` safely."""
    table.add_row(*(shown(cell) for cell in cells))
