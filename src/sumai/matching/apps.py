from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "sumai.matching"
    verbose_name = _("Matching homes and support")

    def ready(self) -> None:
        from sumai.core import contributions, permissions
        from sumai.core.audit import register_actions
        from sumai.matching.actions import MatchingAction
        from sumai.matching.contributions import case_section
        from sumai.matching.permissions import PERMISSIONS

        permissions.register("matching", PERMISSIONS)
        register_actions("matching", MatchingAction)
        contributions.add("case_page.sections", case_section)
