"""Findings and reasons: the explanation every verdict carries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a household belongs to a group: the group code, the fact it rests on, and the legal basis."""

    group: str
    basis: str
    ref: str

    def as_dict(self) -> dict[str, str]:
        return {"group": self.group, "basis": self.basis, "ref": self.ref}


def _jsonable(value: Decimal | int | str) -> int | float | str:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
