"""Demo councils: a profile for every council organisation, members, meetings with minutes, and the FY2022
and FY2025 activity-grant programmes, each decided (granted, rejected, withdrawn).

Founding dates follow the national counts (REFERENCE §6, seed p.8): 47 prefectural councils by 2017-03, and
of the municipal councils 19/83 by 2017-03-31, 64/83 by 2021-12-31 (111 councils in all at the seed's date
for the "national" size) and the rest by 2023-09-30 (132).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.utils import timezone

from sumai.accounts.models import Organisation
from sumai.councils.models import Activity, Council, CouncilMember, GrantApplication, GrantProgramme, Meeting
from sumai.demo.sizes import Size
from sumai.domain import grants
from sumai.places.models import Municipality, Prefecture

MEETING_TITLES = ["総会", "幹事会", "居住支援部会", "不動産部会", "福祉連携部会", "事例検討会", "研修会"]
MINUTES = [
    "居住支援法人から相談対応の状況を報告。高齢単身世帯の相談が増えており、見守りと家賃債務保証の組合せを検討した。",
    "不動産関係団体から、孤独死への不安が入居拒否の主な理由との報告。残置物処理のモデル契約条項の周知を確認した。",
    "セーフティネット住宅の登録促進について意見交換。空室情報の更新頻度を上げる取組みを共有した。",
    "住宅部局と福祉部局の連携窓口について協議。相談票の様式を統一することで合意した。",
    "外国人世帯の入居支援について、多言語の住まい探しガイドの作成を決めた。",
]
PLANS = [
    "相談窓口の開設と不動産店・内覧への同行支援",
    "入居後の見守りと生活相談、緊急時対応の体制整備",
    "死後事務委任と残置物処理の支援",
    "賃貸人向けセミナーと関係者の勉強会の開催",
    "関係者間のネットワーク形成",
]


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def founding_dates(rng: random.Random, municipal: int) -> list[date]:
    """Founding dates of ``municipal`` councils, oldest first, in the national proportions."""
    by_2017 = round(municipal * 19 / 83)
    by_2021 = round(municipal * 64 / 83)
    by_2023 = round(municipal * 85 / 83)
    dates = []
    for i in range(municipal):
        if i < by_2017:
            dates.append(_day_between(rng, date(2010, 4, 1), date(2017, 3, 31)))
        elif i < by_2021:
            dates.append(_day_between(rng, date(2017, 4, 1), date(2021, 12, 31)))
        elif i < by_2023:
            dates.append(_day_between(rng, date(2022, 1, 1), date(2023, 9, 30)))
        else:
            dates.append(_day_between(rng, date(2023, 10, 1), date(2025, 3, 31)))
    return sorted(dates)


def create_councils(size: Size, rng: random.Random, progress: Callable[[str], None]) -> None:
    orgs = list(
        Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
        .order_by("pk")
        .select_related("municipality")
    )
    prefs = dict(Prefecture.objects.values_list("code", "name"))
    municipal = [o for o in orgs if o.municipality_id]
    dates = founding_dates(rng, len(municipal))
    order = list(range(len(municipal)))
    rng.shuffle(order)
    councils: list[Council] = []
    areas: list[tuple[str, str]] = []
    for o in orgs:
        if o.municipality_id:
            founded = dates[order.pop()]
            level = Council.Level.MUNICIPAL
            secretariat = f"{o.municipality.name if o.municipality else ''} 住宅課"
            areas.append((str(o.pk), str(o.municipality_id)))
        else:
            founded = _day_between(rng, date(2007, 4, 1), date(2017, 3, 31))
            level = Council.Level.PREFECTURAL
            secretariat = f"{prefs.get(o.prefecture_id or '', '')} 住宅政策課"
        chosen = [
            Activity.INFORMATION_EXCHANGE.value,
            *rng.sample(
                [a.value for a in Activity if a != Activity.INFORMATION_EXCHANGE], k=rng.randint(1, 4)
            ),
        ]
        councils.append(
            Council(
                organisation=o,
                level=level,
                prefecture_id=o.prefecture_id or "13",
                founded_on=founded,
                secretariat=secretariat,
                activities=[a.value for a in Activity if a.value in chosen],
                description="地方公共団体、不動産関係団体、居住支援法人、福祉関係団体が連携し、"
                "住宅確保要配慮者の民間賃貸住宅への円滑な入居を支援しています。",
            )
        )
    Council.objects.bulk_create(councils, batch_size=500)
    through = Council.municipalities.through
    through.objects.bulk_create(
        [through(council_id=int(c), municipality_id=m) for c, m in areas], batch_size=1000
    )
    progress(f"councils: {len(councils):,}")
    _members_and_meetings(rng, councils)
    _grants(rng)


def _members_and_meetings(rng: random.Random, councils: list[Council]) -> None:
    corporations: dict[str, list[Organisation]] = {}
    for org in Organisation.objects.filter(kind=Organisation.Kind.SUPPORT_CORPORATION).order_by("pk"):
        corporations.setdefault(org.prefecture_id or "", []).append(org)
    departments = {
        m: pk
        for pk, m in Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
            "pk", "municipality_id"
        )
    }
    parents = dict(
        Municipality.objects.filter(kind="ward_of_designated_city").values_list("code", "parent_id")
    )
    prefs = dict(Prefecture.objects.values_list("code", "name"))
    members: list[CouncilMember] = []
    meetings: list[Meeting] = []
    today = timezone.localdate()
    for c in councils:
        pref = prefs.get(c.prefecture_id, "")
        org = c.organisation
        place = org.municipality.name if org.municipality else pref
        muni = org.municipality_id
        dept = departments.get(parents.get(muni or "", muni or ""))
        rows: list[tuple[str, str, int | None]] = [
            ("housing_department", f"{place} 住宅担当課", dept),
            ("welfare_department", f"{place} 福祉担当課", dept),
            ("real_estate", f"公益社団法人{pref}宅地建物取引業協会", None),
            ("real_estate", f"公益社団法人全日本不動産協会{pref}本部", None),
            ("welfare_body", f"{place}社会福祉協議会", None),
        ]
        pool = corporations.get(c.prefecture_id, [])
        for corp in rng.sample(pool, k=min(len(pool), rng.randint(1, 4))):
            rows.append(("support_corporation", corp.name, corp.pk))
        if rng.random() < 0.4:
            rows.append(("other", f"{place}地域包括支援センター", None))
        seen: set[str] = set()
        for kind, name, org_id in rows:
            if name in seen:
                continue
            seen.add(name)
            members.append(CouncilMember(council=c, kind=kind, name=name, organisation_id=org_id))
        held = c.founded_on
        for _ in range(rng.randint(2, 6)):
            held = held + timedelta(days=rng.randint(60, 400))
            if held > today:
                break
            meetings.append(
                Meeting(
                    council=c,
                    held_on=held,
                    title=f"{held.year}年度 {rng.choice(MEETING_TITLES)}",
                    attendees=rng.randint(8, 40),
                    minutes=rng.choice(MINUTES),
                    is_public=rng.random() < 0.7,
                )
            )
    CouncilMember.objects.bulk_create(members, batch_size=2000)
    Meeting.objects.bulk_create(meetings, batch_size=2000)


GRANT_YEARS = (2022, 2025)
"""The demo's grant rounds: every fiscal year with a parameter file (params/grants_activity_*.toml). Each
round is over and decided, as rounds of past years are; no application is left waiting for years. FY2026
has no published parameters (reference.md), so the demo opens no round for it."""

DECIDED_STATES = ("granted", "granted", "granted", "rejected", "withdrawn")


def _grants(rng: random.Random) -> None:
    for year in GRANT_YEARS:
        _grant_round(rng, year)


def _grant_round(rng: random.Random, year: int) -> None:
    """One fiscal year's programme with decided applications (granted, rejected, withdrawn); granted amounts
    never over the applicant's cap nor over what it applied for."""
    rules = grants.rules_for(year)
    closes = date(year, 5, 31)
    programme, _created = GrantProgramme.objects.update_or_create(
        fiscal_year=year, defaults={"opens_on": date(year, 4, 15), "closes_on": closes}
    )
    council_ids = list(
        Council.objects.filter(founded_on__lte=closes).order_by("pk").values_list("pk", flat=True)
    )
    corp_ids = list(
        Organisation.objects.filter(kind=Organisation.Kind.SUPPORT_CORPORATION)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    tokyo = (
        Organisation.objects.filter(kind="council", name="東京都居住支援協議会")
        .values_list("pk", flat=True)
        .first()
    )
    applicants = [(pk, "council") for pk in rng.sample(council_ids, k=min(len(council_ids), 30))]
    applicants += [(pk, "support_corporation") for pk in rng.sample(corp_ids, k=min(len(corp_ids), 60))]
    if tokyo is not None and all(pk != tokyo for pk, _ in applicants):
        applicants.insert(0, (tokyo, "council"))
    states = DECIDED_STATES
    rows = []
    for i, (pk, recipient) in enumerate(applicants):
        state = "granted" if pk == tokyo else states[i % len(states)]
        enhancements = rng.sample(
            list(rules.enhancements), k=min(len(rules.enhancements), rng.choice([0, 0, 1, 2]))
        )
        cap = grants.cap(rules, recipient=recipient, enhancements=enhancements)
        open_categories = [c.code for c in rules.categories_for(recipient)]
        chosen = rng.sample(open_categories, k=min(len(open_categories), rng.randint(1, 3)))
        budget = rng.randrange(1_000_000, cap + 1, 10_000)
        amounts: dict[str, int] = {}
        remaining = budget
        for j, code in enumerate(chosen):
            amount = remaining if j == len(chosen) - 1 else (remaining // 2 // 10_000) * 10_000
            amounts[code] = amount
            remaining -= amount
        amounts = {k: v for k, v in amounts.items() if v}
        check = grants.check_application(
            rules, recipient=recipient, amounts=amounts, enhancements=enhancements
        )
        granted = None
        if state == "granted":
            top = grants.max_grant(
                rules, recipient=recipient, requested_total=check.requested_total, enhancements=enhancements
            )
            granted = top if rng.random() < 0.6 else (top * rng.randint(60, 95) // 100 // 1000) * 1000
        decided = state in ("granted", "rejected")
        rows.append(
            GrantApplication(
                programme=programme,
                applicant_id=pk,
                recipient_kind=recipient,
                state=state,
                plan="、".join(rng.sample(PLANS, k=2)),
                amounts=amounts,
                enhancements=sorted(enhancements),
                requested_total=check.requested_total,
                cap=check.cap,
                granted_amount=granted,
                decided_on=date(year, 7, rng.randint(1, 29)) if decided else None,
                decision_note="" if state != "rejected" else "事業計画の実施体制が不明確なため。",
                submitted_at=datetime(
                    year, 5, rng.randint(1, 31), 10, 0, tzinfo=timezone.get_current_timezone()
                ),
            )
        )
    GrantApplication.objects.bulk_create(rows)
