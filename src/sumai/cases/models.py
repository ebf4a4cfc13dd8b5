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
from django.utils.translation import pgettext_lazy

from sumai.core.uploads import RandomName
from sumai.domain import casework as domain_case
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
    hidden = models.BooleanField(
        _("hidden (violence or stalking: whereabouts never leave the holding organisation)"), default=False
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("household")
        indexes = [models.Index(fields=["organisation", "updated_at"])]

    def __str__(self) -> str:
        return self.pseudonym

    @property
    def label(self) -> str:
        """The pseudonym in the language of the page (``sumai.cases.pseudonyms``): 「世帯 S-7KQ4-MX2P」,
        "Household S-7KQ4-MX2P"."""
        from sumai.cases import pseudonyms

        return pseudonyms.label(self.pseudonym)


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


class PartnerProfile(models.Model):
    """What kind of referral partner an organisation of kind ``referral_partner`` is (福祉事務所, 地域包括支援
    センター, 保護観察所…): the statistics count referrals by it."""

    class Kind(models.TextChoices):
        WELFARE_OFFICE = domain_case.PartnerKind.WELFARE_OFFICE.value, _("Welfare office (福祉事務所)")
        COMMUNITY_CARE_CENTRE = (
            domain_case.PartnerKind.COMMUNITY_CARE_CENTRE.value,
            _("Community general support centre (地域包括支援センター)"),
        )
        PROBATION = (
            domain_case.PartnerKind.PROBATION.value,
            _("Probation office or rehabilitation facility (保護観察所・更生保護施設)"),
        )
        HOSPITAL = (
            domain_case.PartnerKind.HOSPITAL.value,
            _("Hospital social worker (医療ソーシャルワーカー)"),
        )
        CHILD_GUIDANCE = domain_case.PartnerKind.CHILD_GUIDANCE.value, _("Child guidance centre (児童相談所)")
        DV_SHELTER = (
            domain_case.PartnerKind.DV_SHELTER.value,
            _("Spousal violence centre or shelter (配偶者暴力相談支援センター)"),
        )
        INTERNATIONAL = (
            domain_case.PartnerKind.INTERNATIONAL.value,
            _("International association (国際交流協会)"),
        )
        OTHER = domain_case.PartnerKind.OTHER.value, _("Other partner")

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="partner_profile"
    )
    kind = models.CharField(_("kind of partner"), max_length=24, choices=Kind.choices)

    class Meta:
        verbose_name = _("referral partner")

    def __str__(self) -> str:
        return self.get_kind_display()


