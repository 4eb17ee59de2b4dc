"""Fixtures shared by all tests (one global conftest, as in spaCy)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run tests marked slow")
    parser.addoption("--install", action="store_true", help="also run tests marked install (always on in CI)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skips = {}
    if not config.getoption("--slow"):
        skips["slow"] = pytest.mark.skip(reason="slow: run with --slow")
    if not (config.getoption("--install") or os.environ.get("CI")):
        skips["install"] = pytest.mark.skip(reason="install: run with --install (CI runs it)")
    for item in items:
        for keyword, skip in skips.items():
            if keyword in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def desk(tmp_path: Path):
    """An empty desk in a temporary folder."""
    from newsdesk import Desk  # imported here so tests of single stages do not need the whole pipeline

    with Desk(tmp_path / "desk.db") as opened:
        yield opened


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The five reference articles in ../shared/seeds; tests using them skip when the folder is absent."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not present beside the checkout")
    return path


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    path = SHARED / "datasets"
    if not path.is_dir():
        pytest.skip("../shared/datasets is not present beside the checkout")
    return path


# -- PostgreSQL ---------------------------------------------------------------------------------------------------

#: A PostgreSQL server to test against instead of a throw-away one (``postgresql://user@host:port/maintenance_db``).
POSTGRES_ENVIRONMENT_VARIABLE = "NEWSDESK_TEST_POSTGRES"


def _postgres_unavailable(reason: str) -> None:
    """Skip a PostgreSQL test on a machine without the server, but fail where it must run (CI, or asked for)."""
    if os.environ.get("CI") or os.environ.get("NEWSDESK_REQUIRE_POSTGRES"):
        pytest.fail(f"PostgreSQL tests must run here (CI or NEWSDESK_REQUIRE_POSTGRES is set): {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of a PostgreSQL server's maintenance database: ``$NEWSDESK_TEST_POSTGRES``, or a throw-away server
    started from the installed binaries (data and socket in a temporary folder, trust authentication, listening on
    127.0.0.1 at a free port only), stopped when the session ends. Skips without binaries, except in CI."""
    import importlib.util

    if importlib.util.find_spec("psycopg") is None:  # the backend's driver
        _postgres_unavailable("psycopg is not installed (pip install 'newsdesk[postgresql]')")
    if os.environ.get(POSTGRES_ENVIRONMENT_VARIABLE):
        yield os.environ[POSTGRES_ENVIRONMENT_VARIABLE]
        return
    from newsdesk.store.throwaway import BINARIES, binaries, throwaway_server

    if binaries() is None:
        _postgres_unavailable(f"no {BINARIES} (apt-get install postgresql), and ${POSTGRES_ENVIRONMENT_VARIABLE} "
                              "is not set")
    with throwaway_server(keep_nothing=True) as server:
        yield server.url


@pytest.fixture
def postgres_desk_url(postgres_url: str):
    """The URL of a fresh, empty PostgreSQL database on the test server, dropped after the test."""
    from newsdesk.store.throwaway import fresh_database

    with fresh_database(postgres_url, prefix="newsdesk_test") as url:
        yield url
