"""Two-factor authentication (issue 16 item 8; docs/decisions/0010-two-factor.md).

Built on django-otp: a TOTP device (``django_otp.plugins.otp_totp``) for the authenticator app and a
static device (``django_otp.plugins.otp_static``) holding the recovery codes. Nothing here computes a code:
django-otp does, through :class:`django_otp.oath.TOTP` and the devices' ``verify_token``.

Who must use it (:func:`required_for_user`, :func:`required_for_request`): platform staff (``is_staff`` or
``is_superuser``), every member of an organisation whose kind holds households
(:data:`sumai.core.roles.HOUSEHOLD_HOLDING_KINDS`), and anyone who set it up on their own (a landlord may opt
in). ``SecondFactorMiddleware`` (``sumai.accounts.middleware``) sends such a person to the verify page
(``sumai.accounts.views_mfa.verify``; to enrolment without a device yet) until the session is verified.

Wrong codes are counted per account, TOTP and recovery codes together: ``SUMAI["OTP_MAX_FAILURES"]`` in a row
lock the second factor for ``SUMAI["OTP_LOCKOUT_MINUTES"]`` (:func:`check_code`), audited and told to the
person by e-mail (someone who got that far knows the password).
"""

from __future__ import annotations

import re
import time
import unicodedata
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from sumai.accounts.actions import AccountsAction
from sumai.accounts.models import Membership, User
from sumai.audit.services import record_event
from sumai.core.access import access_for
from sumai.core.errors import NotAllowed
from sumai.core.notifications import absolute, send_email
from sumai.core.roles import HOUSEHOLD_HOLDING_KINDS

REQUIRED_SESSION_KEY = "sumai_2fa_required"
"""Set at log-in for a person who must verify (kept in the session: an opt-in is known at log-in)."""

TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"
ENROL_SALT = "sumai.accounts.mfa.enrol"
ENROL_MAX_AGE = 30 * 60  # seconds a secret shown on the enrolment page may still be confirmed

_DIGITS = re.compile(r"\d{6}")
_RECOVERY = re.compile(r"[a-z2-7]{8}")


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, "SUMAI", {}).get(name, default))


# ------------------------------------------------------------------------------------------------ policy
def required_for_user(user: Any) -> bool:
    """Must ``user`` log in with a second factor? Platform staff, members of an active organisation that holds
    households, and anyone with a confirmed device of their own (an opt-in)."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if Membership.objects.filter(
        user=user, organisation__is_active=True, organisation__kind__in=HOUSEHOLD_HOLDING_KINDS
    ).exists():
        return True
    return has_device(user)


def required_for_request(request: HttpRequest) -> bool:
    """As :func:`required_for_user` for the request's signed-in person, without a query of its own: the
    session's flag set at log-in (opt-ins), platform staff, and the request's memberships (so that joining a
    household-holding organisation during a session counts at once)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if request.session.get(REQUIRED_SESSION_KEY) or user.is_staff or user.is_superuser:
        return True
    return access_for(request).has(kinds=HOUSEHOLD_HOLDING_KINDS)


def is_verified(request: HttpRequest) -> bool:
    """Has this session verified a second factor (django-otp's ``user.is_verified()``)?"""
    check = getattr(request.user, "is_verified", None)
    return bool(check()) if callable(check) else False


def remember_at_login(request: HttpRequest, user: Any) -> None:
    """``user_logged_in`` receiver: note in the session whether this person must verify."""
    if required_for_user(user):
        request.session[REQUIRED_SESSION_KEY] = True
    else:
        request.session.pop(REQUIRED_SESSION_KEY, None)


