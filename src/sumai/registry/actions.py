"""The registry's audit actions. Registration transitions are ``registration.<workflow action>``."""

from django.db import models
from django.utils.translation import pgettext_lazy


class RegistryAction(models.TextChoices):
    BUILDING_CREATE = "building.create", pgettext_lazy("audit action", "Building created")
    BUILDING_UPDATE = "building.update", pgettext_lazy("audit action", "Building changed")
    UNIT_CREATE = "unit.create", pgettext_lazy("audit action", "Unit added")
    UNIT_UPDATE = "unit.update", pgettext_lazy("audit action", "Unit changed")
    UNIT_DELETE = "unit.delete", pgettext_lazy("audit action", "Unit deleted")
    ATTACHMENT_ADD = "attachment.add", pgettext_lazy("audit action", "Document attached")
    ATTACHMENT_DELETE = "attachment.delete", pgettext_lazy("audit action", "Document removed")
    REGISTRATION_SUBMIT = "registration.submit", pgettext_lazy("audit action", "Application submitted")
    REGISTRATION_RECALL = "registration.recall", pgettext_lazy("audit action", "Application taken back")
    REGISTRATION_REQUEST_CHANGES = (
        "registration.request_changes",
        pgettext_lazy("audit action", "Changes requested"),
    )
    REGISTRATION_REGISTER = "registration.register", pgettext_lazy("audit action", "Registered")
    REGISTRATION_REJECT = "registration.reject", pgettext_lazy("audit action", "Registration refused")
    REGISTRATION_NOTIFY_CHANGE = (
        "registration.notify_change",
        pgettext_lazy("audit action", "Change notified"),
    )
    REGISTRATION_ACCEPT_CHANGE = (
        "registration.accept_change",
        pgettext_lazy("audit action", "Change accepted"),
    )
    REGISTRATION_REJECT_CHANGE = (
        "registration.reject_change",
        pgettext_lazy("audit action", "Change not accepted"),
    )
    REGISTRATION_RETURN_CHANGE = (
        "registration.return_change",
        pgettext_lazy("audit action", "Change notice returned to the landlord"),
    )
    REGISTRATION_WITHDRAW = "registration.withdraw", pgettext_lazy("audit action", "Withdrawal notified")
    REGISTRATION_STRIKE_OFF = (
        "registration.strike_off",
        pgettext_lazy("audit action", "Struck off the register"),
    )
    REGISTRATION_INSTRUCTION = "registration.instruction", pgettext_lazy("audit action", "Instruction given")
    OPERATOR_PROFILE = "operator.profile", pgettext_lazy("audit action", "Landlord particulars changed")
    AGENT_AUTHORISE = "agent.authorise", pgettext_lazy("audit action", "Agent authorised")
    AGENT_REVOKE = "agent.revoke", pgettext_lazy("audit action", "Agent's authorisation ended")
    VACANCY_SET = "vacancy.set", pgettext_lazy("audit action", "Vacancy changed")
    INQUIRY_RECEIVED = "inquiry.received", pgettext_lazy("audit action", "Inquiry received from the public")
    VACANCY_CONFIRM_BUILDING = (
        "vacancy.confirm_building",
        pgettext_lazy("audit action", "Vacancy confirmed for the building"),
    )
    VACANCY_EXPIRE = "vacancy.expire", pgettext_lazy("audit action", "Vacancy expired to unknown")
    VACANCY_REMINDER = "vacancy.reminder", pgettext_lazy("audit action", "Vacancy reminder sent")
    VACANCY_PUSH = "registry.vacancy_push", pgettext_lazy("audit action", "Vacancy sent through the API")
    IMPORT = "registry.import", pgettext_lazy("audit action", "Buildings imported from a CSV file")
