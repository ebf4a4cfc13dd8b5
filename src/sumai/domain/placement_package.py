"""The support package (issue #17, item 2): what landlords fear for a household's type, and which of the
supports a caseworker arranged answer those fears.

The fears and their percentages are the MLIT landlord survey (seed p.1, 令和元年度, 1,988 respondents) in the
dated file ``params/landlord_fears_*.toml``; so is the mapping of each fear to the package capabilities
that answer it (with its reasoning, from the survey's own "必要な居住支援策" columns). A household may be of
several survey types (an elderly single on a low income is both ``elderly_single`` and ``low_income``); its
fears are the union, each at the highest percentage any of its types gives.

:func:`support_package` returns the package with every fear, the fears it answers, those it answers only
in part and those left unanswered — and a warning finding when the landlord's most likely worry (the
fear with the highest percentage) is not fully answered, for the page to show before the inquiry is sent.
:func:`fear_status` reads, from a package as sent, how it answered the fear behind a landlord's decline
reason (the evidence of a refusal flag).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sumai.domain import params
from sumai.domain.errors import InputError
from sumai.domain.findings import Finding, Severity
from sumai.domain.placement_inquiries import REF_SURVEY, DeclineReason

__all__ = [
    "FEAR_OF_REASON",
    "AnswerStatus",
    "Arrangements",
    "BelongingsAfterDeath",
    "Capability",
    "CaseworkerContact",
    "EmergencyContact",
    "FearAnswer",
    "HouseholdProfile",
    "HouseholdType",
    "ProviderKind",
    "RentGuarantee",
    "SupportPackage",
    "WatchOver",
    "fear_status",
    "household_types",
    "package_fear_status",
    "support_package",
    "survey_table",
]


class HouseholdType(StrEnum):
    """The household types (世帯属性) of the survey."""

    ELDERLY_SINGLE = "elderly_single"  # 高齢単身世帯
    ELDERLY_ONLY = "elderly_only"  # 高齢者のみの世帯
    WITH_DISABILITY = "with_disability"  # 障がい者のいる世帯
    LOW_INCOME = "low_income"  # 低額所得世帯
    SINGLE_PARENT = "single_parent"  # ひとり親世帯
    CHILD_RAISING = "child_raising"  # 子育て世帯
    FOREIGN = "foreign"  # 外国人世帯


class Capability(StrEnum):
    """What an arranged item provides; the fears' ``requires`` lists name these."""

    RENT_GUARANTEE = "rent_guarantee"
    WATCH_OVER = "watch_over"
    BELONGINGS_AFTER_DEATH = "belongings_after_death"
    EMERGENCY_CONTACT = "emergency_contact"
    CASEWORKER_CONTACT = "caseworker_contact"
    CASEWORKER_LANGUAGES = "caseworker_contact.languages"


class ProviderKind(StrEnum):
    """Who provides an item."""

    SUPPORT_CORPORATION = "support_corporation"  # 居住支援法人 (法62条1号・3号・5号)
    GUARANTEE_COMPANY = "guarantee_company"  # 家賃債務保証業者
    CERTIFIED_GUARANTOR = "certified_guarantor"  # 認定家賃債務保証業者 (法72条–, REFERENCE.md §5.3)
    INSURER = "insurer"  # 少額短期保険 (孤独死・残置物保険), JHF 家賃債務保証保険
    MUNICIPALITY = "municipality"  # 市区町村の見守り事業 etc.
    WELFARE_SERVICE = "welfare_service"  # 介護・障害福祉サービス事業者, 社会福祉協議会
    FAMILY = "family"  # 親族
    OTHER = "other"


def _provider(kind: ProviderKind | str, name: str, path: str) -> None:
    try:
        ProviderKind(kind)
    except ValueError:
        raise InputError(f"{path}.provider_kind", f"one of {', '.join(ProviderKind)}") from None
    if not name.strip():
        raise InputError(f"{path}.provider", "is required (who provides it)")


@dataclass(frozen=True, slots=True)
class RentGuarantee:
    """家賃債務保証: who guarantees the rent."""

    provider_kind: ProviderKind
    provider: str


@dataclass(frozen=True, slots=True)
class WatchOver:
    """見守り: who, how often they visit (per month) and whether there is a daily safety check (安否確認;
    居住サポート住宅 requires both at least monthly and daily, REFERENCE.md §5.2)."""

    provider_kind: ProviderKind
    provider: str
    visits_per_month: int
    daily_check: bool = False


