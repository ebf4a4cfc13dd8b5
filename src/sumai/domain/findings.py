"""Findings and reasons: the explanation every verdict carries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # a reason that is no problem: why a rule applies (e.g. placement.subsidy.eligible)


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of a rule check.

    ``code`` is a stable machine code (``unit.floor_area.below_minimum``), ``message_key`` the key of the
    translatable message, ``ref`` the legal reference (``規則11条1号``), ``value`` the number that failed and
    ``limit`` the limit it was checked against.
    """

    code: str
    severity: Severity
    message_key: str
    ref: str
    value: Decimal | int | str | None = None
    limit: Decimal | int | str | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "severity": str(self.severity),
            "ref": self.ref,
            "message_key": self.message_key,
        }
        if self.value is not None:
            out["value"] = _jsonable(self.value)
        if self.limit is not None:
            out["limit"] = _jsonable(self.limit)
        return out


# The catalogue of the reasons a household belongs to a group: code → the Japanese sentence, with the
# reason's values as named placeholders. ``basis`` keeps the English sentence (the machine-readable record);
# ``label`` is what a person reads. Members and circumstances are counted from 1 ("2人目の世帯員").
BASES: dict[str, str] = {
    "income_at_most": "月収{income:,}円が{limit:,}円以下（{income_ref}）",
    "member_age": "{n}人目の世帯員が{age}歳（{min_age}歳以上）",
    "member_disability": "{n}人目の世帯員に障害がある（{disability}）",
    "member_child": "{n}人目の世帯員は{end}まで子ども（{age_limit}歳に達した後の最初の3月31日まで）",
    "circumstance": "{n}番目に申告された事情による",
    "recent_disaster": "{n}番目の事情：{since}の災害から{years}年以内（{end}まで）",
    "past_large_disaster": "{n}番目の事情：{since}の大規模災害から{years}年を超える（{end}より後）",
}
DISABILITY_JA = {"ordinary": "障害者", "special": "特別障害者"}


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a household belongs to a group: the group code, the fact it rests on (``basis``, English), the
    legal basis, and the fact as a code of :data:`BASES` with its values (``label``: the Japanese words)."""

    group: str
    basis: str
    ref: str
    code: str = ""
    values: tuple[tuple[str, object], ...] = ()

    @property
    def label(self) -> str:
        template = BASES.get(self.code)
        return template.format(**dict(self.values)) if template else self.basis

    def as_dict(self) -> dict[str, str]:
        out = {"group": self.group, "basis": self.basis, "ref": self.ref, "label": self.label}
        if self.code:
            out["code"] = self.code
        return out


def _jsonable(value: Decimal | int | str) -> int | float | str:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
