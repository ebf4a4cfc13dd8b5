"""Audit actions of the placements part of the placements app (issue #17)."""

from django.db import models


class PlacementsAction(models.TextChoices):
    pass
