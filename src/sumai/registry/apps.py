from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sumai.registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from sumai.core import contributions, permissions
        from sumai.core.audit import register_actions
        from sumai.registry.actions import RegistryAction
        from sumai.registry.contributions import dashboard_links, history_visible
        from sumai.registry.permissions import PERMISSIONS

        permissions.register("registry", PERMISSIONS)
        register_actions("registry", RegistryAction)
        contributions.add("dashboard.links", dashboard_links)
        contributions.add("audit.history_visible", history_visible)

        from sumai.core import workers
        from sumai.registry import tasks

        workers.on_lost(tasks.run_import.module_path, tasks.import_worker_lost)
