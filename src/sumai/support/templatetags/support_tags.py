"""Labels for support-corporation codes in templates."""

from __future__ import annotations

from django import template

from sumai.support.labels import GROUP_LABELS, LANGUAGE_LABELS, LEGAL_FORM_LABELS, TASK_LABELS, TASK_SHORT

register = template.Library()


@register.filter
def task_label(code: str) -> str:
    return str(TASK_LABELS.get(code, code))


@register.filter
def task_short(code: str) -> str:
    return str(TASK_SHORT.get(code, code))


@register.filter
def group_label(code: str) -> str:
    return str(GROUP_LABELS.get(code, code))


@register.filter
def language_label(code: str) -> str:
    return str(LANGUAGE_LABELS.get(code, code))


@register.filter
def legal_form_label(code: str) -> str:
    return str(LEGAL_FORM_LABELS.get(code, code))


@register.filter
def contact_phone(corporation: object) -> str:
    """The corporation's public phone, or its organisation's."""
    phone = getattr(corporation, "phone", "") or ""
    if not phone:
        org = getattr(corporation, "organisation", None)
        phone = getattr(org, "phone", "") or ""
    return str(phone)


@register.filter
def tel_href(phone: str) -> str:
    return "tel:" + "".join(ch for ch in str(phone) if ch.isdigit() or ch == "+")


@register.filter
def note_action(code: str) -> str:
    """A designation message's step in words (the audit action's label), never its code."""
    from sumai.core.audit import label

    words = label(f"support.{code}")
    return "" if words == f"support.{code}" else words


@register.filter
def note_reason(code: str) -> str:
    """A refusal's, suspension's or revocation's coded reason in words."""
    from sumai.support.services import REJECTION_REASONS, REVOCATION_REASONS, SUSPENSION_REASONS

    return str({**REJECTION_REASONS, **SUSPENSION_REASONS, **REVOCATION_REASONS}.get(code, ""))
