"""Standards the registration check itself does not cover (REFERENCE.md §2.1, §2.3):

* **居住サポート住宅** (from 2025-10-01) has its own size standards, split by 新築 and 既存
  (``params/standards_support_housing_*.toml``): :func:`support_housing_area_findings`;
* a shared house's **common rooms** (居間, 食堂, 洗濯室): :func:`common_room_findings`;
* the **single-parent shared house** (ひとり親向け) has a local standard in some plans whose numbers the
  reference does not give: checked against the general standard with a warning
  (:func:`single_parent_findings`);
* a building whose **construction start is unknown**: earthquake resistance from the evidence — proof, or
  a local fallback (few storeys, completed after the new code took hold) reported for the reviewer
  (:func:`unknown_start_findings`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from sumai.domain import params
from sumai.domain.errors import InputError, ParameterError
from sumai.domain.findings import Finding, Severity

SUPPORT_SET = "standards_support_housing"
COMMON_ROOMS = ("living", "dining", "laundry")


def _national(on: date) -> params.ParameterSet:
    return params.load("standards", on)


def _support(on: date) -> params.ParameterSet:
    try:
        return params.load(SUPPORT_SET, on)
    except ParameterError:
        raise InputError(
            "standard",
            "the 居住サポート住宅 standards start on 2025-10-01, not %(date)s",
            date=on.isoformat(),
        ) from None


def is_existing(*, completed_on: date | None, lived_in: bool, on: date) -> bool:
    """既存: more than ``existing_after_years`` (1) after completion, or once lived in."""
    years = int(_support(on)["unit"]["existing_after_years"])
    if lived_in:
        return True
    if completed_on is None:
        return False
    try:
        anniversary = completed_on.replace(year=completed_on.year + years)
    except ValueError:  # 29 February
        anniversary = date(completed_on.year + years, 3, 1)
    return on > anniversary


def support_housing_area_findings(
    area: Decimal, *, shared_facilities: bool, existing: bool, on: date
) -> list[Finding]:
    """The floor-area finding of an ordinary unit under the 居住サポート住宅 standards."""
    try:
        ps = params.load(SUPPORT_SET, on)
    except ParameterError:
        raise InputError(
            "standard",
            "the 居住サポート住宅 standards start on 2025-10-01, not %(date)s",
            date=on.isoformat(),
        ) from None
    unit = ps["unit"]
    key = ("existing" if existing else "new") + (
        "_min_floor_area_shared_m2" if shared_facilities else "_min_floor_area_m2"
    )
    minimum = Decimal(str(unit[key]))
    if area >= minimum:
        return []
    return [
        Finding(
            "support_housing.floor_area.below_minimum",
            Severity.ERROR,
            "standards.support_housing.floor_area.below_minimum",
            str(ps["refs"]["area"]),
            area,
            minimum,
        )
    ]


def support_housing_shared_findings(
    residents: int, total_area: Decimal, rooms: Iterable[Decimal], *, on: date
) -> list[Finding]:
    """A shared house under the 居住サポート住宅 standards: 15A + 10 m² in total, 9 m² per room."""
    ps = _support(on)
    sh, ref = ps["shared_house"], str(ps["refs"]["area"])
    out: list[Finding] = []
    minimum = Decimal(str(sh["per_resident_m2"])) * residents + Decimal(str(sh["base_m2"]))
    if total_area < minimum:
        out.append(
            Finding(
                "support_housing.shared_house.total_area.below_minimum",
                Severity.ERROR,
                "standards.support_housing.shared_house.total_area.below_minimum",
                ref,
                total_area,
                minimum,
            )
        )
    room_min = Decimal(str(sh["min_room_m2"]))
    out.extend(
        Finding(
            "support_housing.shared_house.room.below_minimum",
            Severity.ERROR,
            "standards.support_housing.shared_house.room.below_minimum",
            ref,
            room,
            room_min,
        )
        for room in rooms
        if room < room_min
    )
    return out


def common_room_findings(common_rooms: Iterable[str], *, on: date) -> list[Finding]:
    """Each required common room (居間, 食堂, 洗濯室/洗濯場) the shared house lacks is an error."""
    ps = _national(on)
    have = set(common_rooms)
    ref = str(ps["refs"].get("shared_house_common_rooms", ps["refs"]["shared_house_facilities"]))
    return [
        Finding(
            f"shared_house.common_room.{room}.missing",
            Severity.ERROR,
            f"standards.shared_house.common_room.{room}.missing",
            ref,
            room,
        )
        for room in ps["shared_house"].get("required_common_rooms", [])
        if room not in have
    ]


def single_parent_findings(*, on: date) -> list[Finding]:
    """A single-parent shared house: checked against the general standard; the local one is not known."""
    ps = _national(on)
    examples = ps.data.get("single_parent_shared_house", {}).get("local_examples", [])
    return [
        Finding(
            "shared_house.single_parent.local_standard_not_applied",
            Severity.WARNING,
            "standards.shared_house.single_parent.local_standard_not_applied",
            "共同居住型住宅 (ひとり親世帯向け) の基準: " + "・".join(str(e) for e in examples),
        )
    ]


def unknown_start_findings(
    *, seismic_proof: bool, completed_on: date | None, floors: int | None, on: date
) -> list[Finding]:
    """Earthquake resistance of a building whose construction start is unknown."""
    if seismic_proof:
        return []
    national = _national(on)
    seismic = national["seismic"]
    ref = str(national["refs"].get("seismic_unknown_start", "規則12条1号"))
    max_floors = seismic.get("unknown_start_fallback_max_floors")
    completed_from = seismic.get("unknown_start_fallback_completed_from")
    if (
        completed_on is not None
        and floors is not None
        and isinstance(max_floors, int)
        and isinstance(completed_from, date)
        and floors <= max_floors
        and completed_on >= completed_from
    ):
        return [
            Finding(
                "building.seismic.start_unknown_local_fallback",
                Severity.WARNING,
                "standards.building.seismic.start_unknown_local_fallback",
                ref,
                completed_on.isoformat(),
                completed_from.isoformat(),
            )
        ]
    return [
        Finding(
            "building.seismic.start_unknown_without_proof",
            Severity.ERROR,
            "standards.building.seismic.start_unknown_without_proof",
            ref,
        )
    ]
