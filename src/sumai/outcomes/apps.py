from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "sumai.outcomes"
    verbose_name = _("Outcomes of matching and placement")

    def ready(self) -> None:
        from sumai.core import contributions, permissions
        from sumai.outcomes.contributions import dashboard_links
        from sumai.outcomes.permissions import PERMISSIONS

        permissions.register("outcomes", PERMISSIONS)
        contributions.add("dashboard.links", dashboard_links)
