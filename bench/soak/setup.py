"""The soak's people and work (issue #18): run once on a database that holds the demo data (``sumai demo``),
before the servers start. Writes the fixture the locustfile reads (JSON):

* ``landlords`` — web landlords: one person per landlord organisation (admin member, password log-in, no
  second factor), each organisation with at least one registered building. Organisations are never shared
  between two simulated people, so every unit has exactly one writer and "the last value sent" is defined.
* ``pushers`` — API clients of the bulk operator: one organisation token (``write`` scope) each and a
  disjoint slice of its registered units.
* ``reviewers`` — staff of one registration authority (Tokyo, 130001) with a confirmed TOTP authenticator of
  their own (the locustfile computes the codes), each with a disjoint list of pending applications: copies
  of registered buildings put in the "submitted" state (``decision`` is ``register`` when the standards
  check passes, otherwise ``request_changes``).

Usage: ``python bench/soak/setup.py OUT.json --landlords 6 --pushers 4 --reviewers 4 --applications 1200``
with ``DJANGO_SETTINGS_MODULE`` and ``DATABASE_URL`` set (scripts/soak does it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

PASSWORD = "soak-password-2026"  # noqa: S105 - synthetic accounts of a throwaway database
AUTHORITY = "130001"
DOMAIN = "soak.invalid"


def totp_key(email: str) -> str:
    """A per-person authenticator key (hex, 20 bytes) derived from the address: reproducible, not shared."""
    return hashlib.sha256(f"sumai-soak:{email}".encode()).hexdigest()[:40]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--landlords", type=int, default=6)
    parser.add_argument("--pushers", type=int, default=4)
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--applications", type=int, default=1200, help="pending applications to create")
    parser.add_argument("--units-per-pusher", type=int, default=200)
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumai.config.settings")
    import django

    django.setup()
    fixture = build(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(fixture, indent=1), encoding="utf-8")
    print(
        f"soak fixture: {len(fixture['landlords'])} web landlords, {len(fixture['pushers'])} API clients "
        f"({sum(len(p['units']) for p in fixture['pushers'])} units), {len(fixture['reviewers'])} reviewers "
        f"({sum(len(r['applications']) for r in fixture['reviewers'])} pending applications, "
        f"{fixture['register_decisions']} to register) -> {args.out}"
    )
    return 0


def copy_of(obj: Any) -> Any:
    import copy

    return copy.copy(obj)


def _user(email: str, name: str) -> Any:
    from sumai.accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=PASSWORD, name=name)
    return user


def build(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import transaction
    from django.db.models import Count, Q
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sumai.accounts.models import Membership, Organisation
    from sumai.accounts.services import api_token_create
    from sumai.registry.models import Attachment, Building, Registration, Unit
    from sumai.registry.services import UNIT_STATUS
    from sumai.registry.services.documents import standards_check

    bulk = Organisation.objects.get(kind="operator", name="全国賃貸ホールディングス株式会社")
    # Web landlords: small operators with registered buildings (not the bulk operator, not the demo's own).
    operators = (
        Organisation.objects.filter(kind="operator", buildings__registration__state="registered")
        .exclude(pk=bulk.pk)
        .exclude(memberships__isnull=False)
        .annotate(n=Count("buildings__units", filter=Q(buildings__registration__state="registered")))
        .filter(n__gte=3)
        .order_by("-n", "pk")
    )
    landlords = []
    with transaction.atomic():
        for i, org in enumerate(operators[: args.landlords]):
            email = f"landlord{i + 1}@{DOMAIN}"
            user = _user(email, f"ソーク 家主{i + 1}")
            Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": "admin"})
            buildings = list(
                Building.objects.filter(operator=org, registration__state="registered")
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            landlords.append({"email": email, "password": PASSWORD, "org": org.pk, "buildings": buildings})

        # API clients: disjoint slices of the bulk operator's registered units, a token each.
        owner = _user(f"bulk-admin@{DOMAIN}", "ソーク 一括管理者")
        Membership.objects.get_or_create(user=owner, organisation=bulk, defaults={"role": "admin"})
        units = list(
            Unit.objects.filter(building__operator=bulk, status="registered")
            .order_by("pk")
            .values_list("pk", flat=True)[: args.pushers * args.units_per_pusher]
        )
        pushers = []
        for i in range(args.pushers):
            _token, secret = api_token_create(
                actor=owner, organisation=bulk, name=f"soak client {i + 1}", scopes=["read", "write"]
            )
            pushers.append(
                {
                    "token": secret,
                    "org": bulk.pk,
                    "units": units[i * args.units_per_pusher :][: args.units_per_pusher],
                }
            )

        # Reviewers: staff of Tokyo's authority with an authenticator each.
        authority = (
            Organisation.objects.filter(kind="authority", authority_code=AUTHORITY).order_by("pk").first()
        )
        if authority is None:
            raise SystemExit(
                f"no registration authority {AUTHORITY} in the database: load the demo data first"
            )
        reviewers = []
        for i in range(args.reviewers):
            email = f"reviewer{i + 1}@{DOMAIN}"
            user = _user(email, f"ソーク 審査員{i + 1}")
            Membership.objects.get_or_create(user=user, organisation=authority, defaults={"role": "staff"})
            key = totp_key(email)
            TOTPDevice.objects.filter(user=user).delete()
            TOTPDevice.objects.create(user=user, name="authenticator", key=key, confirmed=True)
            reviewers.append({"email": email, "password": PASSWORD, "totp_key": key, "applications": []})

    # Pending applications: copies of the authority's registered buildings, submitted for review.
    sources = list(
        Building.objects.filter(authority_code=AUTHORITY, registration__state="registered")
        .exclude(operator=bulk)
        .order_by("pk")
        .prefetch_related("units")
    )
    if not sources:
        raise SystemExit(f"no registered building of authority {AUTHORITY} to copy")
    created: list[int] = []
    from django.utils import timezone

    now = timezone.now()
    for start in range(0, args.applications, 500):
        with transaction.atomic():
            copies, plans = [], []
            meets_of: dict[str, bool] = {}
            for n in range(start, min(args.applications, start + 500)):
                source = sources[n % len(sources)]
                copy = Building.objects.get(pk=source.pk)
                copy.pk = None
                copy.id = None
                copy.name = f"{source.name[:80]} 申請{n + 1}"
                # Two in three meet the standards (built after the 1981 seismic code, 25 m² or more):
                # those are registered; the others get "changes requested".
                meets = n % 3 != 2
                if meets and copy.construction_started < date(1981, 6, 1):
                    copy.construction_started = date(1995, 4, 1)
                meets_of[copy.name] = meets
                copies.append(copy)
                plans.append(list(source.units.all()))
            Building.objects.bulk_create(copies)
            Registration.objects.bulk_create(
                Registration(building=b, state="submitted", authority_code=b.authority_code, submitted_at=now)
                for b in copies
            )
            new_units = []
            for b, units_of in zip(copies, plans, strict=True):
                for original in units_of:
                    u = copy_of(original)
                    u.pk = None
                    u.id = None
                    u.building = b
                    if meets_of[b.name] and u.floor_area_m2 < 25:
                        u.floor_area_m2 = Decimal(25)
                    u.status = UNIT_STATUS["submitted"]
                    u.registration_number = ""
                    u.registered_on = None
                    new_units.append(u)
            Unit.objects.bulk_create(new_units, batch_size=2000)
            # The documents an application needs (規則10条), as rows: the review reads their names only.
            Attachment.objects.bulk_create(
                Attachment(
                    registration=r,
                    kind=kind,
                    file=f"attachments/soak-{kind}.pdf",
                    original_name=f"{kind}.pdf",
                    content_type="application/pdf",
                    size=1024,
                )
                for r in Registration.objects.filter(building__in=copies)
                for kind in ("floor_plan", "pledge")
            )
            created.extend(b.pk for b in copies)
    registrations = {
        r.building_id: r
        for r in Registration.objects.filter(building_id__in=created).select_related("building")
    }
    register = 0
    for n, building_id in enumerate(created):
        registration = registrations[building_id]
        ok = standards_check(registration.building).ok
        register += ok
        reviewers[n % len(reviewers)]["applications"].append(
            {"id": registration.pk, "decision": "register" if ok else "request_changes"}
        )
    return {
        "authority": AUTHORITY,
        "landlords": landlords,
        "pushers": pushers,
        "reviewers": reviewers,
        "register_decisions": register,
    }


if __name__ == "__main__":
    sys.exit(main())
