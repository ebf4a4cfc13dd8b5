"""A small world of placements, inquiries and flags, written directly with the models (the services that
write them belong to the placements app)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.cases.models import Case, Household
from sumai.placements.models import LandlordInquiry, Placement, RefusalFlag
from sumai.registry.models import Building, Unit

_refs = itertools.count(1)
AUTHORITIES = {"13": "130001", "01": "010006"}


@dataclass
class Builder:
    desk: Organisation
    operator: Organisation
    other_operator: Organisation
    corporation: Organisation
    units: dict[tuple[str, str], Unit] = field(default_factory=dict)  # (municipality, "own"/"other")

    def unit(self, municipality: str, side: str = "own") -> Unit:
        key = (municipality, side)
        if key not in self.units:
            operator = self.operator if side == "own" else self.other_operator
            building = Building.objects.create(
                operator=operator,
                name=f"建物{municipality}{side}",
                municipality_id=municipality,
                address="1-2-3",
                authority_code=AUTHORITIES[municipality[:2]],
                structure="rc",
                floors=3,
                building_type="apartment",
                construction_started=date(1995, 4, 1),
                contact_name="管理室",
            )
            self.units[key] = Unit.objects.create(
                building=building,
                number="101",
                floor=1,
                floor_area_m2=Decimal("30"),
                layout="1K",
                rent=60000,
                status="registered",
                registration_number=f"R-{municipality}-{side}",
                registered_on=date(2024, 1, 1),
                vacancy="vacant",
            )
        return self.units[key]

    def household(self, municipality: str) -> tuple[Household, Case]:
        n = next(_refs)
        household = Household.objects.create(
            organisation=self.desk, pseudonym=f"outcomes-household-{n}", municipality_id=municipality
        )
        return household, Case.objects.create(household=household, organisation=self.desk)

    def placement(
        self,
        household: tuple[Household, Case],
        municipality: str,
        move_in: date,
        first: date,
        *,
        corporation: bool = False,
        ended: date | None = None,
    ) -> Placement:
        hh, case = household
        return Placement.objects.create(
            case=case,
            household=hh,
            organisation=self.desk,
            unit=self.unit(municipality),
            municipality_id=municipality,
            support_corporation=self.corporation if corporation else None,
            signed_on=move_in,
            start_on=move_in,
            move_in_on=move_in,
            rent=60000,
            guarantee="guarantee_company",
            first_consultation_on=first,
            ended_on=ended,
        )

    def inquiry(
        self,
        household: tuple[Household, Case],
        municipality: str,
        state: str,
        sent_on: date | None,
        *,
        reason: str = "",
        groups: tuple[str, ...] = (),
        side: str = "own",
        answered_on: date | None = None,
        by_corporation: bool = False,
    ) -> LandlordInquiry:
        hh, case = household
        unit = self.unit(municipality, side)
        sent_at = timezone.make_aware(datetime.combine(sent_on, time(10))) if sent_on else None
        answered_at = timezone.make_aware(datetime.combine(answered_on, time(15))) if answered_on else None
        return LandlordInquiry.objects.create(
            reference=f"INQ-{next(_refs)}",
            case=case,
            household=hh,
            organisation=self.corporation if by_corporation else self.desk,
            unit=unit,
            operator=unit.building.operator,
            household_groups=list(groups),
            state=state,
            decline_reason=reason,
            sent_at=sent_at,
            sent_on=sent_on,
            answer_due=sent_on + timedelta(days=7) if sent_on else None,
            answered_at=answered_at,
        )

    def flag(
        self, inquiry: LandlordInquiry, municipality: str, raised: date, resolved: date | None = None
    ) -> RefusalFlag:
        return RefusalFlag.objects.create(
            inquiry=inquiry,
            authority_code=AUTHORITIES[municipality[:2]],
            municipality_id=municipality,
            operator=inquiry.operator,
            reason=inquiry.decline_reason,
            raised_on=raised,
            resolved_on=resolved,
            resolution="guidance" if resolved else "",
        )


def builder() -> Builder:
    return Builder(
        desk=Organisation.objects.create(
            kind="municipality", name="世田谷区 相談窓口", prefecture_id="13", municipality_id="131121"
        ),
        operator=Organisation.objects.create(kind="operator", name="ひまわり不動産", prefecture_id="13"),
        other_operator=Organisation.objects.create(kind="operator", name="よその家主", prefecture_id="13"),
        corporation=Organisation.objects.create(
            kind="support_corporation", name="すまい支援法人", prefecture_id="13", municipality_id="131121"
        ),
    )


SETAGAYA, CHIYODA, OTARU = "131121", "131016", "012033"
AS_OF = date(2026, 12, 15)


def small_world() -> Builder:
    """The world of docs/outcomes.md's hand count (tests/outcomes/test_figures.py)."""
    b = builder()
    # Setagaya: 6 households moved in 2025-11-10 with corporation, 10..60 days after the first consultation;
    # one tenancy ended 2026-03-01 (not held at 6 or 12 months)
    for i in range(6):
        h = b.household(SETAGAYA)
        b.placement(
            h,
            SETAGAYA,
            date(2025, 11, 10),
            date(2025, 11, 10) - timedelta(days=10 * (i + 1)),
            corporation=True,
            ended=date(2026, 3, 1) if i == 0 else None,
        )
        # 2 inquiries each: the first accepted, the second as below
        b.inquiry(
            h, SETAGAYA, "accepted", date(2025, 10, 20), answered_on=date(2025, 10, 22), by_corporation=True
        )
    extra = b.household(SETAGAYA)
    for reason in ("lonely_death", "lonely_death", "no_guarantor", "no_guarantor"):
        b.inquiry(
            extra,
            SETAGAYA,
            "declined",
            date(2026, 2, 1),
            reason=reason,
            groups=("elderly",),
            answered_on=date(2026, 2, 5),
            by_corporation=True,
        )
    b.inquiry(extra, SETAGAYA, "sent", date(2026, 12, 1), by_corporation=True)
    b.inquiry(
        extra,
        SETAGAYA,
        "viewing_offered",
        date(2026, 12, 2),
        answered_on=date(2026, 12, 3),
        by_corporation=True,
    )
    b.inquiry(extra, SETAGAYA, "draft", None)  # never sent: not counted
    # Chiyoda: 3 households moved in 2026-06-01, 7 days after; 3 declines for customs or language,
    # each raising a flag (one resolved), at the other landlord
    for _ in range(3):
        h = b.household(CHIYODA)
        b.placement(h, CHIYODA, date(2026, 6, 1), date(2026, 5, 25))
        q = b.inquiry(
            h,
            CHIYODA,
            "declined",
            date(2026, 5, 1),
            reason="customs_language",
            groups=("foreign_national",),
            side="other",
            answered_on=date(2026, 5, 2),
        )
        b.flag(q, CHIYODA, date(2026, 5, 2), date(2026, 6, 1) if _ == 0 else None)
    # Otaru: 7 households moved in 2026-10-05, 5 days after; five of them moved again 2026-11-01
    for i in range(7):
        h = b.household(OTARU)
        b.placement(h, OTARU, date(2026, 10, 5), date(2026, 9, 30))
        b.inquiry(h, OTARU, "accepted", date(2026, 9, 20), answered_on=date(2026, 9, 21))
        if i < 5:
            b.placement(h, OTARU, date(2026, 11, 1), date(2026, 9, 30))
            b.inquiry(h, OTARU, "accepted", date(2026, 10, 20), answered_on=date(2026, 10, 21))
    return b


def chart_world() -> Builder:
    """Setagaya alone, every count at least 5, so that no cell is hidden and every chart is drawn: 6
    households housed with the corporation in November 2025; declines for three reasons (5, 6 and 5), all
    asked by the corporation."""
    b = builder()
    for i in range(6):
        h = b.household(SETAGAYA)
        b.placement(h, SETAGAYA, date(2025, 11, 10), date(2025, 10, 1) + timedelta(days=i), corporation=True)
        b.inquiry(
            h, SETAGAYA, "accepted", date(2025, 10, 20), answered_on=date(2025, 10, 22), by_corporation=True
        )
    h = b.household(SETAGAYA)
    for reason in ["lonely_death"] * 5 + ["no_guarantor"] * 6 + ["rent_arrears"] * 5:
        b.inquiry(
            h,
            SETAGAYA,
            "declined",
            date(2026, 3, 1),
            reason=reason,
            answered_on=date(2026, 3, 2),
            by_corporation=True,
        )
    return b
