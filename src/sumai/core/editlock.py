"""Optimistic locking of edit forms: two people editing one record cannot silently overwrite each other.

An edit form carries a hidden ``edit_token``: a digest of the stored values of the fields the form edits,
taken when the form was shown (:func:`edit_token`). The service that saves locks the row (``SELECT … FOR
UPDATE``; on SQLite ``BEGIN IMMEDIATE`` serialises writers) and compares the digest of what is stored now
(:func:`require_unchanged`): if anyone saved one of those fields in between, it raises
:class:`~sumai.core.errors.Conflict` and nothing is written. A digest of the edited fields, not a version
number, so changes the form does not show (a vacancy push, a state transition) do not refuse an edit, and
no table needs a column for it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any, TypeVar

from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sumai.core.errors import Conflict

M = TypeVar("M", bound=models.Model)

FIELD = "edit_token"


def digest(value: Any) -> str:
    """A digest of any JSON-able state (e.g. a sorted list of codes a form edits)."""
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def edit_token(obj: models.Model, fields: Iterable[str]) -> str:
    """A digest of ``obj``'s stored values of ``fields``."""
    values: dict[str, Any] = {}
    for name in sorted(set(fields)):
        field = obj._meta.get_field(name)
        values[name] = field.value_to_string(obj)  # type: ignore[union-attr]
    return digest(values)


def require_token(current: str, token: str | None) -> None:
    """Refuse with ``Conflict`` unless ``token`` (from the form) is ``current`` (of the locked state);
    ``None`` skips the check."""
    if token is not None and not hmac.compare_digest(current, str(token)):
        raise Conflict(conflict_message())


def token_field() -> forms.CharField:
    """The hidden ``edit_token`` of a plain ``Form`` (its initial set by the view)."""
    return forms.CharField(label=gettext_lazy("Form version"), widget=forms.HiddenInput, required=False)


def conflict_message() -> str:
    return _(
        "Someone else saved this record while you were editing it. Your changes were not saved: reload the "
        "page to see the current values, then make your changes again."
    )


def require_unchanged(obj: M, fields: Iterable[str], token: str | None) -> M:
    """Lock ``obj``'s row and check that ``fields`` are as they were when ``token`` was taken; returns the
    locked, current row. Call inside the transaction that writes. ``token=None`` skips the check (callers
    that hold no form, e.g. imports)."""
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    require_token(edit_token(current, fields), token)
    return current


class EditTokenMixin:
    """For a ``ModelForm`` that edits a stored record: adds the hidden ``edit_token`` (of ``lock_fields``,
    by default the form's model fields)."""

    lock_fields: tuple[str, ...] = ()

    def add_edit_token(self) -> None:
        form: Any = self
        # Not required: an empty token (a form shown before the record existed, or sent without it) is
        # refused by require_unchanged when there is a stored record, with the conflict message.
        form.fields[FIELD] = token_field()
        if form.instance.pk:
            form.fields[FIELD].initial = edit_token(form.instance, self.locked_fields())

    def locked_fields(self) -> tuple[str, ...]:
        if self.lock_fields:
            return self.lock_fields
        form: Any = self
        names = {f.name for f in form.instance._meta.concrete_fields}
        return tuple(n for n in form.fields if n in names)
