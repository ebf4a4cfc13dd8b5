"""The public search's audit actions."""

from django.db import models
from django.utils.translation import pgettext_lazy


class SearchAction(models.TextChoices):
    OPENDATA_SNAPSHOT = "opendata.snapshot", pgettext_lazy("audit action", "Open-data snapshot published")
