"""Settings for the test suite: the development settings plus what tests need, nothing else changed.

``pyproject.toml`` points pytest here. Production's password hashing (argon2) is checked by
``tests/web/test_settings.py``; tests hash with MD5 because argon2 is slow on purpose.
"""

from sumai.config.settings import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tests count outcomes in the request (a thread would not see the test's transaction).
SUMAI = {**SUMAI, "OUTCOMES_RECOUNT_IN_BACKGROUND": False}  # noqa: F405
