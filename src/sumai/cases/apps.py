from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sumai.cases"
    verbose_name = _("Housing consultation")

    def ready(self) -> None:
        from sumai.cases import statistics
        from sumai.cases.actions import CasesAction
        from sumai.cases.contributions import dashboard_links
        from sumai.cases.permissions import PERMISSIONS
        from sumai.cases.permissions_api import PERMISSIONS as API_PERMISSIONS
        from sumai.cases.retention import RetentionAction
        from sumai.core import contributions, permissions
        from sumai.core.audit import register_actions

        permissions.register("cases", PERMISSIONS)
        permissions.register("cases", API_PERMISSIONS)
        register_actions("cases", CasesAction)
        register_actions("cases", RetentionAction)
        contributions.add("dashboard.links", dashboard_links)
        contributions.provide("statistics.consultations", statistics.consultation_counts)
        contributions.provide("statistics.first_contact", statistics.first_contact)
