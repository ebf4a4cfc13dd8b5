"""Demo housing support corporations: designations with a realistic legal-form mix, service areas,
services and capacity, and a few applications in every other state.

Legal-form mix: the seed (housing-safety-net-2022.md p.12) gives 484 corporations at 2021-12-31, with
companies (株式会社) and NPOs together about 66%; its chart's per-form figures are not in the text, so the
split below is an assumption that keeps that 66% (docs/support.md says so).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.demo.sizes import Size
from sumai.places.models import Municipality
from sumai.support.models import DesignationNote, Service, ServiceArea, SupportCorporation

# Designation dates: the 2017 amendment came into force on 2017-10-25; the seed counts 484 corporations at
# 2021-12-31 (p.12) and today's register holds about 1,000 (REFERENCE.md §4.5).
LAW_IN_FORCE = date(2017, 10, 25)
SEED_DATE = date(2021, 12, 31)
SEED_DESIGNATED = 484
TODAY_DESIGNATED = 1_000

# (legal form, name prefix, share of 484 at 2021-12-31); company + NPO = 0.66 (seed p.12).
LEGAL_FORM_MIX = [
    ("npo", "NPO法人", 0.34),
    ("company", "株式会社", 0.32),
    ("general_association", "一般社団法人", 0.17),
    ("social_welfare", "社会福祉法人", 0.11),
    ("general_foundation", "一般財団法人", 0.02),
    ("public_interest_association", "公益社団法人", 0.02),
    ("public_interest_foundation", "公益財団法人", 0.02),
]
PREFIXES = [
    "NPO法人",
    "一般社団法人",
    "一般財団法人",
    "公益社団法人",
    "公益財団法人",
    "社会福祉法人",
    "株式会社",
]
GROUPS = ["low_income", "elderly", "disability", "child_raising", "foreign_national", "dv_victim"]
GROUPS_RARE = ["leaving_correctional_facility", "financial_hardship", "disaster_victim"]
LANGS = ["en", "zh", "ko", "vi", "pt", "tl", "ne"]
TASKS = ["consultation", "living_support", "rent_guarantee", "landlord_information", "belongings_disposal"]
SURNAMES = ["山田", "佐藤", "鈴木", "田中"]
GIVEN = ["太郎", "花子", "一郎"]
UNITS = {"living_support": "人（見守り）", "consultation": "件/月", "rent_guarantee": "件"}


def _state_for(i: int, n: int) -> str:
    """Mostly designated; a few of every other state (at least one suspended and one revoked)."""
    if i == 0:
        return "designated"  # the demo login "support" shows a designation
    if i == 1:
        return "suspended"
    if i == 2:
        return "revoked"
    if i in (3, 4):
        return "submitted"
    if i == 5:
        return "changes_requested"
    if i == 6:
        return "rejected"
    if i == 7:
        return "draft"
    r = (i * 37) % 100
    if n > 50 and r < 3:
        return "submitted"
    if n > 50 and r < 4:
        return "changes_requested"
    if n > 50 and r < 5:
        return "rejected"
    return "designated"


def _without_prefix(name: str) -> str:
    """The organisation's name without a legal-form prefix (株式会社, NPO法人, …)."""
    for p in PREFIXES:
        if name.startswith(p):
            return name[len(p) :]
    return name


