from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "sumai.support"
    verbose_name = _("Housing support corporations")

    def ready(self) -> None:
        from sumai.core import contributions, permissions
        from sumai.core.audit import register_actions
        from sumai.support import selectors
        from sumai.support.actions import SupportAction
        from sumai.support.contributions import dashboard_links, legal_form_labels, serving_section
        from sumai.support.permissions import PERMISSIONS

        permissions.register("support", PERMISSIONS)
        register_actions("support", SupportAction)
        contributions.provide("statistics.designated_corporations", selectors.designated_counts)
        contributions.provide("statistics.legal_form_labels", legal_form_labels)
        contributions.add("unit_page.sections", serving_section)
        contributions.add("dashboard.links", dashboard_links)
        contributions.provide("routing.corporations", selectors.corporations_for_routing)
