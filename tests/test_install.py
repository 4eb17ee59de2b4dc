"""The plain path a user takes: a fresh venv with the pip Python bundles (not upgraded), ``pip install .``, then real
commands: an HTML page added (the path that needs every declared import, jusText's cleaner included) and a report
written (the templates are package data)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

DEMO_PAGE = REPO_ROOT / "src/newsdesk/demo/corpus/tech-ledger/2024-04-25_kestrel-robots-paused.html"


@pytest.mark.install
def test_plain_pip_install_reads_html(tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "*.db", "build", "*.egg-info",
                                                                      "newsdesk-demo", "__pycache__"))
    venv = tmp_path / "v"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([venv / "bin/pip", "install", "--quiet", str(source)], check=True, capture_output=True)
    done = subprocess.run([venv / "bin/newsdesk", "add", "--db", str(tmp_path / "desk.db"), str(DEMO_PAGE)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    listed = subprocess.run([venv / "bin/newsdesk", "articles", "--db", str(tmp_path / "desk.db"), "--json"],
                            capture_output=True, text=True, check=True)
    assert "Kestrel" in listed.stdout
    report = tmp_path / "report.html"  # the templates and stylesheet are package data: installed, not only in git
    subprocess.run([venv / "bin/newsdesk", "report", "--db", str(tmp_path / "desk.db"), "-o", str(report)],
                   capture_output=True, text=True, check=True)
    assert "Kestrel" in report.read_text(encoding="utf-8")
