"""Every write of onboarding: self-service sign-up (landlords, agents, would-be support corporations) and
the platform administrator's decisions on it; organisations and users managed by the platform.

docs/decisions/0009-onboarding.md says why: nothing but a :class:`SignupRequest` exists until its address is
verified; a landlord is approved by verifying, an agent or a support corporation by a platform
administrator who checks the licence or corporate number. No answer tells whether an address has an account
(the same page follows every sign-up; the e-mail says what applies). Every write is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sumai.accounts.actions import AccountsAction
from sumai.accounts.backends import normalise_login
from sumai.accounts.models import SIGNUP_KINDS, Membership, Organisation, SignupRequest, User
from sumai.audit.services import record_event, snapshot
from sumai.core.notifications import absolute, send_email
from sumai.core.roles import OrgKind
from sumai.domain.identifiers import parse_agent_licence, parse_corporate_number


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def require_platform(actor: Any) -> None:
    if not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only a platform administrator may do this."))


def verify_hours() -> int:
    return int(settings.SUMAI.get("SIGNUP_VERIFY_HOURS", 48))


def clean_identifiers(kind: str, licence: str, corporate: str) -> dict[str, str]:
    """The licence and corporate numbers in their canonical spelling; ValidationError naming the field."""
    errors: dict[str, str] = {}
    out = {"licence_number": "", "corporate_number": ""}
    if kind == OrgKind.AGENT:
        parsed = parse_agent_licence(licence)
        if not licence.strip():
            errors["licence_number"] = _("An agent gives its real-estate licence number.")
        elif parsed is None:
            errors["licence_number"] = _(
                "Write the licence number as on the licence, for example 東京都知事(3)第89012号 or "
                "国土交通大臣(1)第9876号."
            )
        else:
            out["licence_number"] = str(parsed)
    if corporate.strip() or kind == OrgKind.SUPPORT_CORPORATION:
        number = parse_corporate_number(corporate)
        if not corporate.strip():
            errors["corporate_number"] = _("A support corporation gives its corporate number (法人番号).")
        elif number is None:
            errors["corporate_number"] = _(
                "The corporate number has 13 digits and its first digit checks the others; copy it from "
                "the 法人番号公表サイト."
            )
        else:
            out["corporate_number"] = number
    if errors:
        raise ValidationError(errors)
    return out


def _mail(request: SignupRequest, subject: str, body: str, *, secret: bool = False) -> None:
    send_email([request.email], subject, body, secret=secret)


@transaction.atomic
def signup_start(*, data: dict[str, Any], password: str, language: str = "") -> SignupRequest | None:
    """Record a sign-up and send the verification e-mail. Returns None when the address already has an
    account or a request awaiting approval: that address gets an e-mail saying so, and the caller answers
    exactly as for a new request (no enumeration)."""
    email = normalise_login(data["email"])
    kind = str(data["kind"])
    if kind not in SIGNUP_KINDS:
        raise ValidationError({"kind": _("Choose who you are: landlord, agent or support corporation.")})
    ids = clean_identifiers(
        kind, str(data.get("licence_number") or ""), str(data.get("corporate_number") or "")
    )
    with translation.override(language or None):
        if User.objects.filter(email__iexact=email).exists():
            send_email(
                [email],
                _("Sign-up on Sumai: you already have an account"),
                _(
                    "Someone (perhaps you) asked to sign up on Sumai with this address, which already has an "
                    "account.\n\nLog in: %(login)s\nForgot your password? %(reset)s\n\nIf it was not you, "
                    "you need do nothing."
                )
                % {
                    "login": absolute(reverse("accounts:login")),
                    "reset": absolute(reverse("accounts:password_reset")),
                },
            )
            return None
        waiting = SignupRequest.objects.filter(
            email__iexact=email, state=SignupRequest.State.AWAITING_APPROVAL
        ).exists()
        if waiting:
            send_email(
                [email],
                _("Sign-up on Sumai: your request is being checked"),
                _(
                    "Someone (perhaps you) asked again to sign up on Sumai with this address. Your earlier "
                    "request is being checked by the platform administrator; you will get an e-mail when it "
                    "is decided. Nothing else is needed."
                ),
            )
            return None
        SignupRequest.objects.filter(email__iexact=email, state=SignupRequest.State.UNVERIFIED).update(
            state=SignupRequest.State.WITHDRAWN
        )
        secret = secrets.token_urlsafe(32)
        request = SignupRequest(
            kind=kind,
            email=email,
            person_name=str(data["person_name"]).strip(),
            organisation_name=str(data["organisation_name"]).strip(),
            organisation_name_kana=str(data.get("organisation_name_kana") or "").strip(),
            prefecture_id=str(getattr(data["prefecture"], "pk", data["prefecture"])),
            phone=str(data["phone"]).strip(),
            note=str(data.get("note") or "").strip(),
            language=language,
            password_hash=make_password(password),
            token_hash=_hash(secret),
            verify_by=timezone.now() + timedelta(hours=verify_hours()),
            **ids,
        )
        request.full_clean(exclude=["password_hash", "token_hash"])
        request.save()
        record_event(
            actor=None,
            action=AccountsAction.SIGNUP_CREATE,
            obj=request,
            after={"kind": kind, "organisation_name": request.organisation_name},
        )
        link = absolute(reverse("accounts:signup_verify", kwargs={"token": secret}))
        _mail(
            request,
            _("Confirm your e-mail address for Sumai"),
            _(
                "Thank you for signing up %(org)s on Sumai.\n\nConfirm your e-mail address: %(link)s\n\n"
                "The link is valid for %(hours)d hours. If you did not sign up, ignore this e-mail: nothing "
                "is kept after that."
            )
            % {"org": request.organisation_name, "link": link, "hours": verify_hours()},
            secret=True,
        )
    return request


def signup_for_secret(secret: str) -> SignupRequest | None:
    return SignupRequest.objects.select_related("prefecture").filter(token_hash=_hash(secret)).first()


@transaction.atomic
def signup_verify(*, request: SignupRequest) -> tuple[SignupRequest, User | None]:
    """Confirm the address. A landlord's request is approved at once (the user returned is to be logged
    in); an agent's or a support corporation's waits for the platform administrator."""
    request = SignupRequest.objects.select_for_update().get(pk=request.pk)
    if not request.verification_open:
        raise ValidationError(_("This link has expired or has already been used. Sign up again."))
    if User.objects.filter(email__iexact=request.email).exists():
        request.state = SignupRequest.State.WITHDRAWN
        request.save(update_fields=["state"])
        raise ValidationError(_("This address already has an account. Log in instead."))
    request.verified_at = timezone.now()
    record_event(actor=None, action=AccountsAction.SIGNUP_VERIFY, obj=request)
    if not request.needs_approval:
        user = _materialise(request, actor=None)
        return request, user
    request.state = SignupRequest.State.AWAITING_APPROVAL
    request.save(update_fields=["state", "verified_at"])
    admins = list(User.objects.filter(is_superuser=True, is_active=True).values_list("email", flat=True))
    if admins:
        send_email(
            admins,
            _("A sign-up awaits approval: %(org)s") % {"org": request.organisation_name},
            _("%(kind)s %(org)s asks to join Sumai. Check and decide: %(link)s")
            % {
                "kind": request.get_kind_display(),
                "org": request.organisation_name,
                "link": absolute(reverse("accounts:platform_signup", kwargs={"signup_id": request.pk})),
            },
        )
    return request, None


def _materialise(request: SignupRequest, *, actor: Any) -> User:
    """The organisation, the user (with the password chosen at sign-up) and the admin membership."""
    org = Organisation(
        kind=request.kind,
        name=request.organisation_name,
        name_kana=request.organisation_name_kana,
        prefecture_id=request.prefecture_id,
        email=request.email,
        phone=request.phone,
        licence_number=request.licence_number,
        corporate_number=request.corporate_number,
    )
    org.full_clean()
    org.save()
    user = User(email=request.email, name=request.person_name, language=request.language)
    user.password = request.password_hash
    user.save()
    membership = Membership.objects.create(user=user, organisation=org, role=Membership.Role.ADMIN)
    request.state = SignupRequest.State.APPROVED
    request.organisation = org
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.password_hash = ""  # nosec B105 - forgets the hash: the user holds it now
    request.save()
    who = actor or user
    record_event(
        actor=who, action=AccountsAction.ORGANISATION_CREATE, obj=org, organisation=org, after=snapshot(org)
    )
    record_event(actor=who, action=AccountsAction.USER_CREATE, obj=user, after={"email": user.email})
    record_event(
        actor=who,
        action=AccountsAction.MEMBERSHIP_ADD,
        obj=membership,
        organisation=org,
        after={"user": user.email, "role": membership.role},
    )
    record_event(actor=who, action=AccountsAction.SIGNUP_APPROVE, obj=request, organisation=org)
    return user


def _awaiting(request: SignupRequest) -> SignupRequest:
    locked = SignupRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != SignupRequest.State.AWAITING_APPROVAL:
        raise ValidationError(
            _("This request is %(state)s; only a request awaiting approval can be decided.")
            % {"state": locked.get_state_display()}
        )
    return locked


@transaction.atomic
def signup_approve(*, actor: User, request: SignupRequest) -> Organisation:
    require_platform(actor)
    request = _awaiting(request)
    if User.objects.filter(email__iexact=request.email).exists():
        raise ValidationError(_("This address has an account already; invite it to an organisation instead."))
    _materialise(request, actor=actor)
    with translation.override(request.language or None):
        _mail(
            request,
            _("Your organisation is approved on Sumai"),
            _("%(org)s is approved. Log in with your e-mail address and the password you chose: %(login)s")
            % {"org": request.organisation_name, "login": absolute(reverse("accounts:login"))},
        )
    assert request.organisation is not None
    return request.organisation


@transaction.atomic
def signup_reject(*, actor: User, request: SignupRequest, reason: str) -> SignupRequest:
    require_platform(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, in words the applicant understands.")})
    request = _awaiting(request)
    request.state = SignupRequest.State.REJECTED
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.decision_reason = reason
    request.password_hash = ""  # nosec B105 - forgets the hash of a refused sign-up
    request.save()
    record_event(actor=actor, action=AccountsAction.SIGNUP_REJECT, obj=request, after={"reason": reason})
    with translation.override(request.language or None):
        _mail(
            request,
            _("Your sign-up on Sumai was not approved"),
            _(
                "The sign-up of %(org)s was not approved.\n\nReason: %(reason)s\n\nYou may sign up again "
                "with the missing details: %(link)s"
            )
            % {
                "org": request.organisation_name,
                "reason": reason,
                "link": absolute(reverse("accounts:signup")),
            },
        )
    return request
