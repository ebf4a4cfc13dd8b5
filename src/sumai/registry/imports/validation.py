"""Validation against the registration standards: the reference data an import reads (municipalities,
registration authorities), the standards check of each building with its units, and its findings as errors
and warnings of the rows and columns they are about."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone

from sumai.domain.findings import Finding, Severity
from sumai.places.models import Municipality
from sumai.places.selectors import authority_map
from sumai.registry.checks import CheckCache, check_building, municipality_plan_authority_code
from sumai.registry.imports.columns import FACILITY_CODES
from sumai.registry.messages import describe
from sumai.registry.models import Unit

if TYPE_CHECKING:
    from sumai.registry.imports.importer import _Collector
    from sumai.registry.imports.rows import _OpenBuilding

# Which column a standards finding is about (for the error table).
FINDING_COLUMNS = {
    "building.seismic": "construction_started",
    "unit.floor_area": "floor_area_m2",
    "unit.acceptance": "accepted_groups",
    "shared_house": "building_type",
}


class _Municipalities:
    """Municipalities by code (with their parents), read as the file names them: one query per distinct
    code for the first few, then all at once (a file usually names a handful)."""

    FIELDS = ("code", "name", "kind", "parent", "prefecture", "lat", "lon")
    ONE_BY_ONE = 32

    def __init__(self) -> None:
        self.known: dict[str, Municipality | None] = {}
        self.complete = False

    def get(self, code: str) -> Municipality | None:
        try:
            return self.known[code]
        except KeyError:
            pass
        if self.complete:
            return None
        if len(self.known) >= self.ONE_BY_ONE:
            self._load_all()
            return self.known.get(code)
        muni = Municipality.objects.only(*self.FIELDS).filter(code=code).first()
        if muni is not None and muni.parent_id:
            muni.parent = self.get(muni.parent_id)
        self.known[code] = muni
        return muni

    def __getitem__(self, code: str) -> Municipality:
        muni = self.get(code)
        if muni is None:
            raise KeyError(code)
        return muni

    def _load_all(self) -> None:
        munis = {m.code: m for m in Municipality.objects.only(*self.FIELDS)}
        for m in munis.values():
            if m.parent_id:
                m.parent = munis[m.parent_id]
        self.known = dict(munis)
        self.complete = True


class _Reference:
    """Reference data loaded once per import: municipalities (with parents) and authorities."""

    def __init__(self) -> None:
        self.municipalities = _Municipalities()
        self.authorities = authority_map()
        self.today = timezone.localdate()


class _ImportChecks(CheckCache):
    """:class:`CheckCache` keyed by what the import parsed once per distinct value (the area as written
    after parsing, the facilities and groups of the row's repeating part)."""

    def unit_findings(self, unit: Any, *, on: date, rules: Any) -> tuple[Finding, ...]:
        key = (id(rules), on, unit.area_key, unit.rest.facility_key)
        found = self.units.get(key)
        if found is None:
            found = super().unit_findings(unit, on=on, rules=rules)
            if len(self.units) >= self.LIMIT:
                self.units.clear()
            self.units[key] = found
        return found


def finding_column(code: str) -> str:
    """The column a finding's code is about."""
    for prefix, column in FINDING_COLUMNS.items():
        if code.startswith(prefix):
            return column
    parts = code.split(".")
    if len(parts) == 4 and parts[1] == "facility" and parts[2] in FACILITY_CODES:
        return parts[2]
    return "building_type"


class _Standards:
    """The standards check of each building of the file, its findings recorded on the building's first
    row (or the unit's row) in the column they are about: errors reject the file, warnings are shown."""

    def __init__(self, ref: _Reference, collect: _Collector) -> None:
        self.ref = ref
        self.collect = collect
        self.checks = _ImportChecks()
        self.plan_codes: dict[str, str] = {}

    def passes(self, building: Any, b: _OpenBuilding, muni: Municipality) -> bool:
        """Whether ``building`` (with the units of ``b``) meets the standards: no error recorded."""
        plan = self.plan_codes.get(muni.code)
        if plan is None:
            plan = self.plan_codes[muni.code] = municipality_plan_authority_code(muni)
        result = check_building(
            building, cast(list[Unit], b.units), on=self.ref.today, authority_code=plan, cache=self.checks
        )
        errors_before = self.collect.result.error_count
        for f in result.building:
            self._finding(b.first_row, f.code, f.severity, describe(f))
        for uf in result.units:
            self._finding(
                b.unit_rows.get(uf.unit_number, b.first_row),
                uf.finding.code,
                uf.finding.severity,
                describe(uf.finding),
            )
        return self.collect.result.error_count == errors_before

    def _finding(self, row: int, code: str, severity: Severity, message: str) -> None:
        if severity is Severity.ERROR:
            self.collect.cell_error(row, finding_column(code), message)
        else:
            self.collect.cell_warning(row, finding_column(code), message)
