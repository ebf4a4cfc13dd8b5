from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sumai.registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.registry.permissions import PERMISSIONS

        permissions.register("registry", PERMISSIONS)

        from sumai.core.audit import register_actions
        from sumai.registry.actions import RegistryAction

        register_actions("registry", RegistryAction)

        from typing import Any

        from sumai.core import contributions

        def dashboard_links(*, organisation: Any, role: str) -> contributions.Section | None:
            if organisation.kind in ("operator", "agent", "authority"):
                return contributions.Section("registry/_dashboard_links.html")
            return None

        contributions.add("dashboard.links", dashboard_links)
