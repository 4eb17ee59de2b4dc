"""Fixtures of the browser tests: a desk built from the demo corpus (and ``../shared/seeds`` when present), a real
``newsdesk serve`` process on a free loopback port, and Debian's Chromium driven through Playwright.

Locally a missing browser or Playwright skips these tests with the reason; under CI (``$CI`` set) it fails them,
since CI installs both (``.ci/run``) and a skipped browser test there would hide a broken app.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsdesk import Desk
from newsdesk.demo import corpus_path

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
CHROMIUM = os.environ.get("NEWSDESK_CHROMIUM", "/usr/bin/chromium")
#: Longest wait for one page load or one element (ms); a hung server fails a test instead of stalling the run.
TIMEOUT_MS = 15_000
SERVER_START_S = 30.0
_SCREENSHOTS = pytest.StashKey[Path]()


def _unavailable(reason: str) -> None:
    """A missing browser is a skip on a developer's machine and a failure in CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI: .ci/run installs it)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class DemoDesk:
    """The built desk and the ids the tests start from."""
    path: Path
    seed_story: str | None  # None when ../shared/seeds is absent
    mover: str  # an article of a story with several events, not in that story's first event
    story: str  # that story


def _build(folder: Path) -> DemoDesk:
    path = folder / "desk.db"
    with Desk(path) as desk:
        desk.add([str(corpus_path())], outlet_from_folder=True)
        if SEEDS.is_dir():
            desk.add([str(SEEDS)])
        seed_story = next((desk.explain(a.id).story for a in desk.articles() if a.source.startswith(str(SEEDS))),
                          None)
        story = next(s for s in desk.stories() if s.events > 1)
        second = desk.story(story.id).events[1]
    mover = next(m.id for m in second.members if m.copy_of is None)
    return DemoDesk(path, seed_story, mover, story.id)


@pytest.fixture(scope="session")
def demo_desk(tmp_path_factory: pytest.TempPathFactory) -> DemoDesk:
    return _build(tmp_path_factory.mktemp("e2e-desk"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(process: subprocess.Popen, url: str) -> None:
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"newsdesk serve exited with {process.returncode}: {process.stderr.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"newsdesk serve did not answer at {url} within {SERVER_START_S:.0f} s")


def _serve(db: Path, *flags: str) -> Iterator[str]:
    """Run ``newsdesk serve`` on 127.0.0.1 as its own process; yield its base URL; always stop it."""
    port = _free_port()
    command = [sys.executable, "-m", "newsdesk", "serve", "--db", str(db), "--host", "127.0.0.1",
               "--port", str(port), *flags]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(process, base + "/")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture(scope="session")
def server(demo_desk: DemoDesk) -> Iterator[str]:
    """A read-only server over the demo desk."""
    yield from _serve(demo_desk.path)


@pytest.fixture
def editing_server(demo_desk: DemoDesk, tmp_path: Path) -> Iterator[str]:
    """A server with ``--allow-edits`` over a copy of the demo desk, so corrections never leak into other tests."""
    copy = tmp_path / "desk.db"
    shutil.copy(demo_desk.path, copy)
    yield from _serve(copy, "--allow-edits")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    if not os.access(CHROMIUM, os.X_OK):
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], timeout=TIMEOUT_MS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (own cookies) with bounded waits."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go (under pytest's temporary folder, outside the checkout); named in the summary."""
    folder = tmp_path_factory.mktemp("screenshots", numbered=False)
    request.config.stash[_SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    folder = config.stash.get(_SCREENSHOTS, None)
    if folder is not None and any(folder.iterdir()):
        terminalreporter.write_line(f"browser screenshots: {folder}")
