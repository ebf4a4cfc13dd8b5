from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sumai.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from sumai.audit.permissions import PERMISSIONS
        from sumai.core import permissions

        permissions.register("audit", PERMISSIONS)

        from sumai.audit.services import record_event
        from sumai.core.audit import set_recorder

        set_recorder(record_event)
