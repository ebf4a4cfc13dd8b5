from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "sumai.search"
    verbose_name = _("Public search")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.search.permissions import PERMISSIONS

        permissions.register("search", PERMISSIONS)
