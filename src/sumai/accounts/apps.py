from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sumai.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from sumai.accounts.access import build_access
        from sumai.accounts.actions import AccountsAction
        from sumai.accounts.permissions import PERMISSIONS, PRIMARY_MODELS
        from sumai.core import permissions
        from sumai.core.access import set_access_builder
        from sumai.core.audit import register_actions
        from sumai.core.db_router import register_primary_models

        user_logged_in.connect(_remember_second_factor, dispatch_uid="sumai.accounts.mfa.remember_at_login")
        set_access_builder(build_access)
        permissions.register("accounts", PERMISSIONS)
        register_primary_models("accounts", PRIMARY_MODELS)
        register_actions("accounts", AccountsAction)


def _remember_second_factor(sender: object, request: object, user: object, **kwargs: object) -> None:
    from sumai.accounts.mfa import remember_at_login

    if request is not None and hasattr(request, "session"):
        remember_at_login(request, user)  # type: ignore[arg-type]
