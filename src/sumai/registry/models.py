"""Buildings and units of safety-net housing (セーフティネット住宅).

The foundation holds what the demo data, dashboards and benchmarks need; the registry issue adds
applications, review, attachments and the vacancy workflow on top of these tables.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sumai.core.uploads import RandomName


class Building(models.Model):
    """A building (住棟) an operator (賃貸人) registers."""

    class Structure(models.TextChoices):
        WOOD = "wood", _("Wooden")
        STEEL = "steel", _("Steel frame")
        RC = "rc", _("Reinforced concrete")
        SRC = "src", _("Steel-reinforced concrete")
        OTHER = "other", _("Other")

    class BuildingType(models.TextChoices):
        APARTMENT = "apartment", _("Apartment building")
        DETACHED = "detached", _("Detached house")
        TERRACED = "terraced", _("Terraced house")
        SHARED_HOUSE = "shared_house", _("Shared house")

    operator = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="buildings",
        verbose_name=_("operator"),
    )
    name = models.CharField(_("building name"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        related_name="buildings",
        verbose_name=_("municipality"),
    )
    address = models.CharField(_("address"), max_length=300)
    authority_code = models.CharField(_("registration authority"), max_length=20, db_index=True)
    structure = models.CharField(_("structure"), max_length=10, choices=Structure.choices)
    floors = models.PositiveSmallIntegerField(_("floors above ground"))
    building_type = models.CharField(_("building type"), max_length=20, choices=BuildingType.choices)
    construction_started = models.DateField(_("construction started"))
    seismic_evidence = models.CharField(
        _("seismic evidence"),
        max_length=24,
        choices=[
            ("start_date_proof", _("Proof of the start date (inspection certificate etc.)")),
            ("diagnosis", _("Seismic diagnosis report by an architect")),
            ("retrofit", _("Seismic retrofit completed")),
            ("compliance_certificate", _("Seismic compliance certificate")),
            ("none", _("None")),
        ],
        default="start_date_proof",
    )
    management = models.CharField(
        _("management"),
        max_length=10,
        choices=[
            ("self", _("Managed by the operator")),
            ("entrusted", _("Entrusted to a management company")),
        ],
        default="self",
    )
    manager_name = models.CharField(_("management company"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact for inquiries"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    # Shared houses (共同居住型賃貸住宅): the figures of the whole dwelling.
    shared_residents = models.PositiveSmallIntegerField(
        _("planned residents (shared house)"), null=True, blank=True
    )
    shared_total_area_m2 = models.DecimalField(
        _("total floor area (shared house, m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    shared_toilets = models.PositiveSmallIntegerField(_("shared toilets"), null=True, blank=True)
    shared_washbasins = models.PositiveSmallIntegerField(_("shared washbasins"), null=True, blank=True)
    shared_baths = models.PositiveSmallIntegerField(_("shared baths or showers"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        indexes = [models.Index(fields=["municipality"]), models.Index(fields=["operator"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(floors__gte=1), name="building_floors_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A dwelling unit (住戸) of a building."""

    class Vacancy(models.TextChoices):
        VACANT = "vacant", _("Vacant")
        OCCUPIED = "occupied", _("Occupied")
        RENOVATION = "renovation", _("Under renovation")
        UNKNOWN = "unknown", _("Unknown")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REGISTERED = "registered", _("Registered")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        STRUCK_OFF = "struck_off", _("Struck off")

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="units")
    number = models.CharField(_("unit number"), max_length=20)
    floor = models.SmallIntegerField(_("floor"))
    floor_area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=7, decimal_places=2)
    layout = models.CharField(_("layout"), max_length=10)
    rent = models.PositiveIntegerField(_("rent (yen per month)"))
    common_fee = models.PositiveIntegerField(_("common fee (yen per month)"), default=0)
    deposit = models.PositiveIntegerField(_("deposit (yen)"), default=0)
    key_money = models.PositiveIntegerField(_("key money (yen)"), default=0)
    accepted_groups = models.JSONField(_("accepted priority groups"), default=list)
    # Why the unit turns away a group the law protects (法2条1項), for the reviewer (required by the form).
    acceptance_reason = models.CharField(_("reason for turning a group away"), max_length=1000, blank=True)
    facilities = models.JSONField(
        _("facilities"),
        default=dict,
        help_text=_("kitchen, toilet, bath, washbasin, storage: private, shared or none"),
    )
    included = models.BooleanField(
        _("included in the registration"),
        default=True,
        help_text=_("A building may register any subset of its units."),
    )
    dedicated = models.BooleanField(_("dedicated housing"), default=False)
    barrier_free = models.BooleanField(_("barrier-free"), default=False)
    pets_allowed = models.BooleanField(_("pets allowed"), default=False)
    guarantor_required = models.BooleanField(_("guarantor required"), default=True)
    status = models.CharField(
        _("registration status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    vacancy = models.CharField(_("vacancy"), max_length=12, choices=Vacancy.choices, default=Vacancy.UNKNOWN)
    vacancy_confirmed_at = models.DateTimeField(_("vacancy confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_number_unique_in_building"),
            models.CheckConstraint(condition=models.Q(floor_area_m2__gt=0), name="unit_area_positive"),
            models.CheckConstraint(
                condition=~models.Q(status="registered") | models.Q(registered_on__isnull=False),
                name="registered_unit_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "vacancy"]), models.Index(fields=["building", "vacancy"])]

    def __str__(self) -> str:
        return f"{self.building} {self.number}"

    @property
    def total_monthly(self) -> int:
        return self.rent + self.common_fee


class OperatorProfile(models.Model):
    """What the law asks of an operator (賃貸人, 法9条1項1号): who it is, its officers, how it manages."""

    class OperatorType(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        COMPANY = "company", _("Company or other corporation")

    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="operator_profile"
    )
    operator_type = models.CharField(_("operator type"), max_length=12, choices=OperatorType.choices)
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=7, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    officers = models.JSONField(_("officers"), default=list, blank=True)
    sublease = models.BooleanField(_("sublease"), default=False)
    owner_name = models.CharField(_("owner (when subleased)"), max_length=200, blank=True)
    pledge_signed_on = models.DateField(_("pledge of no disqualification signed on"), null=True, blank=True)

    def __str__(self) -> str:
        return str(self.organisation)


class AgentAuthorisation(models.Model):
    """An operator authorises an agent (宅建業者・管理会社) to act for it."""

    agent = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="principals")
    operator = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="agents")
    granted_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "operator"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_authorisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} → {self.operator}"


class Registration(models.Model):
    """The registration (登録) of a building: its state in the workflow of ``sumai.domain.workflow``.

    ``version`` guards against lost updates: every transition checks and increments it, so two reviewers
    acting on one application cannot both win.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REGISTERED = "registered", _("Registered")
        CHANGE_NOTIFIED = "change_notified", _("Change notified")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        STRUCK_OFF = "struck_off", _("Struck off")

    building = models.OneToOneField(Building, on_delete=models.CASCADE, related_name="registration")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    authority_code = models.CharField(_("registration authority"), max_length=20, db_index=True)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    findings = models.JSONField(_("findings of the standards check"), default=list, blank=True)
    # The accepted version of the building and units while a change notice is open (services.changes).
    accepted_copy = models.JSONField(_("accepted version"), null=True, blank=True)
    warnings_acknowledged_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("registration")
        indexes = [models.Index(fields=["authority_code", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="registered") | models.Q(registered_on__isnull=False),
                name="registration_registered_has_date",
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~models.Q(registration_number=""),
                name="registration_number_unique",
            ),
        ]

    def __str__(self) -> str:
        """The building and, once registered, its number (no state code: this is what people read, in the
        audit trail too)."""
        return f"{self.building} {self.registration_number}".strip()


class RegistrationCounter(models.Model):
    """The last serial of an authority's registration numbers in a year (``<authority>-<year>-<serial>``).

    Numbering locks this row (``SELECT … FOR UPDATE``) so that two registrations of one authority at once
    take consecutive numbers instead of colliding on ``registration_number_unique``.
    """

    authority_code = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["authority_code", "year"], name="registration_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.authority_code}-{self.year}: {self.last}"


class ReviewNote(models.Model):
    """A message on a registration: the reviewer's request for changes or reasons, the landlord's reply."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, blank=True)
    reason_code = models.CharField(_("reason"), max_length=40, blank=True)
    text = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.action}"


