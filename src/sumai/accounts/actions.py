"""The accounts app's audit actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountsAction(models.TextChoices):
    ORGANISATION_CREATE = "organisation.create", _("Organisation created")
    MEMBERSHIP_ADD = "membership.add", _("Member added")
    MEMBERSHIP_REMOVE = "membership.remove", _("Member removed")
    MEMBERSHIP_ROLE = "membership.role", _("Member's role changed")
    INVITATION_CREATE = "invitation.create", _("Invitation sent")
    INVITATION_ACCEPT = "invitation.accept", _("Invitation accepted")
    INVITATION_REVOKE = "invitation.revoke", _("Invitation withdrawn")
    API_TOKEN_CREATE = "api_token.create", _("API token created")
    API_TOKEN_REVOKE = "api_token.revoke", _("API token revoked")
    USER_CREATE = "user.create", _("Account created")
