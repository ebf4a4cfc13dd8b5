"""Configuration fails closed (#13 item 7): the WSGI/ASGI entry points never fall back to development
settings, production refuses to start without its secrets, a database URL and allowed hosts, and the public
development key never signs anything with DEBUG off."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEV_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"


def _run(code: str, tmp_path: Path, **env_vars: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SUMAI_VAR_DIR": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG"):
        env.pop(name, None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for name, value in env_vars.items():
        if value is not None:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT, check=False
    )


@pytest.mark.parametrize("entry", ["sumai.config.wsgi", "sumai.config.asgi"])
def test_entry_point_without_settings_refuses_rather_than_running_in_debug(entry, tmp_path):
    done = _run(f"import {entry}; from django.conf import settings; print('DEBUG', settings.DEBUG)", tmp_path)
    assert done.returncode != 0, done.stdout
    assert "DEBUG True" not in done.stdout
    assert "SECRET_KEY" in done.stderr


@pytest.mark.parametrize("entry", ["sumai.config.wsgi", "sumai.config.asgi"])
def test_entry_point_with_production_environment_starts(entry, tmp_path):
    done = _run(
        f"import {entry}; from django.conf import settings; print('DEBUG', settings.DEBUG)",
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="sumai.example.jp",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert done.returncode == 0, done.stderr
    assert "DEBUG False" in done.stdout


PROD = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sumai.config.production'; django.setup()"


@pytest.mark.parametrize(
    ("missing", "named"),
    [("SECRET_KEY", "SECRET_KEY"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS"), ("DATABASE_URL", "DATABASE_URL")],
)
def test_production_refuses_to_start_without(missing, named, tmp_path):
    env = {
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "sumai.example.jp",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    env.pop(missing)
    done = _run(PROD, tmp_path, **env)
    assert done.returncode != 0
    assert named in done.stderr


def test_production_refuses_the_public_development_key(tmp_path):
    done = _run(
        PROD,
        tmp_path,
        SECRET_KEY=DEV_KEY,
        ALLOWED_HOSTS="sumai.example.jp",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


def test_development_settings_with_debug_off_refuse_the_development_key(tmp_path):
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sumai.config.settings'; django.setup();"
        "from django.core import signing; print(signing.dumps({'unit': 1}))"
    )
    done = _run(code, tmp_path, DEBUG="0")
    assert done.returncode != 0, done.stdout
    assert "SECRET_KEY" in done.stderr
    # with a key of its own, DEBUG off is fine
    assert _run(code, tmp_path, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(60)).returncode == 0


def test_development_settings_with_debug_on_still_start(tmp_path):
    done = _run(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sumai.config.settings'; django.setup();"
        "from django.conf import settings; print('DEBUG', settings.DEBUG)",
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "DEBUG True" in done.stdout


def test_debug_page_masks_the_database_url(rf):
    from django.views.debug import get_default_exception_reporter_filter

    request = rf.get("/", HTTP_X_Y="1")
    request.META["DATABASE_URL"] = "postgres://sumai:hunter2@db/sumai"
    meta = get_default_exception_reporter_filter().get_safe_request_meta(request)
    assert "hunter2" not in str(meta["DATABASE_URL"])