@dataclass(frozen=True, slots=True)
class BelongingsAfterDeath:
    """残置物処理 / 死後事務委任: who clears the home and settles the tenancy after a death."""

    provider_kind: ProviderKind
    provider: str


@dataclass(frozen=True, slots=True)
class EmergencyContact:
    """緊急連絡先: an individual, or a corporation (a certified guarantor may not insist on an individual,
    REFERENCE.md §5.3)."""

    provider_kind: ProviderKind
    provider: str


@dataclass(frozen=True, slots=True)
class CaseworkerContact:
    """The caseworker the landlord can call about the tenancy (入居トラブルの相談対応), and the languages
    they offer besides Japanese (BCP 47 codes, e.g. ``vi``, ``zh-Hans``)."""

    organisation: str
    name: str
    languages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Arrangements:
    """What the caseworker arranged for the household; ``None`` where nothing is arranged."""

    rent_guarantee: RentGuarantee | None = None
    watch_over: WatchOver | None = None
    belongings_after_death: BelongingsAfterDeath | None = None
    emergency_contact: EmergencyContact | None = None
    caseworker_contact: CaseworkerContact | None = None

    def validate(self) -> None:
        """Raise :class:`InputError` naming the field for an item that says nothing usable."""
        if self.rent_guarantee:
            _provider(self.rent_guarantee.provider_kind, self.rent_guarantee.provider, "rent_guarantee")
        if self.watch_over:
            w = self.watch_over
            _provider(w.provider_kind, w.provider, "watch_over")
            if isinstance(w.visits_per_month, bool) or not 0 <= w.visits_per_month <= 31:
                raise InputError("watch_over.visits_per_month", "must be between 0 and 31")
            if w.visits_per_month == 0 and not w.daily_check:
                raise InputError("watch_over.visits_per_month", "give visits or a daily check")
        if self.belongings_after_death:
            b = self.belongings_after_death
            _provider(b.provider_kind, b.provider, "belongings_after_death")
        if self.emergency_contact:
            _provider(
                self.emergency_contact.provider_kind, self.emergency_contact.provider, "emergency_contact"
            )
        if self.caseworker_contact:
            c = self.caseworker_contact
            if not c.organisation.strip():
                raise InputError("caseworker_contact.organisation", "is required")
            if not c.name.strip():
                raise InputError("caseworker_contact.name", "is required")
            for i, lang in enumerate(c.languages):
                if not lang.strip():
                    raise InputError(f"caseworker_contact.languages[{i}]", "must not be blank")

    def capabilities(self) -> frozenset[Capability]:
        out: set[Capability] = set()
        if self.rent_guarantee:
            out.add(Capability.RENT_GUARANTEE)
        if self.watch_over:
            out.add(Capability.WATCH_OVER)
        if self.belongings_after_death:
            out.add(Capability.BELONGINGS_AFTER_DEATH)
        if self.emergency_contact:
            out.add(Capability.EMERGENCY_CONTACT)
        if self.caseworker_contact:
            out.add(Capability.CASEWORKER_CONTACT)
            if any(lang.split("-")[0].lower() != "ja" for lang in self.caseworker_contact.languages):
                out.add(Capability.CASEWORKER_LANGUAGES)
        return frozenset(out)


# ------------------------------------------------------------------------------------------ household types


@dataclass(frozen=True, slots=True)
class HouseholdProfile:
    """What the survey's types need to know of a household: its priority groups (codes of
    ``sumai.domain.priority_groups``, e.g. from ``eligibility.evaluate``), how many live in the home, how
    many of them are elderly, and whether one adult raises the children alone (ひとり親)."""

    groups: frozenset[str]
    members: int
    elderly_members: int = 0
    single_parent: bool = False


def _survey(on: date) -> params.ParameterSet:
    return params.load("landlord_fears", on)


def household_types(profile: HouseholdProfile, *, on: date) -> tuple[HouseholdType, ...]:
    """The survey types of a household, in the survey's order. A type applies when the household is in its
    ``group`` and of its ``composition``: ``any``; ``single`` (one member); ``all_elderly`` (more than one
    member, all elderly); ``single_parent`` (ひとり親). ``child_raising`` (子育て世帯) is not given when
    ``single_parent`` is: the survey asked about them separately."""
    if profile.members < 1:
        raise InputError("members", "must be at least 1")
    if not 0 <= profile.elderly_members <= profile.members:
        raise InputError("elderly_members", "must be between 0 and members")
    out: list[HouseholdType] = []
    for code, spec in _survey(on)["types"].items():
        if str(spec["group"]) not in profile.groups:
            continue
        composition = str(spec["composition"])
        fits = {
            "any": True,
            "single": profile.members == 1,
            "all_elderly": profile.members > 1 and profile.elderly_members == profile.members,
            "single_parent": profile.single_parent,
        }[composition]
        if fits:
            out.append(HouseholdType(code))
    if HouseholdType.SINGLE_PARENT in out and HouseholdType.CHILD_RAISING in out:
        out.remove(HouseholdType.CHILD_RAISING)
    return tuple(out)


