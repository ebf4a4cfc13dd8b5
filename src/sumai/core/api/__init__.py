"""The API kit every app's endpoints use: the permissions table for DRF, errors as JSON that say what to
fix, and the error shape for the OpenAPI document.

Token authentication lives with the token model (``sumai.accounts.tokens``) and is named in settings;
endpoints are gathered under ``/api/v1/`` by ``sumai.api.urls``.
"""
