"""The vacancy column of the CSV (空室状況): export → edit → import updates the vacancy of the landlord's
existing units instead of creating the buildings again.

The export writes each building's key as ``SUMAI-<id>`` (:func:`export_key`). On import, the rows whose key
names a building of the chosen landlord are *vacancy rows*: each unit is found by its number and only the
vacancy column is read (a blank cell leaves the unit as it is, and so does 不明 on a unit already unknown;
a known status is set and confirmed as of the import, as the building page's buttons do). Every other column
of such a row is left alone — a registered building changes through a change notice on its page — and the
result says so once per building.

A key ``SUMAI-<id>`` of a building of another landlord the user acts for is refused (choose that landlord);
one of a building the user cannot act for is only a key: the rows are a new building, as before (copying
another landlord's export). New buildings start with an unknown vacancy — a vacancy claim made before the
review would expire before registration — so a vacancy cell on their rows is reported as a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from sumai.audit.services import record_event
from sumai.core.formats import join_list
from sumai.registry import events
from sumai.registry.actions import RegistryAction
from sumai.registry.fieldbase import nfkc
from sumai.registry.models import Building, Unit

if TYPE_CHECKING:
    from sumai.registry.imports.importer import _Collector

EXPORT_KEY_PREFIX = "SUMAI-"
_KEY = re.compile(r"SUMAI-([1-9][0-9]{0,17})")

# The words written by the export (Japanese, as the rest of the file) and read back; the codes and the
# English words are read too.
EXPORT_WORDS: dict[str, str] = {
    Unit.Vacancy.VACANT: "空室",
    Unit.Vacancy.OCCUPIED: "入居中",
    Unit.Vacancy.RENOVATION: "改修中",
    Unit.Vacancy.UNKNOWN: "不明",
}
_READ: dict[str, str] = {}
for _status, _word in EXPORT_WORDS.items():
    _READ[_word] = _status
    _READ[str(_status)] = _status
_READ.update(
    {"空き": "vacant", "入居": "occupied", "under renovation": "renovation", "リフォーム中": "renovation"}
)


def export_key(building_id: int) -> str:
    return f"{EXPORT_KEY_PREFIX}{building_id}"


def parse_status(cell: str) -> str | None:
    """The status a cell names (folded: full-width, case, spaces), None when it names none."""
    return _READ.get(nfkc(cell).strip().lower())


class VacancyRows:
    """The vacancy rows of one file: checked row by row, written at the end with :meth:`apply` (inside the
    import's transaction, so nothing is written when the file has an error)."""

    def __init__(
        self,
        *,
        own: set[int],
        elsewhere: set[int],
        collect: _Collector,
        unit_number: Callable[[list[str]], str],
        vacancy: Callable[[list[str]], str] | None,
    ) -> None:
        self.own = own
        self.elsewhere = elsewhere
        self.collect = collect
        self.unit_number = unit_number
        self.vacancy = vacancy
        self.units: dict[int, dict[str, tuple[int, str]]] = {}
        self.updates: dict[int, tuple[str, int]] = {}  # unit id → (status, row)
        self.unit_building: dict[int, int] = {}
        self.noted: set[int] = set()
        self.warned_new: set[str] = set()

    def building_of(self, key: str, row: int) -> int | None:
        """The landlord's building that ``key`` names; None when the rows are a new building. A building
        of another landlord the user acts for is an error of the row (reported, and the row is skipped:
        returns 0)."""
        match = _KEY.fullmatch(key)
        if match is None:
            return None
        building_id = int(match.group(1))
        if building_id in self.own:
            return building_id
        if building_id in self.elsewhere:
            self.collect.cell_error(
                row,
                "building_key",
                _(
                    "Building “%(key)s” belongs to another landlord you act for: import its rows with that "
                    "landlord chosen."
                )
                % {"key": key},
            )
            return 0
        return None

    def row(self, building_id: int, key: str, cells: list[str], row: int) -> None:
        units = self.units.get(building_id)
        if units is None:
            rows = Unit.objects.filter(building_id=building_id).values_list("number", "pk", "vacancy")
            units = self.units[building_id] = {number: (pk, status) for number, pk, status in rows}
        if building_id not in self.noted:
            self.noted.add(building_id)
            self.collect.warning(
                row,
                self.collect.column("building_key"),
                _(
                    "“%(key)s” is a building you have already: only the vacancy column of its rows is read. "
                    "Change its other details on the building's page."
                )
                % {"key": key},
            )
        number = nfkc(self.unit_number(cells)).strip()
        found = units.get(number)
        if found is None:
            self.collect.cell_error(
                row,
                "unit_number",
                _("Building “%(key)s” has no unit “%(number)s”. Add new units on the building's page.")
                % {"key": key, "number": number},
            )
            return
        unit_id, current = found
        cell = self.vacancy(cells) if self.vacancy is not None else ""
        if not nfkc(cell).strip():
            return
        status = parse_status(cell)
        if status is None:
            self.collect.cell_error(
                row,
                "vacancy",
                _("Write one of: %(words)s (or leave it empty to keep the unit as it is).")
                % {"words": join_list(EXPORT_WORDS.values())},
            )
            return
        if status == current == Unit.Vacancy.UNKNOWN:
            return  # "unknown" is no claim to renew
        earlier = self.updates.get(unit_id)
        if earlier is not None:
            self.collect.cell_error(
                row,
                "unit_number",
                _("Unit “%(number)s” of “%(key)s” is already on row %(row)s.")
                % {"number": number, "key": key, "row": earlier[1]},
            )
            return
        self.updates[unit_id] = (status, row)
        self.unit_building[unit_id] = building_id

    def new_building_row(self, key: str, cells: list[str], row: int) -> None:
        """A vacancy cell on a new building's row: kept unknown, said once per building."""
        if self.vacancy is None or key in self.warned_new:
            return
        status = parse_status(self.vacancy(cells))
        if status is not None and status != Unit.Vacancy.UNKNOWN:
            self.warned_new.add(key)
            self.collect.cell_warning(
                row,
                "vacancy",
                _(
                    "The units of a new building start with an unknown vacancy: "
                    "set it on the building's page once it is registered."
                ),
            )

    def apply(self, *, actor: Any, now: datetime) -> int:
        """Write the vacancy rows: one UPDATE per status, one audit event per building. Returns how many
        units were set."""
        if not self.updates:
            return 0
        by_status: dict[str, list[int]] = defaultdict(list)
        for unit_id, (status, _row) in self.updates.items():
            by_status[status].append(unit_id)
        for status, ids in by_status.items():
            for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):
                Unit.objects.filter(pk__in=chunk).update(
                    vacancy=status, vacancy_confirmed_at=now, updated_at=now
                )
        events.send_vacancy_changed(list(self.updates))
        per_building: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for unit_id, (status, _row) in self.updates.items():
            per_building[self.unit_building[unit_id]][status] += 1
        buildings = Building.objects.select_related("operator").in_bulk(list(per_building))
        for building_id, counts in sorted(per_building.items()):
            building = buildings[building_id]
            record_event(
                actor=actor,
                action=RegistryAction.VACANCY_SET,
                obj=building,
                organisation=building.operator,
                after={"via": "csv", "confirmed_at": now, "units": dict(counts)},
            )
        return len(self.updates)
