"""A throw-away PostgreSQL server on this machine, started from the installed binaries and removed when done.

The test suite and the benchmarks run the PostgreSQL desk against a real server without asking anyone to set one
up, and a user can try a PostgreSQL desk the same way (``docs/postgresql.md``). The server listens on 127.0.0.1 at
a free port only, keeps its data and socket in a temporary folder and trusts local connections: it is for one
run on one machine, never for a desk that matters. Debian's ``postgresql`` package puts the binaries under
``/usr/lib/postgresql/<version>/bin``; as root (``initdb`` refuses root) they run as the package's ``postgres``
user.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from uuid import uuid4

BINARIES = "/usr/lib/postgresql/*/bin/initdb"
#: Server settings of a throw-away server: a power cut may lose the last commits, never damage the data, which is
#: as durable as the SQLite desk's WAL with ``synchronous = NORMAL``.
DURABLE_ENOUGH = ("-c synchronous_commit=off",)
#: And for a test server, whose data nobody keeps: no flushing at all.
NOTHING_KEPT = ("-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off")


@dataclass(frozen=True, slots=True)
class Server:
    """A running throw-away server: its maintenance database's URL and the postmaster's process id."""

    url: str
    pid: int


def binaries() -> Path | None:
    """The folder of the newest installed PostgreSQL server binaries, or ``None`` when none is installed."""
    found = sorted(glob.glob(BINARIES))
    return Path(found[-1]).parent if found else None


@contextmanager
def throwaway_server(*, keep_nothing: bool = False) -> Iterator[Server]:
    """Start a server (see the module docstring), yield it, and stop and remove it afterwards.

    keep_nothing (bool): Run without flushing to disk (``NOTHING_KEPT``), for tests; else ``DURABLE_ENOUGH``.
    RAISES: ``FileNotFoundError`` when no server binaries are installed.
    """
    bin_dir = binaries()
    if bin_dir is None:
        raise FileNotFoundError(f"no PostgreSQL server binaries ({BINARIES}); install Debian's postgresql package")
    # Not under a private temporary folder: the server runs as ``postgres`` when this process is root.
    folder = Path(tempfile.mkdtemp(prefix="newsdesk-postgres-"))
    as_server_user: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        as_server_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", _free_port()
    try:
        subprocess.run([*as_server_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                        "-E", "UTF8", "--locale=C.UTF-8", *(["--no-sync"] if keep_nothing else [])],
                       check=True, capture_output=True)
        settings = " ".join(NOTHING_KEPT if keep_nothing else DURABLE_ENOUGH)
        subprocess.run([*as_server_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} {settings}", "-w", "start"],
                       check=True, capture_output=True)
        try:
            pid = int((data / "postmaster.pid").read_text().split()[0])
            yield Server(f"postgresql://postgres@127.0.0.1:{port}/postgres", pid)
        finally:
            subprocess.run([*as_server_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m",
                            "immediate" if keep_nothing else "fast", "stop"], capture_output=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fresh_database(server_url: str, *, prefix: str = "newsdesk") -> Iterator[str]:
    """A new, empty database on the server of ``server_url`` (a maintenance database's URL), dropped afterwards
    with whatever connections are left. YIELDS: its URL."""
    import psycopg

    name = f"{prefix}_{uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(server_url)._replace(path="/" + name).geturl()
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
