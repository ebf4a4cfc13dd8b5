"""Demo inquiries to landlords, refusal flags, placements and follow-ups (issue #17, item 7), written after
the case work (:mod:`sumai.demo.cases`) so that the outcome pages show real shapes at every size.

- Cases that reached a home (housed, following up, closed with the tenancy holding) get a placement — and a
  share of the cases closed for a facility, a death, lost contact or another reason get one whose tenancy
  ended before the case closed. The home is a registered unit of the household's municipality (else its
  prefecture) that accepts one of the household's priority groups when there is one; the rent is the
  unit's; the move-in is on or after the first consultation; units of current tenancies are occupied.
- Each placement comes after 1–6 inquiries: the last one accepted, the earlier ones mostly declined for
  the reasons the landlord survey gives for the household's types (``params/landlord_fears_*.toml`` through
  :func:`sumai.domain.placement.survey_table`: elderly → lonely death, low income → rent, foreign → customs
  and language), a few withdrawn or unanswered in time. Every decline is put to
  :func:`sumai.domain.placement.refusal_flag`; the flags it returns are written, the older ones mostly
  resolved. Households still looking have some declined inquiries too, and a few waiting for an answer.
- Follow-ups at the months of :func:`sumai.domain.placement.follow_up_schedule`, answered when past (most
  tenancies hold: about 90 % at six months, 85 % at twelve), with a task on open cases.
- The demo landlord (``landlord@demo.sumai.jp``'s organisation) has inquiries in every state, a few
  of them waiting for its answer; the demo caseworker's organisation (Setagaya) has accepted inquiries ready
  for a placement and follow-ups due this week.

Deterministic for a seed; every row is written with ``bulk_create`` in batches.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from sumai.accounts.models import Organisation, User
from sumai.cases import selectors as case_selectors
from sumai.cases.households import eligibility
from sumai.cases.models import Case, Consent, Household, Task
from sumai.demo.cases import AFTER_MOVE_IN_TASKS
from sumai.demo.sizes import Size
from sumai.domain import casework
from sumai.domain import consultation as domain_consultation
from sumai.domain import placement as domain
from sumai.placements.models import FollowUp, LandlordInquiry, Placement, RefusalFlag
from sumai.placements.services_inquiries import (
    ArrangementsInput,
    elderly_min_age,
    household_profile,
    package_json,
    recount_landlord_records,
    shared_view,
)
from sumai.registry.models import Unit

BATCH = 2000
DEMO_LANDLORD = "全国賃貸ホールディングス株式会社"
"""The organisation of ``landlord@demo.sumai.jp`` (``sumai.demo.core.DEMO_ACCOUNTS``)."""
SETAGAYA = "131121"

# The survey's fears that are not a decline reason of their own are declined as "other" with a note.
FEAR_REASON = {
    "lonely_death": domain.DeclineReason.LONELY_DEATH,
    "no_guarantor": domain.DeclineReason.NO_GUARANTOR,
    "rent_payment": domain.DeclineReason.RENT_ARREARS,
    "neighbours": domain.DeclineReason.NEIGHBOURS,
    "customs_language": domain.DeclineReason.CUSTOMS_LANGUAGE,
}
# Weights besides the fears: homes let to someone else meanwhile, and other grounds. A household of no
# surveyed type is declined for the reasons landlords give most often overall.
PROCEDURAL_WEIGHTS = {domain.DeclineReason.ALREADY_LET: 18, domain.DeclineReason.OTHER: 6}
NO_TYPE_WEIGHTS = {
    domain.DeclineReason.NO_GUARANTOR: 30,
    domain.DeclineReason.RENT_ARREARS: 25,
    domain.DeclineReason.NEIGHBOURS: 8,
}
OTHER_NOTES = [
    "室内での喫煙を心配しています。",
    "火の元の管理が心配です。",
    "建物の改修を予定しているため。",
    "ペットの飼育ができない物件のため。",
]
ANSWER_NOTES = ["", "", "", "保証会社の審査が通れば入居可能です。", "内見は平日の午後にお願いします。"]
VIEWINGS = ["来週水曜日の14時から", "今週土曜日の午前中", "平日の16時以降でご都合のよい日"]
END_NOTES = [
    "介護施設に入所したため退去",
    "家賃の滞納が続き、話し合いのうえ退去",
    "親族と同居するため転居",
    "入院が長引き、解約",
    "本人が亡くなり、残置物を整理して解約",
]
GUARANTEES = [g.value for g in domain.GuaranteeKind]
GUARANTEE_WEIGHTS = {
    "guarantee_company": 45,
    "certified_guarantor": 20,
    "support_corporation": 20,
    "individual": 8,
    "none": 7,
}
# A household of several survey types is declined mostly for the fears of its most specific one: low income,
# which nearly every demo household has, comes last.
MAIN_TYPE_ORDER = [
    domain.HouseholdType(t)
    for t in (
        "elderly_single",
        "elderly_only",
        "foreign",
        "with_disability",
        "single_parent",
        "child_raising",
        "low_income",
    )
]
ENDED_CLOSE_REASONS = {"facility", "died", "lost_contact", "other"}


def _day(moment: datetime) -> date:
    return timezone.localdate(moment)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class _Home:
    pk: int
    rent: int
    common_fee: int
    deposit: int
    accepted: list[str]
    operator_id: int
    authority_code: str
    municipality_id: str


@dataclass
class _Household:
    groups: tuple[str, ...]
    weights: dict[str, int]
    types: tuple[str, ...]
    first_consultation: date
    members: int
    shared: dict[str, Any]  # what a landlord sees (services_inquiries.shared_view, a consent of no category)
    package: dict[str, Any]  # the support package sent (the caseworker's contact is added per inquiry)


# The support arranged for the demo's inquiries: a full package, one without a rent guarantee, one with only a
# guarantee company (so that some fears are left unanswered and the flags' "did the package answer" varies).
DEMO_ARRANGEMENTS = (
    ArrangementsInput(
        rent_guarantee_kind="certified_guarantor",
        rent_guarantee="あんしん家賃保証株式会社",
        watch_over_kind="support_corporation",
        watch_over="地域の居住支援法人",
        visits_per_month=2,
        daily_check=True,
        belongings_kind="support_corporation",
        belongings="地域の居住支援法人",
        emergency_kind="support_corporation",
        emergency="地域の居住支援法人",
    ),
    ArrangementsInput(
        watch_over_kind="support_corporation",
        watch_over="地域の居住支援法人",
        visits_per_month=1,
        emergency_kind="family",
        emergency="親族（別居）",
    ),
    ArrangementsInput(rent_guarantee_kind="guarantee_company", rent_guarantee="保証会社（審査中）"),
)


class _Placements:
    """The state shared by the steps of :func:`create_placements`."""

    def __init__(self, size: Size, rng: random.Random, progress: Callable[[str], None]) -> None:
        self.size, self.rng, self.progress = size, rng, progress
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.references: set[str] = set()
        self.inquiries: list[LandlordInquiry] = []
        self.flags: list[tuple[LandlordInquiry, RefusalFlag]] = []
        self.placements: list[tuple[LandlordInquiry, Placement]] = []
        self.follow_ups: list[tuple[Placement, FollowUp, Task | None]] = []
        self.used: set[int] = set()  # units chosen for a placement or an open inquiry: one household each
        self.occupied: set[int] = set()  # units of current tenancies
        self.landlord = (
            Organisation.objects.filter(kind="operator", name=DEMO_LANDLORD).order_by("pk").first()
        )
        self.setagaya = (
            Organisation.objects.filter(kind="municipality", municipality_id=SETAGAYA).order_by("pk").first()
        )
        self.survey = domain.survey_table(self.today)
        # the consent each household gave for its inquiries (the day of its first one): the service sends
        # none without a consent in force that covers asking landlords — drafts included, here
        self.consent_given: dict[int, date] = {}
        self.caseworkers: dict[int, tuple[str, str]] = {}  # user → (name, e-mail)
        self._due: dict[date, date] = {}
        self._corporations: dict[str, list[int]] = {}

    # ------------------------------------------------------------------------------------------ reading
    def load_cases(self) -> None:
        fields = ["pk", "household_id", "organisation_id", "caseworker_id", "status", "close_reason"]
        fields += ["opened_at", "status_changed_at", "household__municipality_id"]
        fields += ["household__request__created_at"]
        wanted = Q(status__in=["housed", "following_up", "searching"]) | Q(
            status="closed", close_reason__in=["housed_stable", *ENDED_CLOSE_REASONS]
        )
        rows = list(Case.objects.filter(wanted).values(*fields).order_by("pk"))
        self.organisation_names: dict[int, str] = {}
        self.organisation_contacts: dict[int, tuple[str, str]] = {}  # organisation → (phone, e-mail)
        orgs = Organisation.objects.filter(pk__in={r["organisation_id"] for r in rows})
        for pk, name, phone, email in orgs.values_list("pk", "name", "phone", "email"):
            self.organisation_names[pk] = name
            self.organisation_contacts[pk] = (phone, email)
        # the package names the case's caseworker, as the compose form fills it in (the walk found 「相談員」)
        users = User.objects.filter(pk__in={r["caseworker_id"] for r in rows if r["caseworker_id"]})
        for pk, name, email in users.values_list("pk", "name", "email"):
            self.caseworkers[pk] = (name, email)
        self.cases = []
        for c in rows:
            if c["status"] == "closed" and c["close_reason"] in ENDED_CLOSE_REASONS:
                if self.rng.random() >= 0.2:
                    continue
            elif c["status"] == "closed" and self.rng.random() >= 0.9:
                continue  # a few housed households' placements were never recorded in Sumai
            self.cases.append(c)
        ids = {c["household_id"] for c in self.cases}
        self.households: dict[int, _Household] = {}
        queryset = Household.objects.filter(pk__in=ids).prefetch_related("members")
        for hh in queryset.iterator(chunk_size=BATCH):
            self.households[hh.pk] = self._household(hh)
        codes = {c["household__municipality_id"] for c in self.cases}
        self.homes = self._homes(codes)
        self.progress(f"placements: {len(self.cases):,} cases, {sum(map(len, self.homes.values())):,} homes")

    def _household(self, hh: Household) -> _Household:
        view = eligibility(hh)
        groups = tuple(view.result.groups) if view.result is not None else ()
        members = list(hh.members.all())
        old = elderly_min_age(self.today)  # the priority group's age, from the dated parameters
        elderly = sum(1 for m in members if m.age_stated is not None and m.age_stated >= old)
        profile = domain.HouseholdProfile(
            groups=frozenset(groups),
            members=max(1, len(members)),
            elderly_members=min(elderly, max(1, len(members))),
            single_parent=any(m.single_parent for m in members),
        )
        types = domain.household_types(profile, on=self.today)
        # the fears of the household's most specific type count in full, those of its other types a third
        main = min(types, key=MAIN_TYPE_ORDER.index) if types else None
        weights: dict[str, int] = {}
        for t in types:
            for fear in self.survey[t]["fears"]:  # type: ignore[attr-defined]
                reason = FEAR_REASON.get(str(fear["fear"]), domain.DeclineReason.OTHER)
                percent = int(fear["percent"]) if t == main else int(fear["percent"]) // 3
                weights[reason] = max(weights.get(reason, 0), percent)
        for reason, w in (PROCEDURAL_WEIGHTS if types else {**NO_TYPE_WEIGHTS, **PROCEDURAL_WEIGHTS}).items():
            weights[reason] = weights.get(reason, 0) + w
        shared = shared_view(household=hh, groups=groups, categories=(), on=self.today)  # no category
        arrangements = DEMO_ARRANGEMENTS[hh.pk % len(DEMO_ARRANGEMENTS)]
        # the package for what the landlord sees, as the service builds it
        seen = domain.household_types(household_profile(shared, household=hh, on=self.today), on=self.today)
        package = package_json(
            domain.support_package(seen, arrangements.arrangements(), on=self.today), arrangements
        )
        return _Household(
            groups, weights, tuple(str(t) for t in types), _day(hh.created_at), len(members), shared, package
        )

    def _homes(self, codes: Iterable[str]) -> dict[str, list[_Home]]:
        """Registered homes of the municipalities asked, by municipality (and under ``"pref:NN"`` by
        prefecture). At the national size one unit in a few is enough: a thinned, deterministic subset."""
        step = max(1, self.size.units // 150_000)
        rows = Unit.objects.filter(status="registered", building__municipality_id__in=sorted(set(codes)))
        if step > 1:
            rows = rows.annotate(thin=F("pk") % step).filter(thin=0)
        fields = ["pk", "rent", "common_fee", "deposit", "accepted_groups", "building__operator_id"]
        fields += ["building__authority_code", "building__municipality_id"]
        out: dict[str, list[_Home]] = {}
        for r in rows.values_list(*fields).order_by("pk").iterator(chunk_size=BATCH):
            home = _Home(*r)
            out.setdefault(home.municipality_id, []).append(home)
            out.setdefault(f"pref:{home.municipality_id[:2]}", []).append(home)
        return out

    # ------------------------------------------------------------------------------------------ helpers
    def due(self, sent_on: date) -> date:
        if sent_on not in self._due:
            self._due[sent_on] = domain.answer_due(sent_on)
        return self._due[sent_on]

    def reference(self) -> str:
        """A reference like the desk's (``Q-XXXX-XXXX``, check character valid), drawn from the seed."""
        alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
        while True:
            body = "".join(self.rng.choice(alphabet) for _ in range(7))
            for last in alphabet:
                ref = f"Q-{body[:4]}-{body[4:]}{last}"
                if domain_consultation.reference_valid(ref):
                    break
            if ref not in self.references:
                self.references.add(ref)
                return ref

    def home_for(self, code: str, groups: tuple[str, ...], *, accepting: bool) -> _Home | None:
        """A unit of the municipality (else the prefecture) not yet taken; one accepting one of ``groups``
        when ``accepting`` and there is one."""
        for key in (code, f"pref:{code[:2]}"):
            pool = self.homes.get(key) or []
            if not pool:
                continue
            tries = [pool[self.rng.randrange(len(pool))] for _ in range(12)]
            free = [h for h in tries if h.pk not in self.used]
            if accepting:
                fitting = [h for h in free if not groups or set(groups) & set(h.accepted or [])]
                if fitting:
                    return fitting[0]
            if free:
                return free[0]
        return None

    def corporation(self, code: str) -> int | None:
        if code not in self._corporations:
            self._corporations[code] = [pk for pk, _n in case_selectors.corporations(code)]
        found = self._corporations[code]
        return self.rng.choice(found) if found and self.rng.random() < 0.6 else None

    def inquiry(
        self,
        case: dict[str, Any],
        hh: _Household,
        home: _Home,
        state: str,
        sent_on: date,
        *,
        reason: str = "",
        answered: date | None = None,
    ) -> LandlordInquiry:
        sent_at = _at(sent_on, self.rng.randint(9, 17))
        answered_at = None
        if state in ("viewing_offered", "accepted", "declined"):
            day = answered or min(self.today, sent_on + timedelta(days=self.rng.randint(0, 6)))
            answered_at = max(sent_at + timedelta(hours=1), _at(day, self.rng.randint(9, 18)))
            answered_at = min(answered_at, self.now)
        elif state == "expired":
            answered_at = _at(min(self.today, self.due(sent_on) + timedelta(days=1)), 1)
        note = self.rng.choice(OTHER_NOTES) if reason == "other" else ""
        if state in ("accepted", "viewing_offered") and not note:
            note = self.rng.choice(ANSWER_NOTES)
        row = LandlordInquiry(
            reference=self.reference(),
            case_id=case["pk"],
            household_id=case["household_id"],
            organisation_id=case["organisation_id"],
            unit_id=home.pk,
            operator_id=home.operator_id,
            shared=hh.shared,
            package=self.package_of(hh, case),
            household_groups=list(hh.groups),
            message="入居についてご相談させてください。支援の内容を添付します。",
            state=state,
            decline_reason=reason,
            answer_note=note,
            viewing_proposal=self.rng.choice(VIEWINGS) if state == "viewing_offered" else "",
            answered_via=(
                "system"
                if state == "expired"
                else self.rng.choice(["platform", "platform", "link", "api"])
                if answered_at
                else ""
            ),
            sent_by_id=case["caseworker_id"] if state != "draft" else None,
            sent_at=sent_at if state != "draft" else None,
            sent_on=sent_on if state != "draft" else None,
            answer_due=self.due(sent_on) if state != "draft" else None,
            answered_at=answered_at,
        )
        self.inquiries.append(row)
        given = self.consent_given.get(case["household_id"])
        self.consent_given[case["household_id"]] = sent_on if given is None else min(given, sent_on)
        if state == "declined":
            self.flag(row, home, hh, reason, _day(answered_at or sent_at))
        return row

    def package_of(self, hh: _Household, case: dict[str, Any]) -> dict[str, Any]:
        """The household's package with the caseworker's contact of the organisation that works the case."""
        package = {**hh.package, "arrangements": {**hh.package.get("arrangements", {})}}
        name, email = self.caseworkers.get(case["caseworker_id"], ("", ""))
        phone, org_email = self.organisation_contacts.get(case["organisation_id"], ("", ""))
        package["arrangements"]["caseworker"] = {
            "organisation": self.organisation_names.get(case["organisation_id"], ""),
            "name": name,
            "phone": phone,
            "email": email or org_email,
            "languages": [],
        }
        return package

    def flag(self, row: LandlordInquiry, home: _Home, hh: _Household, reason: str, on: date) -> None:
        # as the service does (services_inquiries._check_flag): the groups the landlord saw, the registration
        # acceptance as recorded, how the package sent answered the fear (answered, partly, not answered)
        found = domain.refusal_flag(
            reason=reason,
            household_groups=row.shared.get("groups", []),
            registered=True,  # every home chosen is registered
            accepted_groups=list(home.accepted),
            declined_on=on,
            package_status=domain.package_fear_status(reason, row.package, on=row.sent_on or on),
        )
        if found is None:
            return
        resolved_on, resolution = None, ""
        age = (self.today - on).days
        if age > 20 and self.rng.random() < min(0.7, age / 300):
            resolved_on = min(self.today, on + timedelta(days=self.rng.randint(7, 90)))
            resolution = self.rng.choices(
                [r.value for r in domain.FlagResolution], weights=[30, 45, 12, 10, 3]
            )[0]
        flag = RefusalFlag(
            authority_code=home.authority_code,
            municipality_id=home.municipality_id,
            operator_id=home.operator_id,
            reason=reason,
            groups=list(found.groups),
            accepted_groups=None if found.accepted_groups is None else list(found.accepted_groups),
            household_groups=list(found.household_groups),
            package_status=str(found.package_status or ""),
            raised_on=on,
            resolved_on=resolved_on,
            resolution=resolution,
            resolution_note="登録事業者に確認し、対応を記録した。" if resolution else "",
        )
        self.flags.append((row, flag))

    def earlier_inquiries(
        self, case: dict[str, Any], hh: _Household, first: date, last: date, n: int
    ) -> None:
        """``n`` inquiries sent between ``first`` and ``last`` that did not lead to a home."""
        code = case["household__municipality_id"]
        span = max(0, (last - first).days)
        for _k in range(n):
            home = self.home_for(code, hh.groups, accepting=False)
            if home is None:
                return
            sent = first + timedelta(days=self.rng.randint(0, span))
            roll = self.rng.random()
            if roll < 0.82:
                reasons = list(hh.weights)
                reason = self.rng.choices(reasons, weights=[hh.weights[r] for r in reasons])[0]
                self.inquiry(case, hh, home, "declined", sent, reason=reason)
            elif roll < 0.92 and self.due(sent) < self.today:
                self.inquiry(case, hh, home, "expired", sent)
            else:
                self.inquiry(case, hh, home, "withdrawn", sent, answered=None)

    # ------------------------------------------------------------------------------------- placements
    def place(self, case: dict[str, Any]) -> None:
        hh = self.households.get(case["household_id"])
        if hh is None:
            return
        code = case["household__municipality_id"]
        request_at = case["household__request__created_at"]
        first = min(_day(case["opened_at"]), _day(request_at) if request_at else hh.first_consultation)
        opened = _day(case["opened_at"])
        changed = min(self.today, _day(case["status_changed_at"]))
        status, reason = case["status"], case["close_reason"]
        if status == "searching":
            self.still_looking(case, hh, opened)
            return
        home = self.home_for(code, hh.groups, accepting=True)
        if home is None:
            return
        span = max(0, (changed - opened).days)
        if status == "housed":
            move_in = changed - timedelta(days=self.rng.randint(0, min(10, span)))
        elif status == "following_up":
            move_in = changed - timedelta(days=self.rng.randint(0, min(45, span)))
        else:
            move_in = opened + timedelta(days=int(span * self.rng.uniform(0.1, 0.5)))
        move_in = max(move_in, first, opened)
        ended = self.ending(status, reason, move_in, changed)
        self.used.add(home.pk)
        if ended is None:
            self.occupied.add(home.pk)
        # the accepted inquiry a few weeks before the move-in, the earlier ones before it
        accepted_on = max(opened, move_in - timedelta(days=self.rng.randint(7, 40)))
        accepted_on = min(accepted_on, move_in)
        n_earlier = self.rng.choices([0, 1, 2, 3, 4, 5], weights=[30, 25, 18, 12, 9, 6])[0]
        self.earlier_inquiries(case, hh, opened, accepted_on, n_earlier)
        answer = min(move_in, accepted_on + timedelta(days=self.rng.randint(0, 4)))
        inquiry = self.inquiry(case, hh, home, "accepted", accepted_on, answered=answer)
        signed = max(answer, move_in - timedelta(days=self.rng.randint(0, 10)))
        guarantee = self.rng.choices(GUARANTEES, weights=[GUARANTEE_WEIGHTS[g] for g in GUARANTEES])[0]
        corporation = self.corporation(code)
        placement = Placement(
            case_id=case["pk"],
            household_id=case["household_id"],
            organisation_id=case["organisation_id"],
            unit_id=home.pk,
            municipality_id=home.municipality_id,
            support_corporation_id=corporation,
            signed_on=signed,
            start_on=move_in,
            move_in_on=move_in,
            rent=home.rent,
            common_fee=home.common_fee,
            deposit=home.deposit,
            guarantee=guarantee,
            guarantor="家族（兄）" if guarantee == "individual" else "",
            guarantee_fee=0 if guarantee in ("none", "individual") else home.rent // 2,
            first_consultation_on=min(first, move_in),
            ended_on=ended,
            end_note=self.rng.choice(END_NOTES) if ended else "",
            recorded_by_id=case["caseworker_id"],
            marked_let=True,  # the placement made the home occupied (cancelling it frees the home)
        )
        self.placements.append((inquiry, placement))
        self.schedule(case, placement)

    def ending(self, status: str, reason: str, move_in: date, closed: date) -> date | None:
        """The last day of the tenancy, or ``None`` while it holds (the survey-free demo shape: about one in
        ten ends within six months, one in twenty more by twelve)."""
        if status == "closed" and reason == "housed_stable":
            return None
        if status == "closed":  # housed, then a facility, a death, lost contact…: ended before the close
            end = move_in + timedelta(days=self.rng.randint(20, 330))
            return max(move_in, min(end, closed))
        roll = self.rng.random()
        if roll < 0.06:
            days = self.rng.randint(15, 180)
        elif roll < 0.09:
            days = self.rng.randint(185, 364)
        else:
            return None
        end = move_in + timedelta(days=days)
        return end if end < self.today else None

    def schedule(self, case: dict[str, Any], placement: Placement) -> None:
        """The follow-ups of the schedule, answered when past (the most recent few still waiting), with a
        task on open cases."""
        open_case = case["status"] in ("housed", "following_up")
        for fu in domain.follow_up_schedule(placement.move_in_on):
            answered_on, holds = None, None
            past = fu.due <= self.today
            if past and ((self.today - fu.due).days > 14 or self.rng.random() < 0.6):
                answered_on = min(self.today, fu.due + timedelta(days=self.rng.randint(0, 5)))
                holds = placement.ended_on is None or placement.ended_on >= fu.nominal
            task = None
            if open_case:
                # a follow-up not asked before the tenancy ended: its task was closed with the end
                closed = answered_on or placement.ended_on
                task = Task(
                    title=f"入居後の確認（{fu.months}か月）",
                    due=fu.due,
                    assignee_id=case["caseworker_id"],
                    created_by_id=case["caseworker_id"],
                    done_at=_at(closed, 15) if closed else None,
                )
            note = "" if not answered_on else ("訪問して生活の様子を確認。" if holds else "退去を確認。")
            row = FollowUp(months=fu.months, due=fu.due, answered_on=answered_on, holds=holds, note=note)
            row.answered_by_id = case["caseworker_id"] if answered_on else None
            self.follow_ups.append((placement, row, task))

    def still_looking(self, case: dict[str, Any], hh: _Household, opened: date) -> None:
        """A household still looking: some declines behind it, now and then one waiting for an answer."""
        if self.rng.random() < 0.4:
            return
        n = self.rng.choices([0, 1, 2, 3], weights=[2, 4, 3, 1])[0]
        self.earlier_inquiries(case, hh, opened, self.today - timedelta(days=1), n)
        if self.rng.random() < 0.25:
            home = self.home_for(case["household__municipality_id"], hh.groups, accepting=True)
            sent = self.recent_sent_day()
            if home is not None and sent >= opened:
                self.used.add(home.pk)
                state = self.rng.choice(["sent", "sent", "viewing_offered", "accepted"])
                self.inquiry(case, hh, home, state, sent)

    def recent_sent_day(self) -> date:
        """A recent day whose answer is not yet due."""
        for back in range(self.rng.randint(0, 3), -1, -1):
            day = self.today - timedelta(days=back)
            if self.due(day) >= self.today and casework.is_working_day(day):
                return day
        return self.today

    # ---------------------------------------------------------------------------------- the demo logins
    def demo_landlord(self) -> None:
        """The demo landlord's inquiries in every state, a few waiting for its answer."""
        if self.landlord is None:
            return
        fields = ["pk", "rent", "common_fee", "deposit", "accepted_groups", "building__operator_id"]
        fields += ["building__authority_code", "building__municipality_id"]
        units = Unit.objects.filter(status="registered", building__operator=self.landlord, vacancy="vacant")
        homes = [_Home(*r) for r in units.values_list(*fields).order_by("pk")[:200]]
        homes = [h for h in homes if h.pk not in self.used]
        searching = [
            c for c in self.cases if c["status"] == "searching" and c["household_id"] in self.households
        ]
        states = ["sent", "sent", "sent", "viewing_offered", "accepted", "declined", "declined", "withdrawn"]
        states += ["expired", "draft"]
        for state, case, home in zip(states, searching[::7], homes[::11], strict=False):
            hh = self.households[case["household_id"]]
            if state in ("sent", "viewing_offered", "accepted", "draft"):
                sent = self.recent_sent_day()
                self.used.add(home.pk)
            else:
                sent = max(_day(case["opened_at"]), self.today - timedelta(days=self.rng.randint(20, 60)))
            reasons = list(hh.weights)
            reason = self.rng.choices(reasons, weights=[hh.weights[r] for r in reasons])[0]
            self.inquiry(case, hh, home, state, sent, reason=reason if state == "declined" else "")

    def demo_caseworker(self) -> None:
        """Setagaya's desk: accepted inquiries ready for a placement, and follow-ups due this week."""
        if self.setagaya is None:
            return
        mine = [c for c in self.cases if c["organisation_id"] == self.setagaya.pk]
        searching = [c for c in mine if c["status"] == "searching" and c["household_id"] in self.households]
        for case in searching[:3]:
            hh = self.households[case["household_id"]]
            home = self.home_for(SETAGAYA, hh.groups, accepting=True)
            if home is None:
                continue
            self.used.add(home.pk)
            sent = max(_day(case["opened_at"]), self.today - timedelta(days=self.rng.randint(3, 10)))
            self.inquiry(case, hh, home, "accepted", sent, answered=min(self.today, sent + timedelta(days=2)))
        # two placements of open cases whose next follow-up falls due this week
        week = {self.today + timedelta(days=d) for d in range(7)}
        moved = 0
        for inquiry, placement in self.placements:
            if moved == 2 or placement.organisation_id != self.setagaya.pk or placement.ended_on:
                continue
            case_status = next((c["status"] for c in mine if c["pk"] == placement.case_id), "")
            if case_status not in ("housed", "following_up"):
                continue
            for back in range(0, 40):
                move_in = domain.add_months_on_day(self.today, -1) + timedelta(days=back - 10)
                if move_in < placement.first_consultation_on or move_in > self.today:
                    continue
                if domain.follow_up_schedule(move_in)[0].due in week:
                    break
            else:
                continue
            self._move(inquiry, placement, move_in)
            moved += 1

    def _move(self, inquiry: LandlordInquiry, placement: Placement, move_in: date) -> None:
        """Move a placement (and its inquiry and follow-ups) to another move-in day."""
        shift = move_in - placement.move_in_on
        placement.move_in_on = placement.start_on = move_in
        placement.signed_on = min(placement.signed_on + shift, move_in)
        if inquiry.sent_on is not None and inquiry.sent_on + shift >= placement.first_consultation_on:
            inquiry.sent_on += shift
            inquiry.sent_at = _at(inquiry.sent_on)
            inquiry.answer_due = self.due(inquiry.sent_on)
            inquiry.answered_at = min(self.now, _at(inquiry.sent_on, 15))
        schedule = {fu.months: fu for fu in domain.follow_up_schedule(move_in)}
        for p, fu, task in self.follow_ups:
            if p is not placement:
                continue
            fu.due = schedule[fu.months].due
            past = fu.due < self.today
            fu.answered_on = fu.due if past else None
            fu.holds = True if past else None
            fu.answered_by_id = placement.recorded_by_id if past else None
            fu.note = "訪問して生活の様子を確認。" if past else ""
            if task is not None:
                task.due = fu.due
                task.done_at = _at(fu.due, 15) if past else None

    # ------------------------------------------------------------------------------------------ writing
    def consents(self) -> None:
        """The consent of each household asked about, given on the day of its first inquiry: for house hunting
        (its purpose covers asking landlords, ``services_inquiries.PURPOSE_WORDS``), of no sensitive
        category (what ``shared`` was made with); each inquiry points at it."""
        given = sorted(self.consent_given.items())
        rows = [
            Consent(
                household_id=household,
                purpose="住まい探しのため家主へ照会すること",
                categories=[],
                method="signed_form",
                given_on=day,
            )
            for household, day in given
        ]
        Consent.objects.bulk_create(rows, batch_size=BATCH)
        ids = {c.household_id: c.pk for c in rows}
        for row in self.inquiries:
            row.consent_id = ids[row.household_id]

    def write(self) -> None:
        self.consents()
        LandlordInquiry.objects.bulk_create(self.inquiries, batch_size=BATCH)
        recount_landlord_records()  # what the matching reads of each landlord's answers
        for inquiry, flag in self.flags:
            flag.inquiry_id = inquiry.pk
        RefusalFlag.objects.bulk_create([f for _i, f in self.flags], batch_size=BATCH)
        for inquiry, placement in self.placements:
            placement.inquiry_id = inquiry.pk
        Placement.objects.bulk_create([p for _i, p in self.placements], batch_size=BATCH)
        tasks = []
        for placement, fu, task in self.follow_ups:
            fu.placement_id = placement.pk
            if task is not None:
                task.case_id = placement.case_id
                tasks.append(task)
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        for _p, fu, task in self.follow_ups:
            fu.task_id = task.pk if task is not None else None
        FollowUp.objects.bulk_create([f for _p, f, _t in self.follow_ups], batch_size=BATCH)
        self._next_due({t.case_id for t in tasks if t.done_at is None})
        # an open case whose tenancy ended is looking for a home again (services_placements._search_again)
        searching = sorted(
            {p.case_id for _i, p in self.placements if p.ended_on is not None}
            & {c["pk"] for c in self.cases if c["status"] in ("housed", "following_up")}
        )
        for start in range(0, len(searching), BATCH):
            Case.objects.filter(pk__in=searching[start : start + BATCH]).update(status="searching")
        self._close_after_move_in_tasks(searching)
        occupied = sorted(self.occupied)
        for start in range(0, len(occupied), BATCH):
            Unit.objects.filter(pk__in=occupied[start : start + BATCH]).update(
                vacancy="occupied", vacancy_confirmed_at=self.now
            )
        waiting = sorted(self.used - self.occupied - {p.unit_id for _i, p in self.placements})
        for start in range(0, len(waiting), BATCH):
            Unit.objects.filter(pk__in=waiting[start : start + BATCH]).update(vacancy="vacant")

    def _close_after_move_in_tasks(self, case_ids: list[int]) -> None:
        """A case looking for a home again (its tenancy ended) keeps no open task of the home it left — a
        visit after moving in: done on the day the tenancy ended, as the service closes the follow-up tasks
        (``services_placements._end``); the case's ``next_due`` is its earliest task still open."""
        ended = {p.case_id: p.ended_on for _i, p in self.placements if p.ended_on is not None}
        for start in range(0, len(case_ids), BATCH):
            chunk = case_ids[start : start + BATCH]
            tasks = list(
                Task.objects.filter(case_id__in=chunk, done_at=None, title__in=sorted(AFTER_MOVE_IN_TASKS))
            )
            for task in tasks:
                task.done_at = min(self.now, _at(ended[task.case_id], 15))
            Task.objects.bulk_update(tasks, ["done_at"], batch_size=BATCH)
            cases = list(Case.objects.filter(pk__in=chunk).only("pk", "next_due"))
            earliest: dict[int, date] = {}
            for case_id, due in Task.objects.filter(case_id__in=chunk, done_at=None).values_list(
                "case_id", "due"
            ):
                earliest[case_id] = min(earliest.get(case_id, due), due)
            for case in cases:
                case.next_due = earliest.get(case.pk)
            Case.objects.bulk_update(cases, ["next_due"], batch_size=BATCH)

    def _next_due(self, case_ids: set[int]) -> None:
        """Each case's ``next_due`` is its earliest open task (the follow-up tasks included)."""
        cases = list(Case.objects.filter(pk__in=case_ids).only("pk", "next_due"))
        earliest: dict[int, date] = {}
        for _p, _f, task in self.follow_ups:
            if task is not None and task.done_at is None:
                seen = earliest.get(task.case_id)
                earliest[task.case_id] = task.due if seen is None else min(seen, task.due)
        for case in cases:
            due = earliest[case.pk]
            case.next_due = due if case.next_due is None else min(case.next_due, due)
        Case.objects.bulk_update(cases, ["next_due"], batch_size=BATCH)


def create_placements(size: Size, rng: random.Random, progress: Callable[[str], None]) -> None:
    """Inquiries, flags, placements and follow-ups (see the module's docstring)."""
    work = _Placements(size, rng, progress)
    work.load_cases()
    for case in work.cases:
        work.place(case)
    work.demo_landlord()
    work.demo_caseworker()
    work.write()
    ended = sum(1 for _i, p in work.placements if p.ended_on)
    progress(
        f"placements: {len(work.placements):,} ({ended:,} ended), inquiries: {len(work.inquiries):,},"
        f" refusal flags: {len(work.flags):,}, follow-ups: {len(work.follow_ups):,}"
    )


def delete_placements() -> None:
    """What :func:`create_placements` wrote (the follow-up tasks go with the cases)."""
    FollowUp.objects.all().delete()
    Placement.objects.all().delete()
    RefusalFlag.objects.all().delete()
    LandlordInquiry.objects.all().delete()
