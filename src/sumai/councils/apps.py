from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "sumai.councils"
    verbose_name = _("Housing support councils")

    def ready(self) -> None:
        from sumai.core import contributions, permissions
        from sumai.core.audit import register_actions
        from sumai.councils import coverage, selectors
        from sumai.councils.actions import CouncilsAction
        from sumai.councils.contributions import dashboard_links
        from sumai.councils.permissions import PERMISSIONS

        permissions.register("councils", PERMISSIONS)
        register_actions("councils", CouncilsAction)
        contributions.provide("statistics.councils_by_prefecture", selectors.councils_by_prefecture)
        contributions.provide("statistics.council_coverage", coverage.coverage)
        contributions.add("dashboard.links", dashboard_links)
        contributions.provide("routing.councils", selectors.councils_for)
        contributions.provide("routing.council_area", selectors.council_area)
