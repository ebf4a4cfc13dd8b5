from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "sumai.placements"
    verbose_name = _("Inquiries to landlords and placements")

    def ready(self) -> None:
        from sumai.core import permissions
        from sumai.core.audit import register_actions
        from sumai.placements import registrations_inquiries, registrations_placements
        from sumai.placements.actions_inquiries import InquiriesAction
        from sumai.placements.actions_placements import PlacementsAction
        from sumai.placements.permissions import PERMISSIONS

        permissions.register("placements", PERMISSIONS)
        register_actions("placements.inquiries", InquiriesAction)
        register_actions("placements.placements", PlacementsAction)
        registrations_inquiries.register()
        registrations_placements.register()