class Attachment(models.Model):
    """A document attached to a registration (floor plan, photo, pledge, seismic evidence)."""

    class Kind(models.TextChoices):
        FLOOR_PLAN = "floor_plan", _("Floor plan")
        PHOTO = "photo", _("Photo")
        PLEDGE = "pledge", _("Pledge of no disqualification")
        SEISMIC = "seismic", _("Seismic document")
        OTHER = "other", _("Other")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attachments")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=RandomName("attachments"))
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class ImportJob(models.Model):
    """One uploaded CSV import (一括登録) and its progress and outcome.

    The file is kept in private storage (``imports/``; media is never served by URL). ``rows_done`` is
    written when the job ends; while it runs, progress is read from the cache (the import is one
    transaction, so writes to this row from inside it would not be visible until it ends).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Not imported")

    operator = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("operator"),
    )
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    file = models.FileField(_("file"), upload_to=RandomName("imports", "text/csv"))
    original_name = models.CharField(_("file name"), max_length=200)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    rows_total = models.PositiveIntegerField(_("rows (estimate)"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="importjob_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class Inquiry(models.Model):
    """A member of the public asks about a registered home (the inquiry form of its public page). The
    landlord and its agents get the asker's name, contact and message by e-mail and on their list of
    inquiries; the asker never sees the landlord's e-mail address. Kept for ``INQUIRY_KEEP_DAYS`` (docs)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="inquiries")
    operator = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="inquiries")
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    message = models.TextField(_("message"), max_length=2000)
    language = models.CharField(_("language"), max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(email="", phone=""), name="inquiry_has_a_contact"),
        ]

    def __str__(self) -> str:
        return self.reference
