"""deploy/nginx/sumai.conf is a valid nginx configuration (``nginx -t``), and its body limit is the
application's (SUMAI_MAX_REQUEST_BYTES)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx" / "sumai.conf"
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is missing: run scripts/system-packages --ci (apt-get install -y nginx-light)")
    pytest.skip(
        "nginx is not installed (apt-get install -y nginx-light): deploy/nginx/sumai.conf not checked"
    )


def test_the_body_limit_is_the_applications():
    match = re.search(r"client_max_body_size (\d+)m;", CONF.read_text())
    assert match is not None
    assert int(match.group(1)) * 1024 * 1024 == settings.SUMAI["MAX_REQUEST_BYTES"]


def test_nginx_accepts_the_configuration(tmp_path: Path):
    nginx = _nginx()
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=sumai.test",
         "-keyout", str(key), "-out", str(certificate)],
        check=True, capture_output=True,
    )  # fmt: skip
    text = (
        CONF.read_text()
        .replace("/etc/ssl/sumai/fullchain.pem", str(certificate))
        .replace("/etc/ssl/sumai/privkey.pem", str(key))
        .replace("/var/cache/nginx/sumai", str(tmp_path / "cache"))
        .replace("/var/log/nginx/", str(tmp_path) + "/")
    )
    (tmp_path / "sumai.conf").write_text(text)
    temp = "\n".join(f"  {kind}_temp_path {tmp_path}/{kind};" for kind in TEMP_PATHS)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n{temp}\n  include {tmp_path}/sumai.conf;\n}}\n"
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr
