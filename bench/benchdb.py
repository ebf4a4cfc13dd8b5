"""The database of one benchmark: a SQLite file under ``var/bench/`` or a PostgreSQL database of its own on
127.0.0.1:5432, created fresh on demand, and Django set up on it (the project's settings, no debug, no
lock-out). Shared by ``bench_cases.py`` and ``bench_outcomes.py``."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from generate import BENCH_DIR

PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class BenchDatabase:
    sqlite_file: str  # under var/bench/
    pg_name: str

    @property
    def sqlite_path(self) -> Path:
        return BENCH_DIR / self.sqlite_file

    @property
    def pg_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:5432/{self.pg_name}"

    def url(self, postgres: bool) -> str:
        return self.pg_url if postgres else f"sqlite:///{self.sqlite_path}"

    def fresh(self, postgres: bool) -> None:
        if postgres:
            import psycopg

            with psycopg.connect(PG_SERVER, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.pg_name}")
                conn.execute(f"CREATE DATABASE {self.pg_name}")
            return
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.sqlite_path}{suffix}").unlink(missing_ok=True)

    def exists(self, postgres: bool) -> bool:
        if not postgres:
            return self.sqlite_path.exists()
        import psycopg

        with psycopg.connect(PG_SERVER, autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.pg_name]).fetchone()
            return bool(found)

    def setup_django(self, postgres: bool) -> None:
        os.environ["DATABASE_URL"] = self.url(postgres)
        os.environ["DJANGO_SETTINGS_MODULE"] = "sumai.config.settings"
        os.environ["DEBUG"] = "false"
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
        os.environ["AXES_ENABLED"] = "false"
        os.environ.pop("ALLOWED_HOSTS", None)
        import django

        django.setup()
