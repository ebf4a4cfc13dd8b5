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

from sumai.domain import consent as domain_consent
from sumai.domain import consultation as domain
from sumai.domain import income as domain_income


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


class Household(models.Model):
    """The household record a desk or corporation keeps (issue #16, item 2). Held by one organisation; only
    its members read it (every view logged). Each save keeps the previous state as a
    :class:`HouseholdVersion`."""

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        URGENT = "urgent", _("Urgent")
        CRITICAL = "critical", _("Critical (no home now or in danger)")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("held by"),
    )
    request = models.OneToOneField(
        ConsultationRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="household",
        verbose_name=_("from the request"),
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=40)
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    address = models.CharField(_("current address"), max_length=300, blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    deadline = models.DateField(_("must leave by"), null=True, blank=True)
    circumstances = models.JSONField(_("circumstances"), default=list, blank=True)
    max_rent = models.PositiveIntegerField(
        _("most the household can pay a month (yen)"), null=True, blank=True
    )
    preferred_areas = models.CharField(_("preferred areas"), max_length=300, blank=True)
    layout = models.CharField(_("layout"), max_length=20, blank=True)
    needs_lift = models.BooleanField(_("ground floor or a lift"), default=False)
    barrier_free = models.BooleanField(_("barrier-free"), default=False)
    pets = models.BooleanField(_("has pets"), default=False)
    near = models.CharField(_("near (school, workplace, hospital)"), max_length=200, blank=True)
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    emergency_contacts = models.TextField(_("emergency contacts"), max_length=1000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("household")
        indexes = [models.Index(fields=["organisation", "updated_at"])]

    def __str__(self) -> str:
        return self.pseudonym


class HouseholdMember(models.Model):
    """One person of the household: what the law's rules need (``sumai.domain.eligibility``) and what a
    caseworker needs to help."""

    class Role(models.TextChoices):
        APPLICANT = domain_income.Role.APPLICANT.value, _("Applicant")
        SPOUSE = domain_income.Role.SPOUSE.value, _("Spouse")
        CHILD = domain_income.Role.CHILD.value, _("Child")
        RELATIVE = domain_income.Role.RELATIVE.value, _("Other relative")

    class Disability(models.TextChoices):
        NONE = "", _("None")
        ORDINARY = domain_income.Disability.ORDINARY.value, _("Disability (障害者)")
        SPECIAL = domain_income.Disability.SPECIAL.value, _("Severe disability (特別障害者)")

    class Care(models.TextChoices):
        NONE = "", _("None")
        SUPPORT_1 = "support_1", _("Support level 1 (要支援1)")
        SUPPORT_2 = "support_2", _("Support level 2 (要支援2)")
        CARE_1 = "care_1", _("Care level 1 (要介護1)")
        CARE_2 = "care_2", _("Care level 2 (要介護2)")
        CARE_3 = "care_3", _("Care level 3 (要介護3)")
        CARE_4 = "care_4", _("Care level 4 (要介護4)")
        CARE_5 = "care_5", _("Care level 5 (要介護5)")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=100, blank=True)
    role = models.CharField(_("role in the household"), max_length=10, choices=Role.choices)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    age_stated = models.PositiveSmallIntegerField(_("age stated in the request"), null=True, blank=True)
    disability = models.CharField(_("disability"), max_length=10, choices=Disability.choices, blank=True)
    certificate = models.CharField(_("disability certificate and grade"), max_length=100, blank=True)
    care_level = models.CharField(_("long-term-care level"), max_length=10, choices=Care.choices, blank=True)
    salary_gross = models.PositiveIntegerField(_("salary, gross a year (yen)"), default=0)
    pension_gross = models.PositiveIntegerField(_("public pension, gross a year (yen)"), default=0)
    other_income = models.PositiveIntegerField(_("other income a year (yen)"), default=0)
    single_parent = models.BooleanField(_("single parent"), default=False)
    widow = models.BooleanField(_("widow or widower"), default=False)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("household member")

    def __str__(self) -> str:
        return self.name or self.get_role_display()


class HouseholdVersion(models.Model):
    """The household as it was before a save: who changed it, when, and every field (members included)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    saved_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["household", "version"], name="one_household_version")]

    def __str__(self) -> str:
        return f"{self.household_id} v{self.version}"


class Consent(models.Model):
    """A household's consent to let other organisations see its record and some sensitive categories
    (``sumai.domain.consent``). Withdrawal is recorded, never deleted."""

    class Method(models.TextChoices):
        SIGNED_FORM = domain_consent.Method.SIGNED_FORM.value, _("Signed form (scanned)")
        VERBAL = domain_consent.Method.VERBAL.value, _("Said aloud, with a witness")
        ONLINE = domain_consent.Method.ONLINE.value, _("Given online")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=300)
    categories = models.JSONField(_("sensitive categories"), default=list)
    organisations = models.ManyToManyField(
        "accounts.Organisation", related_name="+", verbose_name=_("organisations that may see")
    )
    method = models.CharField(_("how it was given"), max_length=12, choices=Method.choices)
    witness = models.CharField(_("witness"), max_length=100, blank=True)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")

    def __str__(self) -> str:
        return f"{self.household_id}: {self.purpose}"

    def facts(self) -> domain_consent.ConsentFacts:
        return domain_consent.ConsentFacts(
            organisations=frozenset(o.pk for o in self.organisations.all()),
            categories=frozenset(self.categories),
            given_on=self.given_on,
            expires_on=self.expires_on,
            withdrawn_at=self.withdrawn_at,
        )