# ----------------------------------------------------------------------------------------------- devices
def authenticator_of(user: Any) -> Any:
    """The user's confirmed TOTP device, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_device(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def recovery_codes_left(user: Any) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


@dataclass(frozen=True)
class Status:
    """What the 2FA page shows."""

    required: bool
    device: Any
    recovery_codes_left: int

    @property
    def enrolled(self) -> bool:
        return self.device is not None


def status_of(request: HttpRequest) -> Status:
    user = request.user
    device = authenticator_of(user)
    return Status(
        required=required_for_request(request),
        device=device,
        recovery_codes_left=recovery_codes_left(user) if device is not None else 0,
    )


# -------------------------------------------------------------------------------------------- enrolment
@dataclass(frozen=True)
class Enrolment:
    """A new secret offered on the enrolment page. Nothing is stored until the person confirms it with a
    code: the secret travels in a signed, expiring form field (a GET writes nothing)."""

    key: str  # hex, as django-otp stores it
    signed: str
    config_url: str

    @property
    def secret(self) -> str:
        """The secret in base32, as authenticator apps take it typed by hand, in groups of four."""
        text = b32encode(unhexlify(self.key)).decode("ascii").rstrip("=")
        return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def new_enrolment(user: Any, key: str | None = None) -> Enrolment:
    """A new secret for ``user`` (or ``key`` again, when the code typed for it was wrong)."""
    key = key or random_hex(20)
    unsaved = TOTPDevice(user=user, key=key, name=TOTP_NAME)
    signed = signing.dumps({"u": user.pk, "k": key}, salt=ENROL_SALT)
    return Enrolment(key=key, signed=signed, config_url=str(unsaved.config_url))


def enrolment_key(user: Any, signed: str) -> str | None:
    """The key of a signed enrolment field made for ``user`` in the last half hour, or None."""
    try:
        data = signing.loads(signed, salt=ENROL_SALT, max_age=ENROL_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return None
    key = data.get("k")
    return key if isinstance(key, str) and re.fullmatch(r"[0-9a-f]{40}", key) else None


def qr_svg(config_url: str, label: str) -> str:
    """The ``otpauth://`` address as an inline SVG QR code (made here by ``qrcode``, nothing fetched), named
    ``label`` for screen readers."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=4)
    text = re.sub(r"^<\?xml[^>]*\?>\s*", "", image.to_string(encoding="unicode"))
    return text.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" class="qr-code" ', 1)


def normalise_code(value: str | None) -> str:
    """A code as typed: NFKC (full-width digits from a Japanese keyboard), no spaces or dashes, lower case."""
    text = unicodedata.normalize("NFKC", value or "")[:64]
    return re.sub(r"[\s\-‐－ー]", "", text).lower()


def _new_recovery_tokens(device: Any) -> list[str]:
    count = _setting("OTP_RECOVERY_CODES", 10)
    codes: list[str] = []
    while len(codes) < count:
        token = str(StaticToken.random_token())
        if token not in codes:
            codes.append(token)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in codes)
    return codes


def _replace_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    return _new_recovery_tokens(device)


def _tell(user: Any, subject: str, body: str) -> None:
    """An e-mail to the person about their own second factor (sent after commit)."""
    link = absolute(reverse("accounts:otp"))
    send_email(
        [user.email],
        subject,
        body
        + "\n\n"
        + _("Your two-factor authentication: %(link)s") % {"link": link}
        + "\n"
        + _("If this was not you, change your password at once and tell your organisation's administrator."),
    )


@dataclass
class Enrolled:
    device: Any
    codes: list[str] = field(default_factory=list)


