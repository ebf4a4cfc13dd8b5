from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "sumai.support"
    verbose_name = _("Housing support corporations")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.support.permissions import PERMISSIONS

        permissions.register("support", PERMISSIONS)

        from sumai.core.audit import register_actions
        from sumai.support.actions import SupportAction

        register_actions("support", SupportAction)

        from typing import Any

        from sumai.core import contributions
        from sumai.support import selectors
        from sumai.support.models import SupportCorporation

        def legal_form_labels() -> dict[str, str]:
            field = SupportCorporation._meta.get_field("legal_form")
            return {str(k): str(v) for k, v in field.choices or ()}

        def serving_section(*, building: Any) -> contributions.Section:
            corporations = selectors.corporations_serving(
                municipality_code=building.municipality_id, limit=10
            )
            return contributions.Section("support/_serving.html", {"corporations": list(corporations)})

        contributions.provide("statistics.designated_corporations", selectors.designated_counts)
        contributions.provide("statistics.legal_form_labels", legal_form_labels)
        contributions.add("unit_page.sections", serving_section)

        def dashboard_links(*, organisation: Any, role: str) -> contributions.Section | None:
            if organisation.kind in ("authority", "support_corporation"):
                return contributions.Section("support/_dashboard_links.html")
            return None

        contributions.add("dashboard.links", dashboard_links)
