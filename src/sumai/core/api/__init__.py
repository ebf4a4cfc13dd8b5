"""The API kit every app's endpoints use: the permissions table for DRF, errors as JSON that say what to
fix, and the error shape for the OpenAPI document.

Token authentication lives with the token model (``sumai.accounts.tokens``) and is named in settings;
endpoints are gathered under ``/api/v1/`` by ``sumai.api.urls``.
"""

from __future__ import annotations

API_PREFIX = "/api/"


def is_api_path(path: str) -> bool:
    """True for an address of the API: ``/api`` itself and everything under ``/api/`` (known or not), whose
    answers — errors included — are JSON in the request's language (``Accept-Language``)."""
    return path == API_PREFIX.rstrip("/") or path.startswith(API_PREFIX)
