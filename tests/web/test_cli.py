"""The two README commands on a fresh machine: a `sumai` command before the database exists, and `make test`
without Chromium, each stop with the command to run instead of a traceback (issue #14, item 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_a_command_before_the_database_exists_says_what_to_run(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sumai.config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "sumai.cli", "places", "authority", "131016"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "make demo" in done.stderr
    assert "sumai migrate" in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")
def test_make_test_without_chromium_stops_with_the_exact_command(tmp_path: Path) -> None:
    # No apt-get, no brew on the PATH and no Chromium: the script cannot install and says how.
    done = subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "system-packages")],
        env={"PATH": str(tmp_path), "SUMAI_CHROMIUM": str(tmp_path / "no-chromium")},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "chromium" in done.stderr
    assert "install" in done.stderr
    assert "make test" in done.stderr


def test_make_test_runs_the_system_packages_step_first() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "test: setup system-packages" in makefile
    assert "scripts/system-packages --ci" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_demos_e_mail_links_open_the_port_it_serves_on() -> None:
    # the walk found links to :8000 in the e-mails of a demo served on another port
    env = {k: v for k, v in os.environ.items() if k != "SUMAI_BASE_URL"}
    done = subprocess.run(
        ["make", "-n", "demo", "PORT=8765"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "open http://127.0.0.1:8765" in done.stdout
