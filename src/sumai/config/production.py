"""Production settings: everything from the environment, secure by default.

Required: ``SECRET_KEY`` (at least 50 characters, not the development key), ``ALLOWED_HOSTS``,
``DATABASE_URL``. An embedded SQLite database is allowed but must be named explicitly
(``DATABASE_URL=sqlite:////srv/sumai/var/sumai.sqlite3``): production never falls back to the development
file.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from sumai.config.settings import *  # noqa: F403
from sumai.config.settings import DEVELOPMENT_SECRET_KEY, env_bool

DEBUG = False
if "SECRET_KEY" not in os.environ or len(os.environ["SECRET_KEY"]) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of at least 50 characters")
if os.environ["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must not be the development key (it is public)")
SECRET_KEY = os.environ["SECRET_KEY"]
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) Sumai is served on")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "DATABASE_URL must name the database (postgres://… or, for an embedded database, sqlite:////path)"
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
LOG_FORMAT = "json"
LOGGING["handlers"]["console"]["formatter"] = "json"  # type: ignore[index]  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405
# Load balancers and orchestrators probe the application servers directly over plain HTTP (inside the
# network, no proxy to add X-Forwarded-Proto): the probes are not redirected to https (docs/deployment.md).
# /metrics has its own gate (token, networks; sumai.core.metrics).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
