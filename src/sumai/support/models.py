"""Housing support corporations (居住支援法人): designation by the prefecture, services, service areas,
capacity, change notices and annual filings.

The workflow lives in :mod:`sumai.domain.support`; these tables store where each corporation stands in it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sumai.domain import support as domain


class LegalForm(models.TextChoices):
    NPO = domain.LegalForm.NPO.value, _("Specified non-profit corporation (NPO)")
    GENERAL_ASSOCIATION = domain.LegalForm.GENERAL_ASSOCIATION.value, _("General incorporated association")
    GENERAL_FOUNDATION = domain.LegalForm.GENERAL_FOUNDATION.value, _("General incorporated foundation")
    PUBLIC_INTEREST_ASSOCIATION = (
        domain.LegalForm.PUBLIC_INTEREST_ASSOCIATION.value,
        _("Public interest incorporated association"),
    )
    PUBLIC_INTEREST_FOUNDATION = (
        domain.LegalForm.PUBLIC_INTEREST_FOUNDATION.value,
        _("Public interest incorporated foundation"),
    )
    SOCIAL_WELFARE = domain.LegalForm.SOCIAL_WELFARE.value, _("Social welfare corporation")
    COMPANY = domain.LegalForm.COMPANY.value, _("Company whose purpose is housing support")


class Task(models.TextChoices):
    """The tasks of the law (法62条1–6号; before 2025-10-01 旧法42条1–4号)."""

    RENT_GUARANTEE = "rent_guarantee", _("Rent-debt guarantee")
    CONSULTATION = "consultation", _("Information and consultation on moving in")
    LIVING_SUPPORT = "living_support", _("Watch-over and living support")
    LANDLORD_INFORMATION = "landlord_information", _("Information to landlords")
    BELONGINGS_DISPOSAL = "belongings_disposal", _("Disposal of belongings under the tenant's mandate")
    INCIDENTAL = "incidental", _("Incidental tasks")


class SupportCorporation(models.Model):
    """A housing support corporation (住宅確保要配慮者居住支援法人) and its designation by a prefecture.

    One per organisation of kind ``support_corporation``. ``prefecture`` is the designating prefecture
    (the one the application is addressed to). ``version`` guards against lost updates as in
    :class:`sumai.registry.models.Registration`: every transition checks and increments it.
    """

    class State(models.TextChoices):
        DRAFT = domain.State.DRAFT.value, _("Draft")
        SUBMITTED = domain.State.SUBMITTED.value, _("Applied")
        CHANGES_REQUESTED = domain.State.CHANGES_REQUESTED.value, _("Changes requested")
        DESIGNATED = domain.State.DESIGNATED.value, _("Designated")
        SUSPENDED = domain.State.SUSPENDED.value, _("Suspended")
        REJECTED = domain.State.REJECTED.value, _("Not designated")
        REVOKED = domain.State.REVOKED.value, _("Designation revoked")
        ABOLISHED = domain.State.ABOLISHED.value, _("Business abolished")

    organisation = models.OneToOneField(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="support_corporation",
        verbose_name=_("organisation"),
    )
    prefecture = models.ForeignKey(
        "places.Prefecture",
        on_delete=models.PROTECT,
        related_name="support_corporations",
        verbose_name=_("designating prefecture"),
    )
    legal_form = models.CharField(_("legal form"), max_length=32, choices=LegalForm.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    designation_number = models.CharField(_("designation number"), max_length=40, blank=True)
    designated_on = models.DateField(_("designated on"), null=True, blank=True)
    # The application (指定申請書): who the corporation is and what it will do.
    corporate_number = models.CharField(
        _("corporate number"), max_length=13, blank=True, help_text=_("The 13-digit 法人番号, if any.")
    )
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    address = models.CharField(_("main office address"), max_length=300, blank=True)
    officers = models.JSONField(_("officers"), default=list, blank=True)
    business_plan = models.TextField(_("business plan"), blank=True)
    # What the public sees.
    description = models.TextField(_("what we do, in plain words"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    groups = models.JSONField(_("priority groups it focuses on"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    fees = models.TextField(_("fees"), blank=True)
    # Workflow bookkeeping.
    submitted_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    ended_on = models.DateField(_("designation ended on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("housing support corporation")
        verbose_name_plural = _("housing support corporations")
        ordering = ["prefecture_id", "designation_number", "pk"]
        indexes = [models.Index(fields=["prefecture", "state"]), models.Index(fields=["state", "legal_form"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(legal_form__in=LegalForm.values), name="support_legal_form_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in domain.State]), name="support_state_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["designated", "suspended", "revoked", "abolished"])
                | (models.Q(designated_on__isnull=False) & ~models.Q(designation_number="")),
                name="support_designated_has_number_and_date",
            ),
            models.UniqueConstraint(
                fields=["designation_number"],
                condition=~models.Q(designation_number=""),
                name="support_designation_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.organisation.name if self.organisation_id else "?"

    @property
    def name(self) -> str:
        return self.organisation.name


class Service(models.Model):
    """One task a corporation does (法62条各号), with its description, fee and current capacity.

    ``capacity_available`` is how many more people it can take now (e.g. watch-over clients);
    ``capacity_confirmed_on`` when it last said so. After ``stale_after_days``
    (params/support_capacity_*.toml) the public sees "unknown".
    """

    corporation = models.ForeignKey(SupportCorporation, on_delete=models.CASCADE, related_name="services")
    task = models.CharField(_("task"), max_length=24, choices=Task.choices)
    description = models.TextField(_("description"), blank=True)
    fee = models.CharField(_("fee"), max_length=300, blank=True)
    free_of_charge = models.BooleanField(_("free of charge"), default=False)
    capacity_available = models.PositiveIntegerField(_("can take now"), null=True, blank=True)
    capacity_unit = models.CharField(_("counted in"), max_length=40, blank=True)
    capacity_confirmed_on = models.DateField(_("capacity confirmed on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["corporation_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["corporation", "task"], name="support_one_service_per_task"),
            models.CheckConstraint(condition=models.Q(task__in=Task.values), name="support_task_valid"),
            models.CheckConstraint(
                condition=models.Q(capacity_available__isnull=True)
                | models.Q(capacity_confirmed_on__isnull=False),
                name="support_capacity_has_date",
            ),
        ]
        indexes = [models.Index(fields=["task", "corporation"])]

    def __str__(self) -> str:
        return f"{self.corporation_id}: {self.task}"


class ServiceArea(models.Model):
    """A municipality (or a ward) in a corporation's service area. A designated city means all its wards."""

    corporation = models.ForeignKey(
        SupportCorporation, on_delete=models.CASCADE, related_name="service_areas"
    )
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )

    class Meta:
        verbose_name = _("service area")
        constraints = [
            models.UniqueConstraint(fields=["corporation", "municipality"], name="support_area_unique"),
        ]
        indexes = [models.Index(fields=["municipality", "corporation"])]

    def __str__(self) -> str:
        return f"{self.corporation_id}: {self.municipality_id}"