class Case(models.Model):
    """One household's case at the organisation that works it (issue #16, item 6). The household may be
    held by another organisation (a referral accepted): the case's organisation then sees the household
    only as far as a consent allows."""

    class Status(models.TextChoices):
        NEW = domain_case.CaseState.NEW.value, _("New")
        ASSESSING = domain_case.CaseState.ASSESSING.value, _("Assessing")
        SEARCHING = domain_case.CaseState.SEARCHING.value, pgettext_lazy("case status", "Looking for a home")
        HOUSED = domain_case.CaseState.HOUSED.value, pgettext_lazy("case status", "Housed")
        FOLLOWING_UP = domain_case.CaseState.FOLLOWING_UP.value, _("Following up")
        CLOSED = domain_case.CaseState.CLOSED.value, _("Closed")

    class CloseReason(models.TextChoices):
        NONE = "", _("—")
        HOUSED_STABLE = domain_case.CloseReason.HOUSED_STABLE.value, _("Housed, and the tenancy holds")
        HOUSED_ELSEWHERE = domain_case.CloseReason.HOUSED_ELSEWHERE.value, _("Found a home by other means")
        PUBLIC_HOUSING = domain_case.CloseReason.PUBLIC_HOUSING.value, _("Moved into public housing")
        FACILITY = domain_case.CloseReason.FACILITY.value, _("Moved into a care or other facility")
        REFERRED = domain_case.CloseReason.REFERRED.value, _("Taken on by another organisation")
        NO_LONGER_NEEDED = domain_case.CloseReason.NO_LONGER_NEEDED.value, _("Help no longer needed")
        DECLINED = domain_case.CloseReason.DECLINED.value, _("The household no longer wants help")
        LOST_CONTACT = domain_case.CloseReason.LOST_CONTACT.value, _("Could not be reached")
        DIED = domain_case.CloseReason.DIED.value, _("Died")
        OTHER = domain_case.CloseReason.OTHER.value, _("Other reason")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="cases")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="cases", verbose_name=_("worked by")
    )
    caseworker = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("caseworker"),
    )
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.NEW)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True, default=""
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    next_due = models.DateField(_("next task due"), null=True, blank=True)  # kept by the task services
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("case")
        indexes = [
            models.Index(fields=["organisation", "status", "next_due"], name="case_org_status_due"),
            models.Index(fields=["caseworker", "status", "next_due"], name="case_worker_status_due"),
            models.Index(fields=["organisation", "opened_at"], name="case_org_opened"),
            models.Index(fields=["status", "closed_at"], name="case_status_closed"),
            # The case list (selectors_cases.cases): open cases of an organisation or a caseworker, next task
            # due first, read from the index in order (docs/performance.md, bench/bench_cases.py).
            models.Index(
                fields=["organisation", "next_due", "household"],
                condition=~models.Q(status="closed"),
                name="case_org_open_due",
            ),
            models.Index(
                fields=["caseworker", "next_due"],
                condition=~models.Q(status="closed"),
                name="case_worker_open_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "organisation"],
                condition=~models.Q(status="closed"),
                name="one_open_case_per_household_and_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(status="closed", closed_at__isnull=False) | ~models.Q(status="closed"),
                name="closed_case_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class CaseEntry(models.Model):
    """One line of a case's timeline: a note, a contact with the household, a document, or what the system
    recorded (status, transfer, referral). Documents are private files, content-checked on upload."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        CONTACT = "contact", pgettext_lazy("case entry", "Contact")
        DOCUMENT = "document", _("Document")
        STATUS = "status", _("Status changed")
        TRANSFER = "transfer", _("Transferred")
        REFERRAL = "referral", _("Referral")
        TASK = "task", _("Task done")

    class Channel(models.TextChoices):
        NONE = "", _("—")
        PHONE = "phone", pgettext_lazy("contact channel", "Phone")
        VISIT = "visit", _("Visit")
        OFFICE = "office", _("At the office")
        EMAIL = "email", _("E-mail or letter")
        ONLINE = "online", _("Video call")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("how"), max_length=10, choices=Channel.choices, blank=True, default="")
    text = models.TextField(_("text"), max_length=4000, blank=True)
    file = models.FileField(_("file"), upload_to=RandomName("cases"), blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("case entry")
        indexes = [models.Index(fields=["case", "at"], name="case_entry_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.kind}"


class Task(models.Model):
    """Something to do for a case by a date (a working day of the administration)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("what to do"), max_length=200)
    due = models.DateField(_("due"))
    assignee = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_tasks",
        verbose_name=_("who"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("task")
        indexes = [models.Index(fields=["case", "done_at", "due"], name="task_case_open_due")]

    def __str__(self) -> str:
        return self.title


class Referral(models.Model):
    """A household referred by one organisation to another (a desk or a support corporation), with the
    consent that lets the receiver see it (issue #16, item 7)."""

    class State(models.TextChoices):
        SENT = domain_case.ReferralState.SENT.value, _("Waiting for an answer")
        ACCEPTED = domain_case.ReferralState.ACCEPTED.value, pgettext_lazy("referral state", "Accepted")
        DECLINED = domain_case.ReferralState.DECLINED.value, pgettext_lazy("referral state", "Declined")
        WITHDRAWN = domain_case.ReferralState.WITHDRAWN.value, pgettext_lazy("referral state", "Withdrawn")

    class DeclineReason(models.TextChoices):
        NONE = "", _("—")
        NO_CAPACITY = domain_case.DeclineReason.NO_CAPACITY.value, _("No capacity now")
        OUTSIDE_AREA = domain_case.DeclineReason.OUTSIDE_AREA.value, _("We do not serve that place")
        NOT_OUR_SERVICE = domain_case.DeclineReason.NOT_OUR_SERVICE.value, _("Not the help we give")
        HOUSEHOLD_DECLINED = domain_case.DeclineReason.HOUSEHOLD_DECLINED.value, _("The household declined")
        DUPLICATE = domain_case.DeclineReason.DUPLICATE.value, _("We already help this household")
        OTHER = domain_case.DeclineReason.OTHER.value, _("Other reason")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("from"),
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("to"),
    )
    from_kind = models.CharField(_("kind of referrer"), max_length=24)  # organisation kind or partner kind
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="referrals")
    message = models.TextField(_("what the receiver should know"), max_length=2000, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SENT)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True, default=""
    )
    decline_text = models.CharField(_("more about the reason"), max_length=500, blank=True)
    sent_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    first_contact_due = models.DateField(_("first contact due"))
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    case = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case opened"),
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("referral")
        indexes = [
            models.Index(fields=["to_organisation", "state", "first_contact_due"], name="referral_to_due"),
            models.Index(fields=["from_organisation", "state", "sent_at"], name="referral_from_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.household_id}: {self.from_organisation_id} → {self.to_organisation_id}"
