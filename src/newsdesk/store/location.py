"""Where a desk is: an SQLite file's path, or a PostgreSQL database's URL; opening the backend that keeps it; and
how messages may show it.

A URL can carry a password (``postgresql://user:secret@host/db``, or ``?password=secret``); every message, log
line and error shows the desk by ``shown_location``, which puts ``***`` in its place.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from newsdesk.errors import DeskError
from newsdesk.store.file import connect, identify

#: How a ``--db`` names a PostgreSQL database instead of an SQLite file.
POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD_PARAMETER = re.compile(r"(?i)([?&]password=)[^&#]*")


def is_database_url(location: str) -> bool:
    """Whether ``location`` names a PostgreSQL database (``postgresql://user@host/db``) rather than a file."""
    return location.startswith(POSTGRESQL_SCHEMES)


def url_password(location: str) -> str | None:
    """The password a database URL carries, if any (to take out of the server's messages too)."""
    try:
        password = urlsplit(location).password
    except ValueError:
        return None
    return unquote(password) if password else None


def shown_location(location: str) -> str:
    """``location`` as messages may show it: a database URL without its password (``user:***@host``)."""
    if not is_database_url(location):
        return location
    shown = _PASSWORD_PARAMETER.sub(r"\1***", location)
    scheme, _, rest = shown.partition("://")
    authority, slash, path = rest.partition("/")
    if "@" in authority:
        credentials, _, host = authority.rpartition("@")
        user, has_password, _ = credentials.partition(":")
        authority = f"{user}:***@{host}" if has_password else authority
    return f"{scheme}://{authority}{slash}{path}"


def open_connection(location: str, *, create: bool, read_only: bool) -> Any:
    """The backend connection (``store.file.Connection`` or ``store.postgres.Connection``) to the desk at
    ``location``, recognised first: another program's database is refused untouched."""
    create = create and not read_only
    if is_database_url(location):
        try:
            from newsdesk.store import postgres  # only a PostgreSQL desk needs psycopg
        except ModuleNotFoundError as error:
            if error.name != "psycopg":
                raise
            raise DeskError(f"{shown_location(location)}: a PostgreSQL desk needs psycopg: "
                            "pip install 'newsdesk[postgresql]'") from error
        return postgres.open_desk(location, create=create, read_only=read_only)
    if location != ":memory:":
        identify(location, create=create)
    return connect(location, read_only=read_only)
