"""Activity grants to housing support councils and corporations (居住支援協議会等活動支援事業).

A programme per fiscal year, with its parameters in ``params/grants_activity_<year>.toml`` (set
``activity_grants``). FY2022 (the MLIT seed, p.14): a fixed-amount grant (定額) of up to 10,000,000 yen per
council or corporation, raised to 12,000,000 yen where the body does one of the listed activities
(foreign residents, watch-over against loneliness, sublease support housing, outreach, partnering with a
post-move-in support body), for the six categories of eligible activity ①–⑥.

Rules:

- the cap of an applicant is the raised one when it declares at least one of the raised-limit activities,
  else the base one (a later year may set caps per recipient kind under ``[caps.by_recipient]``);
- an application names an amount per category; every amount is a non-negative whole number of yen, the
  category must be open to the applicant's kind (⑥ is for local governments), and the total must be
  positive and not over the cap;
- a decision grants a whole number of yen, never over the cap and never over what was applied for.

An application moves along :data:`APPLICATION`, a :class:`~sumai.domain.statetable.StateTable`: the
applicant (a council's or corporation's staff) drafts and submits it within the window, and may withdraw it
until it is decided; the deciding ministry grants an amount or refuses with reasons.

Money is ``int`` yen. Every verdict carries findings with a machine code, a message key and the reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Any

from sumai.domain import params
from sumai.domain.dates import fiscal_year_start
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding, Severity
from sumai.domain.statetable import StateTable, Transition
from sumai.domain.statetable import TransitionError as TransitionError  # what APPLICATION raises

PARAMETER_SET = "activity_grants"
REF = "居住支援協議会等活動支援事業 (MLIT 住宅セーフティネット制度 (2022) p.14)"


class Recipient(StrEnum):
    """事業主体: who may receive the grant."""

    COUNCIL = "council"  # 居住支援協議会
    SUPPORT_CORPORATION = "support_corporation"  # 居住支援法人
    LOCAL_GOVERNMENT = "local_government"  # 地方公共団体等


class Category(StrEnum):
    """補助対象事業 ①–⑥ (FY2022)."""

    PRE_MOVE_IN = "pre_move_in"  # ① 入居前支援
    DURING_TENANCY = "during_tenancy"  # ② 入居中支援
    END_OF_TENANCY = "end_of_tenancy"  # ③ 死亡・退去時支援
    SEMINARS = "seminars"  # ④ セミナー・勉強会等の開催
    NETWORK = "network"  # ⑤ 関係者間のネットワーク形成
    LOCAL_MODEL = "local_model"  # ⑥ 住宅・福祉の連携によるモデル的な体制 (地方公共団体)


class Enhancement(StrEnum):
    """Activities that raise the cap (FY2022: to 12,000,000 yen)."""

    FOREIGN_RESIDENTS = "foreign_residents"
    LONELINESS_WATCH_OVER = "loneliness_watch_over"
    SUBLEASE_SUPPORT_HOUSING = "sublease_support_housing"
    OUTREACH = "outreach"
    POST_MOVE_IN_PARTNERING = "post_move_in_partnering"


class ApplicationState(StrEnum):
    """States of a grant application (the ``GrantApplication.State`` values of the councils app)."""

    DRAFT = "draft"  # 作成中
    SUBMITTED = "submitted"  # 申請 (審査中)
    GRANTED = "granted"  # 交付決定
    REJECTED = "rejected"  # 不交付
    WITHDRAWN = "withdrawn"  # 取下げ


class ApplicationAction(StrEnum):
    SUBMIT = "submit"  # 交付申請 (within the programme's window)
    WITHDRAW = "withdraw"  # 取下げ (before the decision)
    GRANT = "grant"  # 交付決定 (an amount and a date)
    REJECT = "reject"  # 不交付 (with reasons)


class ActorKind(StrEnum):
    """Who acts: the applicant (a council's or a support corporation's staff) or the deciding ministry."""

    APPLICANT = "applicant"
    MINISTRY = "ministry"


_APPLICANT = frozenset({ActorKind.APPLICANT})
_MINISTRY = frozenset({ActorKind.MINISTRY})
_SEED = "seed p.14"  # a subsidy programme: its rules come from the MLIT seed, not from an article

APPLICATION_TRANSITIONS: tuple[Transition[ApplicationState, ApplicationAction, ActorKind], ...] = (
    Transition(
        ApplicationState.DRAFT, ApplicationAction.SUBMIT, ApplicationState.SUBMITTED, _APPLICANT, _SEED
    ),
    Transition(
        ApplicationState.DRAFT, ApplicationAction.WITHDRAW, ApplicationState.WITHDRAWN, _APPLICANT, "-"
    ),
    Transition(
        ApplicationState.SUBMITTED, ApplicationAction.WITHDRAW, ApplicationState.WITHDRAWN, _APPLICANT, "-"
    ),
    Transition(
        ApplicationState.SUBMITTED, ApplicationAction.GRANT, ApplicationState.GRANTED, _MINISTRY, _SEED
    ),
    Transition(
        ApplicationState.SUBMITTED, ApplicationAction.REJECT, ApplicationState.REJECTED, _MINISTRY, _SEED
    ),
)
APPLICATION: StateTable[ApplicationState, ApplicationAction, ActorKind] = StateTable(
    states=ApplicationState,
    actions=ApplicationAction,
    actor_kinds=ActorKind,
    rows=APPLICATION_TRANSITIONS,
    initial=ApplicationState.DRAFT,
    subject="a grant application",
)
"""Where a grant application can go. Granted, not granted and withdrawn are final; a withdrawn application
frees the applicant to apply again for the year."""


@dataclass(frozen=True, slots=True)
class CategoryRule:
    code: str
    number: int
    name: str
    recipients: frozenset[str]


@dataclass(frozen=True, slots=True)
class GrantRules:
    """The parameters of one fiscal year's programme."""

    fiscal_year: int
    rate: Fraction
    base_cap: int
    enhanced_cap: int
    caps_by_recipient: Mapping[str, int]
    recipients: Mapping[str, str]
    enhancements: Mapping[str, str]
    categories: tuple[CategoryRule, ...]
    source: str

    def category(self, code: str) -> CategoryRule | None:
        return next((c for c in self.categories if c.code == code), None)

    def categories_for(self, recipient: str) -> tuple[CategoryRule, ...]:
        return tuple(c for c in self.categories if recipient in c.recipients)


