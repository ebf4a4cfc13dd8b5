"""The matching app's audit actions."""

from django.db import models
from django.utils.translation import pgettext_lazy


class MatchingAction(models.TextChoices):
    HOMES_MATCH = "match.homes", pgettext_lazy("audit action", "Homes matched for a household")
