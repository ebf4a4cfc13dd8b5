"""The councils app's audit actions."""

from django.db import models
from django.utils.translation import pgettext_lazy


class CouncilsAction(models.TextChoices):
    COUNCIL_CREATE = "council.create", pgettext_lazy("audit action", "Council created")
    COUNCIL_UPDATE = "council.update", pgettext_lazy("audit action", "Council changed")
    MEMBER_ADD = "council.member_add", pgettext_lazy("audit action", "Council member added")
    MEMBER_REMOVE = "council.member_remove", pgettext_lazy("audit action", "Council member removed")
    MEETING_ADD = "council.meeting_add", pgettext_lazy("audit action", "Meeting added")
    MEETING_UPDATE = "council.meeting_update", pgettext_lazy("audit action", "Meeting changed")
    GRANT_PROGRAMME_CREATE = "grant.programme_create", pgettext_lazy("audit action", "Grant programme opened")
    GRANT_APPLICATION_CREATE = (
        "grant.application_create",
        pgettext_lazy("audit action", "Grant application started"),
    )
    GRANT_APPLICATION_UPDATE = (
        "grant.application_update",
        pgettext_lazy("audit action", "Grant application changed"),
    )
    GRANT_APPLICATION_SUBMIT = (
        "grant.application_submit",
        pgettext_lazy("audit action", "Grant application submitted"),
    )
    GRANT_APPLICATION_WITHDRAW = (
        "grant.application_withdraw",
        pgettext_lazy("audit action", "Grant application withdrawn"),
    )
    GRANT_APPLICATION_DECIDE = (
        "grant.application_decide",
        pgettext_lazy("audit action", "Grant application decided"),
    )
