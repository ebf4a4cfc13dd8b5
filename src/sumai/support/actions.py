"""The support app's audit actions. Designation transitions are ``support.<workflow action>``, filings'
``support.filing.<filing action>``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportAction(models.TextChoices):
    APPLICATION_SAVE = "support.application.save", _("Designation application saved")
    SUBMIT = "support.submit", _("Designation applied for")
    RECALL = "support.recall", _("Designation application taken back")
    REQUEST_CHANGES = "support.request_changes", _("Changes requested")
    DESIGNATE = "support.designate", _("Designated")
    REJECT = "support.reject", _("Designation refused")
    REAPPLY = "support.reapply", _("New application started")
    SUSPEND = "support.suspend", _("Work suspended")
    RESUME = "support.resume", _("Work resumed")
    REVOKE = "support.revoke", _("Designation revoked")
    ABOLISH = "support.abolish", _("Work ended")
    CHANGE_NOTICE = "support.change_notice", _("Change notified")
    CHANGE_NOTICE_ACKNOWLEDGE = "support.change_notice.acknowledge", _("Change notice acknowledged")
    FILING_SUBMIT = "support.filing.submit", _("Plan or report submitted")
    FILING_RESUBMIT = "support.filing.resubmit", _("Plan or report submitted again")
    FILING_RETURN = "support.filing.return", _("Plan or report returned")
    FILING_ACKNOWLEDGE = "support.filing.acknowledge", _("Plan or report acknowledged")
    PROFILE_SAVE = "support.profile.save", _("Corporation's details changed")
    AREA_SAVE = "support.area.save", _("Service area changed")
    CAPACITY_SAVE = "support.capacity.save", _("Capacity changed")
