"""Audit actions of the inquiries part of the placements app (issue #17)."""

from django.db import models


class InquiriesAction(models.TextChoices):
    pass
