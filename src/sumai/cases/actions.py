"""The cases app's audit actions."""

from django.db import models
from django.utils.translation import pgettext_lazy


class CasesAction(models.TextChoices):
    REQUEST_CREATE = "consultation.create", pgettext_lazy("audit action", "Consultation request received")
    REQUEST_CONTACT = "consultation.contact", pgettext_lazy("audit action", "First contact made")
    REQUEST_CLOSE = "consultation.close", pgettext_lazy("audit action", "Consultation request closed")
    DESK_SAVE = "desk.save", pgettext_lazy("audit action", "Consultation desk saved")
    HOUSEHOLD_CREATE = "household.create", pgettext_lazy("audit action", "Household record opened")
    HOUSEHOLD_SAVE = "household.save", pgettext_lazy("audit action", "Household record saved")
    CONSENT_RECORD = "consent.record", pgettext_lazy("audit action", "Consent recorded")
    CONSENT_WITHDRAW = "consent.withdraw", pgettext_lazy("audit action", "Consent withdrawn")
    CASE_OPEN = "case.open", pgettext_lazy("audit action", "Case opened")
    CASE_STATUS = "case.status", pgettext_lazy("audit action", "Case status changed")
    CASE_ASSIGN = "case.assign", pgettext_lazy("audit action", "Caseworker assigned")
    CASE_ENTRY = "case.entry", pgettext_lazy("audit action", "Case note, contact or document added")
    CASE_TRANSFER = "case.transfer", pgettext_lazy("audit action", "Case transferred")
    TASK_ADD = "task.add", pgettext_lazy("audit action", "Task added")
    TASK_DONE = "task.done", pgettext_lazy("audit action", "Task done")
    REFERRAL_SEND = "referral.send", pgettext_lazy("audit action", "Referral sent")
    REFERRAL_ACCEPT = "referral.accept", pgettext_lazy("audit action", "Referral accepted")
    REFERRAL_DECLINE = "referral.decline", pgettext_lazy("audit action", "Referral declined")
    REFERRAL_WITHDRAW = "referral.withdraw", pgettext_lazy("audit action", "Referral withdrawn")
    REFERRAL_CONTACT = "referral.contact", pgettext_lazy("audit action", "First contact after a referral")
    HOUSEHOLD_HIDE = "household.hide", pgettext_lazy("audit action", "Household hidden or shown")