@transaction.atomic
def enrol(*, user: User, key: str, code: str) -> Enrolled | None:
    """Confirm a new authenticator with a code it shows: store it with a fresh set of recovery codes (shown
    once by the caller). None when the code does not match. Refused when the person already has one."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if has_device(user):
        raise NotAllowed(_("Two-factor authentication is already set up: remove it first to replace it."))
    token = normalise_code(code)
    if not _DIGITS.fullmatch(token):
        return None
    totp = TOTP(unhexlify(key), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    if not totp.verify(int(token), tolerance=1):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name=TOTP_NAME, key=key, confirmed=True, last_t=totp.t(), drift=totp.drift
    )
    codes = _replace_recovery_codes(user)
    User.objects.filter(pk=user.pk).update(otp_failures=0, otp_locked_until=None)
    record_event(actor=user, action=AccountsAction.OTP_ENROL, obj=user)
    _tell(
        user,
        _("Two-factor authentication was set up for your Sumai account"),
        _("An authenticator app was set up as the second factor of %(email)s.") % {"email": user.email},
    )
    return Enrolled(device=device, codes=codes)


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    """A new set of recovery codes; the old ones stop working."""
    if not has_device(user):
        raise NotAllowed(_("Set up two-factor authentication first."))
    codes = _replace_recovery_codes(user)
    record_event(actor=user, action=AccountsAction.OTP_RECOVERY_CODES, obj=user)
    _tell(
        user,
        _("New recovery codes for your Sumai account"),
        _("New recovery codes were made for %(email)s; the old ones no longer work.") % {"email": user.email},
    )
    return codes


@transaction.atomic
def remove(*, user: User) -> None:
    """Remove the authenticator and the recovery codes (to replace a lost or new phone)."""
    removed, _rows = TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if removed:
        record_event(actor=user, action=AccountsAction.OTP_REMOVE, obj=user)
        _tell(
            user,
            _("Two-factor authentication was removed from your Sumai account"),
            _("The authenticator app and the recovery codes of %(email)s were removed.")
            % {"email": user.email},
        )


# ----------------------------------------------------------------------------------------- verification
@dataclass(frozen=True)
class Outcome:
    device: Any = None
    recovery: bool = False
    locked_until: datetime | None = None
    just_locked: bool = False

    @property
    def ok(self) -> bool:
        return self.device is not None


def locked_until(user: Any) -> datetime | None:
    """Until when the person's second factor is locked (None: it is not)."""
    until = User.objects.filter(pk=user.pk).values_list("otp_locked_until", flat=True).first()
    return until if until is not None and until > timezone.now() else None


@transaction.atomic
def check_code(*, user: User, code: str) -> Outcome:
    """Check a code from the authenticator (6 digits) or a recovery code (8 letters and digits, each used
    once). A wrong one counts; ``SUMAI["OTP_MAX_FAILURES"]`` in a row lock the second factor for
    ``SUMAI["OTP_LOCKOUT_MINUTES"]``, during which no code is even checked."""
    row = User.objects.select_for_update().get(pk=user.pk)
    now = timezone.now()
    if row.otp_locked_until is not None and row.otp_locked_until > now:
        return Outcome(locked_until=row.otp_locked_until)
    token = normalise_code(code)
    device: Any = None
    recovery = False
    if _DIGITS.fullmatch(token):
        for candidate in TOTPDevice.objects.filter(user=user, confirmed=True):
            if candidate.verify_token(token):
                device = candidate
                break
    elif _RECOVERY.fullmatch(token):
        for candidate in StaticDevice.objects.filter(user=user, confirmed=True):
            if candidate.verify_token(token):
                device, recovery = candidate, True
                break
    if device is not None:
        if row.otp_failures or row.otp_locked_until:
            User.objects.filter(pk=user.pk).update(otp_failures=0, otp_locked_until=None)
        if recovery:
            record_event(actor=user, action=AccountsAction.OTP_RECOVERY_USE, obj=user)
        return Outcome(device=device, recovery=recovery)
    limit = max(1, _setting("OTP_MAX_FAILURES", 5))
    if row.otp_failures + 1 < limit:
        User.objects.filter(pk=user.pk).update(otp_failures=F("otp_failures") + 1)
        return Outcome()
    until = now + timedelta(minutes=_setting("OTP_LOCKOUT_MINUTES", 15))
    User.objects.filter(pk=user.pk).update(otp_failures=0, otp_locked_until=until)
    shown = timezone.localtime(until).strftime("%Y-%m-%d %H:%M")  # as the history page shows times
    record_event(actor=user, action=AccountsAction.OTP_LOCK, obj=user, after={"otp_locked_until": shown})
    _tell(
        user,
        _("Your Sumai second factor is locked after wrong codes"),
        _(
            "Wrong codes were entered %(count)d times in a row after the password of %(email)s; the second "
            "factor is locked for %(minutes)d minutes."
        )
        % {"count": limit, "email": user.email, "minutes": _setting("OTP_LOCKOUT_MINUTES", 15)},
    )
    return Outcome(locked_until=until, just_locked=True)


def verified(request: HttpRequest, device: Any) -> None:
    """Mark the session verified by ``device`` (django-otp) under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)


def forget(request: HttpRequest) -> None:
    """The session is no longer verified (its device was removed)."""
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