# ------------------------------------------------------------------------------------------ the package


class AnswerStatus(StrEnum):
    ANSWERED = "answered"  # every required capability is arranged
    PARTLY = "partly"  # some are
    UNANSWERED = "unanswered"  # none is


@dataclass(frozen=True, slots=True)
class FearAnswer:
    """One fear of the landlord for this household: the highest ``percent`` of landlords who gave it among
    the household's types (``household_type`` is that type; ``sources`` every (type, percent, rank)), and
    how the package answers it."""

    fear: str
    label_ja: str
    percent: int
    household_type: HouseholdType
    sources: tuple[tuple[HouseholdType, int, int], ...]
    status: AnswerStatus
    answered_by: tuple[Capability, ...]
    missing: tuple[Capability, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "fear": self.fear,
            "label_ja": self.label_ja,
            "percent": self.percent,
            "household_type": str(self.household_type),
            "sources": [{"type": str(t), "percent": p, "rank": r} for t, p, r in self.sources],
            "status": str(self.status),
            "answered_by": [str(c) for c in self.answered_by],
            "missing": [str(c) for c in self.missing],
        }


@dataclass(frozen=True, slots=True)
class SupportPackage:
    """The package for one household: its survey types, what was arranged, every fear (highest percentage
    first; ties in the file's order), and the findings the page shows."""

    types: tuple[HouseholdType, ...]
    arrangements: Arrangements
    capabilities: frozenset[Capability]
    fears: tuple[FearAnswer, ...]
    findings: tuple[Finding, ...] = field(default=())

    @property
    def answered(self) -> tuple[FearAnswer, ...]:
        return tuple(f for f in self.fears if f.status == AnswerStatus.ANSWERED)

    @property
    def unanswered(self) -> tuple[FearAnswer, ...]:
        """Fears not fully answered (partly or not at all), highest percentage first."""
        return tuple(f for f in self.fears if f.status != AnswerStatus.ANSWERED)

    @property
    def top_fear(self) -> FearAnswer | None:
        """The landlord's most likely worry for this household."""
        return self.fears[0] if self.fears else None

    @property
    def top_fear_answered(self) -> bool:
        return self.top_fear is None or self.top_fear.status == AnswerStatus.ANSWERED

    def as_dict(self) -> dict[str, object]:
        return {
            "types": [str(t) for t in self.types],
            "capabilities": sorted(str(c) for c in self.capabilities),
            "fears": [f.as_dict() for f in self.fears],
            "findings": [f.as_dict() for f in self.findings],
        }


def survey_table(on: date) -> dict[HouseholdType, dict[str, object]]:
    """The survey table in force on ``on``, per type: label, the shares restricting (制限している,
    条件付きで制限している), the two first reasons with their percentages, and the needed measures."""
    return {HouseholdType(code): dict(spec) for code, spec in _survey(on)["types"].items()}


