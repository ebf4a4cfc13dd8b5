"""The errors services raise; views and the API kit turn each into one response."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class Conflict(Exception):
    """Someone else changed the record first (optimistic locking): reload and try again (HTTP 409)."""


class NotAllowed(PermissionDenied):
    """The actor may not do this (HTTP 403). A ``PermissionDenied``, so Django's handlers apply."""


class Invalid(ValidationError):
    """The input breaks a rule; the message names the field (HTTP 400 / the form shows it)."""


class NotFound(LookupError):
    """A code or record that does not exist (HTTP 404 in the API), with a message that says which."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
