"""Log in with an e-mail address, case-insensitively.

The address typed is normalised (:func:`normalise_login`: NFKC, no surrounding spaces, lower case) both for
the log-in and for django-axes' failure counter (``AXES_USERNAME_CALLABLE``), so that ``Operator@Example.JP``
and ``operator@example.jp`` share one counter and a locked account stays locked whatever its spelling.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from sumai.accounts.models import User


def normalise_login(value: str | None) -> str:
    """An e-mail address as it identifies an account: NFKC (full-width letters), stripped, lower case."""
    return unicodedata.normalize("NFKC", value or "").strip().lower()


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``: the normalised address from the credentials or the form."""
    if credentials:
        value = credentials.get("username") or credentials.get("email")
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get("username") if hasattr(data, "get") else None
    return normalise_login(value if isinstance(value, str) else None)


class EmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = normalise_login(username or kwargs.get("email"))
        if not email or password is None:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
