from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "sumai.councils"
    verbose_name = _("Housing support councils")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.councils.permissions import PERMISSIONS

        permissions.register("councils", PERMISSIONS)

        from sumai.core.audit import register_actions
        from sumai.councils.actions import CouncilsAction

        register_actions("councils", CouncilsAction)

        from sumai.core import contributions
        from sumai.councils import coverage, selectors

        contributions.provide("statistics.councils_by_prefecture", selectors.councils_by_prefecture)
        contributions.provide("statistics.council_coverage", coverage.coverage)

        from typing import Any

        def dashboard_links(*, organisation: Any, role: str) -> contributions.Section | None:
            if organisation.kind == "council":
                return contributions.Section("councils/_dashboard_links.html")
            return None

        contributions.add("dashboard.links", dashboard_links)
