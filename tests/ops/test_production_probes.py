"""With the production settings, a load balancer's plain-HTTP probe of an application server is answered,
not redirected to https; every other page still is."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import django
from django.test import Client
django.setup()
client = Client()
print("healthz", client.get("/healthz", HTTP_HOST="sumai.example.jp").status_code)
print("about", client.get("/about/", HTTP_HOST="sumai.example.jp").status_code)
"""


def test_probes_are_not_redirected_to_https(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sumai.config.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "sumai.example.jp",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "SUMAI_VAR_DIR": str(tmp_path),
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "healthz 200" in done.stdout
    assert "about 301" in done.stdout
