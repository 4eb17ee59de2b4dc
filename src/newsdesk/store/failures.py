"""What every database backend's failures have in common: a ``DeskError`` that says what the failure means for the
desk, and whether it is about the record being written (too big, a value the database cannot take) or about the
desk itself (busy, read-only, full, damaged, unreachable). ``Desk.add`` lets the first cost one article and stops
on the second; it asks ``about_the_record``, never a backend's error codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from newsdesk.errors import DeskError


class StoreFailure(DeskError):
    """A database failure on a desk. ``reason``: the database's message and what it means for a user;
    ``about_the_record``: whether the value being written caused it (the desk itself is fine)."""

    def __init__(self, name: str, reason: str, *, about_the_record: bool) -> None:
        self.reason = reason
        self.about_the_record = about_the_record
        super().__init__(f"{name}: {reason}")


class Rows:
    """The rows of one statement (a cursor), read with the backend's failures explained: a damaged page, or a lost
    connection, is met while reading, not only when the statement starts."""

    def __init__(self, cursor: Any, errors: type[Exception] | tuple[type[Exception], ...],
                 fail: Callable[[Exception], StoreFailure]) -> None:
        self._cursor = cursor
        self._errors = errors
        self._fail = fail
        self.rowcount = cursor.rowcount

    def fetchone(self) -> Any:
        try:
            return self._cursor.fetchone()
        except self._errors as error:
            raise self._fail(error) from error

    def fetchall(self) -> list[Any]:
        try:
            return self._cursor.fetchall()
        except self._errors as error:
            raise self._fail(error) from error

    def __iter__(self) -> Iterator[Any]:
        try:
            for row in self._cursor:  # not ``yield from``: closing this half-read generator would close the cursor,
                yield row             # which fails once the connection is closed (or, for a PostgreSQL server-side
            self._cursor.close()      # cursor, once its transaction is over); a cursor read to the end is closed
        except self._errors as error:
            raise self._fail(error) from error
