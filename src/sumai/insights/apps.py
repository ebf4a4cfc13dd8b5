from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "sumai.insights"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.core.db_router import register_public_reads
        from sumai.insights.permissions import PERMISSIONS, PUBLIC_READS

        permissions.register("insights", PERMISSIONS)
        register_public_reads("insights", PUBLIC_READS)
