"""Errors raised by the domain layer for bad input."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input to a domain rule. ``field`` names the offending field as a dotted path.

    The CLI turns it into exit code 2 and the API into HTTP 400, each naming the field.

    ``message`` is English, written as a template with named values when it has any
    (``InputError("floors", "must be at most %(most)s", most=200)``): ``message`` is the English text (the CLI
    prints it), ``template`` and ``params`` let the API write it in the request's language
    (sumai.core.api.errors.input_message; the templates are listed for translation in
    sumai.api.rules_words). The values are the input's own (a number, a date, a code, a list of codes).
    """

    def __init__(self, field: str, message: str, **params: object) -> None:
        self.field = field
        self.template = message
        self.params = params
        self.message = message % params if params else message
        super().__init__(f"{field}: {self.message}")

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class ParameterError(LookupError):
    """No parameter file is in force for the requested date, or a file is malformed."""
