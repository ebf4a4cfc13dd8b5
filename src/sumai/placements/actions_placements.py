"""Audit actions of the placements part of the placements app (issue #17)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class PlacementsAction(models.TextChoices):
    PLACEMENT_RECORD = "placement.record", pgettext_lazy("audit action", "Placement recorded")
    FOLLOW_UP_ANSWER = (
        "placement.follow_up",
        pgettext_lazy("audit action", "Follow-up after move-in answered"),
    )
    TENANCY_END = "placement.end", pgettext_lazy("audit action", "End of a tenancy recorded")
    PLACEMENT_CANCEL = (
        "placement.cancel",
        pgettext_lazy("audit action", "Placement cancelled: the household did not move in"),
    )