class DesignationNote(models.Model):
    """A step of the designation with its words: a request for changes, a reason for rejection,
    suspension or revocation, the applicant's note on submission."""

    corporation = models.ForeignKey(SupportCorporation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20)
    reason_code = models.CharField(_("reason"), max_length=40, blank=True)
    text = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.corporation_id}: {self.action}"


class ChangeNotice(models.Model):
    """A change notice (変更届出) of a designated corporation: what changed, from when; acknowledged by the
    prefecture. ``changes`` holds ``{field: [before, after]}``."""

    corporation = models.ForeignKey(
        SupportCorporation, on_delete=models.CASCADE, related_name="change_notices"
    )
    summary = models.TextField(_("what changes"))
    changes = models.JSONField(_("changed particulars"), default=dict, blank=True)
    effective_on = models.DateField(_("effective on"))
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("notified at"), auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("change notice")

    def __str__(self) -> str:
        return f"{self.corporation_id}: {self.summary[:40]}"


class AnnualFiling(models.Model):
    """The annual business plan (事業計画) or business report (事業報告) for a fiscal year, submitted by
    the corporation and acknowledged (or returned) by the prefecture (REFERENCE §5.4 recurring duties)."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Business plan")
        REPORT = "report", _("Business report")

    class State(models.TextChoices):
        SUBMITTED = domain.FilingState.SUBMITTED.value, _("Submitted")
        RETURNED = domain.FilingState.RETURNED.value, _("Returned for changes")
        ACKNOWLEDGED = domain.FilingState.ACKNOWLEDGED.value, _("Acknowledged")

    corporation = models.ForeignKey(SupportCorporation, on_delete=models.CASCADE, related_name="filings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    text = models.TextField(_("content"))
    consultations = models.PositiveIntegerField(_("consultations"), null=True, blank=True)
    placements = models.PositiveIntegerField(_("people housed"), null=True, blank=True)
    watch_over_clients = models.PositiveIntegerField(_("watch-over clients"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.SUBMITTED)
    comment = models.TextField(_("prefecture's comment"), blank=True)
    submitted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-fiscal_year", "kind"]
        verbose_name = _("annual filing")
        constraints = [
            models.UniqueConstraint(
                fields=["corporation", "kind", "fiscal_year"], name="support_one_filing_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["plan", "report"]), name="support_filing_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(state__in=["submitted", "returned", "acknowledged"]),
                name="support_filing_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.corporation_id}: {self.kind} {self.fiscal_year}"
