"""Inquiries to landlords, refusal flags, placements and their follow-ups (issue #17, items 3 and 4).

The rules are ``sumai.domain.placement`` (states, decline reasons, the flag rule, the lease check, the
follow-up schedule, subsidy eligibility); these tables record what happened. The outcome figures
(``sumai.outcomes``) are counted from them by ``sumai.domain.outcomes``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sumai.domain import placement as domain


class LandlordInquiry(models.Model):
    """A caseworker asks a landlord (or its agent) whether a home can be let to a household (入居の照会),
    with the support package attached. The landlord sees only what ``shared`` holds: what the household's
    consent allowed when the inquiry was sent (no sensitive category unless the consent names it)."""

    class State(models.TextChoices):
        DRAFT = domain.InquiryState.DRAFT.value, pgettext_lazy("inquiry state", "Draft")
        SENT = domain.InquiryState.SENT.value, pgettext_lazy("inquiry state", "Waiting for the answer")
        VIEWING_OFFERED = (
            domain.InquiryState.VIEWING_OFFERED.value,
            pgettext_lazy("inquiry state", "Viewing offered"),
        )
        ACCEPTED = domain.InquiryState.ACCEPTED.value, pgettext_lazy("inquiry state", "Accepted")
        DECLINED = domain.InquiryState.DECLINED.value, pgettext_lazy("inquiry state", "Declined")
        WITHDRAWN = domain.InquiryState.WITHDRAWN.value, pgettext_lazy("inquiry state", "Withdrawn")
        EXPIRED = domain.InquiryState.EXPIRED.value, pgettext_lazy("inquiry state", "No answer in time")

    class Reason(models.TextChoices):
        NONE = "", _("—")
        RENT_ARREARS = domain.DeclineReason.RENT_ARREARS.value, _("Worried the rent will not be paid")
        NO_GUARANTOR = (
            domain.DeclineReason.NO_GUARANTOR.value,
            _("No guarantor, or the guarantee was refused"),
        )
        LONELY_DEATH = domain.DeclineReason.LONELY_DEATH.value, _("Worried about dying alone (孤独死)")
        NEIGHBOURS = domain.DeclineReason.NEIGHBOURS.value, _("Worried about getting on with neighbours")
        CUSTOMS_LANGUAGE = (
            domain.DeclineReason.CUSTOMS_LANGUAGE.value,
            _("Worried about different customs or language"),
        )
        ALREADY_LET = domain.DeclineReason.ALREADY_LET.value, _("The home is already let")
        OTHER = domain.DeclineReason.OTHER.value, _("Other reason")

    class Channel(models.TextChoices):
        PLATFORM = "platform", _("In Sumai")
        LINK = "link", _("By the link in the e-mail")
        API = "api", _("Through the landlord's system")
        SYSTEM = "system", _("By Sumai (deadline passed)")
        # the landlord answered the caseworker outside Sumai, and the caseworker recorded it
        PHONE = "phone", _("By phone")
        IN_PERSON = "in_person", _("In person")
        FAX = "fax", _("By fax")
        OTHER = "other", _("Another way")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="landlord_inquiries")
    household = models.ForeignKey(
        "cases.Household", on_delete=models.CASCADE, related_name="landlord_inquiries"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("asked by")
    )
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="landlord_inquiries")
    operator = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="landlord_inquiries",
        verbose_name=_("landlord"),
    )
    snapshot = models.ForeignKey(
        "matching.MatchSnapshot", on_delete=models.SET_NULL, null=True, blank=True, related_name="inquiries"
    )
    consent = models.ForeignKey(
        "cases.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="landlord_inquiries"
    )
    # what the landlord sees of the household, as sent (fields the consent allowed), and the package
    shared = models.JSONField(_("shared with the landlord"), default=dict)
    package = models.JSONField(_("support package"), default=dict)
    household_groups = models.JSONField(_("priority groups when sent"), default=list)
    message = models.TextField(_("message to the landlord"), max_length=2000, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=Reason.choices, blank=True, default=""
    )
    answer_note = models.TextField(_("landlord's note"), max_length=2000, blank=True)
    viewing_proposal = models.CharField(_("proposed viewing"), max_length=300, blank=True)
    answered_via = models.CharField(_("answered"), max_length=10, choices=Channel.choices, blank=True)
    sent_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)  # the administration's day (Asia/Tokyo)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    # who entered the answer in Sumai: the landlord's (or agent's) member; for an answer given outside Sumai
    # (RELAYED: by phone, in person, by fax) the caseworker who recorded it; nobody for the signed link
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # the day the landlord gave the answer (the day it was recorded, or the day of the phone call)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # an answer given outside Sumai: whom the caseworker spoke to, and the caseworker's note (never shown to
    # the landlord)
    answer_contact = models.CharField(_("spoke to"), max_length=100, blank=True)
    answer_record_note = models.TextField(_("caseworker's note of the answer"), max_length=2000, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    RELAYED = frozenset({Channel.PHONE, Channel.IN_PERSON, Channel.FAX, Channel.OTHER})
    """Channels of an answer the landlord gave the caseworker outside Sumai, recorded by the caseworker."""

    class Meta:
        verbose_name = _("inquiry to a landlord")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["operator", "state", "sent_at"], name="linq_operator_state"),
            models.Index(fields=["case", "created_at"], name="linq_case_created"),
            models.Index(fields=["organisation", "state"], name="linq_org_state"),
            models.Index(fields=["state", "answer_due"], name="linq_state_due"),
            models.Index(fields=["sent_on"], name="linq_sent_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="declined") | ~models.Q(decline_reason=""),
                name="linq_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(sent_at__isnull=False),
                name="linq_sent_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(answered_on__gte=models.F("sent_on")),
                name="linq_answered_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def relayed(self) -> bool:
        """The landlord gave this answer outside Sumai and a caseworker recorded it."""
        return self.answered_via in self.RELAYED


class LandlordAnswerRecord(models.Model):
    """How a landlord answered the inquiries it was sent so far, kept up to date by the inquiry services
    (send, answer, withdraw) and recounted by ``sumai inquiries_daily``: the matching reads one row per
    landlord instead of counting every inquiry of a large landlord at each search (docs/matching.md)."""

    operator = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    asked = models.PositiveIntegerField(default=0, help_text="sent, not withdrawn")
    answered = models.PositiveIntegerField(default=0, help_text="viewing offered, accepted or declined")
    accepted = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("landlord's answers to inquiries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered__lte=models.F("asked"))
                & models.Q(accepted__lte=models.F("answered")),
                name="landlord_record_counts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator_id}: {self.answered}/{self.asked}"


class PackageStatus(models.TextChoices):
    """How the support package answered a landlord's fear (``domain.AnswerStatus``): the words of every
    page that tells it — the package on the inquiry pages, the evidence of a refusal flag."""

    UNKNOWN = "", _("Not known")
    ANSWERED = domain.AnswerStatus.ANSWERED.value, _("Answered")
    PARTLY = domain.AnswerStatus.PARTLY.value, _("Partly answered")
    UNANSWERED = domain.AnswerStatus.UNANSWERED.value, _("Not answered")


class RefusalFlag(models.Model):
    """A registered landlord declined a household of a group its registration accepts, for a reason tied
    to that group (``domain.refusal_flag``): the registration authority's inbox (基本方針)."""

    class Resolution(models.TextChoices):
        NONE = "", _("—")
        JUSTIFIED = domain.FlagResolution.JUSTIFIED.value, _("The landlord had another ground")
        GUIDANCE = domain.FlagResolution.GUIDANCE.value, _("Advice and guidance given")
        INSTRUCTED = domain.FlagResolution.INSTRUCTED.value, _("Instruction given (指示)")
        ACCEPTANCE_CHANGED = (
            domain.FlagResolution.ACCEPTANCE_CHANGED.value,
            _("The landlord changed the groups it accepts"),
        )
        STRUCK_OFF = domain.FlagResolution.STRUCK_OFF.value, _("Registration struck off")

    inquiry = models.OneToOneField(LandlordInquiry, on_delete=models.CASCADE, related_name="flag")
    authority_code = models.CharField(_("registration authority"), max_length=20)
    municipality = models.ForeignKey("places.Municipality", on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="refusal_flags"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=LandlordInquiry.Reason.choices)
    groups = models.JSONField(_("groups the decline is about"), default=list)
    accepted_groups = models.JSONField(_("groups the registration accepts"), null=True, blank=True)
    household_groups = models.JSONField(_("household's groups"), default=list)
    # how the package sent answered the fear behind the reason (domain.fear_status); "": not known
    package_status = models.CharField(
        _("the support package and the fear"),
        max_length=12,
        choices=PackageStatus.choices,
        blank=True,
        default="",
    )
    raised_on = models.DateField(_("raised on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=Resolution.choices, blank=True, default=""
    )
    resolution_note = models.TextField(_("note"), max_length=2000, blank=True)
    resolved_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("refusal flag")
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["authority_code", "resolved_on", "raised_on"], name="flag_authority_open"),
            models.Index(fields=["raised_on"], name="flag_raised_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_on__isnull=True, resolution="")
                | models.Q(resolved_on__isnull=False) & ~models.Q(resolution=""),
                name="flag_resolved_has_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"flag {self.pk} ({self.inquiry_id})"


class Placement(models.Model):
    """A household housed: the lease and the move-in (入居). The unit becomes occupied; follow-ups are due
    at the months of the ``placement`` parameter file. A placement is *current* until its tenancy ends
    (``ended_on``) or it is cancelled because the household did not move in (``cancelled_on``, on or before
    the move-in day): a cancelled placement never housed anyone and is not counted as housed."""

    class Guarantee(models.TextChoices):
        GUARANTEE_COMPANY = domain.GuaranteeKind.GUARANTEE_COMPANY.value, _("Rent guarantee company")
        CERTIFIED_GUARANTOR = (
            domain.GuaranteeKind.CERTIFIED_GUARANTOR.value,
            _("Certified rent guarantee company"),
        )
        SUPPORT_CORPORATION = (
            domain.GuaranteeKind.SUPPORT_CORPORATION.value,
            _("Support corporation's rent guarantee"),
        )
        INDIVIDUAL = domain.GuaranteeKind.INDIVIDUAL.value, _("A person as joint guarantor")
        NONE = domain.GuaranteeKind.NONE.value, _("No guarantee")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="placements")
    household = models.ForeignKey("cases.Household", on_delete=models.CASCADE, related_name="placements")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    unit = models.ForeignKey("registry.Unit", on_delete=models.PROTECT, related_name="placements")
    inquiry = models.OneToOneField(
        LandlordInquiry, on_delete=models.SET_NULL, null=True, blank=True, related_name="placement"
    )
    municipality = models.ForeignKey("places.Municipality", on_delete=models.PROTECT, related_name="+")
    support_corporation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supported_placements",
        verbose_name=_("support corporation"),
    )
    signed_on = models.DateField(_("lease signed on"))
    start_on = models.DateField(_("lease starts on"))
    end_on = models.DateField(_("fixed term ends on"), null=True, blank=True)
    move_in_on = models.DateField(_("moved in on"))
    rent = models.PositiveIntegerField(_("rent (yen per month)"))
    common_fee = models.PositiveIntegerField(_("common fee (yen per month)"), default=0)
    deposit = models.PositiveIntegerField(_("deposit (yen)"), default=0)
    guarantee = models.CharField(_("rent guarantee"), max_length=20, choices=Guarantee.choices)
    guarantor = models.CharField(_("guarantor"), max_length=200, blank=True)
    guarantee_fee = models.PositiveIntegerField(_("guarantee fee (yen)"), default=0)
    rent_reduction = models.PositiveIntegerField(
        _("rent reduction by the landlord (yen per month)"), default=0
    )
    first_consultation_on = models.DateField(_("first consultation on"))
    subsidies = models.JSONField(_("subsidy eligibility when recorded"), default=list)
    ended_on = models.DateField(_("tenancy ended on"), null=True, blank=True)
    end_note = models.CharField(_("why the tenancy ended"), max_length=300, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancel_note = models.CharField(_("why the household did not move in"), max_length=300, blank=True)
    # recording the placement made the unit occupied (it was not before): cancelling makes it vacant again
    marked_let = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("placement")
        ordering = ["-move_in_on", "-pk"]
        indexes = [
            models.Index(fields=["move_in_on"], name="placement_move_in"),
            models.Index(fields=["municipality", "move_in_on"], name="placement_muni_move_in"),
            models.Index(fields=["support_corporation", "move_in_on"], name="placement_corp_move_in"),
            models.Index(fields=["case"], name="placement_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(move_in_on__gte=models.F("first_consultation_on")),
                name="placement_move_in_after_consultation",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("move_in_on")),
                name="placement_ends_after_move_in",
            ),
            models.CheckConstraint(
                condition=models.Q(cancelled_on__isnull=True)
                | models.Q(ended_on__isnull=True, cancelled_on__lte=models.F("move_in_on")),
                name="placement_cancelled_before_move_in",
            ),
        ]

    def __str__(self) -> str:
        return f"placement {self.pk} of case {self.case_id}"

    @property
    def monthly(self) -> int:
        return self.rent + self.common_fee

    @property
    def is_current(self) -> bool:
        """The tenancy has neither ended nor been cancelled."""
        return self.ended_on is None and self.cancelled_on is None


class FollowUp(models.Model):
    """Whether the tenancy holds, asked ``months`` after move-in (a task of the case, due on a working
    day)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after move-in"))
    due = models.DateField(_("due"))
    task = models.OneToOneField(
        "cases.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_up"
    )
    answered_on = models.DateField(_("asked on"), null=True, blank=True)
    holds = models.BooleanField(_("the tenancy holds"), null=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up")
        ordering = ["placement", "months"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "months"], name="followup_one_per_month"),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True, holds__isnull=True)
                | models.Q(answered_on__isnull=False, holds__isnull=False),
                name="followup_answer_complete",
            ),
        ]
        indexes = [models.Index(fields=["due", "answered_on"], name="followup_due")]

    def __str__(self) -> str:
        return f"follow-up {self.months} of placement {self.placement_id}"
