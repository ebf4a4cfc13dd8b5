"""Consultation desks and the requests people send them (issue #16, item 1; docs/cases.md).

A request holds what a person chose to tell: places, the ages of the household, the situation, the help
wanted, how to reach them. Names are optional. It is sensitive (a DV shelter, a prison release): only the
organisation it was routed to reads it, every view is logged (``AccessLog``), and the notification that
announces it carries its reference, never its content.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sumai.domain import consultation as domain


class Desk(models.Model):
    """A municipality's one-stop consultation desk (総合相談窓口): its requests go here first."""

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="desk", verbose_name=_("organisation")
    )
    name = models.CharField(_("name of the desk"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    is_active = models.BooleanField(_("takes requests"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consultation desk")

    def __str__(self) -> str:
        return self.name


class ConsultationRequest(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        CLOSED = "closed", _("Closed")

    class RouteKind(models.TextChoices):
        MUNICIPAL_DESK = domain.RouteKind.MUNICIPAL_DESK.value, _("The municipality's consultation desk")
        MUNICIPAL_COUNCIL = (
            domain.RouteKind.MUNICIPAL_COUNCIL.value,
            _("The municipal housing support council"),
        )
        PREFECTURAL_COUNCIL = (
            domain.RouteKind.PREFECTURAL_COUNCIL.value,
            _("The prefectural housing support council"),
        )
        SUPPORT_CORPORATION = domain.RouteKind.SUPPORT_CORPORATION.value, _("A housing support corporation")

    reference = models.CharField(_("reference"), max_length=12, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.NEW)
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    lives_there = models.BooleanField(_("lives there now"), default=True)
    members = models.JSONField(_("household members"), default=list)  # [{"age": 72}, …]
    situations = models.JSONField(_("situation"), default=list)
    leave_by = models.DateField(_("must leave by"), null=True, blank=True)
    help_wanted = models.JSONField(_("help wanted"), default=list)
    language = models.CharField(_("language"), max_length=10)
    interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    name = models.CharField(_("name"), max_length=100, blank=True)
    contact_method = models.CharField(_("how to contact"), max_length=10)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    contact_times = models.CharField(_("when to contact"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    urgent = models.BooleanField(_("urgent"), default=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="consultation_requests",
        verbose_name=_("receiving organisation"),
    )
    route = models.CharField(_("route"), max_length=24, choices=RouteKind.choices)
    alternatives = models.JSONField(default=list, blank=True)  # organisation ids of the same level
    picked_corporation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support corporation the person picked"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("consultation request")
        indexes = [models.Index(fields=["organisation", "state", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(contact_method="phone") | ~models.Q(phone=""), name="request_phone_given"
            ),
            models.CheckConstraint(
                condition=~models.Q(contact_method="email") | ~models.Q(email=""), name="request_email_given"
            ),
        ]

    def __str__(self) -> str:
        return self.reference
