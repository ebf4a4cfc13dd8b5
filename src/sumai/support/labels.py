"""Words the public reads for codes: tasks, priority groups, languages, legal forms."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sumai.core import labels
from sumai.domain.eligibility import list_groups
from sumai.support.models import LegalForm, Task

TASK_LABELS: dict[str, Promise] = {str(value): label for value, label in Task.choices}
TASK_SHORT: dict[str, Promise] = {
    "rent_guarantee": _("Guarantee"),
    "consultation": _("Consultation"),
    "living_support": _("Watch-over"),
    "landlord_information": _("For landlords"),
    "belongings_disposal": _("Belongings"),
    "incidental": _("Other support"),
}
LEGAL_FORM_LABELS: dict[str, Promise] = {str(value): label for value, label in LegalForm.choices}

# The groups of the law (法2条1項) and the ordinance (規則3条), in the words of the kernel's catalogue; local
# plans' groups are not offered (a corporation's groups are national).
GROUP_LABELS: dict[str, Promise] = {
    g.code: labels.GROUP_LABELS[g.code] for g in list_groups() if g.tier in ("law", "ordinance")
}

# Languages a corporation can work in (ISO 639-1), the ones most asked for in Japan.
LANGUAGE_LABELS: dict[str, Promise] = {
    "ja": _("Japanese"),
    "ja-easy": _("Easy Japanese"),
    "en": _("English"),
    "zh": _("Chinese"),
    "ko": _("Korean"),
    "vi": _("Vietnamese"),
    "pt": _("Portuguese"),
    "es": _("Spanish"),
    "tl": _("Tagalog"),
    "ne": _("Nepali"),
    "id": _("Indonesian"),
    "th": _("Thai"),
    "my": _("Burmese"),
    "jsl": _("Japanese Sign Language"),
}


def group_choices() -> list[tuple[str, Promise]]:
    return list(GROUP_LABELS.items())


def language_choices() -> list[tuple[str, Promise]]:
    return list(LANGUAGE_LABELS.items())