@dataclass(frozen=True, slots=True)
class ApplicationCheck:
    """The verdict on an application: its total, the applicant's cap, and what is wrong."""

    requested_total: int
    cap: int
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.severity != Severity.ERROR for f in self.findings)


def _yen(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ParameterError(f"{where}: expected a non-negative integer of yen, got {value!r}")
    return value


def rules_from(data: Mapping[str, Any], *, fiscal_year: int, source: str) -> GrantRules:
    """Parse a parameter file's tables (separate from loading, so tests can feed their own)."""
    try:
        caps = data["caps"]
        base = _yen(caps["per_recipient_yen"], "caps.per_recipient_yen")
        enhanced = _yen(caps.get("enhanced_per_recipient_yen", base), "caps.enhanced_per_recipient_yen")
        by_recipient = {
            str(k): _yen(v, f"caps.by_recipient.{k}") for k, v in (caps.get("by_recipient") or {}).items()
        }
        rate = Fraction(str(caps.get("rate", "1/1")))
        recipients = {str(k): str(v["name"]) for k, v in data["recipients"].items()}
        enhancements = {str(k): str(v["name"]) for k, v in (data.get("enhanced") or {}).items()}
        categories = tuple(
            sorted(
                (
                    CategoryRule(str(code), int(v["number"]), str(v["name"]), frozenset(v["recipients"]))
                    for code, v in data["categories"].items()
                ),
                key=lambda c: c.number,
            )
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ParameterError(f"activity grants FY{fiscal_year}: malformed parameters ({exc})") from exc
    if enhanced < base:
        raise ParameterError(f"activity grants FY{fiscal_year}: the raised cap is below the base cap")
    return GrantRules(
        fiscal_year=fiscal_year,
        rate=rate,
        base_cap=base,
        enhanced_cap=enhanced,
        caps_by_recipient=by_recipient,
        recipients=recipients,
        enhancements=enhancements,
        categories=categories,
        source=source,
    )


def rules_for(fiscal_year: int) -> GrantRules:
    """The rules of the programme of ``fiscal_year`` (ParameterError when no file covers that year)."""
    ps = params.load(PARAMETER_SET, fiscal_year_start(fiscal_year))
    return rules_from(ps.data, fiscal_year=fiscal_year, source=ps.source)


def available_years() -> tuple[int, ...]:
    """Fiscal years that have a parameter file."""
    return tuple(int(p.data["meta"]["fiscal_year"]) for p in params.load_all(PARAMETER_SET))


def cap(rules: GrantRules, *, recipient: str, enhancements: Iterable[str] = ()) -> int:
    """The most one applicant can be granted in the year."""
    if recipient not in rules.recipients:
        raise InputError("recipient", f"not a recipient of this programme: {recipient!r}")
    chosen = set(enhancements)
    unknown = chosen - set(rules.enhancements)
    if unknown:
        raise InputError("enhancements", f"unknown activity: {sorted(unknown)[0]!r}")
    if recipient in rules.caps_by_recipient:
        return rules.caps_by_recipient[recipient]
    return rules.enhanced_cap if chosen else rules.base_cap


def check_application(
    rules: GrantRules,
    *,
    recipient: str,
    amounts: Mapping[str, int],
    enhancements: Iterable[str] = (),
) -> ApplicationCheck:
    """Check an application's amounts per category against the rules and the applicant's cap."""
    limit = cap(rules, recipient=recipient, enhancements=enhancements)
    findings: list[Finding] = []
    total = 0
    for code, amount in amounts.items():
        rule = rules.category(code)
        if rule is None:
            raise InputError(f"amounts.{code}", "not a category of this programme")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise InputError(f"amounts.{code}", "must be a whole, non-negative number of yen")
        if amount and recipient not in rule.recipients:
            findings.append(
                Finding(
                    code="grant.category.not_open_to_recipient",
                    severity=Severity.ERROR,
                    message_key="grants.category.not_open_to_recipient",
                    ref=REF,
                    value=code,
                )
            )
        total += amount
    if total <= 0:
        findings.append(
            Finding(
                code="grant.application.empty",
                severity=Severity.ERROR,
                message_key="grants.application.empty",
                ref=REF,
                value=total,
            )
        )
    if total > limit:
        findings.append(
            Finding(
                code="grant.application.over_cap",
                severity=Severity.ERROR,
                message_key="grants.application.over_cap",
                ref=REF,
                value=total,
                limit=limit,
            )
        )
    return ApplicationCheck(requested_total=total, cap=limit, findings=tuple(findings))


def max_grant(
    rules: GrantRules, *, recipient: str, requested_total: int, enhancements: Iterable[str] = ()
) -> int:
    """The largest amount a decision may grant: what was applied for, at most the cap, at the rate."""
    limit = cap(rules, recipient=recipient, enhancements=enhancements)
    eligible = (max(0, requested_total) * rules.rate.numerator) // rules.rate.denominator
    return min(limit, eligible)


def check_decision(
    rules: GrantRules,
    *,
    recipient: str,
    requested_total: int,
    granted: int,
    enhancements: Iterable[str] = (),
) -> tuple[Finding, ...]:
    """Findings against a granted amount: negative, over the cap, or over what was applied for."""
    if isinstance(granted, bool) or not isinstance(granted, int):
        raise InputError("granted", "must be a whole number of yen")
    limit = cap(rules, recipient=recipient, enhancements=enhancements)
    findings: list[Finding] = []
    if granted < 0:
        findings.append(
            Finding(
                code="grant.decision.negative",
                severity=Severity.ERROR,
                message_key="grants.decision.negative",
                ref=REF,
                value=granted,
            )
        )
    if granted > limit:
        findings.append(
            Finding(
                code="grant.decision.over_cap",
                severity=Severity.ERROR,
                message_key="grants.decision.over_cap",
                ref=REF,
                value=granted,
                limit=limit,
            )
        )
    ceiling = max_grant(
        rules, recipient=recipient, requested_total=requested_total, enhancements=enhancements
    )
    if limit >= granted > ceiling:
        findings.append(
            Finding(
                code="grant.decision.over_requested",
                severity=Severity.ERROR,
                message_key="grants.decision.over_requested",
                ref=REF,
                value=granted,
                limit=ceiling,
            )
        )
    return tuple(findings)
