from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "sumai.search"
    verbose_name = _("Public search")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.search.permissions import PERMISSIONS

        permissions.register("search", PERMISSIONS)

        from sumai.core.audit import register_actions
        from sumai.search.actions import SearchAction

        register_actions("search", SearchAction)

        from typing import Any

        from sumai.registry import events
        from sumai.search import indexing

        def registration_changed(*, building_ids: list[int], **kwargs: Any) -> None:
            indexing.sync_buildings(building_ids)

        def vacancy_changed(*, unit_ids: list[int], **kwargs: Any) -> None:
            indexing.sync_vacancy(unit_ids)

        events.registration_changed.connect(registration_changed, weak=False, dispatch_uid="search-index")
        events.vacancy_changed.connect(vacancy_changed, weak=False, dispatch_uid="search-index")
