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
    """:class:`CheckCache` keyed by what the import parsed once per distinct value (the facilities of the
    row's repeating part, in the check's order)."""

    def unit_findings(self, unit: Any, *, on: date, rules: Any) -> tuple[Finding, ...]:
        return self.findings_of(unit.floor_area_m2, unit.rest.check_key, on=on, rules=rules)


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
        # A finding's column and message, once per distinct finding (findings are frozen; many units of a
        # file share one, such as the same groups turned away).
        self.described: dict[Finding, tuple[str, str]] = {}

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
            self._finding(b.first_row, f)
        unit_rows = b.unit_rows
        for uf in result.units:
            self._finding(unit_rows.get(uf.unit_number, b.first_row), uf.finding)
        return self.collect.result.error_count == errors_before

    def _finding(self, row: int, finding: Finding) -> None:
        """Recorded as an error or a warning of ``row`` (a warning past those the result keeps is only
        counted)."""
        collect = self.collect
        if finding.severity is not Severity.ERROR and collect.warnings_full():
            collect.result.warning_count += 1
            return
        described = self.described.get(finding)
        if described is None:
            if len(self.described) >= 10_000:
                self.described.clear()
            described = self.described[finding] = (finding_column(finding.code), describe(finding))
        column, message = described
        if finding.severity is Severity.ERROR:
            collect.cell_error(row, column, message)
        else:
            collect.cell_warning(row, column, message)
