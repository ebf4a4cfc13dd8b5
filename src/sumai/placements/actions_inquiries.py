"""Audit actions of the inquiries part of the placements app (issue #17)."""

from django.db import models
from django.utils.translation import pgettext_lazy


class InquiriesAction(models.TextChoices):
    INQUIRY_SEND = "landlord_inquiry.send", pgettext_lazy("audit action", "Inquiry sent to a landlord")
    INQUIRY_ANSWER = "landlord_inquiry.answer", pgettext_lazy("audit action", "Landlord answered an inquiry")
    INQUIRY_WITHDRAW = "landlord_inquiry.withdraw", pgettext_lazy("audit action", "Inquiry withdrawn")
    INQUIRY_EXPIRE = (
        "landlord_inquiry.expire",
        pgettext_lazy("audit action", "Inquiry expired without an answer"),
    )
    FLAG_RAISE = "refusal_flag.raise", pgettext_lazy("audit action", "Refusal flag raised")
    FLAG_RESOLVE = "refusal_flag.resolve", pgettext_lazy("audit action", "Refusal flag resolved")
