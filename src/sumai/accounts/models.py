"""Users, organisations, memberships, invitations and organisation API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS, OrgKind, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("platform staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Wrong second-factor codes in a row, and until when the second factor is locked after too many
    # (sumai.accounts.mfa.check_code).
    otp_failures = models.PositiveSmallIntegerField(
        _("wrong second-factor codes in a row"), default=0, editable=False
    )
    otp_locked_until = models.DateTimeField(
        _("second factor locked until"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email


class Organisation(models.Model):
    """An organisation users act for. Its kind decides what its members may do."""

    class Kind(models.TextChoices):
        OPERATOR = OrgKind.OPERATOR, _("Landlord (operator)")
        AGENT = OrgKind.AGENT, _("Agent or management company")
        AUTHORITY = OrgKind.AUTHORITY, _("Registration authority")
        MUNICIPALITY = OrgKind.MUNICIPALITY, _("Municipality")
        SUPPORT_CORPORATION = OrgKind.SUPPORT_CORPORATION, _("Housing support corporation")
        COUNCIL = OrgKind.COUNCIL, _("Housing support council")
        REFERRAL_PARTNER = OrgKind.REFERRAL_PARTNER, _("Referral partner")
        NATIONAL = OrgKind.NATIONAL, _("National government")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_kana = models.CharField(_("name in kana"), max_length=200, blank=True)
    prefecture = models.ForeignKey(
        "places.Prefecture",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("prefecture"),
    )
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    registration_body = models.ForeignKey(
        "places.RegistrationBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    authority_code = models.CharField(
        _("authority code"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("For a registration authority: the code of the jurisdiction it registers for."),
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    licence_number = models.CharField(
        _("real-estate licence number"),
        max_length=40,
        blank=True,
        help_text=_("For an agent: 宅地建物取引業者免許証番号, e.g. 東京都知事(3)第89012号."),
    )
    corporate_number = models.CharField(
        _("corporate number"), max_length=13, blank=True, help_text=_("The 13-digit 法人番号, if any.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "prefecture"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="authority") | ~models.Q(authority_code=""),
                name="authority_has_jurisdiction",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="municipality") | models.Q(municipality__isnull=False),
                name="municipality_org_has_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in an organisation."""

    class Role(models.TextChoices):
        ADMIN = Role.ADMIN, _("Administrator")
        STAFF = Role.STAFF, _("Staff")
        VIEWER = Role.VIEWER, _("Viewer")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org"),
            models.CheckConstraint(
                condition=models.Q(role__in=["admin", "staff", "viewer"]), name="role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


class Invitation(models.Model):
    """An invitation to join an organisation, sent by e-mail with a one-time link."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation_id} ({self.role})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()


class ApiToken(models.Model):
    """An organisation's API token. The secret is shown once; only its SHA-256 is stored.

    Its owner is the member who created it (``created_by``): the token works only while the owner is an
    active member of the organisation, and never after ``expires_at``.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Write")
        CASES = "cases", _("Households and cases (organisations that hold households only)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whatever the path (service, admin, shell), a token of an organisation that holds no households
        # never carries the cases scope, which opens the households and cases API.
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        problem = self._scope_problem()
        if problem:
            raise ValidationError({"scopes": problem})

    def _scope_problem(self) -> str:
        if self.Scope.CASES not in (self.scopes or []) or self.organisation_id is None:
            return ""
        return scope_problem(self.organisation.kind, list(self.scopes))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


def scope_problem(kind: str, scopes: list[str]) -> str:
    """Why an organisation of ``kind`` may not have a token with ``scopes`` ("" when it may): the ``cases``
    scope (the households and cases API) is for organisations that hold households only
    (``sumai.core.roles.HOUSEHOLD_HOLDING_KINDS``)."""
    if ApiToken.Scope.CASES in scopes and kind not in HOUSEHOLD_HOLDING_KINDS:
        return str(
            _(
                "The cases scope is only for organisations that hold households (municipalities, housing "
                "support councils, support corporations and referral partners); this organisation is "
                "of another kind. Choose read or write."
            )
        )
    return ""


SIGNUP_KINDS: tuple[str, ...] = (OrgKind.OPERATOR, OrgKind.AGENT, OrgKind.SUPPORT_CORPORATION)
"""Who may sign up on their own: landlords, agents, would-be support corporations."""


class SignupRequest(models.Model):
    """A landlord's, agent's or would-be support corporation's own sign-up (ADR 0009, onboarding).

    Nothing but this row exists until the address is verified; the organisation, the user and the
    administrator membership are made together when the request is approved (at once for a landlord, by
    the platform administrator for an agent or a support corporation). Only the password's hash is kept.
    """

    class State(models.TextChoices):
        UNVERIFIED = "unverified", _("E-mail address not yet confirmed")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Replaced by a newer request")

    kind = models.CharField(
        _("kind"),
        max_length=24,
        choices=[(k, label) for k, label in Organisation.Kind.choices if k in SIGNUP_KINDS],
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.UNVERIFIED)
    email = models.EmailField(_("e-mail address"), db_index=True)
    person_name = models.CharField(_("your name"), max_length=100)
    organisation_name = models.CharField(_("name of the business or organisation"), max_length=200)
    organisation_name_kana = models.CharField(_("name in kana"), max_length=200, blank=True)
    prefecture = models.ForeignKey(
        "places.Prefecture", on_delete=models.PROTECT, related_name="+", verbose_name=_("prefecture")
    )
    phone = models.CharField(_("phone"), max_length=30)
    licence_number = models.CharField(_("real-estate licence number"), max_length=40, blank=True)
    corporate_number = models.CharField(_("corporate number"), max_length=13, blank=True)
    note = models.TextField(_("note to the platform administrator"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    password_hash = models.CharField(max_length=256)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    verify_by = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decision_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="signup_requests"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-up request")
        indexes = [models.Index(fields=["state", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["operator", "agent", "support_corporation"]),
                name="signup_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="agent") | ~models.Q(licence_number=""),
                name="signup_agent_has_licence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.kind}, {self.state})"

    @property
    def needs_approval(self) -> bool:
        return self.kind != OrgKind.OPERATOR

    @property
    def verification_open(self) -> bool:
        return self.state == self.State.UNVERIFIED and self.verify_by > timezone.now()
