from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "sumai.placements"
    verbose_name = _("Inquiries to landlords and placements")
