from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "sumai.insights"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.insights.permissions import PERMISSIONS

        permissions.register("insights", PERMISSIONS)
