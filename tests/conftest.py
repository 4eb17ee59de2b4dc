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