def support_package(
    types: Iterable[HouseholdType | str], arrangements: Arrangements, *, on: date
) -> SupportPackage:
    """The package for a household of the survey ``types`` (see :func:`household_types`) with what the
    caseworker ``arrangements`` made, by the ``landlord_fears`` file in force on ``on``.

    Findings (warnings, reference: the survey): ``placement.package.top_fear_unanswered`` when the fear
    with the highest percentage is not fully answered (value the fear, limit its percentage), and
    ``placement.package.fear_unanswered`` / ``placement.package.fear_partly_answered`` for every other fear
    not fully answered. Unknown types are an :class:`InputError` on ``types[i]``; an unusable item one on
    its field (:meth:`Arrangements.validate`).
    """
    arrangements.validate()
    chosen: list[HouseholdType] = []
    for i, raw in enumerate(types):
        try:
            t = HouseholdType(raw)
        except ValueError:
            raise InputError(f"types[{i}]", f"one of {', '.join(HouseholdType)}") from None
        if t not in chosen:
            chosen.append(t)
    survey = _survey(on)
    spec_types, spec_fears = survey["types"], survey["fears"]
    sources: dict[str, list[tuple[HouseholdType, int, int]]] = {}
    for t in HouseholdType:  # the survey's order, whatever order the caller gave
        if t not in chosen:
            continue
        for entry in spec_types[str(t)]["fears"]:
            sources.setdefault(str(entry["fear"]), []).append((t, int(entry["percent"]), int(entry["rank"])))
    have = arrangements.capabilities()
    answers: list[FearAnswer] = []
    order = list(spec_fears)
    for fear, found in sources.items():
        spec = spec_fears[fear]
        required = tuple(Capability(c) for c in spec["requires"])
        got = tuple(c for c in required if c in have)
        missing = tuple(c for c in required if c not in have)
        status = (
            AnswerStatus.ANSWERED if not missing else AnswerStatus.PARTLY if got else AnswerStatus.UNANSWERED
        )
        best = max(found, key=lambda s: s[1])
        answers.append(
            FearAnswer(fear, str(spec["label_ja"]), best[1], best[0], tuple(found), status, got, missing)
        )
    answers.sort(key=lambda a: (-a.percent, order.index(a.fear)))
    findings: list[Finding] = []
    for i, a in enumerate(answers):
        if a.status == AnswerStatus.ANSWERED:
            continue
        if i == 0:
            code = "placement.package.top_fear_unanswered"
        elif a.status == AnswerStatus.PARTLY:
            code = "placement.package.fear_partly_answered"
        else:
            code = "placement.package.fear_unanswered"
        findings.append(Finding(code, Severity.WARNING, code, REF_SURVEY, a.fear, a.percent))
    return SupportPackage(tuple(chosen), arrangements, have, tuple(answers), tuple(findings))


FEAR_OF_REASON: dict[DeclineReason, str] = {
    DeclineReason.RENT_ARREARS: "rent_payment",  # 家賃の支払いに不安
    DeclineReason.NO_GUARANTOR: "no_guarantor",
    DeclineReason.LONELY_DEATH: "lonely_death",
    DeclineReason.NEIGHBOURS: "neighbours",
    DeclineReason.CUSTOMS_LANGUAGE: "customs_language",
}
"""The survey's fear (``landlord_fears`` file) behind each decline reason that names one; ``already_let``
and ``other`` name none."""


def fear_status(
    reason: DeclineReason | str,
    fears: Iterable[Mapping[str, object]],
    *,
    capabilities: Iterable[str] | None = None,
    on: date | None = None,
) -> AnswerStatus | None:
    """How a package answered the fear behind a decline ``reason``: ``fears`` is the package's list as sent
    (:meth:`FearAnswer.as_dict`: ``fear`` and ``status``). Answered only when every required item was
    arranged; ``partly`` is not answered, nor is it "not answered".

    A landlord may decline for a fear the survey does not give for the household's types (an older person
    living with a younger one is neither "elderly single" nor "elderly only", so the package does not list
    lonely death): the package still answers it or not. With the package's ``capabilities`` (its
    ``capabilities`` as sent) and ``on`` (the day it was made, for the ``landlord_fears`` file in force),
    such a fear is judged from what was arranged, by the fear's ``requires``. ``None`` only when the reason
    names no fear, or the fear is not listed and no capabilities are given. An unknown reason is an
    :class:`InputError` on ``reason``; an unknown capability is ignored."""
    try:
        code = DeclineReason(reason)
    except ValueError:
        raise InputError("reason", f"unknown reason {reason!r}; one of {', '.join(DeclineReason)}") from None
    fear = FEAR_OF_REASON.get(code)
    if fear is None:
        return None
    for item in fears:
        if item.get("fear") == fear:
            try:
                return AnswerStatus(str(item.get("status")))
            except ValueError:
                break
    if capabilities is None or on is None:
        return None
    spec = _survey(on)["fears"].get(fear)
    if spec is None:
        return None
    have = {str(c) for c in capabilities}
    required = [str(c) for c in spec["requires"]]
    got = [c for c in required if c in have]
    if len(got) == len(required):
        return AnswerStatus.ANSWERED
    return AnswerStatus.PARTLY if got else AnswerStatus.UNANSWERED


def package_fear_status(
    reason: DeclineReason | str, package: Mapping[str, object], *, on: date
) -> AnswerStatus | None:
    """:func:`fear_status` of a package as sent (:meth:`SupportPackage.as_dict`: its ``fears`` and
    ``capabilities``), made on ``on``: the evidence a refusal flag carries, however the decline came."""
    fears = package.get("fears") or []
    capabilities = package.get("capabilities")
    return fear_status(
        reason,
        fears if isinstance(fears, list) else [],
        capabilities=capabilities if isinstance(capabilities, list) else None,
        on=on,
    )
