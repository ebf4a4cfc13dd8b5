"""Settings, read from the environment.

Defaults are for development: SQLite under ``var/``, DEBUG on, a development secret key. Production uses
``sumai.config.production`` which requires ``SECRET_KEY`` and ``ALLOWED_HOSTS`` and passes
``manage.py check --deploy``. Variables: ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma
separated), ``DEBUG``, ``EMAIL_URL``-style settings (``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``), ``SUMAI_VAR_DIR``, ``LOG_FORMAT``
(``json`` or ``text``), ``SUMAI_TILE_URL``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SUMAI_VAR_DIR", BASE_DIR / "var"))
DATA_DIR = Path(os.environ.get("SUMAI_DATA_DIR", BASE_DIR / "data"))

DEBUG = env_bool("DEBUG", True)
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"  # noqa: S105  # nosec B105
"""Public (it is in the repository): it may sign only while DEBUG is on."""
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "SECRET_KEY must be set: the development key is public and signs nothing with DEBUG off"
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    # Before django_tasks_db: its db_worker command replaces the library's (retries while SQLite is locked).
    "sumai.core",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    # two-factor authentication (sumai.accounts.mfa, docs/decisions/0010-two-factor.md)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "sumai.web",
    "sumai.places",
    "sumai.accounts",
    "sumai.audit",
    "sumai.registry",
    "sumai.search",
    "sumai.support",
    "sumai.councils",
    "sumai.insights",
    "sumai.cases",
    "sumai.matching",
    "sumai.placements",
    "sumai.outcomes",
    "sumai.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sumai.core.requestctx.RequestIdMiddleware",
    "sumai.web.errors.ProductNotFoundMiddleware",
    "sumai.core.guards.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sumai.web.locale.SumaiLocaleMiddleware",
    # under /api/ a 404 or 405 is JSON in the request's language (also with DEBUG on), never a page
    "sumai.web.errors.ApiErrorsMiddleware",
    "sumai.web.errors.CommonMiddleware",  # Django's, without a redirect of an API body (sumai.web.errors)
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sumai.core.guards.SessionGuardMiddleware",
    # request.user.is_verified(): the session's second factor (django-otp)
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # a GET of an address that only takes a form: a page with the way back, not Django's empty 405
    "sumai.web.errors.FormOnlyAddressMiddleware",
    "axes.middleware.AxesMiddleware",
    # members of organisations that hold households verify a second factor before any other page
    "sumai.accounts.middleware.SecondFactorMiddleware",
    "sumai.accounts.middleware.PermissionTableMiddleware",
]

# Operations (docs/deployment.md): readiness (/readyz, sumai.core.health) and Prometheus metrics (/metrics,
# sumai.core.metrics). /metrics answers only the bearer of SUMAI_METRICS_TOKEN (at least 32 characters) and,
# when SUMAI_METRICS_NETWORKS (comma-separated addresses or CIDR networks) is set, only from there; with
# neither set it is a 404 and nothing is measured. When on, django-prometheus's middleware wraps every
# request (first and last) and every database connection counts its statements. Several gunicorn
# processes: set PROMETHEUS_MULTIPROC_DIR (see sumai.config.gunicorn).
SUMAI_METRICS_TOKEN = os.environ.get("SUMAI_METRICS_TOKEN", "")
SUMAI_METRICS_NETWORKS = env_list("SUMAI_METRICS_NETWORKS", [])
# the background-job gauges are counted at most once per this many seconds (kept in the default cache)
SUMAI_METRICS_CACHE_SECONDS = int(os.environ.get("SUMAI_METRICS_CACHE_SECONDS", "30"))
# the longest a readiness check's database statement may take (PostgreSQL statement_timeout)
SUMAI_READY_TIMEOUT_MS = int(os.environ.get("SUMAI_READY_TIMEOUT_MS", "2000"))
if SUMAI_METRICS_TOKEN and len(SUMAI_METRICS_TOKEN) < 32:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SUMAI_METRICS_TOKEN must be a random string of at least 32 characters")
if SUMAI_METRICS_TOKEN or SUMAI_METRICS_NETWORKS:
    import ipaddress

    for _network in SUMAI_METRICS_NETWORKS:
        try:
            ipaddress.ip_network(_network, strict=False)
        except ValueError:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"SUMAI_METRICS_NETWORKS: {_network!r} is not an address or a network (10.0.0.0/8)"
            ) from None
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]

ROOT_URLCONF = "sumai.config.urls"
WSGI_APPLICATION = "sumai.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sumai.web.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'sumai.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000; PRAGMA mmap_size=268435456; PRAGMA cache_size=-65536;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if os.environ.get("PYTEST_XDIST_WORKER") else 60
    # Tests run in memory; concurrency tests need a file (shared-cache memory databases lock whole tables
    # and ignore busy_timeout): SUMAI_SQLITE_TEST_FILE=/tmp/x.sqlite3 pytest tests/registry/…
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SUMAI_SQLITE_TEST_FILE") or None}

# Read replicas (docs/replicas.md): DATABASE_REPLICA_URLS="postgres://…:5433/sumai,postgres://…" → aliases
# replica_1 … replica_n. Public reads go to a healthy replica, everything else (and every request that wrote,
# and every client that wrote in the last DATABASE_REPLICA_PIN_SECONDS) to the primary. In tests a replica
# mirrors the test database of "default" (physical replication copies it; nothing is created on it).
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "20"))
DATABASE_REPLICA_HEALTH_SECONDS = float(os.environ.get("DATABASE_REPLICA_HEALTH_SECONDS", "5"))
DATABASE_REPLICA_RETRY_SECONDS = float(os.environ.get("DATABASE_REPLICA_RETRY_SECONDS", "10"))
DATABASE_REPLICA_MAX_LAG = float(os.environ.get("DATABASE_REPLICA_MAX_LAG", "30"))
DATABASE_ROUTERS: list[str] = []
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    _replica = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"].get("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    if _replica["ENGINE"] == "django.db.backends.postgresql":
        _replica["OPTIONS"] = {
            "connect_timeout": int(os.environ.get("DATABASE_REPLICA_CONNECT_TIMEOUT", "1")),
            "application_name": f"sumai-replica_{_n}",
            **_replica.get("OPTIONS", {}),
        }
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{_n}"] = _replica
    DATABASE_ROUTERS = ["sumai.core.db_router.ReplicaRouter"]
if DATABASE_ROUTERS:  # outside the session and auth middleware: it sees their writes and pins after them
    MIDDLEWARE.insert(
        MIDDLEWARE.index("sumai.core.requestctx.RequestIdMiddleware") + 1,
        "sumai.core.db_router.ReplicaRoutingMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sumai.accounts.backends.EmailBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "web:home"

# django-axes: lock an e-mail + address pair out after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# One counter per account whatever the spelling of its address (NFKC, lower case; docs/security.md).
AXES_USERNAME_CALLABLE = "sumai.accounts.backends.axes_username"
# The client's address behind the documented reverse proxy (SUMAI_TRUSTED_PROXIES, below).
AXES_CLIENT_IP_CALLABLE = "sumai.core.clientip.client_ip"

# How many reverse proxies in front of Sumai append to X-Forwarded-For (docs/operations.md: one nginx = 1).
# 0 (the default) ignores X-Forwarded-For, so that a client cannot choose its own address. Used by the
# lock-out, the API throttles (NUM_PROXIES) and the page rate limits (sumai.core.clientip).
SUMAI_TRUSTED_PROXIES = int(os.environ.get("SUMAI_TRUSTED_PROXIES", "0"))

LANGUAGE_CODE = "ja"
# Each name in its own language (the switcher shows them as they are). "ja-x-easy" is やさしい日本語 (plain
# Japanese with furigana): a BCP 47 private-use tag Django accepts; pages in it say lang="ja". See
# docs/decisions/0006-languages.md and docs/i18n.md.
# Number formats that group thousands where Django does not (vi, zh-hans): sumai.web.formats.
FORMAT_MODULE_PATH = ["sumai.web.formats"]
LANGUAGES = [
    ("ja", "日本語"),
    ("ja-x-easy", "やさしい日本語"),
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("ko", "한국어"),
    ("vi", "Tiếng Việt"),
    ("pt-br", "Português"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "sumai_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS: list[Path] = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sumai <no-reply@sumai.example.jp>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sumai.accounts.tokens.OrganisationTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sumai.core.api.permissions.PermissionTablePermission"],
    "DEFAULT_PARSER_CLASSES": [
        "sumai.core.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # DRF's rates, each request one atomic increment of a counter in the cache (DRF's own read and wrote a
    # list of times: requests at once all passed)
    "DEFAULT_THROTTLE_CLASSES": [
        "sumai.core.api.throttling.AnonRateThrottle",
        "sumai.accounts.tokens.PerTokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANON_RATE", "120/minute"),
        "user": os.environ.get("API_USER_RATE", "1200/minute"),
    },
    "EXCEPTION_HANDLER": "sumai.core.api.errors.exception_handler",
    # The throttles' client address: without it DRF trusts the whole X-Forwarded-For (spoofable).
    "NUM_PROXIES": SUMAI_TRUSTED_PROXIES,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# API tokens (docs/security.md): a token lives API_TOKEN_DEFAULT_DAYS unless its creator picks another
# lifetime, never more than API_TOKEN_MAX_DAYS. Its last use is written at most once per
# API_TOKEN_LAST_USED_EVERY seconds, and skipped (never waited for) while the database is locked.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
API_TOKEN_LAST_USED_EVERY = int(os.environ.get("API_TOKEN_LAST_USED_EVERY", "300"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Sumai API",
    "DESCRIPTION": "The API of Sumai, the platform of Japan's Housing Safety Net system.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # <id:…> (sumai.core.converters): an id of at most 18 digits
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}},
    # choice sets that share a field name with another's (a case's status and a unit's registration status)
    "ENUM_NAME_OVERRIDES": {"CaseStatusEnum": "sumai.cases.models.Case.Status"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sumai.api.schema.add_error_responses",
        "sumai.api.schema.add_links",
        "sumai.api.schema.close_request_objects",
    ],
}

# Tasks are stored in the database and run by ``sumai db_worker`` (docs/decisions/0004). CSV imports
# larger than SUMAI["IMPORT_SYNC_MAX_BYTES"] (default 256 KiB; smaller ones run within the upload request)
# are jobs (sumai.registry.tasks): with SUMAI["IMPORT_INLINE"] (default: DEBUG) they run on a thread of the
# web process instead, so runserver needs no worker; SUMAI["IMPORT_SYNC"] (tests) runs them in the request.
# Their progress is kept in the default cache, which is per process unless REDIS_URL makes it Redis, shared
# by every process (docs/cache.md): with a separate worker, set it to see progress while a job runs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Workers (docs/workers.md): each ``sumai db_worker`` records a heartbeat every HEARTBEAT_SECONDS. A job whose
# worker stopped (its process gone, on the same host; or no heartbeat for LEASE_SECONDS, from another host)
# goes back to the queue, at most MAX_ATTEMPTS runs in all, then fails saying why (sumai.core.workers).
WORKERS = {
    "HEARTBEAT_SECONDS": float(os.environ.get("SUMAI_WORKER_HEARTBEAT", "10")),
    "LEASE_SECONDS": float(os.environ.get("SUMAI_WORKER_LEASE", "60")),
    "MAX_ATTEMPTS": int(os.environ.get("SUMAI_WORKER_MAX_ATTEMPTS", "3")),
}

# The cache (docs/cache.md): the search results cache, the API throttles, the page rate limits, import
# progress and the dashboards' counts. With REDIS_URL (redis://host:6379/0) it is Redis, shared by every
# process, and sessions are cached_db (the database row, read through the cache); an outage of Redis turns
# into misses and fail-open limits, never a 500 (sumai.core.cache_backends). Without: each process its own
# memory (LocMem), sessions in the database.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "sumai.core.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "sumai"),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "circuit_breaker_seconds": float(os.environ.get("REDIS_RETRY_SECONDS", "5")),
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Content Security Policy: nothing but our own origin (no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("SUMAI_TILE_HOSTS", ["https://cyberjapandata.gsi.go.jp"])],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

# A session ends after SUMAI["SESSION_IDLE_SECONDS"] without a request (sumai.core.guards) and at most
# SESSION_COOKIE_AGE after the last write (was Django's 14 days).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
# Bodies: forms without files are read into memory up to 2.5 MB (Django's default, stated), files above
# 2.5 MB go to a temporary file; the request size cap (sumai.core.guards) refuses bigger bodies before that.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# The debug page (development only) also hides the database address and other connection strings.
DEFAULT_EXCEPTION_REPORTER_FILTER = "sumai.core.debugfilter.SumaiExceptionReporterFilter"

SUMAI: dict[str, Any] = {
    "INVITATION_DAYS": 14,
    "TILE_URL": os.environ.get("SUMAI_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"),
    "DEMO_PASSWORD": os.environ.get("SUMAI_DEMO_PASSWORD", "sumai-demo-2026"),
    # The demo logins that must use a second factor share this authenticator secret (base32), printed by
    # `sumai demo`; `sumai demo_otp` prints its current code.
    "DEMO_TOTP_SECRET": os.environ.get("SUMAI_DEMO_TOTP_SECRET", "SUMAIDEMO2FASECRETKEYFORDEMOUSER"),
    # The site's address, for links in e-mails sent by scheduled jobs (no request to take it from).
    "BASE_URL": os.environ.get("SUMAI_BASE_URL", "http://127.0.0.1:8000"),
    # A unit's vacancy not confirmed for this many days becomes "unknown" (registry: vacancy that stays true).
    "VACANCY_VALID_DAYS": int(os.environ.get("SUMAI_VACANCY_VALID_DAYS", "30")),
    "VACANCY_REMIND_DAYS_BEFORE": int(os.environ.get("SUMAI_VACANCY_REMIND_DAYS_BEFORE", "7")),
    # Request guards (sumai.core.guards, docs/security.md). Sizes in bytes; rates "N/second|minute|hour|day"
    # per client address (per account for the password change), "off" for none.
    "MAX_REQUEST_BYTES": int(os.environ.get("SUMAI_MAX_REQUEST_BYTES", str(60 * 1024 * 1024))),
    "ANON_MAX_REQUEST_BYTES": int(os.environ.get("SUMAI_ANON_MAX_REQUEST_BYTES", str(2 * 1024 * 1024))),
    "SEARCH_RATE": os.environ.get("SUMAI_SEARCH_RATE", "120/minute"),
    # The database time a public read may take (search page, search API): a slower query is cut short and
    # answered 503 with a clear message (sumai.core.querylimit; issue #15).
    "PUBLIC_QUERY_MS": int(os.environ.get("SUMAI_PUBLIC_QUERY_MS", "1500")),
    "OPEN_DATA_RATE": os.environ.get("SUMAI_OPEN_DATA_RATE", "30/minute"),
    "PASSWORD_RESET_IP_RATE": os.environ.get("SUMAI_PASSWORD_RESET_IP_RATE", "10/hour"),
    "PASSWORD_RESET_ADDRESS_RATE": os.environ.get("SUMAI_PASSWORD_RESET_ADDRESS_RATE", "3/hour"),
    "PASSWORD_CHANGE_RATE": os.environ.get("SUMAI_PASSWORD_CHANGE_RATE", "10/hour"),
    # Self-service sign-up (docs/decisions/0009-onboarding.md): sign-ups sent per client address, e-mails
    # per address signed up (more are answered alike but send nothing), hours a verification link lives.
    "SIGNUP_IP_RATE": os.environ.get("SUMAI_SIGNUP_IP_RATE", "10/hour"),
    "SIGNUP_ADDRESS_RATE": os.environ.get("SUMAI_SIGNUP_ADDRESS_RATE", "3/hour"),
    "SIGNUP_VERIFY_HOURS": int(os.environ.get("SUMAI_SIGNUP_VERIFY_HOURS", "48")),
    # Asking for help (docs/cases.md): requests stored per client address, and a higher bound on every
    # submission of the form (invalid ones included, against floods); working days to the first contact.
    "CONSULTATION_RATE": os.environ.get("SUMAI_CONSULTATION_RATE", "10/hour"),
    "CONSULTATION_POST_RATE": os.environ.get("SUMAI_CONSULTATION_POST_RATE", "60/hour"),
    "CONSULTATION_FIRST_CONTACT_DAYS": int(os.environ.get("SUMAI_CONSULTATION_FIRST_CONTACT_DAYS", "3")),
    "SESSION_IDLE_SECONDS": int(os.environ.get("SUMAI_SESSION_IDLE_SECONDS", str(2 * 60 * 60))),
    # Referrals (docs/cases.md): working days for the receiver's first contact with the household.
    "REFERRAL_FIRST_CONTACT_DAYS": int(os.environ.get("SUMAI_REFERRAL_FIRST_CONTACT_DAYS", "5")),
    # Retention (docs/cases.md): days after a case closes before its household is anonymised.
    "CASE_RETENTION_DAYS": int(os.environ.get("SUMAI_CASE_RETENTION_DAYS", str(5 * 365))),
    # Public statistics of case work (docs/cases-statistics.md): seconds the counted and suppressed figures
    # are kept in the default cache (0: counted at every request).
    "STATISTICS_CACHE_SECONDS": int(os.environ.get("SUMAI_STATISTICS_CACHE_SECONDS", "600")),
    # Two-factor authentication (sumai.accounts.mfa, docs/security.md "Two-factor authentication"): wrong
    # codes in a row before the second factor is locked, for how many minutes; recovery codes per set.
    "OTP_MAX_FAILURES": int(os.environ.get("SUMAI_OTP_MAX_FAILURES", "5")),
    "OTP_LOCKOUT_MINUTES": int(os.environ.get("SUMAI_OTP_LOCKOUT_MINUTES", "15")),
    "OTP_RECOVERY_CODES": 10,
    # Re-authentication (sumai.accounts.reauth.recent_password_required): a password typed this many minutes
    # ago still counts; password attempts on the prompt per account.
    "REAUTH_MINUTES": int(os.environ.get("SUMAI_REAUTH_MINUTES", "10")),
    "REAUTH_RATE": os.environ.get("SUMAI_REAUTH_RATE", "10/hour"),
}

# django-otp: the issuer shown in authenticator apps; no key in the admin site; its own exponential
# throttling is off (factor 0) because Sumai locks the second factor per account after
# SUMAI["OTP_MAX_FAILURES"] wrong codes (sumai.accounts.mfa.check_code), counting TOTP and recovery codes
# together.
OTP_TOTP_ISSUER = os.environ.get("SUMAI_OTP_ISSUER", "Sumai")
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "sumai.core.requestctx.RequestIdLogFilter"},
        "client_errors_on_one_line": {"()": "sumai.core.guards.ClientErrorsOnOneLine"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # a 403/404 is one line, not a traceback (sumai.core.guards.ClientErrorsOnOneLine)
        "django.request": {"filters": ["client_errors_on_one_line"]},
    },
}
