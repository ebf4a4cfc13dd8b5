from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "sumai.web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.web.permissions import PERMISSIONS

        permissions.register("web", PERMISSIONS)
