from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sumai.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from sumai.accounts.access import build_access
        from sumai.core.access import set_access_builder

        set_access_builder(build_access)
        from sumai.accounts.permissions import PERMISSIONS
        from sumai.core import permissions

        permissions.register("accounts", PERMISSIONS)

        from sumai.accounts.actions import AccountsAction
        from sumai.core.audit import register_actions

        register_actions("accounts", AccountsAction)
