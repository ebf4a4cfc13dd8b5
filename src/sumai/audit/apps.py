from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sumai.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from sumai.audit.permissions import PERMISSIONS
        from sumai.audit.services import log_view, record_event
        from sumai.core import permissions
        from sumai.core.audit import set_access_logger, set_recorder

        permissions.register("audit", PERMISSIONS)
        set_recorder(record_event)
        set_access_logger(log_view)
