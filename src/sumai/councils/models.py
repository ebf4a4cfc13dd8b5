"""Housing support councils (居住支援協議会), their members and meetings, and activity grants
(居住支援協議会等活動支援事業) to councils and support corporations."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sumai.core.uploads import RandomName


class Activity(models.TextChoices):
    """The main activities of councils (MLIT seed p.8, 居住支援協議会による主な活動内容)."""

    INFORMATION_EXCHANGE = "information_exchange", _("Exchange of views and information among members")
    HOUSING_LISTINGS = "housing_listings", _("Listings of private rentals for people who need help")
    CONSULTATION = "consultation", _("Housing consultation (consultation days, housing advisers)")
    GUARANTEE_AND_SAFETY_CHECK = (
        "guarantee_safety_check",
        _("Introducing rent-guarantee and daily safety-check services"),
    )
    SEMINARS = "seminars", _("Seminars for landlords and people who need help")


ACTIVITY_DESCRIPTIONS = {
    Activity.INFORMATION_EXCHANGE: _(
        "Members — local governments, estate agents, support corporations and welfare bodies — share what "
        "they see and agree on how to work together."
    ),
    Activity.HOUSING_LISTINGS: _(
        "The council publishes, introduces and arranges private rentals open to people who need help."
    ),
    Activity.CONSULTATION: _(
        "The council holds housing consultation sessions or places housing advisers who help people "
        "find a home."
    ),
    Activity.GUARANTEE_AND_SAFETY_CHECK: _(
        "The council introduces rent-guarantee schemes and daily safety-check services, so that landlords "
        "can accept tenants with confidence."
    ),
    Activity.SEMINARS: _("Lectures and seminars for landlords and for people who need help with housing."),
}


class Council(models.Model):
    """居住支援協議会 (法51条, 2025-10-01 から 法81条): a council of local governments, estate agents, support
    corporations and welfare bodies. One per organisation of kind "council"; its id is the organisation's."""

    class Level(models.TextChoices):
        PREFECTURAL = "prefectural", _("Prefectural council")
        MUNICIPAL = "municipal", _("Municipal council")

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="council",
        verbose_name=_("organisation"),
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    prefecture = models.ForeignKey(
        "places.Prefecture", on_delete=models.PROTECT, related_name="councils", verbose_name=_("prefecture")
    )
    municipalities = models.ManyToManyField(
        "places.Municipality",
        blank=True,
        related_name="councils",
        verbose_name=_("area (municipalities)"),
        help_text=_(
            "For a municipal council: the municipalities it covers (a joint council covers several)."
        ),
    )
    founded_on = models.DateField(_("founded on"))
    secretariat = models.CharField(
        _("secretariat"),
        max_length=200,
        help_text=_("Who runs the council's office, e.g. the housing department or a support corporation."),
    )
    activities = models.JSONField(_("activities"), default=list, blank=True)
    description = models.TextField(_("about the council"), blank=True)
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["prefecture_id", "level", "organisation__name"]
        verbose_name = _("housing support council")
        verbose_name_plural = _("housing support councils")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["prefectural", "municipal"]), name="council_level_valid"
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def name(self) -> str:
        return self.organisation.name


class CouncilMember(models.Model):
    """An organisation that is a member of a council (構成員)."""

    class Kind(models.TextChoices):
        HOUSING_DEPARTMENT = "housing_department", _("Local government housing department")
        WELFARE_DEPARTMENT = "welfare_department", _("Local government welfare department")
        SUPPORT_CORPORATION = "support_corporation", _("Housing support corporation")
        REAL_ESTATE = "real_estate", _("Real-estate association")
        WELFARE_BODY = "welfare_body", _("Welfare body")
        OTHER = "other", _("Other")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    kind = models.CharField(_("kind of member"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("member's name"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="council_memberships",
        verbose_name=_("organisation on Sumai"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("council member")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "housing_department",
                        "welfare_department",
                        "support_corporation",
                        "real_estate",
                        "welfare_body",
                        "other",
                    ]
                ),
                name="council_member_kind_valid",
            ),
            models.UniqueConstraint(fields=["council", "name"], name="council_member_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """A meeting of a council with its minutes (議事録). Minutes are public only when marked public."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    attendees = models.PositiveIntegerField(_("number of attendees"))
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(
        _("minutes (PDF)"), upload_to=RandomName("council_minutes", "application/pdf"), blank=True
    )
    minutes_file_name = models.CharField(max_length=200, blank=True)
    is_public = models.BooleanField(_("publish the minutes"), default=False)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("council meeting")
        indexes = [models.Index(fields=["council", "-held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class GrantProgramme(models.Model):
    """One fiscal year of the activity grants (居住支援協議会等活動支援事業). Its caps and categories come
    from the dated parameter file of that year (``sumai.domain.grants.rules_for``), never from this row."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), unique=True)
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year"]
        verbose_name = _("activity grant programme")
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="grant_window_ordered")
        ]

    def __str__(self) -> str:
        return f"FY{self.fiscal_year}"


class GrantApplication(models.Model):
    """An application of a council or a support corporation for one fiscal year's activity grant."""

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("grant application", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("grant application", "Submitted")
        GRANTED = "granted", pgettext_lazy("grant application", "Granted")
        REJECTED = "rejected", pgettext_lazy("grant application", "Not granted")
        WITHDRAWN = "withdrawn", pgettext_lazy("grant application", "Withdrawn")

    programme = models.ForeignKey(GrantProgramme, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="grant_applications"
    )
    recipient_kind = models.CharField(max_length=24)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    plan = models.TextField(_("what the grant will pay for"))
    amounts = models.JSONField(_("amounts by category (yen)"), default=dict)
    enhancements = models.JSONField(_("activities that raise the limit"), default=list, blank=True)
    requested_total = models.PositiveIntegerField(_("amount applied for (yen)"), default=0)
    cap = models.PositiveIntegerField(_("limit (yen)"), default=0)
    granted_amount = models.PositiveIntegerField(_("amount granted (yen)"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-programme__fiscal_year", "applicant__name"]
        verbose_name = _("activity grant application")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "granted", "rejected", "withdrawn"]),
                name="grant_application_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(recipient_kind__in=["council", "support_corporation"]),
                name="grant_application_recipient_valid",
            ),
            models.CheckConstraint(
                condition=Q(requested_total__lte=F("cap")), name="grant_requested_within_cap"
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True)
                | (Q(granted_amount__lte=F("cap")) & Q(granted_amount__lte=F("requested_total"))),
                name="grant_never_over_cap",
            ),
            models.CheckConstraint(
                condition=~Q(state="granted")
                | (Q(granted_amount__isnull=False) & Q(decided_on__isnull=False)),
                name="grant_granted_has_amount_and_date",
            ),
            models.UniqueConstraint(
                fields=["programme", "applicant"],
                condition=~Q(state="withdrawn"),
                name="one_live_grant_application_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"FY{self.programme.fiscal_year} {self.applicant.name}"
