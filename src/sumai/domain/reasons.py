"""Coded reasons for the decisions of an authority, with their legal references.

A refusal, a striking off, a suspension or a revocation gives one coded reason (行政手続法8条・14条: a
disadvantageous decision states its reasons). The codes are the keys the apps store
(``reason_code``); the labels the user reads stay in the apps, translated. Each reason carries the
reference it rests on: the article its label names; else the article the ground comes from, or the legal
act of the decision's row in the state table where no article is known; ``-`` for a purely procedural
ground. ``memory`` marks a reference that is commonly known but not re-checked against the statute
(REFERENCE.md's [M]): every reference REFERENCE.md does not verify.

This :class:`Reason` is a ground for a decision on a registration or a designation; the reason a household
belongs to a priority group is :class:`sumai.domain.findings.Reason`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sumai.domain.articles import cite
from sumai.domain.errors import InputError

__all__ = [
    "BY_DECISION",
    "DESIGNATION_REJECTION",
    "DESIGNATION_REVOCATION",
    "DESIGNATION_SUSPENSION",
    "REGISTRATION_REJECTION",
    "REGISTRATION_STRIKE_OFF",
    "Reason",
    "find",
]


@dataclass(frozen=True, slots=True)
class Reason:
    """One coded ground of a decision: ``code`` (stable, stored), ``ref`` (the article or other legal
    reference) and ``memory`` (REFERENCE.md marks the reference [M]: not re-checked against the statute)."""

    code: str
    ref: str
    memory: bool = False

    @property
    def marked_ref(self) -> str:
        """The reference as the docs and the UI print it, with `` [M]`` where it is from memory."""
        return f"{self.ref} [M]" if self.memory else self.ref

    def cited(self, on: date) -> str:
        """The reference in the numbering of the law in force on ``on``, the date of the decision."""
        return cite(self.ref, on)

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "ref": self.ref, "memory": self.memory}


def find(reasons: Iterable[Reason], code: str, field: str = "reason_code") -> Reason:
    """The reason of ``reasons`` with ``code``; :class:`InputError` on ``field`` when there is none."""
    options = tuple(reasons)
    for reason in options:
        if reason.code == code:
            return reason
    raise InputError(field, f"unknown reason {code!r}; one of {', '.join(r.code for r in options)}")


# ------------------------------------------------------------------ reasons of the registration (登録)

REGISTRATION_REJECTION: tuple[Reason, ...] = (
    Reason("standards", "法10条4項"),  # 登録基準に適合しない (不適合通知; REFERENCE §1.3 [V] S5)
    Reason("disqualified", "法11条2項"),  # 欠格 (法11条1項) による登録拒否の通知 ([V] S5)
    Reason("false_statement", "法11条1項", memory=True),  # 申請書等の重要事項の虚偽記載
    Reason("duplicate", "-"),  # the same building applied for twice: a procedural ground
)
"""Why an authority refuses a registration (action ``reject`` of ``workflow.REGISTRATION``)."""

REGISTRATION_STRIKE_OFF: tuple[Reason, ...] = (
    # 「入居を拒まないとしていながら入居を拒んだ」: the 基本方針 says to act (REFERENCE §1.3 [V])
    Reason("refused_tenants", "基本方針"),
    Reason("no_longer_meets_standards", "登録の取消し", memory=True),  # supervision: REFERENCE §1.3 [M]
    Reason("instruction_ignored", "指示, 登録の取消し", memory=True),  # supervision: REFERENCE §1.3 [M]
    Reason("withdrawn", "法14条"),  # 廃止届出 (REFERENCE §1.2 [V] S5)
)
"""Why a registration is struck off (action ``strike_off`` of ``workflow.REGISTRATION``)."""


# -------------------------------------------------------------- support corporations (居住支援法人の指定)

_CRITERIA = "法59条 (指定の基準)"  # the criteria are [V] (REFERENCE §5.4, S29 福島); their article is not

DESIGNATION_REJECTION: tuple[Reason, ...] = (
    Reason(
        "not_eligible_body", "法59条"
    ),  # not an NPO, 社団・財団, 社会福祉法人 or support company ([V] S29)
    Reason("unsound_plan", _CRITERIA, memory=True),  # 業務計画, 経理的・技術的基礎
    Reason("officers", _CRITERIA, memory=True),  # 役員の構成, 欠格
    Reason("conflict", _CRITERIA, memory=True),  # 他の業務による支障
    Reason("incomplete", "行政手続法7条", memory=True),  # still incomplete after 補正 (not in REFERENCE)
)
"""Why a prefecture does not designate (action ``reject`` of ``support.DESIGNATION``)."""

DESIGNATION_SUSPENSION: tuple[Reason, ...] = (
    Reason("notified", "業務の休止の届出", memory=True),
    Reason("staff", "業務の休止の届出", memory=True),
    Reason("order", "業務の休止の命令 (監督)", memory=True),
)
"""Why a designated corporation's work is suspended (action ``suspend`` of ``support.DESIGNATION``)."""

_REVOCATION = "指定の取消し (旧法48条)"

DESIGNATION_REVOCATION: tuple[Reason, ...] = (
    Reason("violation", _REVOCATION, memory=True),
    Reason("no_longer_meets", _REVOCATION, memory=True),
    Reason("false_application", _REVOCATION, memory=True),
    Reason("filings_missing", _REVOCATION, memory=True),  # 事業計画・事業報告 (REFERENCE §5.4 [V] 鳥取)
)
"""Why a prefecture revokes a designation (action ``revoke`` of ``support.DESIGNATION``)."""


BY_DECISION: Mapping[str, tuple[Reason, ...]] = {
    "registration.reject": REGISTRATION_REJECTION,
    "registration.strike_off": REGISTRATION_STRIKE_OFF,
    "designation.reject": DESIGNATION_REJECTION,
    "designation.suspend": DESIGNATION_SUSPENSION,
    "designation.revoke": DESIGNATION_REVOCATION,
}
"""Every decision that gives a coded reason, as ``<table>.<action>``."""
