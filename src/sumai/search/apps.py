from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "sumai.search"
    verbose_name = _("Public search")

    def ready(self) -> None:
        from sumai.core import contributions, permissions
        from sumai.core.audit import register_actions
        from sumai.core.db_router import register_public_reads
        from sumai.registry import events
        from sumai.search import receivers
        from sumai.search.actions import SearchAction
        from sumai.search.permissions import PERMISSIONS, PUBLIC_READS
        from sumai.search.statistics import housing_by_prefecture, registration_trend

        permissions.register("search", PERMISSIONS)
        register_public_reads("search", PUBLIC_READS)
        register_actions("search", SearchAction)
        events.registration_changed.connect(receivers.registration_changed, dispatch_uid="search-index")
        events.vacancy_changed.connect(receivers.vacancy_changed, dispatch_uid="search-index")
        contributions.provide("statistics.housing_by_prefecture", housing_by_prefecture)
        contributions.provide("statistics.registration_trend", registration_trend)