def create_support_corporations(
    size: Size, rng: random.Random, org_ids: list[int], progress: Callable[[str], None]
) -> None:
    orgs = list(Organisation.objects.filter(pk__in=org_ids).select_related("municipality").order_by("pk"))
    if not orgs:
        return
    munis_by_pref: dict[str, list[str]] = {}
    for code, pref in Municipality.objects.values_list("code", "prefecture_id"):
        munis_by_pref.setdefault(pref, []).append(code)
    today = timezone.localdate()
    forms = [f for f, _p, _s in LEGAL_FORM_MIX]
    weights = [s for _f, _p, s in LEGAL_FORM_MIX]
    prefix_of = {f: p for f, p, _s in LEGAL_FORM_MIX}
    corporations: list[SupportCorporation] = []
    seq: dict[str, int] = {}
    holding = ("designated", "suspended", "revoked")
    holders = sum(_state_for(i, len(orgs)) in holding for i in range(len(orgs)))
    # The seed's scale: 484 designated by 2021-12-31 out of today's ~1,000+ (scaled down for small demos).
    before_seed = round(holders * SEED_DESIGNATED / max(holders, TODAY_DESIGNATED))
    held = 0
    for i, org in enumerate(orgs):
        form = rng.choices(forms, weights=weights)[0]
        org.name = prefix_of[form] + _without_prefix(org.name)
        town = org.municipality.name if org.municipality_id and org.municipality else ""
        state = _state_for(i, len(orgs))
        holds = state in holding
        pref = org.prefecture_id or "13"
        designated_on = None
        if holds:
            if held < before_seed:
                designated_on = LAW_IN_FORCE + timedelta(days=rng.randint(0, (SEED_DATE - LAW_IN_FORCE).days))
            else:
                span = (today - timedelta(days=30) - SEED_DATE).days
                designated_on = SEED_DATE + timedelta(days=rng.randint(1, max(span, 1)))
            held += 1
        number = ""
        if holds and designated_on is not None:
            seq[pref] = seq.get(pref, 0) + 1
            number = f"{pref}-{designated_on.year}-{seq[pref]:03d}"
        corporations.append(
            SupportCorporation(
                organisation=org,
                prefecture_id=pref,
                legal_form=form,
                state=state,
                designation_number=number,
                designated_on=designated_on,
                representative=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                address=f"{town}1-{rng.randint(1, 30)}-{rng.randint(1, 20)}",
                officers=[{"name": "山田 太郎", "title": "代表理事"}, {"name": "佐藤 花子", "title": "理事"}],
                business_plan="住宅確保要配慮者の入居相談、内見同行、入居後の見守りを行う。",
                description="お部屋探しの相談、内見への同行、入居後の見守りをしています。お気軽にお電話ください。",
                phone=f"0{rng.randint(3, 99)}-{rng.randint(100, 9999)}-{rng.randint(1000, 9999)}",
                hours="平日 9:00〜17:00",
                groups=sorted(
                    set(rng.sample(GROUPS, rng.randint(2, 4)) + rng.sample(GROUPS_RARE, rng.randint(0, 1)))
                ),
                languages=["ja", *sorted(rng.sample(LANGS, rng.choice([0, 0, 1, 2])))],
                fees="相談は無料。見守りは月額1,000〜3,000円。",
                submitted_at=timezone.now() - timedelta(days=rng.randint(1, 30))
                if state != "draft"
                else None,
                suspended_on=today - timedelta(days=10) if state == "suspended" else None,
                ended_on=today - timedelta(days=20) if state == "revoked" else None,
            )
        )
    Organisation.objects.bulk_update(orgs, ["name"], batch_size=1000)
    SupportCorporation.objects.bulk_create(corporations, batch_size=1000)
    services: list[Service] = []
    areas: list[ServiceArea] = []
    notes: list[DesignationNote] = []
    for org, c in zip(
        orgs,
        SupportCorporation.objects.filter(organisation__in=orgs).order_by("organisation_id"),
        strict=True,
    ):
        tasks = ["consultation", *rng.sample(TASKS[1:], rng.randint(1, 3))]
        if rng.random() < 0.3:
            tasks.append("incidental")
        for t in tasks:
            unit = UNITS.get(t, "")
            confirmed = today - timedelta(days=rng.randint(0, 60)) if unit else None
            services.append(
                Service(
                    corporation=c,
                    task=t,
                    free_of_charge=t == "consultation",
                    fee="" if t == "consultation" else "月額1,000円から",
                    capacity_available=rng.randint(0, 15) if confirmed else None,
                    capacity_unit=unit,
                    capacity_confirmed_on=confirmed,
                )
            )
        pool = munis_by_pref.get(c.prefecture_id, [])
        chosen = {org.municipality_id} if org.municipality_id else set()
        chosen.update(rng.sample(pool, min(len(pool), rng.randint(0, 5))))
        areas.extend(ServiceArea(corporation=c, municipality_id=code) for code in sorted(chosen) if code)
        if c.state == "changes_requested":
            notes.append(
                DesignationNote(corporation=c, action="request_changes", text="役員名簿を添付してください。")
            )
        elif c.state == "rejected":
            notes.append(
                DesignationNote(
                    corporation=c, action="reject", reason_code="unsound_plan", text="収支計画が不十分です。"
                )
            )
        elif c.state == "suspended":
            notes.append(
                DesignationNote(
                    corporation=c, action="suspend", reason_code="staff", text="相談員の退職のため。"
                )
            )
        elif c.state == "revoked":
            notes.append(
                DesignationNote(corporation=c, action="revoke", reason_code="filings_missing", text="")
            )
    Service.objects.bulk_create(services, batch_size=2000)
    ServiceArea.objects.bulk_create(areas, batch_size=5000)
    DesignationNote.objects.bulk_create(notes)
    designated = sum(c.state == "designated" for c in corporations)
    progress(f"support corporations: {len(corporations):,} ({designated:,} designated)")
