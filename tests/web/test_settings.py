"""Production settings pass check --deploy; passwords are hashed with argon2; the domain imports no Django."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sumai.config.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "sumai.example.jp",
        "SUMAI_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/sumai.sqlite3",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' conftest, never in production
    done = subprocess.run(
        [str(BIN / "sumai"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sumai.config.production",
        "ALLOWED_HOSTS": "x.jp",
        "SUMAI_VAR_DIR": str(tmp_path),
    }
    env.pop("SECRET_KEY", None)
    done = subprocess.run(
        [str(BIN / "sumai"), "check"], env=env, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


def test_argon2_is_the_password_hasher():
    import importlib

    settings_module = importlib.import_module("sumai.config.settings")
    assert settings_module.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_import_linter_proves_the_domain_imports_no_django():
    done = subprocess.run([str(BIN / "lint-imports")], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KEPT" in done.stdout
    assert "BROKEN" not in done.stdout
