"""Human words for the domain's finding codes, in every language (the domain itself has only codes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sumai.core.formats import area, join_list
from sumai.core.labels import group_label
from sumai.domain.findings import Finding

FACILITY_NAMES = {
    "kitchen": _("kitchen"),
    "toilet": _("toilet"),
    "bath": _("bath or shower"),
    "washbasin": _("washbasin"),
    "storage": _("storage"),
}

MESSAGES = {
    "building.seismic.old_code_without_proof": _(
        "Construction started on %(value)s, before %(limit)s: attach a seismic diagnosis, retrofit or "
        "compliance document."
    ),
    "building.units.none": _("Choose at least one unit to register."),
    "building.contact.missing": _(
        "Give the contact the public calls about the homes (a name and a phone number; usually the agent or "
        "the management company) on the building's form."
    ),
    "building.documents.floor_plan_missing": _("Attach a floor plan showing the scale and the facilities."),
    "building.documents.pledge_missing": _("Attach the signed pledge of no disqualification (法11条1項)."),
    "building.documents.seismic_missing": _(
        "Construction started on %(value)s, before %(limit)s: attach the seismic diagnosis or other seismic "
        "document."
    ),
    "unit.floor_area.below_minimum": _("The floor area %(value)s m² is below the minimum of %(limit)s m²."),
    "unit.floor_area.below_minimum_shared": _(
        "With shared facilities the floor area must still be at least %(limit)s m²; it is %(value)s m²."
    ),
    "unit.facility.missing": _("The unit has no %(facility)s."),
    "unit.facility.must_be_private": _("The %(facility)s must be in the unit; it may not be shared."),
    "shared_house.residents.below_minimum": _(
        "A shared house needs at least %(limit)s residents; %(value)s given."
    ),
    "shared_house.total_area.below_minimum": _(
        "The shared house's total floor area %(value)s m² is below %(limit)s m² for its residents."
    ),
    "shared_house.room.area.below_minimum": _(
        "A private room of %(value)s m² is below the minimum of %(limit)s m²."
    ),
    "shared_house.room.occupants.above_maximum": _(
        "A private room is planned for %(value)s people; at most %(limit)s."
    ),
    "shared_house.rooms.too_few_places": _(
        "The rooms have %(value)s places for %(limit)s planned residents."
    ),
    "shared_house.facility.missing": _("The shared house has no %(facility)s."),
    "shared_house.facility.too_few": _(
        "%(value)s shared %(facility)s for the residents; at least %(limit)s needed."
    ),
    "rent.above_comparable": _("The rent %(value)s yen is above comparable housing (%(limit)s yen)."),
    "unit.acceptance.restrictive": _(
        "The unit turns away groups the law protects (%(value)s). The reviewer must confirm this is not an "
        "undue restriction."
    ),
    "unit.acceptance.none": _("Choose at least one group the unit accepts."),
    "unit.acceptance.unknown_group": _("Unknown priority group: %(value)s."),
}


# The findings whose value and limit are floor areas in m²
AREA_KEYS = frozenset(
    {
        "unit.floor_area.below_minimum",
        "unit.floor_area.below_minimum_shared",
        "shared_house.total_area.below_minimum",
        "shared_house.room.area.below_minimum",
    }
)


def describe(finding: Finding | dict[str, object]) -> str:
    """The message of a finding (a :class:`Finding` or its stored JSON form) in the active language."""
    data = finding.as_dict() if isinstance(finding, Finding) else finding
    code = str(data["code"])
    facility = ""
    key = code
    parts = code.split(".")
    if len(parts) == 4 and parts[1] == "facility":
        facility = str(FACILITY_NAMES.get(parts[2], parts[2]))
        key = f"{parts[0]}.facility.{parts[3]}"
    template = MESSAGES.get(key)
    if template is None:
        return code
    value, limit = data.get("value", ""), data.get("limit", "")
    if key == "unit.acceptance.restrictive":  # lists of group codes: the groups' names
        value, limit = _group_names(value), _group_names(limit)
    elif key in AREA_KEYS:  # m², written as on every page (18.1, not 18.10)
        value, limit = area(value), area(limit)
    return str(template) % {"value": value, "limit": limit, "facility": facility}


def _group_names(codes: object) -> str:
    return join_list(group_label(code) for code in str(codes or "").split(",") if code)
