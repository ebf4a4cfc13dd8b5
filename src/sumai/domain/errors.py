"""Errors raised by the domain layer for bad input."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input to a domain rule. ``field`` names the offending field as a dotted path.

    The CLI turns it into exit code 2 and the API into HTTP 400, each naming the field.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class ParameterError(LookupError):
    """No parameter file is in force for the requested date, or a file is malformed."""
