"""The councils app's audit actions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CouncilsAction(models.TextChoices):
    COUNCIL_CREATE = "council.create", _("Council created")
    COUNCIL_UPDATE = "council.update", _("Council changed")
    MEMBER_ADD = "council.member_add", _("Council member added")
    MEMBER_REMOVE = "council.member_remove", _("Council member removed")
    MEETING_ADD = "council.meeting_add", _("Meeting added")
    MEETING_UPDATE = "council.meeting_update", _("Meeting changed")
    GRANT_PROGRAMME_CREATE = "grant.programme_create", _("Grant programme opened")
    GRANT_APPLICATION_CREATE = "grant.application_create", _("Grant application started")
    GRANT_APPLICATION_UPDATE = "grant.application_update", _("Grant application changed")
    GRANT_APPLICATION_SUBMIT = "grant.application_submit", _("Grant application submitted")
    GRANT_APPLICATION_WITHDRAW = "grant.application_withdraw", _("Grant application withdrawn")
    GRANT_APPLICATION_DECIDE = "grant.application_decide", _("Grant application decided")
