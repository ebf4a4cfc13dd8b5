"""The debug page's filter: Django's, also hiding connection strings (``DATABASE_URL``, ``*_DSN``, ``*_URL``
with a password in it), which Django's default shows in the request's environment under runserver."""

from __future__ import annotations

import re

from django.views.debug import SafeExceptionReporterFilter


class SumaiExceptionReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|DSN|_URL$", flags=re.I
    )
