"""Demo consultation desks and requests for help (issue #16): the demo municipality (Setagaya) and about one
municipality organisation in five run a desk; requests over the last three years are routed by the real
rules (:mod:`sumai.domain.consultation`) and are in every state — new ones from the last days, the rest
contacted within a few working days or closed. Names are never generated: only ages and situations.

Case work (issue #16, item 12, :func:`create_casework`): referral partners of every kind with a staff
login each; households for a share of the requests and for the partners' own referrals (members with birth
dates, incomes, some disability and care levels, stated circumstances; DV households hidden); cases in every
state and closed for every reason, worked by members of the receiving organisations; timelines of notes and
contacts (plain invented text); tasks due on working days, some overdue and some due today; referrals in
every state, declined for every reason, some first contacts overdue, each with its consent — over three
years. Every row is written with ``bulk_create`` in batches."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from sumai.accounts.models import Membership, Organisation, User
from sumai.cases import pseudonyms, selectors
from sumai.cases.models import (
    Case,
    CaseEntry,
    Consent,
    ConsultationRequest,
    Desk,
    Household,
    HouseholdMember,
    PartnerProfile,
    Referral,
    Task,
)
from sumai.demo.sizes import Size
from sumai.domain import casework
from sumai.domain import consultation as domain
from sumai.places.models import Municipality

BATCH = 2000

SITUATIONS = [s.value for s in domain.Situation]
HELP = [h.value for h in domain.HelpKind]
LANGUAGES = ["ja"] * 12 + ["vi", "zh-hans", "ko", "pt-br", "en", "ja-x-easy"]
MESSAGES = [
    "",
    "",
    "階段の少ない部屋を探しています。",
    "保証人がいません。",
    "年金で暮らしています。家賃は5万円までにしたいです。",
    "子どもの学校を変えたくありません。",
    "ペットの猫が一匹います。",
]


def create_desks_and_requests(size: Size, rng: random.Random, progress: Callable[[str], None]) -> None:
    municipalities = list(
        Organisation.objects.filter(kind="municipality", municipality__isnull=False).select_related(
            "municipality"
        )
    )
    desks = [
        Desk(
            organisation=org,
            name=f"{org.municipality.name} 住まいの相談窓口" if org.municipality else org.name,
            phone=f"03-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
            hours="平日 9:00〜17:00",
        )
        for org in municipalities
        if org.municipality_id == "131121" or rng.random() < 0.2
    ]
    Desk.objects.bulk_create(desks)
    places = list(Municipality.objects.exclude(kind="designated_city").order_by("code"))
    weights = [max(m.population or 1000, 1000) for m in places]
    setagaya = Municipality.objects.get(pk="131121")
    routes: dict[str, domain.Route | None] = {}
    now = timezone.now()
    rows = []
    for i in range(size.consultations):
        place = setagaya if i % 10 == 0 else rng.choices(places, weights=weights)[0]
        if place.code not in routes:
            routes[place.code] = domain.route(selectors.candidates(place))
        route = routes[place.code]
        if route is None:
            continue
        created = now - timedelta(days=rng.uniform(0, 3 * 365))
        age = (now - created).days
        state = "new" if age < 3 else rng.choice(["contacted", "contacted", "closed"])
        situations = sorted(set(rng.sample(SITUATIONS, k=rng.choice([1, 1, 2]))))
        by_phone = rng.random() < 0.7
        rows.append(
            ConsultationRequest(
                reference=domain.new_reference(),
                state=state,
                municipality=place,
                lives_there=rng.random() < 0.8,
                members=[{"age": rng.randint(18, 90)} for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4]))],
                situations=situations,
                leave_by=(created + timedelta(days=rng.randint(20, 120))).date()
                if "must_leave" in situations
                else None,
                help_wanted=sorted(set(rng.sample(HELP, k=rng.randint(1, 3)))),
                language=rng.choice(LANGUAGES),
                interpreter=rng.random() < 0.05,
                contact_method="phone" if by_phone else "email",
                phone=f"090-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}" if by_phone else "",
                email="" if by_phone else f"request{i}@example.jp",
                message=rng.choice(MESSAGES),
                consent_at=created,
                urgent=domain.is_urgent(set(situations)),
                organisation_id=route.organisation_id,
                route=route.kind.value,
                alternatives=list(route.alternatives),
                created_at=created,
                first_contact_at=None if state == "new" else created + timedelta(hours=rng.randint(2, 96)),
            )
        )
    ConsultationRequest.objects.bulk_create(rows, batch_size=2000)
    progress(f"consultation desks: {len(desks)}, requests for help: {len(rows):,}")


# ------------------------------------------------------------------------------------- case work (item 12)
# Plain invented text: no real person, shelter or institution is named anywhere below.
NOTES = [
    "初回面談。現在の住まいと困りごとを聞き取り。",
    "家計の状況を確認。家賃の上限を本人と相談した。",
    "関係機関の担当者と今後の進め方を共有。",
    "候補の物件を三件案内。一件は階段が多く見送り。",
    "保証会社の審査書類をそろえた。",
    "入居後の見守りについて本人の希望を確認。",
    "引越し業者の見積もりを依頼。",
    "次回は物件の内見に同行する予定。",
]
CONTACTS = [
    ("phone", "電話で近況を確認。体調は落ち着いている。"),
    ("visit", "自宅を訪問。室内の片付けが進んでいる。"),
    ("office", "来所。申込書の記入を手伝った。"),
    ("email", "必要書類の一覧を郵送。"),
    ("online", "ビデオ通話で通訳を交えて面談。"),
    ("phone", "電話がつながらず、留守番電話に伝言。"),
]
TASKS = [
    "収入の確認書類を受け取る",
    "物件の内見に同行する",
    "保証会社への申込みを支援する",
    "関係機関と面談日程を調整する",
    "入居後の訪問",
    "家賃債務保証の結果を伝える",
    "引越し日の調整",
    "電話で近況確認",
]
AFTER_MOVE_IN_TASKS = frozenset({"入居後の訪問"})
"""Tasks of a household that has moved in: never open on a case still looking for a home (the placements'
demo closes them when a tenancy ends and the case looks again, as the service closes follow-up tasks)."""
BEFORE_MOVE_IN_TASKS = frozenset(
    {"物件の内見に同行する", "保証会社への申込みを支援する", "家賃債務保証の結果を伝える"}
)
"""Tasks of the search for a home: not open on a case whose household has moved in."""


def tasks_for(status: str) -> list[str]:
    """The task titles that fit an open case in ``status``: no visit after moving in before the lease is
    signed, no viewing once the household lives in its home."""
    if status in ("housed", "following_up"):
        return [t for t in TASKS if t not in BEFORE_MOVE_IN_TASKS] if status == "following_up" else TASKS
    return [t for t in TASKS if t not in AFTER_MOVE_IN_TASKS]


REFERRAL_MESSAGES = [
    "",
    "退院の予定が決まりました。階段のない住まいを希望しています。",
    "保証人がいないため、家賃債務保証の相談もお願いします。",
    "通訳が必要です。",
    "本人の安全のため、連絡は当方を通してお願いします。",
]
PARTNER_NAMES = {
    "welfare_office": "福祉事務所",
    "community_care_centre": "地域包括支援センター",
    "probation": "更生保護施設",
    "hospital": "総合病院 医療相談室",
    "child_guidance": "児童相談所",
    "dv_shelter": "女性相談支援センター",
    "international": "国際交流協会",
    "other": "社会福祉協議会",
}
PARTNER_CIRCUMSTANCES = {
    "welfare_office": ["financial_hardship"],
    "probation": ["leaving_correctional_facility"],
    "child_guidance": ["leaving_childrens_home"],
    "dv_shelter": ["dv_victim"],
    "international": ["foreign_national"],
}
SITUATION_CIRCUMSTANCES = {
    "dv": "dv_victim",
    "prison": "leaving_correctional_facility",
    "eviction": "financial_hardship",
    "homeless": "financial_hardship",
}
OTHER_CIRCUMSTANCES = ["foreign_national", "newly_weds", "financial_hardship", "leaving_childrens_home"]
CERTIFICATES = ["身体障害者手帳 2級", "身体障害者手帳 4級", "療育手帳 B", "精神障害者保健福祉手帳 2級"]
CARE_LEVELS = ["support_1", "support_2", "care_1", "care_2", "care_3", "care_4", "care_5"]
GIVEN = ["太郎", "花子", "一郎", "洋子", "健", "幸子", "美咲", "浩", "直子", "翔"]
STAFF_DOMAIN = "staff.demo.sumai.jp"
"""Every demo staff account made here (partners' staff, caseworkers); ``demo --force`` deletes them."""
CASEWORKER_EMAIL = "caseworker@demo.sumai.jp"
"""The demo login of a caseworker at Setagaya's desk (``sumai.demo.core.DEMO_ACCOUNTS``)."""
SETAGAYA = "131121"

OPEN = ["new", "assessing", "searching", "housed", "following_up"]
CLOSE_REASONS = [r.value for r in casework.CloseReason]
CLOSE_WEIGHTS = {
    "housed_stable": 30,
    "housed_elsewhere": 10,
    "public_housing": 8,
    "facility": 8,
    "referred": 6,
    "no_longer_needed": 10,
    "declined": 8,
    "lost_contact": 12,
    "died": 3,
    "other": 5,
}
DECLINE_REASONS = [r.value for r in casework.DeclineReason]


def _working_day_after(start: date, days: int, _memo: dict[tuple[date, int], date] = {}) -> date:  # noqa: B006
    """``sumai.domain.casework.add_working_days``, remembered: the demo asks the same questions often."""
    key = (start, days)
    if key not in _memo:
        _memo[key] = casework.add_working_days(start, days)
    return _memo[key]


def _case_state(rng: random.Random, age_days: int) -> tuple[str, str]:
    """A plausible status for a case opened ``age_days`` ago, and its close reason."""
    if age_days < 14:
        status = rng.choices(["new", "assessing", "searching"], weights=[4, 4, 2])[0]
    elif age_days < 90:
        status = rng.choices(["assessing", "searching", "housed", "closed"], weights=[2, 5, 1, 2])[0]
    elif age_days < 365:
        status = rng.choices(["searching", "housed", "following_up", "closed"], weights=[2, 1, 3, 4])[0]
    else:
        status = rng.choices(["following_up", "closed"], weights=[15, 85])[0]
    reason = rng.choices(CLOSE_REASONS, weights=[CLOSE_WEIGHTS[r] for r in CLOSE_REASONS])[0]
    return status, reason if status == "closed" else ""


def _members(rng: random.Random, ages: list[int], on: date) -> list[HouseholdMember]:
    """Members from the ages stated, with a birth date, incomes, and now and then a disability or a care
    level (the household is set afterwards)."""
    out = []
    children = any(a < 18 for a in ages)
    for i, age in enumerate(ages):
        adult, elderly = age >= 18, age >= 65
        disability = rng.choice(["ordinary", "ordinary", "special"]) if rng.random() < 0.12 else ""
        if i == 0:
            role = "applicant"
        elif not adult:
            role = "child"
        else:
            role = "spouse" if i == 1 and rng.random() < 0.7 else "relative"
        out.append(
            HouseholdMember(
                role=role,
                birth_date=on - timedelta(days=age * 365 + rng.randint(0, 364)),
                age_stated=age,
                disability=disability,
                certificate=rng.choice(CERTIFICATES) if disability else "",
                care_level=rng.choice(CARE_LEVELS) if elderly and rng.random() < 0.2 else "",
                salary_gross=rng.randrange(600_000, 3_600_000, 10_000)
                if adult and not elderly and rng.random() < 0.6
                else 0,
                pension_gross=rng.randrange(600_000, 2_400_000, 10_000) if elderly else 0,
                other_income=rng.randrange(100_000, 800_000, 10_000) if adult and rng.random() < 0.2 else 0,
                single_parent=i == 0 and children and len([a for a in ages if a >= 18]) == 1,
                widow=elderly and len(ages) == 1 and rng.random() < 0.3,
            )
        )
    return out


@dataclass
class _Plan:
    """One household to write, with what hangs from it (cases, referrals) before any row exists."""

    household: Household
    members: list[HouseholdMember]
    opened: datetime
    cases: list[dict[str, Any]] = field(default_factory=list)  # {"organisation_id", "opened", "referral"}
    referrals: list[dict[str, Any]] = field(default_factory=list)


def _pseudonym(reference: str) -> str:
    return pseudonyms.stored(reference)  # the one stored form, as the pages store it


def _partners(rng: random.Random, password: str) -> tuple[list[Organisation], dict[int, str], list[User]]:
    """A profile of every partner kind over the referral partners (the demo's first one a welfare office),
    named by their kind, and one staff login each."""
    partners = list(
        Organisation.objects.filter(kind="referral_partner").select_related("municipality").order_by("pk")
    )
    kinds = [k.value for k in casework.PartnerKind]
    kind_of: dict[int, str] = {}
    for i, org in enumerate(partners):
        kind = kinds[i % len(kinds)]
        kind_of[org.pk] = kind
        place = org.municipality.name if org.municipality else ""
        org.name = f"{place} {PARTNER_NAMES[kind]}".strip()
    Organisation.objects.bulk_update(partners, ["name"], batch_size=BATCH)
    PartnerProfile.objects.bulk_create(
        [PartnerProfile(organisation=o, kind=kind_of[o.pk]) for o in partners], batch_size=BATCH
    )
    users = [
        User(
            email=f"partner{i + 1}@{STAFF_DOMAIN}",
            name=f"{rng.choice(SURNAMES_SHORT)} {rng.choice(GIVEN)}（{PARTNER_NAMES[kind_of[o.pk]]}）",
            password=password,
        )
        for i, o in enumerate(partners)
    ]
    return partners, kind_of, users


SURNAMES_SHORT = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"]


class _Casework:
    """The state shared by the steps of :func:`create_casework`."""

    def __init__(self, size: Size, rng: random.Random, progress: Callable[[str], None]) -> None:
        self.size, self.rng, self.progress = size, rng, progress
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.password = make_password(str(settings.SUMAI["DEMO_PASSWORD"]))  # one hash for every login
        self.partners, self.partner_kind, self.partner_users = _partners(rng, self.password)
        self.org_kind = dict(Organisation.objects.values_list("pk", "kind"))
        self.places = Municipality.objects.in_bulk()
        self.routes: dict[str, int | None] = {}
        self.corporations: dict[str, list[int]] = {}
        self.plans: list[_Plan] = []
        self.staff: dict[int, list[int]] = {}
        self.setagaya: int | None = None

    def receiver(self, code: str) -> int | None:
        if code not in self.routes:
            found = domain.route(selectors.candidates(self.places[code]))
            self.routes[code] = found.organisation_id if found else None
        return self.routes[code]

    def corporation(self, code: str) -> list[int]:
        if code not in self.corporations:
            self.corporations[code] = [pk for pk, _n in selectors.corporations(code)]
        return self.corporations[code]

    def households_from_requests(self) -> None:
        """Households for a share of the requests that were answered."""

        requests = ConsultationRequest.objects.exclude(state="new").order_by("pk")
        fields = [
            "pk",
            "reference",
            "organisation_id",
            "municipality_id",
            "members",
            "situations",
            "leave_by",
        ]
        fields += ["urgent", "language", "interpreter", "created_at", "first_contact_at"]
        for r in requests.values(*fields).iterator(chunk_size=BATCH):
            if self.rng.random() >= self.size.household_share:
                continue
            situations = set(r["situations"])
            circumstances = {SITUATION_CIRCUMSTANCES[s] for s in situations if s in SITUATION_CIRCUMSTANCES}
            if self.rng.random() < 0.15:
                circumstances.add(self.rng.choice(OTHER_CIRCUMSTANCES))
            opened = r["first_contact_at"] or r["created_at"]
            household = Household(
                organisation_id=r["organisation_id"],
                request_id=r["pk"],
                pseudonym=_pseudonym(r["reference"]),
                municipality_id=r["municipality_id"],
                address=f"{self.rng.randint(1, 5)}丁目{self.rng.randint(1, 30)}-{self.rng.randint(1, 20)}",
                urgency="urgent" if r["urgent"] else "normal",
                deadline=r["leave_by"],
                circumstances=sorted(circumstances),
                max_rent=self.rng.randrange(35_000, 90_000, 1_000),
                needs_lift=self.rng.random() < 0.2,
                barrier_free=self.rng.random() < 0.1,
                pets=self.rng.random() < 0.05,
                interpreter=r["interpreter"],
                hidden="dv" in situations,
            )
            ages = [m.get("age") or 40 for m in r["members"]] or [40]
            plan = _Plan(household, _members(self.rng, ages, opened.date()), opened)
            plan.cases.append({"organisation_id": r["organisation_id"], "opened": opened, "referral": None})
            # a desk passes some households on to a support corporation that serves the place
            if self.org_kind.get(r["organisation_id"]) == "municipality" and self.rng.random() < 0.1:
                to = next(iter(self.corporation(r["municipality_id"])), None)
                if to is not None and to != r["organisation_id"]:
                    plan.referrals.append(
                        {"to": to, "sent": opened + timedelta(days=self.rng.randint(3, 40))}
                    )
            self.plans.append(plan)

    def partner_households(self) -> None:
        """Households the referral partners hold, each referred to the receiver of its place."""
        start = self.now - timedelta(days=3 * 365)
        placed = [p for p in self.partners if p.municipality_id]
        for i in range(self.size.partner_households if placed else 0):
            org = placed[i % len(placed)] if i < len(placed) else self.rng.choice(placed)
            code = str(org.municipality_id)
            to = self.receiver(code)
            if to is None:
                continue
            kind = self.partner_kind[org.pk]
            recent = self.rng.random() < 0.12  # waiting for an answer, or just answered
            sent = (
                self.now - timedelta(days=self.rng.uniform(0, 20))
                if recent
                else start + timedelta(days=self.rng.uniform(0, 3 * 365 - 20))
            )
            ages = [self.rng.randint(20, 88)] + (
                [self.rng.randint(1, 17)] if kind in ("dv_shelter", "child_guidance") else []
            )
            household = Household(
                organisation_id=org.pk,
                pseudonym=_pseudonym(domain.new_reference("P")),
                municipality_id=code,
                urgency=self.rng.choice(["normal", "urgent", "critical"]),
                circumstances=sorted(PARTNER_CIRCUMSTANCES.get(kind, [])),
                max_rent=self.rng.randrange(35_000, 80_000, 1_000),
                hidden=kind == "dv_shelter",
                needs_lift=kind in ("hospital", "community_care_centre") and self.rng.random() < 0.5,
            )
            plan = _Plan(
                household,
                _members(self.rng, ages, sent.date()),
                sent - timedelta(days=self.rng.randint(1, 30)),
            )
            plan.referrals.append({"to": to, "sent": sent})
            self.plans.append(plan)

    def referral_states(self) -> None:
        """Every referral state and decline reason; accepted referrals open a case at the receiver."""
        forced = [("sent", ""), ("accepted", ""), ("withdrawn", "")] + [
            ("declined", r) for r in DECLINE_REASONS
        ]
        n_ref = 0
        for plan in self.plans:
            for ref in plan.referrals:
                sent: datetime = min(ref["sent"], self.now - timedelta(minutes=5))
                ref["sent"] = sent
                age = (self.now - sent).days
                if n_ref < len(forced):
                    state, reason = forced[n_ref]
                    if state == "sent":  # and its first contact is overdue
                        sent = ref["sent"] = self.now - timedelta(days=12)
                        age = 12
                elif age < 20:
                    state = self.rng.choices(
                        ["sent", "accepted", "declined", "withdrawn"], weights=[6, 3, 1, 1]
                    )[0]
                    reason = self.rng.choice(DECLINE_REASONS)
                else:
                    state = self.rng.choices(["accepted", "declined", "withdrawn"], weights=[12, 5, 3])[0]
                    reason = self.rng.choice(DECLINE_REASONS)
                n_ref += 1
                ref["state"] = state
                ref["reason"] = reason if state == "declined" else ""
                ref["due"] = _working_day_after(sent.date(), casework_first_contact_days())
                decided = sent + timedelta(hours=self.rng.randint(2, 72))
                ref["decided"] = min(decided, self.now) if state != "sent" else None
                ref["contact"] = None
                if state == "accepted":
                    # recent ones may still wait for their first contact (some past their due date)
                    if age > 30 or self.rng.random() < 0.6:
                        ref["contact"] = min(decided + timedelta(hours=self.rng.randint(1, 96)), self.now)
                    plan.cases.append(
                        {"organisation_id": ref["to"], "opened": ref["decided"], "referral": ref}
                    )

    def caseworkers(self) -> None:
        """Members of every organisation that works cases, enough for its load; partners' staff."""
        load: dict[int, int] = {}
        for plan in self.plans:
            for c in plan.cases:
                load[c["organisation_id"]] = load.get(c["organisation_id"], 0) + 1
            for ref in plan.referrals:
                load.setdefault(ref["to"], 0)
        setagaya = (
            Organisation.objects.filter(kind="municipality", municipality_id=SETAGAYA).order_by("pk").first()
        )
        demo_worker = User.objects.filter(email=CASEWORKER_EMAIL).first()
        if demo_worker is None:
            demo_worker = User(email=CASEWORKER_EMAIL, name="小林 直子", password=self.password)
            demo_worker.save()
        workers: list[tuple[int, User]] = []
        for org_id in sorted(load):
            for k in range(min(40, 1 + load[org_id] // 80)):
                name = f"{self.rng.choice(SURNAMES_SHORT)} {self.rng.choice(GIVEN)}"
                workers.append(
                    (
                        org_id,
                        User(email=f"cw{org_id}-{k + 1}@{STAFF_DOMAIN}", name=name, password=self.password),
                    )
                )
        User.objects.bulk_create([u for _o, u in workers] + self.partner_users, batch_size=BATCH)
        for org_id, user in workers:
            self.staff.setdefault(org_id, []).append(user.pk)
        memberships = [Membership(user_id=u.pk, organisation_id=o, role="staff") for o, u in workers]
        memberships += [
            Membership(user_id=u.pk, organisation_id=o.pk, role="staff")
            for o, u in zip(self.partners, self.partner_users, strict=True)
        ]
        if setagaya is not None:
            self.setagaya = setagaya.pk
            self.staff.setdefault(setagaya.pk, []).insert(0, demo_worker.pk)
            if not Membership.objects.filter(user=demo_worker, organisation=setagaya).exists():
                memberships.append(
                    Membership(user_id=demo_worker.pk, organisation_id=setagaya.pk, role="staff")
                )
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.progress(
            f"referral partners: {len(self.partners):,} with a profile and a staff login each"
            f" (partner1…partner{len(self.partners)}@{STAFF_DOMAIN}); caseworkers: {len(workers):,}"
        )

    def write_households(self) -> int:
        """Households and their members."""
        Household.objects.bulk_create([p.household for p in self.plans], batch_size=BATCH)
        members = []
        for plan in self.plans:
            for m in plan.members:
                m.household_id = plan.household.pk
                members.append(m)
        HouseholdMember.objects.bulk_create(members, batch_size=BATCH)
        return len(members)

    def write_cases(self) -> tuple[int, int, int]:
        """Cases (every state, every close reason: the first ones take each in turn), their timelines and
        tasks."""
        combos = [(s, "") for s in OPEN] + [("closed", r) for r in CLOSE_REASONS]
        rows: list[Case] = []
        self.tasks: list[tuple[int, Task]] = []
        self.entries: list[tuple[int, CaseEntry]] = []
        self.working_today = casework.is_working_day(self.today)
        self.past_days = [
            d for d in (self.today - timedelta(days=n) for n in range(1, 40)) if casework.is_working_day(d)
        ]
        for plan in self.plans:
            for c in plan.cases:
                opened: datetime = min(c["opened"], self.now - timedelta(minutes=1))
                if len(rows) < len(combos):
                    status, reason = combos[len(rows)]
                else:
                    status, reason = _case_state(self.rng, (self.now - opened).days)
                    if reason == "referred" and c["referral"] is None and not plan.referrals:
                        reason = "housed_elsewhere"
                case = self._case(plan, c["organisation_id"], opened, status, reason)
                if c["referral"] is not None:
                    c["referral"]["case"] = case
                self._timeline(len(rows), case, referred=c["referral"] is not None)
                self._tasks(len(rows), case)
                rows.append(case)
        Case.objects.bulk_create(rows, batch_size=BATCH)
        for index, task in self.tasks:
            task.case_id = rows[index].pk
        Task.objects.bulk_create([t for _i, t in self.tasks], batch_size=BATCH)
        for index, entry in self.entries:
            entry.case_id = rows[index].pk
        CaseEntry.objects.bulk_create([e for _i, e in self.entries], batch_size=BATCH)
        return len(rows), len(self.entries), len(self.tasks)

    def _case(self, plan: _Plan, organisation_id: int, opened: datetime, status: str, reason: str) -> Case:
        workers_here = self.staff.get(organisation_id, [])
        worker = None
        if workers_here and (status != "new" or self.rng.random() < 0.5):
            # the demo caseworker (first of Setagaya's staff) works a good share of Setagaya's cases
            demo = organisation_id == self.setagaya and self.rng.random() < 0.3
            worker = workers_here[0] if demo else self.rng.choice(workers_here)
        changed = opened + (self.now - opened) * self.rng.uniform(0.2, 0.9) if status != "new" else opened
        return Case(
            household_id=plan.household.pk,
            organisation_id=organisation_id,
            caseworker_id=worker,
            status=status,
            close_reason=reason,
            opened_at=opened,
            status_changed_at=changed,
            closed_at=changed if status == "closed" else None,
        )

    def _timeline(self, index: int, case: Case, *, referred: bool) -> None:
        """Notes and contacts between the opening and the last change (or now), and that change."""
        rng, worker, opened = self.rng, case.caseworker_id, case.opened_at
        if referred:
            self.entries.append((index, CaseEntry(kind="referral", author_id=worker, at=opened)))
        until = case.status_changed_at if case.status != "new" else self.now
        for _k in range(rng.randint(1, 2 + min(5, (self.now - opened).days // 60))):
            at = opened + (until - opened) * rng.random()
            if rng.random() < 0.5:
                entry = CaseEntry(kind="note", text=rng.choice(NOTES), author_id=worker, at=at)
            else:
                channel, text = rng.choice(CONTACTS)
                entry = CaseEntry(kind="contact", channel=channel, text=text, author_id=worker, at=at)
            self.entries.append((index, entry))
        if case.status != "new":
            text = f"→{case.status}"
            self.entries.append(
                (index, CaseEntry(kind="status", text=text, author_id=worker, at=case.status_changed_at))
            )

    def _tasks(self, index: int, case: Case) -> None:
        """Done tasks in the past; open ones on open cases (some overdue, some due today), on working days;
        the case's ``next_due`` is the earliest open one."""
        rng, worker = self.rng, case.caseworker_id
        for _k in range(rng.randint(0, 2)):
            due = _working_day_after(case.opened_at.date(), rng.randint(2, 20))
            done_at = timezone.make_aware(datetime.combine(min(due, self.today), time(10)))
            if done_at <= self.now:
                self.tasks.append(
                    (
                        index,
                        Task(
                            title=rng.choice(TASKS if case.status == "closed" else tasks_for(case.status)),
                            due=due,
                            assignee_id=worker,
                            created_by_id=worker,
                            done_at=done_at,
                        ),
                    )
                )
        if case.status == "closed":
            return
        open_due: list[date] = []
        for _k in range(rng.choice([0, 1, 1, 2, 3])):
            roll = rng.random()
            if roll < 0.2 and self.past_days:
                due = rng.choice(self.past_days)
            elif roll < 0.3 and self.working_today:
                due = _working_day_after(self.today, 0)
            else:
                due = _working_day_after(self.today, rng.randint(1, 20))
            open_due.append(due)
            assignee = worker if rng.random() < 0.8 else None
            task = Task(
                title=rng.choice(tasks_for(case.status)), due=due, assignee_id=assignee, created_by_id=worker
            )
            self.tasks.append((index, task))
        case.next_due = min(open_due) if open_due else None

    def write_referrals(self) -> int:
        """Referrals, each with the consent it was sent with."""
        consents: list[Consent] = []
        referrals: list[Referral] = []
        for plan in self.plans:
            hh = plan.household
            for ref in plan.referrals:
                categories = set()
                if hh.hidden or "dv_victim" in hh.circumstances:
                    categories.add("dv")
                if any(m.disability or m.care_level for m in plan.members):
                    categories.add("health")
                if "leaving_correctional_facility" in hh.circumstances:
                    categories.add("criminal")
                if self.rng.random() < 0.5:
                    categories.add("income")
                method = self.rng.choice(["signed_form", "signed_form", "verbal", "online"])
                sent = ref["sent"]
                withdrawn = ref["decided"] if ref["state"] in ("declined", "withdrawn") else None
                consents.append(
                    Consent(
                        household_id=hh.pk,
                        purpose="紹介先での住まい探しと入居後の支援のため",
                        categories=sorted(categories),
                        method=method,
                        witness="同席した職員" if method == "verbal" else "",
                        given_on=sent.date(),
                        expires_on=sent.date() + timedelta(days=365) if self.rng.random() < 0.7 else None,
                        withdrawn_at=withdrawn,
                    )
                )
                referrals.append(
                    Referral(
                        household_id=hh.pk,
                        from_organisation_id=hh.organisation_id,
                        to_organisation_id=ref["to"],
                        from_kind=self.partner_kind.get(hh.organisation_id)
                        or self.org_kind.get(hh.organisation_id, ""),
                        message=self.rng.choice(REFERRAL_MESSAGES),
                        state=ref["state"],
                        decline_reason=ref["reason"],
                        decline_text="担当地域の外のため、近隣の窓口をご案内ください。"
                        if ref["reason"] == "other"
                        else "",
                        sent_at=sent,
                        decided_at=ref["decided"],
                        first_contact_due=ref["due"],
                        first_contact_at=ref["contact"],
                        case=ref.get("case"),
                    )
                )
        Consent.objects.bulk_create(consents, batch_size=BATCH)
        through = Consent.organisations.through
        through.objects.bulk_create(
            [
                through(consent_id=c.pk, organisation_id=r.to_organisation_id)
                for c, r in zip(consents, referrals, strict=True)
            ],
            batch_size=BATCH,
        )
        for c, r in zip(consents, referrals, strict=True):
            r.consent = c
        Referral.objects.bulk_create(referrals, batch_size=BATCH)
        return len(referrals)


def create_casework(size: Size, rng: random.Random, progress: Callable[[str], None]) -> None:
    """Households, cases, timelines, tasks, referral partners and referrals (see the module's docstring)."""
    work = _Casework(size, rng, progress)
    work.households_from_requests()
    work.partner_households()
    work.referral_states()
    work.caseworkers()
    members = work.write_households()
    cases, entries, tasks = work.write_cases()
    referrals = work.write_referrals()
    _date_households()
    hidden = sum(p.household.hidden for p in work.plans)
    progress(
        f"households: {len(work.plans):,} ({hidden:,} hidden), members: {members:,}, cases: {cases:,},"
        f" timeline entries: {entries:,}, tasks: {tasks:,}, referrals: {referrals:,}"
    )


def _date_households() -> None:
    """A household dates from its first case, or else its first referral (``bulk_create`` stamped its
    ``auto_now`` fields with the present): one ``UPDATE`` with correlated subqueries."""
    first_case = Case.objects.filter(household=OuterRef("pk")).order_by("opened_at").values("opened_at")[:1]
    first_sent = Referral.objects.filter(household=OuterRef("pk")).order_by("sent_at").values("sent_at")[:1]
    when = Coalesce(Subquery(first_case), Subquery(first_sent), F("created_at"))
    Household.objects.update(created_at=when, updated_at=when)


def casework_first_contact_days() -> int:
    return int(settings.SUMAI.get("REFERRAL_FIRST_CONTACT_DAYS", 5))


def delete_casework() -> None:
    """What :func:`create_casework` wrote, children first (each one fast delete), and its staff logins."""
    Referral.objects.all().delete()
    Consent.organisations.through.objects.all().delete()
    Consent.objects.all().delete()
    Task.objects.all().delete()
    CaseEntry.objects.all().delete()
    Case.objects.all().delete()
    HouseholdMember.objects.all().delete()
    Household.objects.all().delete()
    PartnerProfile.objects.all().delete()
    User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}").delete()
