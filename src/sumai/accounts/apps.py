from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sumai.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from sumai.accounts.access import build_access
        from sumai.accounts.actions import AccountsAction
        from sumai.accounts.permissions import PERMISSIONS
        from sumai.core import permissions
        from sumai.core.access import set_access_builder
        from sumai.core.audit import register_actions

        set_access_builder(build_access)
        permissions.register("accounts", PERMISSIONS)
        register_actions("accounts", AccountsAction)
