from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "sumai.support"
    verbose_name = _("Housing support corporations")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.support.permissions import PERMISSIONS

        permissions.register("support", PERMISSIONS)
