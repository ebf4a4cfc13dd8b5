"""The support app's audit actions. Designation transitions are ``support.<workflow action>``, filings'
``support.filing.<filing action>``."""

from django.db import models
from django.utils.translation import pgettext_lazy


class SupportAction(models.TextChoices):
    APPLICATION_SAVE = (
        "support.application.save",
        pgettext_lazy("audit action", "Designation application saved"),
    )
    SUBMIT = "support.submit", pgettext_lazy("audit action", "Designation applied for")
    RECALL = "support.recall", pgettext_lazy("audit action", "Designation application taken back")
    REQUEST_CHANGES = "support.request_changes", pgettext_lazy("audit action", "Changes requested")
    DESIGNATE = "support.designate", pgettext_lazy("audit action", "Designated")
    REJECT = "support.reject", pgettext_lazy("audit action", "Designation refused")
    REAPPLY = "support.reapply", pgettext_lazy("audit action", "New application started")
    SUSPEND = "support.suspend", pgettext_lazy("audit action", "Work suspended")
    RESUME = "support.resume", pgettext_lazy("audit action", "Work resumed")
    REVOKE = "support.revoke", pgettext_lazy("audit action", "Designation revoked")
    ABOLISH = "support.abolish", pgettext_lazy("audit action", "Work ended")
    CHANGE_NOTICE = "support.change_notice", pgettext_lazy("audit action", "Change notified")
    CHANGE_NOTICE_ACKNOWLEDGE = (
        "support.change_notice.acknowledge",
        pgettext_lazy("audit action", "Change notice acknowledged"),
    )
    FILING_SUBMIT = "support.filing.submit", pgettext_lazy("audit action", "Plan or report submitted")
    FILING_RESUBMIT = (
        "support.filing.resubmit",
        pgettext_lazy("audit action", "Plan or report submitted again"),
    )
    FILING_RETURN = "support.filing.return", pgettext_lazy("audit action", "Plan or report returned")
    FILING_ACKNOWLEDGE = (
        "support.filing.acknowledge",
        pgettext_lazy("audit action", "Plan or report acknowledged"),
    )
    PROFILE_SAVE = "support.profile.save", pgettext_lazy("audit action", "Corporation's details changed")
    AREA_SAVE = "support.area.save", pgettext_lazy("audit action", "Service area changed")
    CAPACITY_SAVE = "support.capacity.save", pgettext_lazy("audit action", "Capacity changed")
