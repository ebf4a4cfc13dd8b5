"""What the support app's views share."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


def add_errors(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has one, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def version_of(request: HttpRequest) -> int:
    """The record's version the form was made from (optimistic locking)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        raise ValidationError(_("The form is out of date. Reload the page.")) from None
