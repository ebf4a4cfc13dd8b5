"""The history page in words: what kind of record it is, and each value before and after with the field's
name and the value's label — never a dictionary, a field name or a code."""

from __future__ import annotations

from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import localize
from django.utils.translation import gettext as _

from sumai.core.formats import join_list
from sumai.core.labels import GROUP_LABELS

register = template.Library()

HIDDEN = frozenset({"version", "id", "updated_at", "created_at"})  # bookkeeping, not what changed


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


@register.simple_tag
def record_kind(object_type: str) -> str:
    """The kind of record in words ("建物", "登録"), from the model's name."""
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else _("Record")


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is not None:
        try:
            field = model._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:
            pass
        else:
            return str(getattr(field, "verbose_name", name)).capitalize()
    return {"state": _("State")}.get(name, name.replace("_", " ").capitalize())


def _value_text(model: type[models.Model] | None, name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return join_list(_value_text(model, name, v) for v in value)
    if isinstance(value, dict):
        return join_list(
            f"{_field_label(None, str(k))}: {_value_text(None, str(k), v)}" for k, v in value.items()
        )
    if isinstance(value, str) and value in GROUP_LABELS:
        return str(GROUP_LABELS[value])
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        choices = dict(getattr(field, "flatchoices", None) or ())
        if value in choices:
            return str(choices[value])
    return str(localize(value))


@register.simple_tag
def changes(event: Any) -> list[tuple[str, str, str]]:
    """(field, before, after) for every field an event recorded, in words."""
    model = _model(event.object_type)
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    names = [n for n in dict.fromkeys([*before, *after]) if n not in HIDDEN]
    return [
        (
            _field_label(model, name),
            _value_text(model, name, before.get(name)) if name in before else "",
            _value_text(model, name, after.get(name)) if name in after else "",
        )
        for name in names
    ]
