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
