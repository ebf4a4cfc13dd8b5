"""The registry's audit actions. Registration transitions are ``registration.<workflow action>``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryAction(models.TextChoices):
    BUILDING_CREATE = "building.create", _("Building created")
    BUILDING_UPDATE = "building.update", _("Building changed")
    UNIT_CREATE = "unit.create", _("Unit added")
    UNIT_UPDATE = "unit.update", _("Unit changed")
    UNIT_DELETE = "unit.delete", _("Unit deleted")
    ATTACHMENT_ADD = "attachment.add", _("Document attached")
    ATTACHMENT_DELETE = "attachment.delete", _("Document removed")
    REGISTRATION_SUBMIT = "registration.submit", _("Application submitted")
    REGISTRATION_RECALL = "registration.recall", _("Application taken back")
    REGISTRATION_REQUEST_CHANGES = "registration.request_changes", _("Changes requested")
    REGISTRATION_REGISTER = "registration.register", _("Registered")
    REGISTRATION_REJECT = "registration.reject", _("Registration refused")
    REGISTRATION_NOTIFY_CHANGE = "registration.notify_change", _("Change notified")
    REGISTRATION_ACCEPT_CHANGE = "registration.accept_change", _("Change accepted")
    REGISTRATION_WITHDRAW = "registration.withdraw", _("Withdrawal notified")
    REGISTRATION_STRIKE_OFF = "registration.strike_off", _("Struck off the register")
    REGISTRATION_INSTRUCTION = "registration.instruction", _("Instruction given")
    OPERATOR_PROFILE = "operator.profile", _("Landlord particulars changed")
    AGENT_AUTHORISE = "agent.authorise", _("Agent authorised")
    AGENT_REVOKE = "agent.revoke", _("Agent's authorisation ended")
    VACANCY_SET = "vacancy.set", _("Vacancy changed")
    VACANCY_CONFIRM_BUILDING = "vacancy.confirm_building", _("Vacancy confirmed for the building")
    VACANCY_EXPIRE = "vacancy.expire", _("Vacancy expired to unknown")
    VACANCY_REMINDER = "vacancy.reminder", _("Vacancy reminder sent")
    VACANCY_PUSH = "registry.vacancy_push", _("Vacancy sent through the API")
    IMPORT = "registry.import", _("Buildings imported from a CSV file")
