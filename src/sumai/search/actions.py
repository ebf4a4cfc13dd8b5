"""The public search's audit actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchAction(models.TextChoices):
    OPENDATA_SNAPSHOT = "opendata.snapshot", _("Open-data snapshot published")
