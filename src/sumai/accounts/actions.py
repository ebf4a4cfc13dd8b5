"""The accounts app's audit actions."""

from django.db import models
from django.utils.translation import pgettext_lazy


class AccountsAction(models.TextChoices):
    ORGANISATION_CREATE = "organisation.create", pgettext_lazy("audit action", "Organisation created")
    MEMBERSHIP_ADD = "membership.add", pgettext_lazy("audit action", "Member added")
    MEMBERSHIP_REMOVE = "membership.remove", pgettext_lazy("audit action", "Member removed")
    MEMBERSHIP_ROLE = "membership.role", pgettext_lazy("audit action", "Member's role changed")
    INVITATION_CREATE = "invitation.create", pgettext_lazy("audit action", "Invitation sent")
    INVITATION_ACCEPT = "invitation.accept", pgettext_lazy("audit action", "Invitation accepted")
    INVITATION_REVOKE = "invitation.revoke", pgettext_lazy("audit action", "Invitation withdrawn")
    API_TOKEN_CREATE = "api_token.create", pgettext_lazy("audit action", "API token created")
    API_TOKEN_REVOKE = "api_token.revoke", pgettext_lazy("audit action", "API token revoked")
    USER_CREATE = "user.create", pgettext_lazy("audit action", "Account created")
    USER_DEACTIVATE = "user.deactivate", pgettext_lazy("audit action", "Account deactivated")
    USER_ACTIVATE = "user.activate", pgettext_lazy("audit action", "Account reactivated")
    ORGANISATION_UPDATE = "organisation.update", pgettext_lazy("audit action", "Organisation changed")
    ORGANISATION_DEACTIVATE = (
        "organisation.deactivate",
        pgettext_lazy("audit action", "Organisation deactivated"),
    )
    ORGANISATION_ACTIVATE = "organisation.activate", pgettext_lazy("audit action", "Organisation reactivated")
    SIGNUP_CREATE = "signup.create", pgettext_lazy("audit action", "Sign-up requested")
    SIGNUP_VERIFY = "signup.verify", pgettext_lazy("audit action", "Sign-up e-mail address confirmed")
    SIGNUP_APPROVE = "signup.approve", pgettext_lazy("audit action", "Sign-up approved")
    SIGNUP_REJECT = "signup.reject", pgettext_lazy("audit action", "Sign-up not approved")
    OTP_ENROL = "otp.enrol", pgettext_lazy("audit action", "Two-factor authentication set up")
    OTP_REMOVE = "otp.remove", pgettext_lazy("audit action", "Two-factor authentication removed")
    OTP_RECOVERY_CODES = "otp.recovery_codes", pgettext_lazy("audit action", "New recovery codes made")
    OTP_RECOVERY_USE = "otp.recovery_use", pgettext_lazy("audit action", "Logged in with a recovery code")
    OTP_LOCK = "otp.lock", pgettext_lazy("audit action", "Second factor locked after wrong codes")
